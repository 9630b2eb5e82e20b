"""What the release diff compares of each designation, and a sidecar table that keeps it.

The entries of a release are computed once, from the triples its load holds in memory, and kept
in a table beside the store (in the name index's SQLite file, its own connection and tables), so
the diff against the next release reads nothing back from the store. Content graph IRIs are
unique per load run, so rows keyed by graph never go stale; a missing row (older store, crash
between the store's commit and this table, deleted or read-only file) falls back to index scans
of the store, with the same answer.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import weakref
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import RDF

from sanctiongraph.graph.names import index_path
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG

if TYPE_CHECKING:
    from sanctiongraph.graph.releases import Release

log = logging.getLogger(__name__)

# Fields compared between releases as predicate chains from the designation: ("target", "name")
# is kg:target/kg:name (releases.COMPARED_FIELDS spells them as property paths).
FIELD_CHAINS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "name": (("target",), ("name",)),
    "alias": (("target",), ("alias", "previousName", "weakAlias")),
    "program": ((), ("underProgram",)),
    "identifier": (
        ("target",),
        ("registrationNumber", "taxNumber", "isin", "leiCode", "imoNumber", "passportNumber", "idNumber", "ticker"),
    ),
}
FIELDS = tuple(FIELD_CHAINS)
_SCANNED = {"onList", "imposedBy", "authorityId", "target"} | {
    local for _, last in FIELD_CHAINS.values() for local in last
}
_RDF_TYPE = ox.NamedNode(str(RDF.type))
_DESIGNATION = ox.NamedNode(str(KG.Designation))
# Rows written under another layout or other compared fields are not read back.
LAYOUT = "1:" + json.dumps(FIELD_CHAINS, sort_keys=True)


class Entry:
    """One designation of a release, reduced to what we compare (pyoxigraph terms: read and
    written back without passing through rdflib).

    fields are held as sets or as their canonical encoding (a JSON list of each field's sorted
    values, in FIELDS order): an injective encoding, so equal encodings mean equal fields and the
    diff compares one string per designation; the sets are decoded only when the strings differ.
    """

    __slots__ = ("_encoded", "_fields", "agency", "designation", "lists", "target")

    def __init__(
        self,
        designation: ox.NamedNode,
        target: ox.NamedNode,
        agency: ox.NamedNode | None,
        lists: set[str] | None = None,
        fields: dict[str, set[str]] | None = None,
        encoded: str | None = None,
    ) -> None:
        self.designation, self.target, self.agency = designation, target, agency
        self.lists: set[str] = set() if lists is None else lists  # every list it is on (sub-lists too)
        self._fields, self._encoded = fields, encoded

    @property
    def fields(self) -> dict[str, set[str]]:
        """Values of each compared field that has any."""
        if self._fields is None:
            values = json.loads(self._encoded) if self._encoded else []
            self._fields = {name: set(got) for name, got in zip(FIELDS, values, strict=True) if got}
        return self._fields

    @fields.setter
    def fields(self, fields: dict[str, set[str]]) -> None:
        self._fields, self._encoded = fields, None

    @property
    def encoded(self) -> str:
        if self._encoded is None:
            fields = self._fields or {}
            self._encoded = json.dumps([sorted(fields.get(name, ())) for name in FIELDS], ensure_ascii=False)
        return self._encoded

    def changed_fields(self, other: Entry) -> list[str]:
        """The compared fields whose values differ between this entry and other."""
        if self._encoded is not None and other._encoded is not None and self._encoded == other._encoded:
            return []
        mine, theirs = self.fields, other.fields
        return [name for name in FIELDS if mine.get(name) != theirs.get(name)]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return (self.designation, self.target, self.agency, self.lists) == (
            other.designation, other.target, other.agency, other.lists,
        ) and not self.changed_fields(other)  # fmt: skip

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaced

    def __repr__(self) -> str:
        return f"Entry({self.designation}, {self.target}, {self.agency}, {sorted(self.lists)}, {self.fields})"


# computing entries ---------------------------------------------------------------------------


class _Scans:
    """Objects of kg: predicates in one release, by subject: from the store with one
    (graph, predicate) pattern each, or from the triples a load has just emitted (no read-back)."""

    def __init__(self, store: GraphStore, graph: ox.NamedNode, triples: Iterable[tuple[Any, Any, Any]] | None) -> None:
        self._store, self._graph = store, graph
        self._found: dict[str, dict[Any, list[Any]]] = {}
        self._designations: list[Any] | None = None
        if triples is None:
            return
        with_predicate = getattr(triples, "with_predicate", None)
        if with_predicate is None:  # plain triples: group the wanted predicates in one pass
            wanted: dict[Any, list[Any]] = {ox.NamedNode(str(KG[local])): [] for local in _SCANNED}
            wanted[_RDF_TYPE] = []
            for triple in triples:
                group = wanted.get(triple[1])
                if group is not None:
                    group.append(triple)
            with_predicate = wanted.__getitem__
        for local in _SCANNED:
            by_subject: dict[Any, list[Any]] = {}
            for s, _, o in with_predicate(ox.NamedNode(str(KG[local]))):
                objects = by_subject.get(s)
                if objects is None:
                    by_subject[s] = [o]
                else:
                    objects.append(o)
            self._found[local] = by_subject
        self._designations = list(dict.fromkeys(s for s, _, o in with_predicate(_RDF_TYPE) if o == _DESIGNATION))

    def designations(self) -> list[Any]:
        if self._designations is None:
            rows = self._store.oxigraph.query(f"SELECT ?s WHERE {{ GRAPH {self._graph} {{ ?s a {_DESIGNATION} }} }}")
            self._designations = [row[0] for row in rows]
        return self._designations

    def scan(self, local: str) -> dict[Any, list[Any]]:
        """Objects of kg:local by subject."""
        if local not in self._found:
            scan: dict[Any, list[Any]] = {}
            # A one-pattern SELECT rather than quads_for_pattern: rows of two terms, not quads of
            # four, read about 40 % faster.
            pattern = f"SELECT ?s ?o WHERE {{ GRAPH {self._graph} {{ ?s <{KG[local]}> ?o }} }}"
            for row in self._store.oxigraph.query(pattern):
                scan.setdefault(row[0], []).append(row[1])
            self._found[local] = scan
        return self._found[local]


def release_entries(
    store: GraphStore, release: Release, list_iri: Any, triples: Iterable[tuple[Any, Any, Any]] | None = None
) -> dict[str, Entry]:
    """The designations on a list in one release, by authority id.

    triples: the release's content as pyoxigraph terms, when the caller holds them (a load
    that has just written them), so nothing is read back. Otherwise a few (graph, predicate)
    index scans joined in Python: SPARQL joins took 3.6 s for a 10 k-designation list.
    """
    scans = _Scans(store, ox.NamedNode(str(release.graph)), triples)
    on_list, imposed, ids, targets_of = (scans.scan(p) for p in ("onList", "imposedBy", "authorityId", "target"))
    # Each field's values by node, gathered in one pass over its scans rather than per designation.
    chains = [
        (name, bool(hops), _values_by_node(scans.scan(local) for local in last))
        for name, (hops, last) in FIELD_CHAINS.items()
    ]
    wanted_list = ox.NamedNode(str(list_iri))
    entries: dict[str, Entry] = {}
    fields: dict[str, dict[str, set[str]]] = {}
    for designation in scans.designations():
        on = on_list.get(designation, ())
        if wanted_list not in on:
            continue
        agencies = imposed.get(designation)
        targets = targets_of.get(designation, ())
        for key in (term.value for term in ids.get(designation, ())):
            for target in targets:
                entry = entries.get(key)
                if entry is None:
                    entry = entries[key] = Entry(designation, target, agencies[0] if agencies else None)
                entry.lists.update(term.value for term in on)
            found = fields.setdefault(key, {})
            for name, via_target, by_node in chains:
                for node in targets if via_target else (designation,):
                    got = by_node.get(node)
                    if got:
                        found.setdefault(name, set()).update(got)
    for key, entry in entries.items():
        entry.fields = fields[key]
    return entries


def _values_by_node(scans: Iterable[dict[Any, list[Any]]]) -> dict[Any, set[str]]:
    """The lexical values of several predicates' objects, by subject."""
    by_node: dict[Any, set[str]] = {}
    for scan in scans:
        for node, objects in scan.items():
            values = by_node.get(node)
            if values is None:
                by_node[node] = {o.value for o in objects}
            else:
                values.update(o.value for o in objects)
    return by_node


