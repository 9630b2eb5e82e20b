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
store (a pickle named by the fingerprint, and graph/tie_index.py's neighbourhood index beside
it), so a warm CLI call does not read the store again, and a report that needs one firm's ties
does not load them all. This module holds the model, the costs and that cache;
graph/tie_reading.py reads the store.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib.namespace import PROV

from sanctiongraph.graph.snapshots import SNAPSHOTS_DIR, needs_publish
from sanctiongraph.graph.store import GraphStore

if TYPE_CHECKING:  # networkx costs 0.1 s to import: only building or searching the projection needs it
    import networkx as nx

TIES_VERSION = "5"  # bump when the projection changes shape: pickles on disk are rebuilt
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

    @property
    def adjacency(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Node -> neighbour -> edge data ("ties", "cost"): networkx's own dicts, read directly for speed."""
        return self.graph._adj

    def prefetch(self, nodes: Iterable[str], ties: bool = True) -> None:
        """Nothing to read: the whole projection is in memory (graph/tie_index.IndexedTies reads here)."""

    def has_node(self, node: str) -> bool:
        return node in self.graph

    def neighbours(self, node: str) -> Iterable[str]:
        return self.graph._adj[node].keys()

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


def projection_key(store: GraphStore) -> str:
    """The name of the store's projection on disk and in memory: version and fingerprint."""
    return f"v{TIES_VERSION}-{tie_fingerprint(store)[:24]}"


def tie_graph(store: GraphStore, key: str | None = None) -> TieGraph:
    """The tie projection of the store: from memory, from disk, or rebuilt (see module docstring)."""
    fingerprint = key or projection_key(store)
    cached = in_memory(store, fingerprint)
    if cached is not None:
        return cached
    path = pickle_path(store, fingerprint)
    if path is not None and path.is_file():
        with path.open("rb") as handle:
            graph = pickle.load(handle)  # our own file, written below; never one from elsewhere
    else:
        graph = build_tie_graph(store)
        if path is not None:
            _write(path, graph)
    _MEMORY[id(store)] = (fingerprint, graph)
    return graph


def in_memory(store: GraphStore, key: str) -> TieGraph | None:
    """The projection this process already holds for the store, if it is still current."""
    cached = _MEMORY.get(id(store))
    return cached[1] if cached is not None and cached[0] == key else None


_MEMORY: dict[int, tuple[str, TieGraph]] = {}


def tie_fingerprint(store: GraphStore) -> str:
    """Changes whenever the store does, cheaply: graph names embed each document's sha256, every
    load or resolution run stamps its graph with prov:generatedAtTime, and every committed change
    publishes a new numbered snapshot (graph/snapshots.py). (projection's store_fingerprint
    counts the resolution graph's quads: seconds on the real lists.)"""
    stamps = sorted(
        f"{q.subject.value} {q.object.value}"
        for q in store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(PROV.generatedAtTime)), None, None)
    )
    text = "\n".join([TIES_VERSION, _state(store), *sorted(str(g) for g in store.graph_names()), *stamps])
    return hashlib.sha256(text.encode()).hexdigest()


def _state(store: GraphStore) -> str:
    """Which committed state the store is in: the published snapshot that holds it, else its size.

    len(store) counts every quad (0.7 s on a 5 M-quad store); the snapshot number is a directory
    name. A read-only store reads one snapshot; a writable one is in the newest snapshot's state
    unless a change is pending (the DIRTY mark), and then, like a store in memory, its size says.
    """
    if store.snapshot_path is not None:  # the number as a number: a writer lists the same one
        return f"snapshot {int(store.snapshot_path.name)}"
    if store.path is not None:
        folder = store.path / SNAPSHOTS_DIR
        if not needs_publish(store.path):
            return f"snapshot {max(int(p.name) for p in folder.iterdir() if p.name.isdigit())}"
    return f"{len(store)} quads"


def pickle_path(store: GraphStore, fingerprint: str) -> Path | None:
    return store.path.parent / TIES_DIR / f"{fingerprint}.pickle" if store.path is not None else None


def _write(path: Path, graph: TieGraph) -> None:
    """Write the pickle and its neighbourhood index atomically; drop those of older fingerprints."""
    from sanctiongraph.graph.tie_index import index_path, write_index  # it imports this module

    path.parent.mkdir(parents=True, exist_ok=True)
    for old in [*path.parent.glob("*.pickle"), *path.parent.glob("*.sqlite")]:
        old.unlink(missing_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("wb") as handle:
        pickle.dump(graph, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
    write_index(index_path(path), graph)


def build_tie_graph(store: GraphStore) -> TieGraph:
    """Read the store once per kind of tie and build the graph (graph/tie_reading.py)."""
    # Imported here: the reader builds the Tie and TieGraph this module defines.
    from sanctiongraph.graph.tie_reading import TieReader

    reader = TieReader(store)
    reader.run()
    return reader.result
