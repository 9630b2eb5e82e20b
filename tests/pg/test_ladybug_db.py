"""The embedded LadybugDB database: schema from the ontology, content equal to the projection, staleness."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import ladybug
import pytest

from sanctiongraph.errors import QueryError
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.projection import PropertyGraph, project
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology.pg_schema import pg_mapping
from sanctiongraph.pg.ladybug_db import build_database, ladybug_schema, open_database, run_cypher

DEMO_CSV = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo" / "dod_section_1237.csv"
ACME = "https://w3id.org/sanctiongraph/id/cluster/acme"


@pytest.fixture(scope="module")
def projected(small: GraphStore) -> PropertyGraph:
    return project(small)


@pytest.fixture(scope="module")
def connection(projected: PropertyGraph):  # type: ignore[no-untyped-def]
    database = build_database(projected, None)
    conn = ladybug.Connection(database)
    yield conn
    conn.close()


def test_every_ontology_label_has_a_node_table_keyed_by_iri(projected: PropertyGraph) -> None:
    schema = ladybug_schema(projected)
    assert set(schema.nodes) == set(pg_mapping().label_properties)
    ddl = schema.ddl()
    assert "CREATE NODE TABLE `Company`(`iri` STRING" in next(s for s in ddl if "`Company`(" in s)
    assert all("PRIMARY KEY(`iri`)" in s for s in ddl if s.startswith("CREATE NODE"))
    owns = next(s for s in ddl if s.startswith("CREATE REL TABLE `OWNS`"))
    assert "FROM `Company` TO `Company`" in owns and "`percentage` DOUBLE" in owns


def test_database_holds_exactly_the_projection(projected: PropertyGraph, connection) -> None:  # type: ignore[no-untyped-def]
    labels = Counter(n.label for n in projected.nodes.values())
    rows = run_cypher(connection, "MATCH (n) RETURN label(n) AS label, count(*) AS n")
    assert {r["label"]: r["n"] for r in rows} == dict(labels)
    types = Counter(e.type for e in projected.edges)
    rows = run_cypher(connection, "MATCH ()-[r]->() RETURN label(r) AS type, count(*) AS n")
    assert {r["type"]: r["n"] for r in rows} == dict(types)


def test_lists_and_awkward_text_survive_the_load(projected: PropertyGraph, connection) -> None:  # type: ignore[no-untyped-def]
    (row,) = run_cypher(
        connection,
        "MATCH (c:Company {iri: $iri}) RETURN c.alias AS alias, c.notes AS notes, c.records AS r",
        {"iri": ACME},
    )
    assert row["alias"] == projected.nodes[ACME].props["alias"]
    assert 'Acme, "Int\'l" [HK]; \\ ok' in row["alias"]
    assert row["notes"] == ["line one\nline two"]
    assert len(row["r"]) == 2


def test_collapsed_and_derived_edges_keep_their_properties(connection) -> None:  # type: ignore[no-untyped-def]
    (own,) = run_cypher(connection, "MATCH (a)-[r:OWNS]->(b) RETURN a.iri AS a, r.percentage AS p, r.sources AS s")
    assert (own["a"], own["p"], own["s"]) == (ACME, 51.5, ["https://w3id.org/sanctiongraph/id/doc/aaaa"])
    rows = run_cypher(connection, "MATCH (c)-[r:SANCTIONED_BY]->(a) RETURN c.iri AS c, r.derived AS d")
    assert rows == [{"c": ACME, "d": True}]


def test_bad_cypher_is_a_query_error(connection) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="Nope"):
        run_cypher(connection, "MATCH (n:Nope) RETURN n")


def test_database_is_rebuilt_only_when_the_store_changes(disk_store: GraphStore) -> None:
    rebuilds: list[int] = []
    open_database(disk_store, on_rebuild=lambda: rebuilds.append(1)).close()
    open_database(disk_store, on_rebuild=lambda: rebuilds.append(1)).close()
    assert len(rebuilds) == 1
    assert (disk_store.path.parent / "ladybug.db").exists()
    load_paths(disk_store, "dod-1237-csv", [DEMO_CSV])
    database = open_database(disk_store, on_rebuild=lambda: rebuilds.append(1))
    conn = ladybug.Connection(database)
    (row,) = run_cypher(conn, "MATCH (c:Company) RETURN count(*) AS n")
    conn.close()
    database.close()
    assert len(rebuilds) == 2
    assert row["n"] == len(
        disk_store.select("SELECT DISTINCT ?c WHERE { ?c a <https://w3id.org/sanctiongraph/ontology#Company> }")
    )
