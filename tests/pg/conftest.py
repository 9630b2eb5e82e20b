"""Stores for the property-graph tests: the hand-written TriG fixture and the demo graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.store import GraphStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pg"
DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"


def small_store() -> GraphStore:
    """Reference data plus tests/fixtures/pg/small_graph.trig (clusters, intervals, claims)."""
    store = GraphStore(None)
    ensure_reference(store)
    store.oxigraph.load(path=str(FIXTURES / "small_graph.trig"), format=ox.RdfFormat.TRIG)
    return store


def demo_store() -> GraphStore:
    """The demo graph: our Section 1237 CSV, and the demo article when it exists."""
    store = GraphStore(None)
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    article = DEMO / "2021-01-14_press-digest.txt"
    if article.exists():
        load_paths(store, "article", [article])
    return store


@pytest.fixture(scope="module")
def small() -> GraphStore:
    return small_store()


@pytest.fixture(scope="module")
def demo() -> GraphStore:
    return demo_store()
