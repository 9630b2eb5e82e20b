"""The tie projection's neighbourhood index: one SQLite row per node, so an ego network is read
without loading the whole projection.

A firm report needs the firm's direct ties only, but the projection pickle holds every record of
the store (177 MB on the 5 M-quad benchmark store, 4.7 s to load; 0.15 s on the real lists). This
index sits beside the pickle, named by the same fingerprint, and holds each node's kind, name and
merge decision, its edges with the indices of their ties, the ties themselves, the documents and
the clusters. `neighbourhood` reads the few rows around some records into a TieNeighbourhood:
each node it expands has all its edges, so the ties engine's ego-network code gives the answer
it gives on the whole projection. SQLite (the standard library's) because it reads one key in
microseconds and imports in milliseconds; pickled values because they are our own Tie objects.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.tie_projection import Tie, TieGraph, in_memory, pickle_path, projection_key, tie_graph

_SCHEMA = """
CREATE TABLE nodes (iri TEXT PRIMARY KEY, kind TEXT, name TEXT, merged_by TEXT, edges BLOB) WITHOUT ROWID;
CREATE TABLE ties (id INTEGER PRIMARY KEY, tie BLOB);
CREATE TABLE clusters (iri TEXT PRIMARY KEY, members TEXT) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;
"""
_BATCH = 900  # host parameters per IN (...): below SQLite's historical limit of 999


@dataclass
class TieNeighbourhood:
    """Part of the tie projection: the nodes around some records. Every expanded node has all its
    edges (`neighbours`); the other nodes loaded are known by kind, name and merge decision only.
    Offers the reads the ego-network code makes of a TieGraph."""

    edges: dict[str, dict[str, list[int]]]  # expanded node -> neighbour -> indices into ties
    ties: dict[int, Tie]
    names: dict[str, str]
    kinds: dict[str, str]
    documents: dict[str, dict[str, str | None]]
    clusters: dict[str, list[str]]
    merged_by: dict[str, str] = field(default_factory=dict)

    def has_node(self, node: str) -> bool:
        return node in self.kinds

    def neighbours(self, node: str) -> Iterable[str]:
        return self.edges[node].keys()  # a KeyError here is a node the loader did not expand: a bug

    def ties_between(self, u: str, v: str) -> list[Tie]:
        found = self.edges.get(u, {}).get(v)
        if found is None:
            found = self.edges.get(v, {}).get(u, [])
        return [self.ties[i] for i in found]

    def is_group(self, node: str) -> bool:
        return self.kinds.get(node) == "group"


def tie_neighbourhood(store: GraphStore, iri: str, hops: int) -> TieGraph | TieNeighbourhood:
    """The projection around a firm: the whole projection when this process holds it or the store
    has no folder, else the part around the firm read from the index (built when missing)."""
    key = projection_key(store)
    held = in_memory(store, key)
    path = pickle_path(store, key)
    if held is not None or path is None:
        return held or tie_graph(store, key)
    index = index_path(path)
    if not index.is_file():
        whole = tie_graph(store, key)  # builds the pickle and the index, or loads a pickle without one
        if not index.is_file():
            write_index(index, whole)
        return whole
    return neighbourhood(index, str(iri), hops)


def index_path(pickle: Path) -> Path:
    """The index beside the projection pickle of the same fingerprint."""
    return pickle.with_suffix(".sqlite")


def write_index(path: Path, tg: TieGraph) -> None:
    """Write the index of a whole projection, atomically (a temporary file renamed)."""
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial)
    try:
        conn.executescript(_SCHEMA)
        adjacency = tg.graph._adj
        conn.executemany(
            "INSERT INTO nodes VALUES (?, ?, ?, ?, ?)",
            (
                (
                    node,
                    tg.kinds.get(node),
                    tg.names.get(node),
                    tg.merged_by.get(node),
                    pickle.dumps({o: d["ties"] for o, d in adjacency[node].items()}, pickle.HIGHEST_PROTOCOL),
                )
                for node in tg.graph
            ),
        )
        conn.executemany(
            "INSERT INTO ties VALUES (?, ?)",
            ((i, pickle.dumps(t, pickle.HIGHEST_PROTOCOL)) for i, t in enumerate(tg.ties)),
        )
        conn.executemany("INSERT INTO clusters VALUES (?, ?)", ((c, json.dumps(m)) for c, m in tg.clusters.items()))
        conn.execute("INSERT INTO meta VALUES ('documents', ?)", (pickle.dumps(tg.documents),))
        conn.commit()
    finally:
        conn.close()
    partial.replace(path)


def neighbourhood(path: Path, iri: str, hops: int) -> TieNeighbourhood:
    """The nodes within `hops` hops of a firm (its records, or its cluster's members), each node a
    path may leave from expanded: its records, the records reached, and the group nodes between."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (documents,) = conn.execute("SELECT value FROM meta WHERE key = 'documents'").fetchone()
        found = TieNeighbourhood({}, {}, {}, {}, pickle.loads(documents), {})
        row = conn.execute("SELECT members FROM clusters WHERE iri = ?", (iri,)).fetchone()
        if row is not None:
            found.clusters[iri] = json.loads(row[0])
        frontier = set(found.clusters.get(iri, ())) | {iri}
        _describe(conn, found, frontier)
        for _ in range(hops):
            _expand(conn, found, {n for n in frontier if found.has_node(n) and not found.is_group(n)})
            groups = {o for n in frontier if n in found.edges for o in found.edges[n] if found.is_group(o)}
            _expand(conn, found, groups)
            frontier = {o for n in frontier | groups if n in found.edges for o in found.edges[n]} - groups
        _load_ties(conn, found)
    finally:
        conn.close()
    return found


def _chunks(items: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(items)
    for start in range(0, len(ordered), _BATCH):
        yield ordered[start : start + _BATCH]


def _describe(conn: sqlite3.Connection, found: TieNeighbourhood, nodes: set[str]) -> None:
    """Kind, name and merge decision of the nodes not yet known."""
    for chunk in _chunks(nodes - found.kinds.keys()):
        marks = ",".join("?" * len(chunk))
        for iri, kind, name, merged_by in conn.execute(
            f"SELECT iri, kind, name, merged_by FROM nodes WHERE iri IN ({marks})", chunk
        ):
            found.kinds[iri] = kind
            if name is not None:
                found.names[iri] = name
            if merged_by is not None:
                found.merged_by[iri] = merged_by


def _expand(conn: sqlite3.Connection, found: TieNeighbourhood, nodes: set[str]) -> None:
    """All edges of the nodes, and a description of each node they reach."""
    reached: set[str] = set()
    for chunk in _chunks(nodes - found.edges.keys()):
        marks = ",".join("?" * len(chunk))
        for iri, edges in conn.execute(f"SELECT iri, edges FROM nodes WHERE iri IN ({marks})", chunk):
            found.edges[iri] = pickle.loads(edges)
            reached |= found.edges[iri].keys()
    _describe(conn, found, reached)


def _load_ties(conn: sqlite3.Connection, found: TieNeighbourhood) -> None:
    wanted = {i for near in found.edges.values() for ids in near.values() for i in ids}
    ordered = sorted(wanted)
    for start in range(0, len(ordered), _BATCH):
        chunk = ordered[start : start + _BATCH]
        marks = ",".join("?" * len(chunk))
        for i, tie in conn.execute(f"SELECT id, tie FROM ties WHERE id IN ({marks})", chunk):
            found.ties[i] = pickle.loads(tie)
