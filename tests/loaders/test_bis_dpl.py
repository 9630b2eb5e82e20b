"""Tests of the BIS Denied Persons List loader (tab-delimited original format)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import reference_iri

DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
PREFIX = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>\n"


@pytest.fixture
def dpl_fixture(fixtures: Path) -> Path:
    return fixtures / "bis" / "dpl_small.txt"


def designation_of(store: GraphStore, name: str, predicate: URIRef) -> set:
    rows = store.select(
        PREFIX + "SELECT ?o WHERE { ?a a kg:Designation ; kg:target ?t ; ?p ?o . ?t kg:name ?name }",
        {"name": name, "p": predicate},
    )
    return {r["o"] for r in rows}


def test_rows_become_designations_on_the_dpl(store: GraphStore, dpl_fixture: Path) -> None:
    report = load_paths(store, "bis-dpl", [dpl_fixture])[0]
    assert report.read == report.loaded == 4
    assert designation_of(store, "JOHN SAMPLE", KG.onList) == {reference_iri("list", "us-bis-dpl")}
    assert designation_of(store, "JOHN SAMPLE", KG.imposedBy) == {reference_iri("agency", "us-bis")}
    assert designation_of(store, "JOHN SAMPLE", KG.effectiveDate) == {Literal("2022-09-26", datatype=DATE)}
    assert designation_of(store, "JOHN SAMPLE", KG.endDate) == {Literal("2030-02-03", datatype=DATE)}
    assert designation_of(store, "JOHN SAMPLE", KG.federalRegisterCitation) == {Literal("87 F.R. 59396 9/30/2022")}


def test_one_name_at_two_addresses_is_two_entries(store: GraphStore, dpl_fixture: Path) -> None:
    load_paths(store, "bis-dpl", [dpl_fixture])
    rows = store.select(PREFIX + "SELECT DISTINCT ?t WHERE { ?t kg:name ?name }", {"name": "JANE EXAMPLE"})
    assert len(rows) == 2


def test_firms_and_people_are_told_apart_by_name(store: GraphStore, dpl_fixture: Path) -> None:
    load_paths(store, "bis-dpl", [dpl_fixture])
    rows = store.select(PREFIX + "SELECT ?name ?cls WHERE { ?t a ?cls ; kg:name ?name }")
    classes = {str(r["name"]): r["cls"] for r in rows if r["cls"] in (KG.Person, KG.Company)}
    assert classes["EXAMPLE AVIONICS TRADING LLC"] == KG.Company
    assert classes["JOHN SAMPLE"] == KG.Person


def test_implausible_last_update_is_dropped_and_audited(store: GraphStore, dpl_fixture: Path) -> None:
    report = load_paths(store, "bis-dpl", [dpl_fixture])[0]
    assert report.unmapped["Last_Update (implausible date)"] == 1
    assert designation_of(store, "JOHN SAMPLE", KG.lastUpdated) == set()
    assert designation_of(store, "EXAMPLE AVIONICS TRADING LLC", KG.lastUpdated) == {
        Literal("2021-03-05", datatype=DATE)
    }
    # The 3033 typo must not become the publication date.
    assert report.published == dt.date(2023, 11, 28)


def test_bad_effective_date_skips_the_record(store: GraphStore, dpl_fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    path.write_text(dpl_fixture.read_text().replace('"08/24/2022"', '"2022-08-24"'))
    report = load_paths(store, "bis-dpl", [path])[0]
    assert report.loaded == 3
    assert report.skipped == {"bad date '2022-08-24', expected MM/DD/YYYY": 1}


def _assert_fails_unchanged(store: GraphStore, path: Path, *needles: str) -> None:
    before, graphs = len(store), store.graph_names()
    with pytest.raises(SourceFormatError) as caught:
        load_paths(store, "bis-dpl", [path])
    for needle in (path.name, *needles):
        assert needle in str(caught.value)
    assert len(store) == before and store.graph_names() == graphs


def test_identical_rows_are_counted_once(store: GraphStore, dpl_fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "dup.txt"
    text = dpl_fixture.read_text()
    path.write_text(text + text.splitlines(keepends=True)[1])
    report = load_paths(store, "bis-dpl", [path])[0]
    assert (report.read, report.loaded) == (5, 4)


def test_empty_file_fails(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    _assert_fails_unchanged(store, path, "empty")


def test_comma_delimited_file_fails_on_its_header(store: GraphStore, dpl_fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "commas.txt"
    path.write_text(dpl_fixture.read_text().replace("\t", ","))
    _assert_fails_unchanged(store, path, ":1:", "tab-delimited")


def test_missing_columns_fail_on_line_1(store: GraphStore, dpl_fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "columns.txt"
    path.write_text(dpl_fixture.read_text().replace('"FR_Citation"', '"Citation"'))
    _assert_fails_unchanged(store, path, ":1:", "missing column(s) FR_Citation")


def test_truncated_file_names_the_line(store: GraphStore, dpl_fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    text = dpl_fixture.read_text()
    path.write_text(text[: text.index("JOHN SAMPLE") + 40])
    _assert_fails_unchanged(store, path, ":4:")


def test_wrong_encoding_names_the_line(store: GraphStore, dpl_fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(dpl_fixture.read_bytes().replace(b"SAN ANTONIO", b"S\xc3O PAULO\xff"))
    _assert_fails_unchanged(store, path, ":4:", "utf-8")


def test_real_2023_file(store: GraphStore, shared: type) -> None:
    path = shared.path("official", "bis", "dpl_2023-11.txt")
    report = load_paths(store, "bis-dpl", [path])[0]
    # 665 rows, two of which repeat an earlier row cell for cell (DAQING ZHOU, NEI-CHIEN CHU).
    assert report.read == 665
    assert report.loaded == 663
    assert report.skipped == {"duplicate row (identical to an earlier one)": 2}
    assert report.unmapped["Last_Update (implausible date)"] == 1
    assert report.published == dt.date(2023, 11, 28)
    count = store.select(
        PREFIX + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a kg:onList ?l }",
        {"l": reference_iri("list", "us-bis-dpl")},
    )
    assert int(count[0]["n"]) == 663
    assert designation_of(store, "JOSE ERNESTO GARCIA", KG.effectiveDate) == {Literal("2022-09-26", datatype=DATE)}
