"""Each named question gives the same rows in SPARQL (the store) and in Cypher (LadybugDB).

Known, documented differences are normalised here and nowhere else: the property graph shows a
resolved cluster as one node (SPARQL shows its records), keeps sources per node rather than per
value, and returns list columns as lists where SPARQL joins text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ladybug
import pytest
from rdflib import Literal, URIRef

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology.pg_schema import local_name
from sanctiongraph.pg.ladybug_db import open_database, run_cypher
from sanctiongraph.pg.named_queries import named_cypher_queries, queries_folder

ID = "https://w3id.org/sanctiongraph/id/"
KG = "https://w3id.org/sanctiongraph/ontology#"
SPLIT = {"lists": " ", "agencies": " ", "legal_basis": " ", "sources": " ", "changed": ", "}
LOCAL = {"kind", "property"}
RECORD_COLUMNS = {"record", "firm", "entity", "target", "speaker"}
# SPARQL has one document per value; the property graph has the sources of the whole node.
NOT_COMPARED = {"firm_profile": {"documents"}}
STATUTES = [f"{ID}law/us/pl/105/261", f"{ID}law/us/pl/105/261/s1237", f"{ID}law/us/pl/116/283"]
LISTS = [f"{ID}list/us-dod-1237", f"{ID}list/us-dod-1260h"]
DATES = ["2020-07-01", "2021-01-20", "2021-06-01", "2023-01-01"]
# firm_history.rq takes a record IRI only (its cluster is reached through kg:canonical).
RECORD_ONLY = {"firm_history"}
WINDOWS = [("2020-01-01", "2021-01-31"), ("2021-01-01", "2022-12-31")]


def twin_names() -> list[str]:
    """Named questions that have both a .rq and a .cypher file."""
    return sorted(n for n in named_cypher_queries() if (queries_folder() / f"{n}.rq").exists())


def firms(store: GraphStore, limit: int, with_clusters: bool = True) -> list[str]:
    rows = store.select(f"SELECT DISTINCT ?f WHERE {{ ?f a <{KG}Company> }} ORDER BY ?f")
    chosen = [str(r["f"]) for r in rows]
    step = max(1, len(chosen) // limit)
    clusters = store.select(f"SELECT DISTINCT ?c WHERE {{ ?r <{KG}canonical> ?c }}")
    return chosen[::step][:limit] + ([str(r["c"]) for r in clusters] if with_clusters else [])


def param_sets(name: str, store: GraphStore, limit: int) -> Iterator[dict[str, str]]:
    declared = [p.name for p in named_cypher_queries()[name].params]
    if declared == ["firm"]:
        yield from ({"firm": f} for f in firms(store, limit, name not in RECORD_ONLY))
    elif declared == ["statute"]:
        yield from ({"statute": s} for s in STATUTES)
    elif declared == ["list", "date"]:
        yield from ({"list": lst, "date": d} for lst in LISTS for d in DATES)
    elif declared == ["list", "since", "until"]:
        yield from ({"list": lst, "since": a, "until": b} for lst in LISTS for a, b in WINDOWS)
    else:
        pytest.fail(f"no parameter values for {name}: {declared}")


def sparql_params(params: dict[str, str]) -> dict[str, Any]:
    """IRIs as IRIs and dates as xsd:date, as the SPARQL twins expect."""
    return {k: dt.date.fromisoformat(v) if k in ("date", "since", "until") else URIRef(v) for k, v in params.items()}


def normal(column: str, value: Any, canonical: dict[str, str]) -> Any:
    if isinstance(value, list):
        return frozenset(map(str, value))
    if value is None:
        return frozenset() if column in SPLIT else None
    if column in SPLIT:
        return frozenset(v for v in str(value).split(SPLIT[column]) if v)
    if isinstance(value, Literal) and isinstance(value.toPython(), int):
        return int(value.toPython())
    if isinstance(value, int):
        return value
    text = str(value)
    if column in LOCAL and text.startswith(KG):
        return local_name(text)
    if column in RECORD_COLUMNS:
        return canonical.get(text, text)
    return text


def merged(row: tuple, columns: list[str], skip) -> tuple:  # type: ignore[no-untyped-def]
    """With merged clusters (values not compared), a record's name may be the node's alias."""
    if "value" not in skip or "property" not in columns:
        return row
    at = columns.index("property")
    return (*row[:at], "name or alias" if row[at] in ("name", "alias") else row[at], *row[at + 1 :])


def compare(name: str, store: GraphStore, connection: ladybug.Connection, params: dict[str, str], skip=()) -> int:
    canonical = {str(r["r"]): str(r["c"]) for r in store.select(f"SELECT ?r ?c WHERE {{ ?r <{KG}canonical> ?c }}")}
    cypher = run_cypher(connection, named_cypher_queries()[name].text, params)
    sparql = store.select((queries_folder() / f"{name}.rq").read_text(encoding="utf-8"), sparql_params(params))
    assert bool(cypher) == bool(sparql), f"{name} {params}: Cypher {cypher[:2]}, SPARQL {sparql[:2]}"
    if not cypher:
        return 0
    columns = [c for c in cypher[0] if c not in NOT_COMPARED.get(name, set()) | set(skip)]
    assert all(c in sparql[0] for c in columns), f"{name}: Cypher columns {columns} not all in SPARQL"
    got = {merged(tuple(normal(c, row[c], canonical) for c in columns), columns, skip) for row in cypher}
    expected = {merged(tuple(normal(c, row[c], canonical) for c in columns), columns, skip) for row in sparql}
    assert got == expected, f"{name} {params}: only Cypher {got - expected}, only SPARQL {expected - got}"
    return len(got)


def run_all(store: GraphStore, limit: int, skip: dict[str, set[str]] | None = None) -> dict[str, int]:
    database = open_database(store)
    connection = ladybug.Connection(database)
    counts = {}
    for name in twin_names():
        counts[name] = sum(
            compare(name, store, connection, p, (skip or {}).get(name, ())) for p in param_sets(name, store, limit)
        )
    connection.close()
    return counts


def test_every_sparql_question_has_a_cypher_twin_with_the_same_parameters() -> None:
    rq = {p.stem for p in queries_folder().glob("*.rq")}
    cypher = named_cypher_queries()
    assert rq <= set(cypher), f"missing Cypher twins: {sorted(rq - set(cypher))}"
    for name in rq:
        header = (queries_folder() / f"{name}.rq").read_text(encoding="utf-8")
        sparql_params_declared = [line.split()[2] for line in header.splitlines() if line.startswith("# param:")]
        assert [p.name for p in cypher[name].params] == sparql_params_declared, name


def test_demo_graph_answers_agree(demo: GraphStore) -> None:
    counts = run_all(demo, limit=15)
    assert counts["actions_by_firm"] > 0 and counts["members_on_date"] > 0 and counts["firms_under_statute"] > 0


def test_clusters_claims_and_intervals_agree(small: GraphStore) -> None:
    """Merged records: names differ by design (one per record in SPARQL, one per node here)."""
    names = {"name", "speakerName", "value"}
    counts = run_all(small, limit=10, skip={n: names for n in twin_names()})
    assert counts["claims_about_firm"] >= 2 and counts["actions_by_firm"] >= 1


@pytest.mark.shared
def test_real_1260h_list_answers_agree(shared) -> None:  # type: ignore[no-untyped-def]
    store = GraphStore(None)
    path: Path = shared.path("matching", "opensanctions", "us_dod_chinese_milcorps.csv")
    load_paths(store, "dod-1260h-csv", [path])
    load_paths(store, "dod-1237-csv", [Path(__file__).resolve().parents[2] / "sanctiongraph/demo/dod_section_1237.csv"])
    counts = run_all(store, limit=25)
    assert counts["changes_between"] > 0 and counts["firm_history"] > 0


@pytest.mark.shared
def test_real_lists_after_entity_resolution_agree(shared) -> None:  # type: ignore[no-untyped-def]
    """The resolution module's clusters (two DoD lists name the same firms) merge nodes alike."""
    resolution = pytest.importorskip("sanctiongraph.resolution")
    store = GraphStore(None)
    load_paths(store, "dod-1260h-csv", [shared.path("matching", "opensanctions", "us_dod_chinese_milcorps.csv")])
    load_paths(store, "dod-1237-csv", [Path(__file__).resolve().parents[2] / "sanctiongraph/demo/dod_section_1237.csv"])
    result = resolution.run_resolution(store, None, 0.75)
    assert result.clusters, "expected the two lists to share firms"
    names = {"name", "speakerName", "value"}
    counts = run_all(store, limit=10, skip={n: names for n in twin_names()})
    assert counts["actions_by_firm"] > 0