# the sidecar table ---------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS release_entry_sets (
    graph TEXT NOT NULL, list TEXT NOT NULL, layout TEXT NOT NULL, entries INTEGER NOT NULL,
    PRIMARY KEY (graph, list));
CREATE TABLE IF NOT EXISTS release_entries (
    graph TEXT NOT NULL, list TEXT NOT NULL, authority_id TEXT NOT NULL, designation TEXT NOT NULL,
    target TEXT NOT NULL, agency TEXT, lists TEXT NOT NULL, fields TEXT NOT NULL,
    PRIMARY KEY (graph, list, authority_id)) WITHOUT ROWID;
"""
_CONNECTIONS: weakref.WeakKeyDictionary[GraphStore, sqlite3.Connection | None] = weakref.WeakKeyDictionary()


def _connection(store: GraphStore) -> sqlite3.Connection | None:
    """The sidecar of a store (in memory for an in-memory store); None if it cannot be opened."""
    if store in _CONNECTIONS:
        return _CONNECTIONS[store]
    path = index_path(store)
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(":memory:" if path is None else str(path), timeout=60, isolation_level=None)
        if path is not None:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(_SCHEMA)
    except sqlite3.Error as exc:  # read-only folder or file, damaged file: the diff scans the store
        log.debug("release entries sidecar unavailable (%s): the diff reads releases from the store", exc)
        conn = None
    _CONNECTIONS[store] = conn
    return conn


def saved_entries(store: GraphStore, graph: str, list_iri: str) -> dict[str, Entry] | None:
    """The entries kept for a release's graph and a list, or None when they were not kept."""
    conn = _connection(store)
    if conn is None:
        return None
    try:
        header = conn.execute(
            "SELECT layout, entries FROM release_entry_sets WHERE graph = ? AND list = ?", (graph, list_iri)
        ).fetchone()
        if header is None or header[0] != LAYOUT:
            return None
        rows = conn.execute(
            "SELECT authority_id, designation, target, agency, lists, fields FROM release_entries "
            "WHERE graph = ? AND list = ?",
            (graph, list_iri),
        ).fetchall()
    except sqlite3.Error as exc:
        log.debug("reading release entries failed (%s): reading the release from the store", exc)
        return None
    if len(rows) != header[1]:  # cannot happen short of tampering (one transaction): do not trust it
        return None
    node = ox.NamedNode
    return {
        key: Entry(node(d), node(t), node(a) if a is not None else None, set(lists.split("\n")), encoded=fields)
        for key, d, t, a, lists, fields in rows
    }


