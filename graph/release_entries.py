"""What the release diff compares of each designation, and a sidecar table that keeps it.

The entries of a release are computed once, from the triples its load holds in memory, and kept
in a table beside the store (in the name index's SQLite file, its own connection and tables), so
the diff against the next release reads nothing back from the store. Content graph IRIs are
unique per load run, so rows keyed by graph never go stale; a missing, damaged or older row
(older store, crash between the store's commit and this table, deleted or read-only file) falls
back to index scans of the store, with the same answer.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import struct
import weakref
import zlib
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import orjson
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
LAYOUT = "2:" + json.dumps(FIELD_CHAINS, sort_keys=True)


# An entry is one designation of a release reduced to what we compare, as a plain list that the
# sidecar keeps as it is (JSON arrays), so reading a release back builds no object per entry:
#   [values, designation IRI, target IRI, agency IRI or None, sorted IRIs of every list it is on]
# values: each compared field's values, sorted, in FIELDS order. Sorted lists of strings are
# equal exactly when the sets are, so two releases are compared with one `!=` per designation.
Entry = list[Any]
VALUES, DESIGNATION, TARGET, AGENCY, LISTS = range(5)


def entry_fields(entry: Entry) -> dict[str, set[str]]:
    """Values of each compared field that has any."""
    return {name: set(got) for name, got in zip(FIELDS, entry[VALUES], strict=True) if got}


def changed_fields(before: Entry, after: Entry) -> list[str]:
    """The compared fields whose values differ between two entries of one id."""
    if before[VALUES] == after[VALUES]:
        return []
    return [name for name, old, new in zip(FIELDS, before[VALUES], after[VALUES], strict=True) if old != new]


# computing entries ---------------------------------------------------------------------------


class _Scans:
    """Lexical values of kg: predicates' objects in one release, by subject IRI: from the store
    with one (graph, predicate) pattern each, or from the triples a load has just emitted (no
    read-back). Every term is turned into a string once, here: the joins then hash strings,
    whose hash Python keeps, where a pyoxigraph term is hashed in Rust on every lookup."""

    def __init__(self, store: GraphStore, graph: ox.NamedNode, triples: Iterable[tuple[Any, Any, Any]] | None) -> None:
        self._store, self._graph = store, graph
        # A load's LoadedTriples share their grouping with the name index; other triples are grouped here.
        self._with_predicate = loaded_triples(triples).with_predicate if triples is not None else None

    def designations(self) -> set[str]:
        if self._with_predicate is not None:
            return {s.value for s, _, o in self._with_predicate(_RDF_TYPE) if o == _DESIGNATION}
        rows = self._store.oxigraph.query(f"SELECT ?s WHERE {{ GRAPH {self._graph} {{ ?s a {_DESIGNATION} }} }}")
        return {row[0].value for row in rows}

    def _pairs(self, local: str) -> tuple[Iterable[Any], int]:
        """Rows with the subject first, and where their object is."""
        if self._with_predicate is not None:
            return self._with_predicate(ox.NamedNode(str(KG[local]))), 2
        # A one-pattern SELECT rather than quads_for_pattern: rows of two terms, not quads of
        # four, read about 40 % faster.
        pattern = f"SELECT ?s ?o WHERE {{ GRAPH {self._graph} {{ ?s <{KG[local]}> ?o }} }}"
        return self._store.oxigraph.query(pattern), 1

    def values(self, locals_: Iterable[str]) -> dict[str, list[str]]:
        """Distinct lexical values of some predicates' objects, by subject, each list sorted.

        One plain loop, each term read once: measured faster than building the pairs first
        (comprehension or map()) and grouping them after, since most of the cost is reading
        the terms and lists of pairs only add a pass."""
        by_subject: dict[str, list[str]] = {}
        several = []
        for local in locals_:
            rows, at = self._pairs(local)
            for row in rows:
                s, v = row[0].value, row[at].value
                got = by_subject.get(s)
                if got is None:
                    by_subject[s] = [v]
                elif v not in got:
                    if len(got) == 1:
                        several.append(got)
                    got.append(v)
        for got in several:
            got.sort()
        return by_subject


_NONE: list[str] = []  # shared by every entry without a value in a field: never changed in place
_NO_NODE: list[None] = [None]  # a designation's targets or agencies when it has none


class ReleaseIndex:
    """A release's designations and the maps the entries are joined from, each built once per
    graph (a document that is a release of several lists is joined once per list) and only when
    first needed: a release none of whose designations is on the list (the CSL is a release of
    us-csl, its designations are on the lists it gathers) costs one scan of kg:onList.
    Designations, targets, agencies and lists are IRIs (the loaders' shape), keyed by their text."""

    def __init__(
        self, store: GraphStore, release: Release, triples: Iterable[tuple[Any, Any, Any]] | None = None
    ) -> None:
        self._scans = _Scans(store, ox.NamedNode(str(release.graph)), triples)

    @cached_property
    def on_list(self) -> dict[str, list[str]]:
        return self._scans.values(("onList",))

    @cached_property
    def lists_named(self) -> set[str]:
        """Every list some node is on."""
        return set().union(*self.on_list.values())

    @cached_property
    def designations(self) -> set[str]:
        return self._scans.designations()

    @cached_property
    def ids(self) -> dict[str, list[str]]:
        return self._scans.values(("authorityId",))

    @cached_property
    def targets_of(self) -> dict[str, list[str]]:
        return self._scans.values(("target",))

    @cached_property
    def several_targets(self) -> bool:
        """Whether some designation has more than one target."""
        return max(map(len, self.targets_of.values()), default=0) > 1

    @cached_property
    def imposed(self) -> dict[str, list[str]]:
        return self._scans.values(("imposedBy",))

    @cached_property
    def chains(self) -> list[tuple[bool, dict[str, list[str]]]]:
        """Each field's values by node (the target's or the designation's), gathered in one pass
        over its predicates, not per designation."""
        return [(bool(hops), self._scans.values(last)) for hops, last in FIELD_CHAINS.values()]


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
    wanted = str(list_iri)
    if wanted not in index.lists_named:
        return {}
    on_list, designations, ids = index.on_list, index.designations, index.ids
    nodes = [node for node, lists in on_list.items() if wanted in lists and node in ids and node in designations]
    if not nodes:
        return {}
    # Column by column, with map() over the dicts' own methods: no Python frame per designation.
    targets = list(map(index.targets_of.get, nodes, repeat(_NO_NODE)))
    firsts = list(map(itemgetter(0), targets))  # each list is sorted: the smallest IRI
    columns = [
        list(map(by_node.get, firsts if via_target else nodes, repeat(_NONE))) for via_target, by_node in index.chains
    ]
    agencies = map(itemgetter(0), map(index.imposed.get, nodes, repeat(_NO_NODE)))
    lists = map(on_list.__getitem__, nodes)
    rows = list(map(list, zip(map(list, zip(*columns, strict=True)), nodes, firsts, agencies, lists, strict=True)))
    keys = list(map(ids.__getitem__, nodes))
    if None in firsts or index.several_targets:
        _fix_targets(rows, targets, index.chains)
    if max(map(len, keys)) == 1:  # one id per designation, as on most lists
        entries = dict(zip(map(itemgetter(0), keys), rows, strict=True))
        if len(entries) == len(rows) and None not in firsts:
            return entries
    return _by_id(rows, keys)


def _fix_targets(rows: list[Entry], targets: list[list[Any]], chains: Sequence[tuple[bool, dict]]) -> None:
    """Designations without a target (their values count, but they have no entry of their own)
    and with several (their targets' values joined)."""
    for row, found in zip(rows, targets, strict=True):
        if found is _NO_NODE:
            row[DESIGNATION] = None
        elif len(found) > 1:
            designation = (row[DESIGNATION],)
            row[VALUES] = [_union(by_node, found if via_target else designation) for via_target, by_node in chains]


def _by_id(rows: list[Entry], keys: list[list[str]]) -> dict[str, Entry]:
    """Entries by id where a designation has several ids or an id several designations."""
    entries: dict[str, Entry] = {}
    for row, row_keys in zip(rows, keys, strict=True):
        for key in row_keys:
            entry = entries.get(key)
            entries[key] = row if entry is None else _merged(entry, row)
    return {key: entry for key, entry in entries.items() if entry[DESIGNATION] is not None}


def _union(by_node: dict[str, list[str]], nodes: Sequence[str]) -> list[str]:
    return sorted(set().union(*(by_node.get(node, _NONE) for node in nodes)))


def _merged(first: Entry, other: Entry) -> Entry:
    """Two designations with one id: values and lists joined, the smallest designation IRI kept
    (designations without a target add their values only)."""
    values = [a if a == b else sorted({*a, *b}) for a, b in zip(first[VALUES], other[VALUES], strict=True)]
    if other[DESIGNATION] is None:
        return [values, *first[DESIGNATION:]]
    if first[DESIGNATION] is None:
        return [values, *other[DESIGNATION:]]
    kept = first if first[DESIGNATION] <= other[DESIGNATION] else other
    lists = first[LISTS] if first[LISTS] == other[LISTS] else sorted({*first[LISTS], *other[LISTS]})
    return [values, *kept[DESIGNATION:LISTS], lists]


# the sidecar table ---------------------------------------------------------------------------

# One row per release graph and list, its entries as one JSON object {id: entry}, written and read
# by orjson (a fourth of json's CPU for 9 k entries) and taken as it is: no object per entry.
# A CRC-32 of the text goes first: a damaged byte inside a name would still parse, and would
# read as an amendment that never happened.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS release_entries (
    graph TEXT NOT NULL, list TEXT NOT NULL, layout TEXT NOT NULL, entries BLOB NOT NULL,
    PRIMARY KEY (graph, list));
