"""Loading with provenance: counts, skips with reasons, atomic failure, idempotent reload."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sanctiongraph.errors import SourceFormatError, UnexpectedCountsError
from sanctiongraph.graph.ingest import load_paths, sha256_of
from sanctiongraph.graph.store import GraphStore

PROV_COUNTS = """
PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?read ?loaded ?skipped ?sha ?loader ?reason ?n WHERE {
  ?run a kg:LoadRun ; prov:used ?doc ; kg:recordsRead ?read ; kg:recordsLoaded ?loaded ;
       kg:recordsSkipped ?skipped ; kg:loaderName ?loader ; kg:contentGraph ?g .
  ?doc kg:sha256 ?sha .
  OPTIONAL { ?run kg:skipped [ kg:skipReason ?reason ; kg:count ?n ] }
}
"""


def _snapshot(store: GraphStore) -> set:
    return {(g, t) for g in store.graph_names() for t in store.triples(g)}


def test_load_records_provenance_and_skips(store: GraphStore, fixtures: Path) -> None:
    path = fixtures / "dod" / "small_1237.csv"
    [report] = load_paths(store, "dod-1237-csv", [path])
    assert (report.read, report.loaded) == (4, 2)
    assert sum(report.skipped.values()) == 2
    rows = [r for r in store.select(PROV_COUNTS) if str(r["loader"]) == "dod-1237-csv"]
    assert {int(r["read"]) for r in rows} == {4}
    assert {str(r["sha"]) for r in rows} == {sha256_of([path])}
    reasons = {str(r["reason"]): int(r["n"]) for r in rows}
    assert any("statute_section" in reason for reason in reasons)
    assert any("bad date" in reason for reason in reasons)


def test_reload_is_idempotent(store: GraphStore, fixtures: Path) -> None:
    path = fixtures / "dod" / "small_1237.csv"
    load_paths(store, "dod-1237-csv", [path])
    first = _normalised(store)
    graphs = len(store.graph_names())
    load_paths(store, "dod-1237-csv", [path])
    assert _normalised(store) == first
    assert len(store.graph_names()) == graphs, "the reload replaced the graph instead of adding one"


def _normalised(store: GraphStore) -> set[tuple[str, str, str]]:
    """All triples, with load-time stamps and run graph IRIs blanked: they change on every load."""
    run = re.compile(r"/run/\d+T\d+Z")
    return {
        tuple(run.sub("/run/X", str(term)) for term in triple)
        for triple in store.triples()
        if "Time" not in str(triple[1])
    }


@pytest.mark.parametrize(
    ("name", "message", "line"),
    [
        ("empty.csv", "empty", None),
        ("wrong_columns.csv", "missing column", 1),
        ("truncated.csv", "last record is cut short", 3),
        ("latin1.csv", "not valid utf-8", 2),
    ],
)
def test_bad_input_fails_clearly_and_changes_nothing(
    store: GraphStore, fixtures: Path, name: str, message: str, line: int | None
) -> None:
    load_paths(store, "dod-1237-csv", [fixtures / "dod" / "small_1237.csv"])
    before = _snapshot(store)
    with pytest.raises(SourceFormatError) as error:
        load_paths(store, "dod-1237-csv", [fixtures / "dod" / name])
    assert name in str(error.value)
    assert message in str(error.value)
    if line is not None:
        assert error.value.line == line
    assert _snapshot(store) == before


def test_missing_file_is_a_clear_error(store: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="no such file"):
        load_paths(store, "dod-1237-csv", [tmp_path / "nope.csv"])


def test_mostly_skipped_source_fails_loudly(store: GraphStore, tmp_path: Path) -> None:
    header = "statute_section,release_date,tranche,name,acronym,removal_date,removal_basis,source_url\n"
    rows = "".join(f"9999,2021-01-14,5,Firm {i},,,,\n" for i in range(5))
    path = tmp_path / "all_wrong.csv"
    path.write_text(header + rows, encoding="utf-8")
    before = _snapshot(store)
    with pytest.raises(UnexpectedCountsError, match="only 0 of 5"):
        load_paths(store, "dod-1237-csv", [path])
    assert _snapshot(store) == before


def test_published_option_wins_over_file_date(store: GraphStore, fixtures: Path) -> None:
    import datetime as dt

    [report] = load_paths(store, "dod-1237-csv", [fixtures / "dod" / "small_1237.csv"], published=dt.date(2021, 7, 1))
    assert report.published == dt.date(2021, 7, 1)
    [report] = load_paths(store, "dod-1237-csv", [fixtures / "dod" / "small_1237.csv"])
    assert report.published == dt.date(2021, 5, 25)
