"""Multi-valued properties survive every property-graph output: lists, never "kept the first"."""

from __future__ import annotations

import csv
from pathlib import Path

import ladybug
import pyoxigraph as ox
import pytest

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.projection import project
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology.pg_schema import LIST_OF_STRING
from sanctiongraph.pg import LIST_SEPARATOR
from sanctiongraph.pg.cypher_script import export_cypher_script
from sanctiongraph.pg.ladybug_db import build_database, run_cypher
from sanctiongraph.pg.neo4j_admin import export_neo4j_admin
from sanctiongraph.pg.networkx_export import to_networkx

TRIG = """
@prefix kg: <https://w3id.org/sanctiongraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/sanctiongraph/id/> .
<graph/cccc/test@1> {
  <person/t/a> a kg:Person ; kg:name "A" ; kg:birthDate "1970"^^xsd:gYear, "1971-02-03"^^xsd:date ;
      kg:birthPlace "Homs, Syria", "Damascus [Syria]" .
  <person/t/b> a kg:Person ; kg:name "B" ; kg:birthDate "1980"^^xsd:gYear .
  <company/t/x> a kg:Company ; kg:name "X" .
  <company/t/y> a kg:Company ; kg:name "Y" .
  <own/t/1> a kg:Ownership ; kg:owner <company/t/x> ; kg:asset <company/t/y> ;
      kg:percentage "51.5"^^xsd:decimal, "49"^^xsd:decimal .
  <dir/t/1> a kg:Directorship ; kg:director <person/t/a> ; kg:organization <company/t/x> ;
      kg:role "chairman, board", "director [acting]" .
}
"""


@pytest.fixture(scope="module")
def graph_store() -> GraphStore:
    store = GraphStore(None)
    store.oxigraph.load(TRIG.encode(), format=ox.RdfFormat.TRIG)
    return store


def test_projection_keeps_every_value_as_a_list(graph_store: GraphStore) -> None:
    graph = project(graph_store)
    a, b = graph.nodes[_id("person/t/a")], graph.nodes[_id("person/t/b")]
    assert sorted(a.props["birthDate"]) == ["1970", "1971-02-03"]
    assert sorted(a.props["birthPlace"]) == ["Damascus [Syria]", "Homs, Syria"]
    assert b.props["birthDate"] == ["1980"]  # the column is a list for the whole label
    assert graph.node_columns()["Person"]["birthDate"] == LIST_OF_STRING
    (ownership,) = [e for e in graph.edges if e.props.get("iri") == _id("own/t/1")]
    assert sorted(ownership.props["percentage"]) == ["49.0", "51.5"]
    assert not [reason for reason in graph.skipped if "several values" in reason]


def test_ladybug_holds_the_lists(graph_store: GraphStore) -> None:
    database = build_database(project(graph_store), None)
    connection = ladybug.Connection(database)
    rows = run_cypher(connection, "MATCH (p:Person) RETURN p.name AS name, p.birthPlace AS places ORDER BY name")
    assert sorted(rows[0]["places"]) == ["Damascus [Syria]", "Homs, Syria"]
    rows = run_cypher(connection, "MATCH ()-[o:OWNS]->() RETURN o.percentage AS p")
    assert sorted(rows[0]["p"]) == ["49.0", "51.5"]
    rows = run_cypher(connection, "MATCH (:Person)-[d]->(:Company) RETURN d.role AS roles")
    assert sorted(rows[0]["roles"]) == ["chairman, board", "director [acting]"]  # not COPY's [a,b] syntax


def test_neo4j_admin_declares_string_arrays(graph_store: GraphStore, tmp_path: Path) -> None:
    export_neo4j_admin(project(graph_store), tmp_path)
    with (tmp_path / "nodes-Person.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert "birthPlace:string[]" in rows[0]
    a = next(r for r in rows if r["iri:ID"].endswith("person/t/a"))
    assert sorted(a["birthPlace:string[]"].split(LIST_SEPARATOR)) == ["Damascus [Syria]", "Homs, Syria"]


def test_cypher_script_and_graphml_carry_all_values(graph_store: GraphStore, tmp_path: Path) -> None:
    graph = project(graph_store)
    script = tmp_path / "graph.cypher"
    export_cypher_script(graph, script)
    text = script.read_text(encoding="utf-8")
    assert "Homs, Syria" in text and "Damascus [Syria]" in text
    places = to_networkx(graph).nodes[_id("person/t/a")]["birthPlace"]
    assert "Homs, Syria" in places and "Damascus [Syria]" in places


def _id(path: str) -> str:
    return f"https://w3id.org/sanctiongraph/id/{path}"


def test_un_list_projects_every_value(shared: type) -> None:
    """Every title, birth date and birth place the store holds for a UN person is on its node."""
    path = shared.path("official", "un", "consolidated_2026-02-27.xml")
    store = GraphStore(None)
    load_paths(store, "un-xml", [path])
    expected: dict[tuple[str, str], set[str]] = {}
    for prop in ("title", "birthDate", "birthPlace"):
        rows = store.select(
            f"SELECT ?s ?v WHERE {{ ?s a <https://w3id.org/sanctiongraph/ontology#Person> ; "
            f"<https://w3id.org/sanctiongraph/ontology#{prop}> ?v }}"
        )
        for row in rows:
            expected.setdefault((str(row["s"]), prop), set()).add(str(row["v"]))
    assert any(len(v) > 1 for v in expected.values())  # the list really has several
    graph = project(store)
    for (iri, prop), values in expected.items():
        got = graph.nodes[iri].props[prop]
        assert set(got if isinstance(got, list) else [got]) == values, (iri, prop)
    assert not [reason for reason in graph.skipped if "several values" in reason]
