"""cypher-shell script: escaping checked by LadybugDB's own parser, and the script matches the plan."""

from __future__ import annotations

import io

import ladybug
import pytest

from sanctiongraph.graph.projection import PropertyGraph, project
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.pg.cypher_script import cypher_literal, cypher_string, write_cypher_script
from sanctiongraph.pg.neo4j_export import build_plan, node_row

AWKWARD = ["plain", "it's", 'say "hi"', "back\\slash", "two\nlines\r\n", "tab\there", "nul-ish \x01", "中国 Ünïcode"]


@pytest.fixture(scope="module")
def graph(small: GraphStore) -> PropertyGraph:
    return project(small)


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    connection = ladybug.Connection(ladybug.Database(None))
    yield connection
    connection.close()


@pytest.mark.parametrize("text", AWKWARD)
def test_strings_read_back_unchanged_by_a_cypher_parser(engine, text: str) -> None:  # type: ignore[no-untyped-def]
    (value,) = engine.execute(f"RETURN {cypher_string(text)} AS v").get_next()
    assert value == text


def test_rows_of_the_script_read_back_as_the_plan_rows(graph: PropertyGraph, engine) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    write_cypher_script(graph, out)
    lines = [line.strip().rstrip(",") for line in out.getvalue().splitlines() if line.startswith("  {")]
    assert len(lines) == len(graph.nodes) + len(graph.edges)
    acme = node_row(graph.nodes["https://w3id.org/sanctiongraph/id/cluster/acme"])
    literal = cypher_literal(acme)
    assert literal in lines
    (value,) = engine.execute(f"RETURN {literal} AS v").get_next()
    assert value["iri"] == acme["iri"] and value["props"]["alias"] == acme["props"]["alias"]


def test_script_has_constraints_first_and_one_statement_per_batch(graph: PropertyGraph) -> None:
    out = io.StringIO()
    count = write_cypher_script(graph, out, batch_size=5)
    statements = [s.strip() for s in out.getvalue().split(";\n") if s.strip()]
    plan = build_plan(graph, batch_size=5)
    assert count == len(statements) == sum(max(1, len(s.batches)) for s in plan.statements)
    first_data = next(i for i, s in enumerate(statements) if "UNWIND" in s)
    assert all("CONSTRAINT" in s or "INDEX" in s for s in statements[1:first_data])
    assert not any("$rows" in s for s in statements)


def test_non_finite_numbers_are_refused() -> None:
    with pytest.raises(Exception, match="inf"):
        cypher_literal(float("inf"))
