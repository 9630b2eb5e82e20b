"""A relationship type the data lacks is a table with no rows, as docs/cypher.md promises."""

from __future__ import annotations

from pathlib import Path

import ladybug
import pytest

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.projection import project
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.pg.ladybug_db import build_database, run_cypher

DEMO_CSV = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo" / "dod_section_1237.csv"


@pytest.mark.parametrize("rel", ["OWNS", "DIRECTS", "RELATED_TO"])
def test_an_absent_interval_type_returns_no_rows(store: GraphStore, rel: str) -> None:
    load_paths(store, "dod-1237-csv", [DEMO_CSV])  # designations only: no ownership, no directorship
    graph = project(store)
    assert rel not in {e.type for e in graph.edges}
    connection = ladybug.Connection(build_database(graph, None))
    assert run_cypher(connection, f"MATCH (a)-[r:{rel}]->(b) RETURN a.iri AS a") == []
    assert run_cypher(connection, f"MATCH (a:Company)-[r:{rel}*1..3]-(b:Company) RETURN count(*) AS n") == [{"n": 0}]
