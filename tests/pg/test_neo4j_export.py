"""Neo4j export: the plan (constraints, parameterised batches), --changed-only state, settings, and a
real server when NEO4J_URI is set."""

from __future__ import annotations

import copy
import os
from typing import ClassVar

import pytest

from sanctiongraph.errors import ConfigError, StoreError
from sanctiongraph.graph.projection import PropertyGraph, project
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.pg.neo4j_export import Neo4jSettings, build_plan, read_state, run_plan, write_state

ACME = "https://w3id.org/sanctiongraph/id/cluster/acme"


@pytest.fixture(scope="module")
def graph(small: GraphStore) -> PropertyGraph:
    return project(small)


def data_rows(plan) -> int:  # type: ignore[no-untyped-def]
    return sum(s.rows for s in plan.statements if s.kind in ("nodes", "relationships"))


def test_constraints_come_first_then_labelled_parameterised_merges(graph: PropertyGraph) -> None:
    plan = build_plan(graph, batch_size=7)
    kinds = [s.kind for s in plan.statements]
    assert kinds.index("nodes") > max(i for i, k in enumerate(kinds) if k in ("constraint", "index"))
    labels = {n.label for n in graph.nodes.values()}
    constraints = [s.text for s in plan.statements if s.kind == "constraint"]
    assert len(constraints) == len(labels) and all("REQUIRE n.iri IS UNIQUE" in c for c in constraints)
    for statement in plan.statements:
        if statement.kind == "nodes":
            assert statement.text.startswith("UNWIND $rows AS row MERGE (n:`") and "{iri: row.iri}" in statement.text
        if statement.kind == "relationships":
            assert statement.text.count("MATCH (") == 2 and "(a:`" in statement.text and "(b:`" in statement.text
        assert all(len(batch) <= 7 for batch in statement.batches)
    assert data_rows(plan) == len(graph.nodes) + len(graph.edges)


def test_rows_carry_properties_sources_and_the_derived_flag(graph: PropertyGraph) -> None:
    plan = build_plan(graph)
    rows = [r for s in plan.statements if "SANCTIONED_BY" in s.text for b in s.batches for r in b]
    assert rows == [
        {
            "start": ACME,
            "end": "https://w3id.org/sanctiongraph/id/agency/us-dod",
            "props": {"sources": ["https://w3id.org/sanctiongraph/id/doc/aaaa"], "derived": True},
        }
    ]
    owns = next(s for s in plan.statements if "`OWNS`" in s.text)
    assert "{iri: row.props.iri}" in owns.text  # two ownerships between one pair stay two


def test_second_changed_only_run_sends_nothing(graph: PropertyGraph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = build_plan(graph)
    write_state(tmp_path / "state.json", first.state)
    second = build_plan(graph, read_state(tmp_path / "state.json"))
    assert data_rows(second) == 0 and not any(s.kind == "delete" for s in second.statements)


def test_changed_only_sends_changes_and_deletes_what_is_gone(graph: PropertyGraph) -> None:
    state = build_plan(graph).state
    changed = copy.deepcopy(graph)
    changed.nodes[ACME].props["name"] = "Acme Renamed"
    changed.edges = [e for e in changed.edges if e.type != "OWNS"]
    plan = build_plan(changed, state)
    sent = [r for s in plan.statements if s.kind == "nodes" for b in s.batches for r in b]
    assert [r["iri"] for r in sent] == [ACME]
    deletes = [s for s in plan.statements if s.kind == "delete"]
    assert len(deletes) == 1 and "`OWNS`" in deletes[0].text and deletes[0].rows == 1


def test_unreadable_state_names_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "state.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match=r"state\.json"):
        read_state(path)


def test_settings_come_from_the_environment_and_hide_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://example:7687")
    monkeypatch.setenv("NEO4J_USERNAME", "reader")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-value")
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    settings = Neo4jSettings.resolve(None, None, "kg")
    assert (settings.uri, settings.user, settings.database) == ("bolt://example:7687", "reader", "kg")
    assert "s3cret-value" not in repr(settings)
    monkeypatch.delenv("NEO4J_URI")
    with pytest.raises(ConfigError, match="NEO4J_URI"):
        Neo4jSettings.resolve(None, None, None)


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="no Neo4j server: set NEO4J_URI (and NEO4J_PASSWORD)")
def test_real_server_export_is_idempotent(graph: PropertyGraph) -> None:
    import neo4j

    settings = Neo4jSettings.resolve(None, None, None)
    plan = build_plan(graph)

    def counts() -> tuple[int, int]:
        with neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
            records, _, _ = driver.execute_query(
                "MATCH (n) WHERE n.iri STARTS WITH 'https://w3id.org/sanctiongraph/' "
                "OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r",
                database_=settings.database,
            )
            return records[0]["n"], records[0]["r"]

    run_plan(plan, settings)
    first = counts()
    run_plan(plan, settings)
    assert counts() == first
    assert first[0] >= len(graph.nodes)


class FakeDriver:
    """Stands in for neo4j.GraphDatabase.driver: records every statement and its rows."""

    calls: ClassVar[list[tuple[str, int]]] = []
    auth: ClassVar[tuple[str, str] | None] = None

    def __init__(self, uri: str, auth: tuple[str, str]) -> None:
        FakeDriver.auth = auth

    def __enter__(self) -> FakeDriver:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def verify_connectivity(self) -> None:
        return None

    def session(self, database: str | None = None) -> FakeDriver:
        return self

    def run(self, text: str, rows: list | None = None) -> FakeDriver:
        FakeDriver.calls.append((text, len(rows or [])))
        return self

    def consume(self) -> None:
        return None

    def execute_write(self, work, *args):  # type: ignore[no-untyped-def]
        return work(self, *args)


def test_run_plan_sends_schema_then_every_batch_through_execute_write(
    graph: PropertyGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import neo4j

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", FakeDriver)
    FakeDriver.calls = []
    settings = Neo4jSettings(uri="bolt://fake:7687", user="neo4j", database=None, password="pw")
    progress: list[tuple[int, int]] = []
    plan = build_plan(graph, batch_size=4)
    written = run_plan(plan, settings, lambda done, total: progress.append((done, total)))
    assert written == len(graph.nodes) + len(graph.edges) == progress[-1][0] == progress[-1][1]
    assert FakeDriver.auth == ("neo4j", "pw")
    first_write = next(i for i, (text, _) in enumerate(FakeDriver.calls) if text.startswith("UNWIND"))
    assert all("CONSTRAINT" in t or "INDEX" in t for t, _ in FakeDriver.calls[:first_write])
    assert sum(n for _, n in FakeDriver.calls) == written and max(n for _, n in FakeDriver.calls) <= 4
