"""`sanctiongraph export ...`: every format written from one on-disk store, which stays unchanged."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from sanctiongraph.cli.main import app
from sanctiongraph.errors import ConfigError
from sanctiongraph.graph.store import GraphStore

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo" / "dod_section_1237.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {"SANCTIONGRAPH_STORE": str(tmp_path_factory.mktemp("export") / "store")}
    assert runner.invoke(app, ["load", "dod-1237-csv", str(DEMO)], env=env).exit_code == 0
    return env


def export(env: dict[str, str], *args: str) -> str:
    result = runner.invoke(app, ["export", *args], env={**env, "NEO4J_URI": ""})
    assert result.exit_code == 0, result.output
    return result.stdout


def store_size(env: dict[str, str]) -> int:
    return len(GraphStore(Path(env["SANCTIONGRAPH_STORE"])))


def test_neo4j_dry_run_prints_the_plan_without_connecting(env: dict[str, str]) -> None:
    plan = json.loads(export(env, "neo4j", "--dry-run", "--batch-size", "10", "-f", "json"))
    kinds = [row["kind"] for row in plan]
    assert kinds[0] == "constraint" and "nodes" in kinds and "relationships" in kinds
    companies = next(r for r in plan if r["kind"] == "nodes" and "`Company`" in r["statement"])
    assert companies["rows"] == 44 and companies["batches"] == 5


def test_neo4j_without_a_server_is_a_config_error(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["export", "neo4j"], env={**env, "NEO4J_URI": ""})
    assert isinstance(result.exception, ConfigError)
    assert not (Path(env["SANCTIONGRAPH_STORE"]).parent / "neo4j-export-state.json").exists()


def test_neo4j_admin_writes_csv_and_readme(env: dict[str, str], tmp_path: Path) -> None:
    before = store_size(env)
    out = export(env, "neo4j-admin", str(tmp_path / "admin"))
    assert "neo4j-admin database import full" in out
    with (tmp_path / "admin" / "nodes-Company.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0][:2] == ["iri:ID", ":LABEL"] and len(rows) == 45
    assert (tmp_path / "admin" / "README.md").exists()
    assert store_size(env) == before


def test_cypher_script_and_graphml(env: dict[str, str], tmp_path: Path) -> None:
    export(env, "cypher", str(tmp_path / "g.cypher"))
    script = (tmp_path / "g.cypher").read_text(encoding="utf-8")
    assert script.count("CREATE CONSTRAINT") >= 5 and "UNWIND [" in script
    export(env, "graphml", "-o", str(tmp_path / "g.graphml"))
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() > 0


def test_gexf_is_dropped_with_a_pointer_to_graphml(env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "gexf", str(tmp_path / "g.gexf")], env=env)
    assert result.exit_code != 0 and "graphml" in result.output
    assert not (tmp_path / "g.gexf").exists()


@pytest.mark.parametrize(("fmt", "rdf_format"), [("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS)])
def test_rdf_keeps_every_quad(env: dict[str, str], tmp_path: Path, fmt: str, rdf_format: ox.RdfFormat) -> None:
    path = tmp_path / f"graph.{fmt}"
    export(env, "rdf", "-o", str(path), "--syntax", fmt)
    copy = ox.Store()
    copy.load(path=str(path), format=rdf_format)
    assert len(copy) == store_size(env)


@pytest.mark.parametrize(
    ("syntax", "rdf_format"), [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES)]
)
def test_merged_rdf_has_each_triple_once_with_prefixes(
    env: dict[str, str], tmp_path: Path, syntax: str, rdf_format: ox.RdfFormat
) -> None:
    text = export(env, "rdf", "-", "--syntax", syntax)
    statements = [line for line in text.splitlines() if line.strip()]
    if syntax == "ntriples":
        assert len(statements) == len(set(statements))
    else:
        assert "@prefix kg: <https://w3id.org/sanctiongraph/ontology#> ." in text
    parsed = list(ox.parse(text.encode("utf-8"), rdf_format))
    store = GraphStore(Path(env["SANCTIONGRAPH_STORE"]))
    distinct = {(q.subject, q.predicate, q.object) for q in store.oxigraph.quads_for_pattern(None, None, None)}
    assert len(parsed) == len({(t.subject, t.predicate, t.object) for t in parsed}) == len(distinct)


def test_old_rdf_format_spelling_still_works_with_a_warning(env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "rdf", str(tmp_path / "g.nt"), "--format", "ntriples"], env=env)
    assert result.exit_code == 0, result.output
    assert "deprecated" in result.stderr and "--syntax" in result.stderr
    assert (tmp_path / "g.nt").read_text(encoding="utf-8").startswith("<")


def test_ftm_to_standard_output(env: dict[str, str]) -> None:
    lines = export(env, "ftm", "-").splitlines()
    schemas = {json.loads(line)["schema"] for line in lines}
    assert {"Company", "Sanction", "PublicBody", "Document"} <= schemas


def test_neo4j_export_writes_state_and_changed_only_sends_nothing_twice(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import neo4j

    sent: list[int] = []

    class Driver:
        def __init__(self, uri: str, auth: tuple[str, str]) -> None: ...
        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc: object) -> None: ...
        def verify_connectivity(self) -> None: ...
        def session(self, database: str | None = None):  # type: ignore[no-untyped-def]
            return self

        def run(self, text: str, rows: list | None = None):  # type: ignore[no-untyped-def]
            sent.append(len(rows or []))
            return self

        def consume(self) -> None: ...
        def execute_write(self, work, *args):  # type: ignore[no-untyped-def]
            return work(self, *args)

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", Driver)
    neo_env = {**env, "NEO4J_URI": "bolt://fake:7687", "NEO4J_PASSWORD": "not-shown-anywhere"}
    first = runner.invoke(app, ["export", "neo4j", "--changed-only", "-f", "json"], env=neo_env)
    assert first.exit_code == 0, first.output
    assert "not-shown-anywhere" not in first.output
    assert json.loads(first.stdout)[0]["rows written"] == sum(sent) > 0
    assert (Path(env["SANCTIONGRAPH_STORE"]).parent / "neo4j-export-state.json").exists()
    sent.clear()
    second = runner.invoke(app, ["export", "neo4j", "--changed-only", "-f", "json"], env=neo_env)
    assert json.loads(second.stdout)[0]["rows written"] == 0 == sum(sent)
