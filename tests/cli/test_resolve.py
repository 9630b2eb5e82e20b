"""The `sanctiongraph resolve` commands, run through typer against an on-disk store."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanctiongraph.cli.main import app
from sanctiongraph.errors import ConfigError, SourceFormatError
from sanctiongraph.graph.ingest import ensure_reference
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.resolution import RESOLUTION_GRAPH, cluster_of
from tests.resolution.conftest import load_records

runner = CliRunner()
HUAWEI = ("company/test-a/huawei", "company/test-b/huawei")
ACME = ("company/test-a/acme", "company/test-b/acme")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """An on-disk store with the reference data and the fixture records, closed again (one lock)."""
    path = tmp_path / ".sanctiongraph" / "store"
    store = GraphStore(path)
    ensure_reference(store)
    load_records(store)
    store.flush()
    del store
    gc.collect()
    return path


def invoke(*args: str) -> object:
    return runner.invoke(app, ["resolve", *args])


def opened(path: Path) -> GraphStore:
    return GraphStore(path)


def test_every_command_has_an_example() -> None:
    from sanctiongraph.cli.resolve import resolve_app

    for command in resolve_app.registered_commands:
        assert "Example: sanctiongraph resolve" in (command.callback.__doc__ or ""), command.name


def test_run_prints_counts_and_writes_the_graph(store_path: Path) -> None:
    result = invoke("run", "--store", str(store_path), "--format", "json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)[0]
    assert row["clusters"] == 4
    store = opened(store_path)
    assert RESOLUTION_GRAPH in store.graph_names()


def test_judge_then_run_splits_a_cluster_and_the_file_survives(store_path: Path) -> None:
    assert invoke("run", "--store", str(store_path)).exit_code == 0
    result = invoke("judge", *HUAWEI, "no", "--note", "test", "--store", str(store_path))
    assert result.exit_code == 0, result.output
    judgements = store_path.parent / "judgements.tsv"
    assert judgements.read_text(encoding="utf-8").strip().endswith("\tno\ttest")
    assert invoke("run", "--store", str(store_path)).exit_code == 0
    store = opened(store_path)
    assert cluster_of(store, "https://w3id.org/sanctiongraph/id/" + HUAWEI[0]) is None


def test_judge_rejects_a_bad_verdict(store_path: Path) -> None:
    result = invoke("judge", *HUAWEI, "maybe", "--store", str(store_path))
    assert isinstance(result.exception, ConfigError)
    assert not (store_path.parent / "judgements.tsv").exists()


def test_explain_names_the_deciding_features(store_path: Path) -> None:
    result = invoke("explain", *ACME, "--store", str(store_path), "--format", "json")
    assert result.exit_code == 0, result.output
    why = json.loads(result.output)[0]
    assert "lei=conflict" in why["features"]
    assert why["verdict"] == "no"


def test_explain_given_a_name_instead_of_an_iri_says_so(store_path: Path) -> None:
    result = invoke("explain", "Huawei Technologies Co., Ltd. (Huawei)", ACME[1], "--store", str(store_path))
    assert isinstance(result.exception, ConfigError)
    assert "is not a record IRI" in str(result.exception)


def test_review_without_a_terminal_fails_clearly(store_path: Path) -> None:
    result = invoke("review", "--store", str(store_path))
    assert isinstance(result.exception, ConfigError)
    assert "--answers" in str(result.exception)


def test_review_takes_answers_from_a_file(store_path: Path, tmp_path: Path) -> None:
    # An uncertain pair for review: same distinctive name, an extra line of business.
    store = opened(store_path)
    from rdflib import RDF, Literal

    from sanctiongraph.ontology import KG, KGR

    store.replace_graphs(
        {
            KGR["graph/test/source-d"]: [
                (KGR["company/test-d/acme"], RDF.type, KG.Company),
                (KGR["company/test-d/acme"], KG.name, Literal("Zorvex Marine Co., Ltd.")),
                (KGR["company/test-e/acme"], RDF.type, KG.Company),
                (KGR["company/test-e/acme"], KG.name, Literal("Zorvex Co., Ltd.")),
            ]
        }
    )
    del store
    gc.collect()
    answers = tmp_path / "answers.txt"
    answers.write_text("yes\n" * 20, encoding="utf-8")
    result = invoke("review", "--answers", str(answers), "--store", str(store_path))
    assert result.exit_code == 0, result.output
    assert "judgement(s) written" in result.output
    written = (store_path.parent / "judgements.tsv").read_text(encoding="utf-8")
    assert any("test-d/acme" in line and "test-e/acme" in line and "\tyes\t" in line for line in written.splitlines())
    store = opened(store_path)
    assert cluster_of(store, KGR["company/test-d/acme"]) == cluster_of(store, KGR["company/test-e/acme"])
    assert cluster_of(store, KGR["company/test-d/acme"]) is not None


def test_review_rejects_a_bad_answers_file(store_path: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("yes\nperhaps\n", encoding="utf-8")
    result = invoke("review", "--answers", str(answers), "--store", str(store_path))
    assert isinstance(result.exception, SourceFormatError)
    assert f"{answers}:2" in str(result.exception)
    assert not (store_path.parent / "judgements.tsv").exists()


def test_undo_drops_the_resolution_graph(store_path: Path) -> None:
    before = len(opened(store_path))
    gc.collect()
    assert invoke("run", "--store", str(store_path)).exit_code == 0
    result = invoke("undo", "--store", str(store_path))
    assert result.exit_code == 0 and "dropped" in result.output
    store = opened(store_path)
    assert len(store) == before
    assert RESOLUTION_GRAPH not in store.graph_names()