def save_entries(store: GraphStore, graph: str, list_iri: str, entries: Mapping[str, Entry]) -> None:
    """Keep a release's entries (one transaction: all or none); a failure only costs speed."""
    conn = _connection(store)
    if conn is None:
        return
    rows = [
        (graph, list_iri, key, e.designation.value, e.target.value, e.agency.value if e.agency else None,
         "\n".join(sorted(e.lists)), e.encoded)
        for key, e in entries.items()
    ]  # fmt: skip
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM release_entries WHERE graph = ? AND list = ?", (graph, list_iri))
        conn.executemany("INSERT INTO release_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        header = (graph, list_iri, LAYOUT, len(rows))
        conn.execute("INSERT OR REPLACE INTO release_entry_sets VALUES (?, ?, ?, ?)", header)
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        log.debug("keeping release entries failed (%s): the next diff reads this release from the store", exc)


def forget_other_releases(store: GraphStore, list_iri: str, graphs: Iterable[str]) -> None:
    """Drop kept entries of a list's graphs that are no longer its releases (reloaded documents)."""
    conn = _connection(store)
    if conn is None:
        return
    keep = set(graphs)
    try:
        kept = {row[0] for row in conn.execute("SELECT graph FROM release_entry_sets WHERE list = ?", (list_iri,))}
        gone = [(graph, list_iri) for graph in kept - keep]
        if gone:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("DELETE FROM release_entries WHERE graph = ? AND list = ?", gone)
            conn.executemany("DELETE FROM release_entry_sets WHERE graph = ? AND list = ?", gone)
            conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        log.debug("pruning release entries failed (%s)", exc)
