"""Fixtures for the resolution tests: the made-up records of tests/fixtures/resolution loaded into a store."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.terms import from_ox

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "resolution" / "records.trig"
KGR = "https://w3id.org/sanctiongraph/id/"


def load_records(store: GraphStore, path: Path = RECORDS) -> None:
    """Write each named graph of the TriG fixture into the store as a source graph."""
    graphs: dict[URIRef, list[tuple]] = defaultdict(list)
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
        graphs[URIRef(quad.graph_name.value)].append(
            (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
        )
    store.replace_graphs(graphs)


@pytest.fixture
def records_store(store: GraphStore) -> GraphStore:
    """The reference data plus the fixture records, in memory."""
    load_records(store)
    return store


def iri(local: str) -> str:
    return KGR + local
