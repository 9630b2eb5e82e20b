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
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import RDF

from sanctiongraph.graph.names import index_path
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.terms import loaded_triples
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
_RDF_TYPE = ox.NamedNode(str(RDF.type))
_DESIGNATION = ox.NamedNode(str(KG.Designation))
# Rows written under another layout or other compared fields are not read back.
LAYOUT = "1:" + json.dumps(FIELD_CHAINS, sort_keys=True)


class Entry:
    """One designation of a release, reduced to what we compare (pyoxigraph terms: read and
    written back without passing through rdflib).

    values: each compared field's values, sorted, in FIELDS order. Sorted lists of strings are
    equal exactly when the sets are, so two releases are compared one list per designation and
    the lists go to the sidecar as they are. IRIs read from the sidecar become pyoxigraph nodes
    only when used (the added, removed and amended few).
    """

    __slots__ = ("_agency", "_designation", "_target", "lists", "values")

    def __init__(
        self,
        designation: ox.NamedNode | str,
        target: ox.NamedNode | str,
        agency: ox.NamedNode | str | None,
        lists: set[str] | None = None,
        values: list[list[str]] | None = None,
    ) -> None:
        self._designation, self._target, self._agency = designation, target, agency
        self.lists: set[str] = set() if lists is None else lists  # every list it is on (sub-lists too)
        self.values: list[list[str]] = [[] for _ in FIELDS] if values is None else values

    @property
    def designation(self) -> ox.NamedNode:
        if isinstance(self._designation, str):
            self._designation = ox.NamedNode(self._designation)
        return self._designation

    @property
    def target(self) -> ox.NamedNode:
        if isinstance(self._target, str):
            self._target = ox.NamedNode(self._target)
        return self._target

    @property
    def agency(self) -> ox.NamedNode | None:
        if isinstance(self._agency, str):
            self._agency = ox.NamedNode(self._agency)
        return self._agency

    @property
    def fields(self) -> dict[str, set[str]]:
        """Values of each compared field that has any."""
        return {name: set(got) for name, got in zip(FIELDS, self.values, strict=True) if got}

    def changed_fields(self, other: Entry) -> list[str]:
        """The compared fields whose values differ between this entry and other."""
        if self.values == other.values:
            return []
        return [name for name, mine, theirs in zip(FIELDS, self.values, other.values, strict=True) if mine != theirs]

    def row(self) -> list[Any]:
        """The entry as the sidecar keeps it (JSON values)."""
        agency = self._agency if self._agency is None or isinstance(self._agency, str) else self._agency.value
        return [_iri(self._designation), _iri(self._target), agency, sorted(self.lists), self.values]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return self.row() == other.row()

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaced

    def __repr__(self) -> str:
        return f"Entry({self.row()})"


def _iri(node: ox.NamedNode | str) -> str:
    return node if isinstance(node, str) else node.value


# computing entries ---------------------------------------------------------------------------


class _Scans:
    """Objects of kg: predicates in one release, by subject: from the store with one
    (graph, predicate) pattern each, or from the triples a load has just emitted (no read-back)."""

    def __init__(self, store: GraphStore, graph: ox.NamedNode, triples: Iterable[tuple[Any, Any, Any]] | None) -> None:
        self._store, self._graph = store, graph
        # A load's LoadedTriples share their grouping with the name index; other triples are grouped here.
        self._with_predicate = loaded_triples(triples).with_predicate if triples is not None else None

    def designations(self) -> list[Any]:
        if self._with_predicate is not None:
            return list(dict.fromkeys(s for s, _, o in self._with_predicate(_RDF_TYPE) if o == _DESIGNATION))
        rows = self._store.oxigraph.query(f"SELECT ?s WHERE {{ GRAPH {self._graph} {{ ?s a {_DESIGNATION} }} }}")
        return [row[0] for row in rows]

    def _pairs(self, local: str) -> tuple[Iterable[Any], int]:
        """Rows with the subject first, and where their object is."""
        if self._with_predicate is not None:
            return self._with_predicate(ox.NamedNode(str(KG[local]))), 2
        # A one-pattern SELECT rather than quads_for_pattern: rows of two terms, not quads of
        # four, read about 40 % faster.
        pattern = f"SELECT ?s ?o WHERE {{ GRAPH {self._graph} {{ ?s <{KG[local]}> ?o }} }}"
        return self._store.oxigraph.query(pattern), 1

    def objects(self, local: str) -> dict[Any, list[Any]]:
        """Objects of kg:local by subject."""
        rows, at = self._pairs(local)
        rows = rows if isinstance(rows, list) else list(rows)
        # Most subjects have one object: a comprehension builds that case at C speed, and the
        # loop runs only when some subject has several.
        by_subject: dict[Any, list[Any]] = {row[0]: [row[at]] for row in rows}
        if len(by_subject) < len(rows):
            by_subject = {}
            for row in rows:
                s, o = row[0], row[at]
                objects = by_subject.get(s)
                if objects is None:
                    by_subject[s] = [o]
                else:
                    objects.append(o)
        return by_subject

    def values(self, locals_: Iterable[str]) -> dict[Any, set[str]]:
        """Distinct lexical values of several predicates' objects, by subject."""
        by_subject: dict[Any, set[str]] = {}
        for local in locals_:
            rows, at = self._pairs(local)
            for row in rows:
                s = row[0]
                values = by_subject.get(s)
                if values is None:
                    by_subject[s] = {row[at].value}
                else:
                    values.add(row[at].value)
        return by_subject


_NONE: frozenset[str] = frozenset()


