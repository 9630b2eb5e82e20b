"""The tie projection: firms, people and vessels joined by what the record says ties them.

A sibling of graph/projection.py for one purpose: paths between firms. Nodes are records
(entity resolution does not merge them here: a merge is itself a tie, "same-cluster", with the
decision that made it). Stated relations (kg:Ownership, kg:Directorship, kg:Relationship,
kg:parentCompany) are edges; what two records share (an identifier, a street address, a
designation on the same list on the same day, a cluster) goes through a small group node, so a
batch of 70 firms listed together is 70 edges, not 2,415, and a path through it is one hop.
Countries, lists and programs never become nodes: they are not ties. Every tie keeps its
evidence (document, date, loader, the words) and its interval, so queries filter by date.

The projection is rebuilt when the store's fingerprint changes and kept on disk beside the
store (a pickle named by the fingerprint), so a warm CLI call does not read the store again.
This module holds the model, the costs and that cache; graph/tie_reading.py reads the store.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import PROV

from sanctiongraph.graph.store import GraphStore

TIES_VERSION = "3"  # bump when the projection changes shape: pickles on disk are rebuilt
TIES_DIR = "ties"
# Cost of one hop by kind: lower is a stronger tie, and paths are ranked by total cost.
COSTS = {
    "same-cluster": 0.5,
    "ownership": 1.0,
    "shared-identifier": 1.0,
    "officer": 1.0,
    "affiliation": 1.5,
    "family": 1.5,
    "shared-address": 2.0,
    "same-designation": 3.0,
    "claim": 4.0,
}
# Shared things with more members than this are hubs (a registered agent's address, a list's
# first-day batch): not ties by themselves, so they are left out of the tie graph.
HUB_LIMIT = {"shared-identifier": 25, "shared-address": 50, "same-designation": 300, "same-cluster": 1000}


@dataclass(frozen=True)
class Source:
    """One document that states a tie, with the words that state it."""

    document: str
    text: str | None = None


@dataclass
class Tie:
    """One stated or shared tie between a record and another record (or a group node)."""

    kind: str
    source: str
    target: str
    directed: bool
    cost: float
    sources: list[Source] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    claim: bool = False
    label: str | None = None  # the source's own word for the tie ('linked to', 'Parent Name')


@dataclass
class TieGraph:
    """The projection: an undirected graph whose edges carry the indices of their ties."""

    graph: nx.Graph
    ties: list[Tie]
    names: dict[str, str]
    kinds: dict[str, str]  # node -> firm / person / vessel / ... / group
    documents: dict[str, dict[str, str | None]]  # document -> title, published, loader
    clusters: dict[str, list[str]]  # cluster IRI -> member records
    skipped: dict[str, int] = field(default_factory=dict)
    merged_by: dict[str, str] = field(default_factory=dict)  # member -> the decision that put it in its cluster

    def ties_between(self, u: str, v: str) -> list[Tie]:
        data = self.graph.get_edge_data(u, v)
        return [self.ties[i] for i in data["ties"]] if data else []

    def is_group(self, node: str) -> bool:
        return self.kinds.get(node) == "group"

    def add_tie(self, tie: Tie) -> None:
        """Add a tie between two nodes already in the graph, on the edge that joins them."""
        index = len(self.ties)
        self.ties.append(tie)
        data = self.graph.get_edge_data(tie.source, tie.target)
        # "cost": the cheapest tie of record on the edge (claims left out), None if it has none.
        cost = None if tie.claim else tie.cost
        if data is None:
            self.graph.add_edge(tie.source, tie.target, ties=[index], cost=cost)
        else:
            data["ties"].append(index)
            data["cost"] = min((c for c in (data["cost"], cost) if c is not None), default=None)


def tie_graph(store: GraphStore) -> TieGraph:
    """The tie projection of the store: from memory, from disk, or rebuilt (see module docstring)."""
    fingerprint = f"v{TIES_VERSION}-{tie_fingerprint(store)[:24]}"
    cached = _MEMORY.get(id(store))
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    path = _pickle_path(store, fingerprint)
    if path is not None and path.is_file():
        with path.open("rb") as handle:
            graph = pickle.load(handle)  # our own file, written below; never one from elsewhere
    else:
        graph = build_tie_graph(store)
        if path is not None:
            _write(path, graph)
    _MEMORY[id(store)] = (fingerprint, graph)
    return graph


_MEMORY: dict[int, tuple[str, TieGraph]] = {}


def tie_fingerprint(store: GraphStore) -> str:
    """Changes whenever the store does, cheaply: graph names embed each document's sha256, and
    every load or resolution run stamps its graph with prov:generatedAtTime. (projection's
    store_fingerprint counts the resolution graph's quads: seconds on the real lists.)"""
    stamps = sorted(
        f"{q.subject.value} {q.object.value}"
        for q in store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(PROV.generatedAtTime)), None, None)
    )
    text = "\n".join([TIES_VERSION, str(len(store)), *sorted(str(g) for g in store.graph_names()), *stamps])
    return hashlib.sha256(text.encode()).hexdigest()


def _pickle_path(store: GraphStore, fingerprint: str) -> Path | None:
    return store.path.parent / TIES_DIR / f"{fingerprint}.pickle" if store.path is not None else None


def _write(path: Path, graph: TieGraph) -> None:
    """Write atomically and drop the pickles of older fingerprints."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("*.pickle"):
        old.unlink(missing_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("wb") as handle:
        pickle.dump(graph, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)


def build_tie_graph(store: GraphStore) -> TieGraph:
    """Read the store once per kind of tie and build the graph (graph/tie_reading.py)."""
    # Imported here: the reader builds the Tie and TieGraph this module defines.
    from sanctiongraph.graph.tie_reading import TieReader

    reader = TieReader(store)
    reader.run()
    return reader.result
