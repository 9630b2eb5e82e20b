"""The DoD Section 1237 loader reads both CSV layouts: our compiled demo and the shared transcription."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Literal

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders.dod_1237_csv import TRANSCRIBED_PUBLISHER

PREFIX = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>\n"
HEADER = "statute,tranche,release_date,name,acronym,later_events,source\n"


def designations(store: GraphStore) -> dict[str, dict[str, set[str]]]:
    """Per listed firm name: the values of the designation's tranche, sourceUrl and notes."""
    rows = store.select(
        PREFIX
        + """SELECT ?name ?p ?v WHERE { ?d a kg:Designation ; kg:target/kg:name ?name ; ?p ?v .
             VALUES ?p { kg:tranche kg:sourceUrl kg:notes kg:listingDate } }"""
    )
    out: dict[str, dict[str, set[str]]] = {}
    for row in rows:
        out.setdefault(str(row["name"]), {}).setdefault(str(row["p"]).rsplit("#", 1)[1], set()).add(str(row["v"]))
    return out


def test_transcribed_layout_keeps_every_column(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "transcribed.csv"
    path.write_text(
        HEADER.replace("\n", ",extra\n")
        + "1237,Tranche 1,2020-06-24,Example Aero Corp.,EAC,,https://example.mil/list.pdf (via example.com),x\n"
        + '1237,Tranche 5,2021-01-14,Example Phone Co.,,"Enjoined 2021-03-12; removed later.",DoD release 2021-01-14,\n'
        + "9999,Tranche 5,2021-01-14,Not This Statute Ltd.,,,DoD,\n",
        encoding="utf-8",
    )
    [report] = load_paths(store, "dod-1237-csv", [path])
    assert (report.read, report.loaded) == (3, 2)
    assert any("statute is '9999'" in reason for reason in report.skipped)
    assert report.unmapped == {"extra": 1}  # the one non-empty cell of a column of neither layout
    found = designations(store)
    aero, phone = found["Example Aero Corp."], found["Example Phone Co."]
    assert aero["tranche"] == {"Tranche 1"} and aero["listingDate"] == {"2020-06-24"}
    assert aero["sourceUrl"] == {"https://example.mil/list.pdf"}
    assert aero["notes"] == {"https://example.mil/list.pdf (via example.com)"}
    assert phone["notes"] == {"Enjoined 2021-03-12; removed later.", "DoD release 2021-01-14"}
    assert "sourceUrl" not in phone
    # Prose about later events states no delisting: none is made from it.
    assert not store.select(PREFIX + "SELECT ?x WHERE { ?x a kg:Delisting }")
    publisher = store.select(PREFIX + "SELECT ?p WHERE { ?d kg:publisherName ?p }", {"d": report.document})
    assert {str(r["p"]) for r in publisher} == {TRANSCRIBED_PUBLISHER}


def test_a_header_of_neither_layout_names_both(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("statute,firm,date\n1237,Example,2021-01-14\n", encoding="utf-8")
    with pytest.raises(SourceFormatError) as caught:
        load_paths(store, "dod-1237-csv", [path])
    message = str(caught.value)
    assert "other.csv" in message and "compiled layout" in message and "transcribed layout: tranche" in message
    assert caught.value.line == 1


def test_real_transcribed_file(store: GraphStore, shared: type) -> None:
    path = shared.path("official", "dod_chinese_military_companies", "section_1237_ccmc_2020-2021_transcribed.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    [report] = load_paths(store, "dod-1237-csv", [path])
    assert report.read == report.loaded == len(rows)
    assert report.unmapped == {}
    found = designations(store)
    assert set(found) == {r["name"].strip() for r in rows}
    for row in rows:
        got = found[row["name"].strip()]
        assert got["tranche"] == {row["tranche"]} and got["listingDate"] == {row["release_date"]}
        expected_notes = {row["later_events"].strip()} - {""}
        if row["source"].startswith("http"):
            assert got["sourceUrl"] == {row["source"].split()[0]}
        if row["source"].strip() != row["source"].split()[0]:
            expected_notes.add(row["source"].strip())
        assert got.get("notes", set()) == expected_notes, row["name"]
    latest = max(r["release_date"] for r in rows)
    assert str(report.published) == latest


def test_compiled_layout_still_reads_the_demo(store: GraphStore) -> None:
    demo = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo" / "dod_section_1237.csv"
    with demo.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    [report] = load_paths(store, "dod-1237-csv", [demo])
    assert report.read == report.loaded == len(rows) and report.unmapped == {}
    delistings = store.select(PREFIX + "SELECT ?x WHERE { ?x a kg:Delisting }")
    assert len(delistings) == sum(1 for r in rows if r["removal_date"])
    assert Literal("Hikvision") in {r["a"] for r in store.select(PREFIX + "SELECT ?a WHERE { ?f kg:acronym ?a }")}