class ReleaseIndex:
    """A release's designations and the maps the entries are joined from, built once per graph
    (a document that is a release of several lists, like the CSL, is joined once per list)."""

    def __init__(
        self, store: GraphStore, release: Release, triples: Iterable[tuple[Any, Any, Any]] | None = None
    ) -> None:
        scans = _Scans(store, ox.NamedNode(str(release.graph)), triples)
        self.designations = scans.designations()
        self.on_list, self.imposed, self.ids, self.targets_of = (
            scans.objects(p) for p in ("onList", "imposedBy", "authorityId", "target")
        )
        # Each field's values by node, gathered in one pass over its predicates, not per designation.
        self.chains = [(bool(hops), scans.values(last)) for hops, last in FIELD_CHAINS.values()]


def release_entries(
    store: GraphStore,
    release: Release,
    list_iri: Any,
    triples: Iterable[tuple[Any, Any, Any]] | None = None,
    *,
    index: ReleaseIndex | None = None,
) -> dict[str, Entry]:
    """The designations on a list in one release, by authority id.

    triples: the release's content as pyoxigraph terms, when the caller holds them (a load
    that has just written them), so nothing is read back. Otherwise a few (graph, predicate)
    index scans joined in Python: SPARQL joins took 3.6 s for a 10 k-designation list.
    Where an id has several designations or targets, the smallest IRI is kept, so the answer
    does not depend on the order the triples come in (memory and store orders differ).
    """
    index = index or ReleaseIndex(store, release, triples)
    on_list, imposed, ids, targets_of, chains = (
        index.on_list, index.imposed, index.ids, index.targets_of, index.chains,
    )  # fmt: skip
    lookups = [(by_node.get, via_target) for via_target, by_node in chains]
    wanted_list = ox.NamedNode(str(list_iri))
    entries: dict[str, Entry] = {}
    gathered: dict[str, list[Any]] = {}
    for designation in index.designations:
        on = on_list.get(designation)
        keys = ids.get(designation)
        if not on or not keys or wanted_list not in on:
            continue
        targets = targets_of.get(designation, ())
        got: list[Collection[str]]
        if len(targets) == 1:  # the common case, without a call per field
            target = targets[0]
            got = [get(target if via_target else designation, _NONE) for get, via_target in lookups]
        else:
            got = [_values_of(by_node, targets if via_target else (designation,)) for via_target, by_node in chains]
        lists = [term.value for term in on]
        for key in [term.value for term in keys]:
            if targets:
                entry = entries.get(key)
                if entry is None or designation.value < entry.designation.value:
                    agencies = imposed.get(designation)
                    chosen = Entry(designation, _first(targets), _first(agencies) if agencies else None)
                    if entry is not None:
                        chosen.lists = entry.lists
                    entry = entries[key] = chosen
                entry.lists.update(lists)
            found = gathered.get(key)
            # The scans' own sets are shared until a second designation with this id merges in.
            gathered[key] = got if found is None else [set(a).union(b) for a, b in zip(found, got, strict=True)]
    for key, entry in entries.items():
        entry.values = [sorted(values) for values in gathered[key]]
    return entries


def _first(nodes: Sequence[Any]) -> Any:
    return nodes[0] if len(nodes) == 1 else min(nodes, key=lambda node: node.value)


def _values_of(by_node: dict[Any, set[str]], nodes: Sequence[Any]) -> Collection[str]:
    if len(nodes) == 1:
        return by_node.get(nodes[0], _NONE)
    return set().union(*(by_node.get(node, _NONE) for node in nodes))


# the sidecar table ---------------------------------------------------------------------------

# One row per release graph and list, its entries as one JSON text: one json.dumps and one
# json.loads in C, where a row per designation cost three times as much to write and read.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS release_entries (
    graph TEXT NOT NULL, list TEXT NOT NULL, layout TEXT NOT NULL, entries TEXT NOT NULL,
    PRIMARY KEY (graph, list));
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
        row = conn.execute(
            "SELECT layout, entries FROM release_entries WHERE graph = ? AND list = ?", (graph, list_iri)
        ).fetchone()
    except sqlite3.Error as exc:
        log.debug("reading release entries failed (%s): reading the release from the store", exc)
        return None
    if row is None or row[0] != LAYOUT:
        return None
    try:
        return {key: Entry(d, t, a, set(lists), values) for key, d, t, a, lists, values in json.loads(row[1])}
    except (ValueError, TypeError) as exc:  # damaged text: the store has the answer
        log.warning("release entries of %s in %s are unreadable (%s): reading the store", graph, conn, exc)
        return None


def save_entries(store: GraphStore, graph: str, list_iri: str, entries: Mapping[str, Entry]) -> None:
    """Keep a release's entries (one statement: all or none); a failure only costs speed."""
    conn = _connection(store)
    if conn is None:
        return
    text = json.dumps([[key, *entry.row()] for key, entry in entries.items()], ensure_ascii=False)
    try:
        conn.execute("INSERT OR REPLACE INTO release_entries VALUES (?, ?, ?, ?)", (graph, list_iri, LAYOUT, text))
    except sqlite3.Error as exc:
        log.debug("keeping release entries failed (%s): the next diff reads this release from the store", exc)


def forget_other_releases(store: GraphStore, list_iri: str, graphs: Iterable[str]) -> None:
    """Drop kept entries of a list's graphs that are no longer its releases (reloaded documents)."""
    conn = _connection(store)
    if conn is None:
        return
    keep = set(graphs)
    try:
        kept = {row[0] for row in conn.execute("SELECT graph FROM release_entries WHERE list = ?", (list_iri,))}
        conn.executemany(
            "DELETE FROM release_entries WHERE graph = ? AND list = ?", [(g, list_iri) for g in kept - keep]
        )
    except sqlite3.Error as exc:
        log.debug("pruning release entries failed (%s)", exc)
