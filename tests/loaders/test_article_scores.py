"""Loading more lists never makes extraction worse: the scorer's figures on shared texts, two stores.

The gold labels and the scorer are in ../shared (skipped when absent). The store "with lists"
holds the DoD Section 1237 list we compiled, the DoD Section 1260H list and the CSL subset from
../shared: thousands of real names and aliases, common words among them. Expected values come
from the scorer and the labels, not from our own output.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.names import NameIndex
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders.article import extract_file
from sanctiongraph.loaders.articles.extract import reference_names
from sanctiongraph.loaders.base import ACCEPT_TRUNCATED_ENV
from tests.conftest import shared_path

DEMO_1237 = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo" / "dod_section_1237.csv"
TEXTS = (
    "2020-12-07_mrwatchlist-ccmc-tranche-4-companies.txt",
    "2020-12-18_reuters-dji-added-to-entity-list.txt",
    "2020-11-30_globaltimes-smic-cnooc-respond-to-blacklist-reports.txt",
    "2021-06-04_armedforcesconnect-pentagon-1260h-list-and-eo-14032.txt",
    "2025-09-26_shiftdelete-dji-loses-lawsuit-against-dod.txt",
    "2020-11-12_house-doc-116-170-eo-13959-message.txt",
)
GOOD = ("tp", "den_hit", "spk_hit", "st_hit", "kind_ok")  # more is better
BAD = ("den_fp",)  # more is worse


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    pytest.importorskip("yaml", reason="the scorer needs PyYAML (the test extra)")
    path = shared_path("..", "tools", "score_extraction.py")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def labels(scorer: ModuleType) -> dict[str, dict[str, Any]]:
    import yaml

    items = yaml.safe_load(shared_path("articles", "labels.yaml").read_text(encoding="utf-8"))
    return {item["file"]: item for item in items if item["file"] in TEXTS}


@pytest.fixture(scope="module")
def listed() -> NameIndex:
    return NameIndex.from_store(_lists_store())


@pytest.fixture(scope="module")
def listed_and_read() -> NameIndex:
    """The lists, and the articles themselves loaded: their people and minted statutes must not
    feed back into the gazetteer to change what other articles say."""
    store = _lists_store()
    load_paths(store, "article", [shared_path("articles", name) for name in TEXTS])
    return NameIndex.from_store(store)


def _lists_store() -> GraphStore:
    store = GraphStore(None)
    ensure_reference(store)
    load_paths(store, "dod-1237-csv", [DEMO_1237])
    load_paths(
        store,
        "dod-1260h-csv",
        [shared_path("official", "dod_chinese_military_companies", "section_1260h_opensanctions_sanctions.csv")],
    )
    # This extract ends in a row cut off mid-field: accepted explicitly (the row is skipped and counted).
    with pytest.MonkeyPatch.context() as env:
        env.setenv(ACCEPT_TRUNCATED_ENV, "1")
        load_paths(store, "csl-csv", [shared_path("official", "trade_gov_csl", "csl_2023-11_subset.csv")])
    return store


def figures(scorer: ModuleType, labels: dict[str, dict[str, Any]], names: NameIndex) -> dict[str, int]:
    total: dict[str, int] = {}
    for name, item in labels.items():
        path = shared_path("articles", name)
        data = extract_file(path, names).as_json()
        for key, value in scorer.score_file(data, item, False, scorer.body_of(path)).items():
            total[key] = total.get(key, 0) + value
    return total


def test_loading_lists_never_makes_extraction_worse(
    scorer: ModuleType, labels: dict[str, dict[str, Any]], listed: NameIndex
) -> None:
    assert len(labels) == len(TEXTS)
    empty = figures(scorer, labels, reference_names())
    loaded = figures(scorer, labels, listed)
    assert len(listed.entries) > 10 * len(reference_names().entries)
    for key in GOOD:
        assert loaded[key] >= empty[key], f"{key}: {loaded[key]} with lists, {empty[key]} without"
    for key in BAD:
        assert loaded[key] <= empty[key], f"{key}: {loaded[key]} with lists, {empty[key]} without"
    # Precision: the lists bring no wrong target (one firm named two ways may merge into one).
    assert loaded["got"] - loaded["p_tp"] <= empty["got"] - empty["p_tp"]
    assert loaded["p_tp"] / max(loaded["got"], 1) >= empty["p_tp"] / max(empty["got"], 1)
    # And the bar on these texts, with both stores.
    for total in (empty, loaded):
        assert total["tp"] >= 0.85 * total["gold"] and total["p_tp"] >= 0.9 * total["got"]
        assert total["den_hit"] >= 0.9 * total["den_all"]


def test_loading_the_articles_too_changes_nothing(
    scorer: ModuleType, labels: dict[str, dict[str, Any]], listed: NameIndex, listed_and_read: NameIndex
) -> None:
    assert len(listed_and_read.entries) > len(listed.entries)
    before, after = figures(scorer, labels, listed), figures(scorer, labels, listed_and_read)
    for key in (*GOOD, "p_tp"):
        assert after[key] >= before[key], f"{key}: {after[key]} after loading the articles, {before[key]} before"
    for key in BAD:
        assert after[key] <= before[key]
