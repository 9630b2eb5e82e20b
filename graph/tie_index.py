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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.tie_projection import Tie, TieGraph, in_memory, pickle_path, projection_key, tie_graph

_SCHEMA = """
CREATE TABLE nodes (iri TEXT PRIMARY KEY, kind TEXT, name TEXT, merged_by TEXT, edges BLOB) WITHOUT ROWID;
-- edges: pickled {neighbour: (tie indices, the edge's cost of record or None, neighbour's kind)}
CREATE TABLE ties (id INTEGER PRIMARY KEY, tie BLOB);
CREATE TABLE clusters (iri TEXT PRIMARY KEY, members TEXT, name TEXT) WITHOUT ROWID;
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
    found = _whole_or_index(store)
    return found if isinstance(found, TieGraph) else neighbourhood(found, str(iri), hops)


@contextmanager
def tie_search_graph(store: GraphStore, *, with_ties: bool) -> Iterator[TieGraph | IndexedTies]:
    """The projection a path search reads: the whole one when this process holds it or the store
    has no folder, else the index read lazily (IndexedTies), so the search costs the ball it
    explores; with_ties reads the ties of each node's edges with them (a dated or claims search
    weighs every edge by its ties)."""
    found = _whole_or_index(store)
    if isinstance(found, TieGraph):
        yield found
        return
    conn = sqlite3.connect(f"file:{found}?mode=ro", uri=True)
    try:
        yield IndexedTies(conn, with_ties)
    finally:
        conn.close()


def _whole_or_index(store: GraphStore) -> TieGraph | Path:
    """The projection this process holds (or must build), else the path of its index on disk."""
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
    return index


_ABSENT: Any = object()


class _Loaded(dict):  # type: ignore[type-arg]
    """A dict that reads a key it lacks through `load` (_ABSENT: no such key) and keeps the answer.

    Hand-written: functools.cache has no dict face, and the engine reads `d[k]`, `d.get(k)` and
    `k in d` in its inner loops, where a plain dict lookup is what keeps the search fast."""

    def __init__(self, load: Callable[[Any], Any]) -> None:
        super().__init__()
        self._load = load
        self._absent: set[Any] = set()

    def _fetch(self, key: Any) -> Any:
        if key in self._absent:
            return _ABSENT
        value = self._load(key)
        if value is _ABSENT:
            self._absent.add(key)
        else:
            dict.__setitem__(self, key, value)
        return value

    def __missing__(self, key: Any) -> Any:
        value = self._fetch(key)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        value = dict.get(self, key, _ABSENT)
        if value is _ABSENT:
            value = self._fetch(key)
        return default if value is _ABSENT else value

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or self._fetch(key) is not _ABSENT


class IndexedTies:
    """The tie projection read from the index as a search asks for it: a node's edges (with its
    neighbours' kinds), its name and merge decision, a tie, a cluster, each read once when first
    wanted. Offers the reads the ties engine makes of a TieGraph; `prefetch` reads a search
    level's nodes in a few queries instead of one per node."""

    def __init__(self, conn: sqlite3.Connection, with_ties: bool) -> None:
        self._conn = conn
        self._with_ties = with_ties
        self.adjacency: dict[str, dict[str, dict[str, Any]]] = _Loaded(self._edges_of)
        self.kinds: dict[str, str] = _Loaded(lambda n: self._row(n)[0])
        self.names: dict[str, str] = _Loaded(self._name)
        self.merged_by: dict[str, str] = _Loaded(lambda n: self._row(n)[2])
        self.ties: dict[int, Tie] = _Loaded(self._tie)
        self.clusters: dict[str, list[str]] = _Loaded(self._cluster)
        (documents,) = conn.execute("SELECT value FROM meta WHERE key = 'documents'").fetchone()
        self.documents: dict[str, dict[str, str | None]] = pickle.loads(documents)

    def has_node(self, node: str) -> bool:
        return node in self.kinds

    def neighbours(self, node: str) -> Iterable[str]:
        return self.adjacency[node].keys()

    def ties_between(self, u: str, v: str) -> list[Tie]:
        data = self.adjacency[u].get(v) if self.has_node(u) else None
        return [self.ties[i] for i in data["ties"]] if data else []

    def is_group(self, node: str) -> bool:
        return self.kinds.get(node) == "group"

    def prefetch(self, nodes: Iterable[str], ties: bool = True) -> None:
        """Read the edges of the nodes not read yet (and, for a search that weighs ties, their ties)."""
        loaded: list[dict[str, dict[str, Any]]] = []
        for chunk in _chunks(n for n in nodes if not dict.__contains__(self.adjacency, n)):
            marks = ",".join("?" * len(chunk))
            for iri, edges in self._conn.execute(f"SELECT iri, edges FROM nodes WHERE iri IN ({marks})", chunk):
                near = dict.setdefault(self.adjacency, iri, self._decode(edges))
                loaded.append(near)
        if ties and self._with_ties:
            wanted = {i for near in loaded for data in near.values() for i in data["ties"]}
            for chunk in _chunks(i for i in wanted if not dict.__contains__(self.ties, i)):
                marks = ",".join("?" * len(chunk))
                for i, tie in self._conn.execute(f"SELECT id, tie FROM ties WHERE id IN ({marks})", chunk):
                    dict.__setitem__(self.ties, i, pickle.loads(tie))

    def _decode(self, edges: bytes) -> dict[str, dict[str, Any]]:
        near = pickle.loads(edges)
        dict.update(self.kinds, ((other, kind) for other, (_ids, _cost, kind) in near.items() if kind is not None))
        return {other: {"ties": ids, "cost": cost} for other, (ids, cost, _kind) in near.items()}

    def _edges_of(self, node: str) -> Any:
        row = self._conn.execute("SELECT edges FROM nodes WHERE iri = ?", (node,)).fetchone()
        return _ABSENT if row is None else self._decode(row[0])

    def _row(self, node: str) -> tuple[Any, Any, Any]:
        row = self._conn.execute("SELECT kind, name, merged_by FROM nodes WHERE iri = ?", (node,)).fetchone()
        return tuple(_ABSENT if v is None else v for v in row) if row else (_ABSENT, _ABSENT, _ABSENT)  # type: ignore[return-value]

    def _name(self, node: str) -> Any:
        """A node's name, or a cluster's (clusters are no nodes, but a path from one shows its name)."""
        name = self._row(node)[1]
        if name is _ABSENT:
            row = self._conn.execute("SELECT name FROM clusters WHERE iri = ?", (node,)).fetchone()
            name = row[0] if row and row[0] is not None else _ABSENT
        return name

    def _tie(self, i: int) -> Any:
        row = self._conn.execute("SELECT tie FROM ties WHERE id = ?", (i,)).fetchone()
        return _ABSENT if row is None else pickle.loads(row[0])

    def _cluster(self, iri: str) -> Any:
        row = self._conn.execute("SELECT members FROM clusters WHERE iri = ?", (iri,)).fetchone()
        return _ABSENT if row is None else json.loads(row[0])


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
                    pickle.dumps(
                        {o: (d["ties"], d["cost"], tg.kinds.get(o)) for o, d in adjacency[node].items()},
                        pickle.HIGHEST_PROTOCOL,
                    ),
                )
                for node in tg.graph
            ),
        )
        conn.executemany(
            "INSERT INTO ties VALUES (?, ?)",
            ((i, pickle.dumps(t, pickle.HIGHEST_PROTOCOL)) for i, t in enumerate(tg.ties)),
        )
        conn.executemany(
            "INSERT INTO clusters VALUES (?, ?, ?)",
            ((c, json.dumps(m), tg.names.get(c)) for c, m in tg.clusters.items()),
        )
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


def _chunks(items: Iterable[Any]) -> Iterable[list[Any]]:
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
            found.edges[iri] = {o: ids for o, (ids, _cost, _kind) in pickle.loads(edges).items()}
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
