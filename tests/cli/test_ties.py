"""`sanctiongraph ties` and `neighbours` on a store of small files we wrote."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from sanctiongraph.cli.main import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ties"
runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {"SANCTIONGRAPH_STORE": str(tmp_path / "store"), "COLUMNS": "200"}
    for loader, name in (("csl-csv", "csl_ties.csv"), ("dod-1260h-csv", "dod_1260h_ties.csv")):
        result = runner.invoke(app, ["load", loader, str(FIXTURES / name)], env=env)
        assert result.exit_code == 0, result.output
    return env


def invoke(env: dict[str, str], *args: str) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ties_by_name_as_json(env: dict[str, str]) -> None:
    paths = json.loads(invoke(env, "ties", "Kappa Semiconductor Co., Ltd.", "Mu State Holding", "--format", "json"))
    first = paths[0]
    assert [h["kind"] for h in first["hops"]] == ["ownership", "ownership"]
    assert first["hops"][0]["evidence"][0]["loader"] == "dod-1260h-csv"
    assert first["score"] == pytest.approx(0.5)


def test_ties_table_shows_evidence_and_markdown_says_when_there_is_none(env: dict[str, str]) -> None:
    table = invoke(env, "ties", "Acme Devices Co., Ltd.", "Beta Optics Co., Ltd.", "--k", "1")
    assert "affiliation" in table and "ownership" in table and "Affiliated Entity" in table
    markdown = invoke(env, "ties", "Gamma Trading Co., Ltd.", "Delta Metals Co., Ltd.", "--format", "md")
    assert markdown == "No tie between Gamma Trading Co., Ltd. and Delta Metals Co., Ltd. within 4 hops.\n"


def test_as_of_before_any_relation(env: dict[str, str]) -> None:
    out = invoke(
        env, "ties", "Kappa Semiconductor Co., Ltd.", "Mu State Holding", "--as-of", "2020-01-01", "-f", "json"
    )
    assert json.loads(out) == []


def test_neighbours_grouped_by_kind_in_markdown(env: dict[str, str]) -> None:
    out = invoke(env, "neighbours", "Lambda Group Corporation", "--format", "md")
    assert out.startswith("# Neighbours of Lambda Group Corporation")
    assert out.index("## ownership") < out.index("## same-designation")


def test_graph_drawn_as_graphml(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "ties.graphml"
    invoke(env, "ties", "Kappa Semiconductor Co., Ltd.", "Mu State Holding", "--graph", str(target), "-f", "json")
    graph = nx.read_graphml(target)
    assert {d["kind"] for _u, _v, d in graph.edges(data=True)} >= {"ownership"}


@pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="matplotlib (the draw extra) absent")
def test_graph_drawn_as_svg(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "ego.svg"
    invoke(env, "neighbours", "Acme Devices Co., Ltd.", "--graph", str(target), "-f", "json")
    assert target.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_an_unsupported_drawing_format_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["ties", "Kappa Semiconductor Co., Ltd.", "Mu State Holding", "--graph", "x.pdf"], env=env
    )
    assert result.exit_code != 0


def test_markdown_counts_hops_as_max_hops_does_and_labels_the_publication_date(env: dict[str, str]) -> None:
    out = invoke(env, "ties", "Kappa Semiconductor Co., Ltd.", "Mu State Holding", "--k", "1", "-f", "md")
    assert "## Path 1: score 0.5 (1 / cost 2), 2 hops\n" in out
    paths = json.loads(
        invoke(env, "ties", "Kappa Semiconductor Co., Ltd.", "Mu State Holding", "-k", "1", "-f", "json")
    )
    (first, *_more) = paths[0]["hops"][0]["evidence"]
    title, published, loader = first["title"], first["published"], first["loader"]
    assert f"  - {title} (published {published}; loader {loader}): “{first['text']}”\n" in out


def test_readme_tour_ties_the_entity_list_affiliate_to_the_1260h_parent(tmp_path: Path) -> None:
    """The README's first `ties` example on the demo graph: the CSL names Ningbo Huawei an affiliate
    of "Huawei Technologies Co., Ltd. (Huawei)", 1260H names Huawei Investment & Holding the parent of
    "Huawei Technologies Co., Ltd."; resolution must see those two as one firm for the path to exist."""
    env = {"SANCTIONGRAPH_STORE": str(tmp_path / "store"), "COLUMNS": "200"}
    invoke(env, "demo")
    invoke(env, "resolve", "run", "--judgements", str(tmp_path / "judgements.tsv"))
    paths = json.loads(
        invoke(
            env, "ties", "Ningbo Huawei Computer & Net Co., Ltd.", "Huawei Investment & Holding Co., Ltd.", "-f", "json"
        )
    )
    assert paths, "no tie between the affiliate and the parent"
    kinds = [hop["kind"] for hop in paths[0]["hops"]]
    assert kinds[0] == "affiliation" and kinds[-1] == "ownership" and "same-cluster" in kinds
    loaders = {evidence["loader"] for hop in paths[0]["hops"] for evidence in hop["evidence"]}
    assert {"csl-csv", "dod-1260h-csv"} <= loaders