"""
_CRC = struct.Struct(">I")
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
    entries = _decoded(row[1])
    if entries is None:  # damaged: the store has the answer
        log.warning("release entries of %s in %s are damaged: reading the release from the store", graph, conn)
    return entries


def _encoded(entries: Mapping[str, Entry]) -> bytes:
    text = orjson.dumps(entries)
    return _CRC.pack(zlib.crc32(text)) + text


def _decoded(blob: object) -> dict[str, Entry] | None:
    """The entries of a kept blob, or None when its checksum or shape is wrong."""
    if not isinstance(blob, bytes) or len(blob) < _CRC.size:
        return None
    text = memoryview(blob)[_CRC.size :]
    if _CRC.unpack_from(blob)[0] != zlib.crc32(text):
        return None
    try:
        entries = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return entries if isinstance(entries, dict) else None


def save_entries(store: GraphStore, graph: str, list_iri: str, entries: Mapping[str, Entry]) -> None:
    """Keep a release's entries (one statement: all or none); a failure only costs speed."""
    conn = _connection(store)
    if conn is None:
        return
    blob = _encoded(entries)
    try:
        conn.execute("INSERT OR REPLACE INTO release_entries VALUES (?, ?, ?, ?)", (graph, list_iri, LAYOUT, blob))
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
