"""The name index: every name, alias and acronym in the store, kept in SQLite beside it.

Looking a name up must not cost a scan of the store (a million-entity store holds about a
million names), so the names live in an SQLite file next to the store folder
(``<store>.names.sqlite``): a table keyed by the comparison key, an FTS5 table for whole-word
and fuzzy search (filled by the first such search after a load, not by the load), and the list
of graphs already indexed. The index follows the store by graph:
a graph the store has and the index lacks is indexed, a graph the index has and the store
lacks is forgotten. Loads call ``update_name_index`` right after their commit; every lookup
checks the graph list first (a cheap listing), so a crash between the two, a deleted index
file or a store written by an older version only costs a catch-up, never a wrong answer.
In-memory stores keep the same tables in an in-memory SQLite database.
"""

from __future__ import annotations

import sqlite3
import sys
import weakref
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import countOf, itemgetter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from sanctiongraph.graph.name_keys import name_key
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.terms import LoadedTriples, OxTerm, loaded_triples

OxTriple = tuple[OxTerm, OxTerm, OxTerm]

KIND_BY_CLASS = {
    "Company": "firm",
    "Organization": "firm",
    "Person": "person",
    "GovernmentAgency": "agency",
    "Government": "government",
    "SanctionsList": "list",
    "Statute": "statute",
    "StatuteSection": "statute",
    "Vessel": "vessel",
    "Aircraft": "aircraft",
}
_KG = "https://w3id.org/sanctiongraph/ontology#"
INDEX_SUFFIX = ".names.sqlite"
_SCHEMA_VERSION = "4"  # 2: FTS filled per graph, not by a trigger; 3: graphs by id, lazy FTS; 4: firm counts

# How a name is held (kg: predicate -> "via") and the kinds of entity by their kg: class: read
# with index scans per graph, not SPARQL (a join over the union cost minutes on a 5 M store).
_VIA_BY_PREDICATE = {"name": "name", "alias": "alias", "acronym": "acronym", "previousName": "previous name"}
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_INDEXES = {"names_key": "key", "names_entity": "entity"}  # a graph's rows are found by id range


@dataclass(frozen=True)
class NameEntry:
    """One way an entity is named: the entity, its kind, the label and how it is held."""

    entity: URIRef
    kind: str
    label: str
    via: str


Row = tuple[int, int, str, str, str, str, str]  # id, graph id, entity, kind, label, via, key

# The FTS table is filled lazily: a load only writes rows, and the first whole-word or fuzzy
# search after it indexes the rows above `fts_state.done` (ids only grow, so one range holds them
# all). A deleted row leaves the FTS table only if it was in it (the trigger's WHEN).
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS names (
    id INTEGER PRIMARY KEY, graph INTEGER NOT NULL, entity TEXT NOT NULL, kind TEXT NOT NULL,
    label TEXT NOT NULL, via TEXT NOT NULL, key TEXT NOT NULL);
{"".join(f"CREATE INDEX IF NOT EXISTS {name} ON names({column});" for name, column in _INDEXES.items())}
CREATE VIRTUAL TABLE IF NOT EXISTS names_fts USING fts5(
    key, content='names', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS fts_state (done INTEGER NOT NULL);
INSERT INTO fts_state SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM fts_state);
CREATE TRIGGER IF NOT EXISTS names_ad AFTER DELETE ON names WHEN old.id <= (SELECT done FROM fts_state) BEGIN
    INSERT INTO names_fts(names_fts, rowid, key) VALUES ('delete', old.id, old.key); END;
CREATE TABLE IF NOT EXISTS graphs (
    id INTEGER PRIMARY KEY, graph TEXT NOT NULL UNIQUE, first_row INTEGER NOT NULL, last_row INTEGER NOT NULL,
    firms INTEGER NOT NULL DEFAULT 0);
"""


class _Db:
    """The SQLite side: one connection, the schema, and the graph-by-graph catch-up."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        target = ":memory:" if path is None else str(path)
        self.conn = sqlite3.connect(target, timeout=60, isolation_level=None, check_same_thread=False)
        if path is not None:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self._create()

    def _create(self) -> None:
        c = self.conn
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, int(_SCHEMA_VERSION)):  # an older layout: start again
            c.executescript(
                "DROP TABLE IF EXISTS names; DROP TABLE IF EXISTS names_fts; DROP TABLE IF EXISTS graphs;"
                "DROP TABLE IF EXISTS fts_state;"
            )
        c.executescript(f"{_SCHEMA} PRAGMA user_version = {_SCHEMA_VERSION};")

    def sync(
        self, store: GraphStore, changed: Iterable[str] = (), loaded: Mapping[str, Sequence[OxTriple]] | None = None
    ) -> None:
        """Index the graphs the store has and the index lacks; forget the ones it no longer has.

        loaded: triples (pyoxigraph terms) of graphs a load has just written, by graph IRI: they
        are indexed from memory rather than read back from the store.
        """
        loaded = loaded or {}
        current = {g.value for g in store.oxigraph.named_graphs() if isinstance(g, ox.NamedNode)}
        indexed = {row[0] for row in self.conn.execute("SELECT graph FROM graphs")}
        changed = set(changed) & indexed
        gone, new = (indexed - current) | changed, (current - indexed) | (changed & current)
        if not gone and not new:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have caught up while we waited for the lock.
            indexed = {row[0] for row in self.conn.execute("SELECT graph FROM graphs")}
            self.forget(sorted((indexed - current) | (changed & indexed)))
            self._add(store, sorted((current - indexed) | (changed & current)), loaded)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def forget(self, graphs: Iterable[str]) -> None:
        """Delete the rows of graphs (inside the caller's transaction): one id range each."""
        for graph in graphs:
            found = self.conn.execute("SELECT first_row, last_row FROM graphs WHERE graph = ?", (graph,)).fetchone()
            if found is not None:
                self.conn.execute("DELETE FROM names WHERE id BETWEEN ? AND ?", found)
                self.conn.execute("DELETE FROM graphs WHERE graph = ?", (graph,))

    def _add(self, store: GraphStore, graphs: list[str], loaded: Mapping[str, Sequence[OxTriple]]) -> None:
        """Write the rows of new graphs, ids above every id used so far (so the FTS catch-up's
        range holds them); a first build drops the lookup indexes and builds them once after."""
        if not graphs:
            return
        next_id = (
            1
            + self.conn.execute(
                "SELECT MAX(COALESCE((SELECT MAX(id) FROM names), 0), (SELECT done FROM fts_state))"
            ).fetchone()[0]
        )
        first_build = next_id == 1
        if first_build:
            for name in _INDEXES:  # execute, not executescript: that would commit first
                self.conn.execute(f"DROP INDEX IF EXISTS {name}")
        keys = _Keys()
        kinds = _KindsOf(store, everything=first_build)
        for graph in graphs:
            number = self.conn.execute(
                "INSERT INTO graphs(graph, first_row, last_row) VALUES (?, ?, ?)", (graph, next_id, next_id - 1)
            ).lastrowid
            assert number is not None
            rows = _graph_rows(store, graph, number, next_id, keys, kinds, loaded.get(graph))
            self.conn.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            next_id += len(rows)
            firms = countOf(map(itemgetter(3), rows), "firm")  # what the article resolver's tables follow
            self.conn.execute("UPDATE graphs SET last_row = ?, firms = ? WHERE id = ?", (next_id - 1, firms, number))
        if first_build:
            for name, column in _INDEXES.items():
                self.conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON names({column})")

    def search_ready(self) -> None:
        """Index the rows loads wrote since the last search in the FTS table (one statement).

        An index file this process cannot write is copied into memory and caught up there, so
        its whole-word and fuzzy answers are the same as a writable index's."""
        if self._fts_behind() is None:
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            self._to_memory()
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            done = self._fts_behind()
            if done is not None:
                self.conn.execute("INSERT INTO names_fts(rowid, key) SELECT id, key FROM names WHERE id > ?", (done,))
                self.conn.execute("UPDATE fts_state SET done = (SELECT MAX(id) FROM names)")
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError:
            self.conn.execute("ROLLBACK")
            if self.path is None:
                raise
            self._to_memory()
            self.search_ready()
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _fts_behind(self) -> int | None:
        """The FTS high-water mark when rows above it wait to be indexed, else None."""
        done, top = self.conn.execute("SELECT done, (SELECT MAX(id) FROM names) FROM fts_state").fetchone()
        return done if top is not None and top > done else None

    def _to_memory(self) -> None:
        """Carry on with an in-memory copy of the file (this process cannot write it)."""
        copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self.conn.backup(copy)
        self.conn.close()
        self.conn, self.path = copy, None

    def rows(self, sql: str, params: tuple = ()) -> list[NameEntry]:
        return [NameEntry(URIRef(e), k, label, via) for e, k, label, via in self.conn.execute(sql, params)]


def _ascii_table() -> dict[int, str | None]:
    """What name_key makes of each ASCII character between two letters (dropped, a space, or
    the character lower-cased): derived from name_key itself, so the two cannot disagree."""
    return {code: name_key(f"a{chr(code)}a")[1:-1] or None for code in range(128)}


_ASCII = _ascii_table()


class _Keys(dict[str, str]):
    """Comparison keys by label, each computed once: releases of a list repeat most names.

    Hand-written fast path: an ASCII label has no decomposition, invisible character or
    Unicode space, so its key is its lower case translated by the table name_key gives each
    ASCII character, whitespace squashed (a third of name_key's time on the real lists;
    tests/graph/test_name_index_loads.py checks it equals name_key).
    """

    def __missing__(self, label: str) -> str:
        key = " ".join(label.lower().translate(_ASCII).split()) if label.isascii() else name_key(label)
        self[label] = key
        return key


Entry = tuple[str, str, str, str]  # entity, kind, label, via


def _graph_rows(
    store: GraphStore,
    graph: str,
    number: int,
    first_id: int,
    keys: _Keys,
    kinds_of: _KindsOf,
    triples: Sequence[OxTriple] | None = None,
) -> list[Row]:
    """The rows of a graph's names, each once, in (entity, kind, label, via) order (the entity
    index then grows in runs, and a rebuild writes the same rows in the same order), ids from
    first_id on. number: the graph's id in the graphs table.

    Entries are 4-tuples deduplicated in emitted order (so the sort meets runs), and the rows'
    columns are zipped in C: building 5-tuples in a set, then 7-tuples one by one, cost about
    as much as the INSERT on the real lists."""
    entries = _entries(_graph_names(store, graph, kinds_of, triples), kinds_of)
    if not entries:
        return []
    iris, kinds, labels, vias = zip(*sorted(dict.fromkeys(entries)), strict=True)
    count = len(iris)
    return list(
        zip(
            range(first_id, first_id + count),
            repeat(number, count),
            iris,
            kinds,
            labels,
            vias,
            map(keys.__getitem__, labels),
            strict=True,
        )
    )


Named = tuple[str, Sequence[tuple[Any, Any, Any]]]  # how names are held (via), their (entity, _, label term)


def _entries(named: list[Named], kinds_of: _KindsOf) -> list[Entry]:
    """(entity, kind, label, via) of each name of a typed entity, duplicates kept; the kinds of
    entities the graph does not type are fetched in batches once the graph has been read.

    A plain loop with append: a comprehension per name (a call each) cost a third more."""
    fetched = kinds_of.fetched
    entries: list[Entry] = []
    add = entries.append
    untyped: list[tuple[Any, Any, str]] = []
    for via, group in named:
        for s, _, o in group:
            kinds = fetched.get(s)
            if kinds is None:
                untyped.append((s, o, via))
            elif kinds:
                iri, label = s.value, o.value
                for kind in kinds:
                    add((iri, kind, label, via))
    if untyped:
        kinds_of.prefetch({s for s, _, _ in untyped})
        for s, o, via in untyped:
            iri, label = s.value, o.value
            for kind in fetched[s]:
                add((iri, kind, label, via))
    return entries


def _graph_names(
    store: GraphStore, graph: str, kinds_of: _KindsOf, triples: Sequence[OxTriple] | None = None
) -> list[Named]:
    """The names a graph holds, by how they are held: (entity, _, label term) each.

    triples: the graph's content when a load holds it in memory (nothing is read back); an
    entity it types with an indexed class takes its kinds from there, any other is looked up
    in every graph (a firm may be named in one graph and typed in another).
    """
    if triples is not None:
        return _names_in(loaded_triples(triples), kinds_of)
    named = ox.NamedNode(graph)
    # One-pattern SELECTs read faster than quads_for_pattern (two terms a row, not four).
    return [
        (
            via,
            [
                (row[0], None, row[1])
                for row in store.oxigraph.query(f"SELECT ?s ?o WHERE {{ GRAPH {named} {{ ?s <{_KG}{local}> ?o }} }}")
            ],
        )
        for local, via in _VIA_BY_PREDICATE.items()
    ]


_VIA_BY_TERM = {ox.NamedNode(_KG + local): via for local, via in _VIA_BY_PREDICATE.items()}
_KIND_BY_TERM = {ox.NamedNode(_KG + local): kind for local, kind in KIND_BY_CLASS.items()}


def _names_in(triples: LoadedTriples, kinds_of: _KindsOf) -> list[Named]:
    """The names among triples, noting the kinds the same triples type their entities with
    (only the name and type predicates are read: the grouping is shared)."""
    typed: dict[Any, list[str]] = {}
    kind_of = _KIND_BY_TERM
    for s, _, o in triples.with_predicate(_RDF_TYPE):
        kind = kind_of.get(o)
        if kind is not None:
            kinds = typed.setdefault(s, [])
            if kind not in kinds:
                kinds.append(kind)
    kinds_of.known(typed)
    return [(via, triples.with_predicate(term)) for term, via in _VIA_BY_TERM.items()]


class _KindsOf:
    """Kinds of an entity from its kg: classes in every graph (a firm may be typed elsewhere).

    everything: read every typed entity of the indexed classes up front (one index scan per
    class, for a first build of a large store) rather than one lookup per named entity.
    """

    def __init__(self, store: GraphStore, *, everything: bool) -> None:
        self._store = store
        self._kinds: dict[Any, list[str]] = {}
        self._complete = everything
        if everything:
            for local, kind in KIND_BY_CLASS.items():
                for quad in store.oxigraph.quads_for_pattern(None, _RDF_TYPE, ox.NamedNode(_KG + local), None):
                    kinds = self._kinds.setdefault(quad.subject, [])
                    if kind not in kinds:
                        kinds.append(kind)

    @property
    def fetched(self) -> Mapping[Any, list[str]]:
        """The kinds of every entity known or prefetched so far."""
        return self._kinds

    def known(self, kinds: Mapping[Any, list[str]]) -> None:
        """Kinds found by the caller (the types of a graph a load holds in memory)."""
        if not self._complete:
            self._kinds.update(kinds)

    def __call__(self, entity: Any) -> list[str]:
        kinds = self._kinds.get(entity)
        if kinds is None:
            self.prefetch([entity])
            kinds = self._kinds[entity]
        return kinds

    def prefetch(self, entities: Iterable[Any]) -> None:
        """Look up the kinds of many entities, a batch of IRIs per query (VALUES)."""
        missing = [e for e in entities if e not in self._kinds]
        for entity in missing:
            self._kinds[entity] = []
        if self._complete:
            return
        iris = [e for e in missing if isinstance(e, ox.NamedNode)]
        for start in range(0, len(iris), _BATCH):
            values = " ".join(str(iri) for iri in iris[start : start + _BATCH])
            rows = self._store.oxigraph.query(
                f"SELECT ?s ?c WHERE {{ VALUES ?s {{ {values} }} ?s a ?c }}", use_default_graph_as_union=True
            )
            for row in rows:
                self._add(row[0], row[1].value)
        for entity in missing:
            if not isinstance(entity, ox.NamedNode):  # a blank node cannot be a VALUES term
                for quad in self._store.oxigraph.quads_for_pattern(entity, _RDF_TYPE, None, None):
                    self._add(entity, quad.object.value)

    def _add(self, entity: Any, cls: str) -> None:
        kind = KIND_BY_CLASS.get(cls[len(_KG) :]) if cls.startswith(_KG) else None
        kinds = self._kinds[entity]
        if kind is not None and kind not in kinds:
            kinds.append(kind)


_BATCH = 500
_DBS: weakref.WeakKeyDictionary[GraphStore, _Db] = weakref.WeakKeyDictionary()


def index_path(store: GraphStore) -> Path | None:
    """Where the name index of an on-disk store lives: beside its folder."""
    return None if store.path is None else store.path.with_name(store.path.name + INDEX_SUFFIX)


def _db_of(store: GraphStore) -> _Db:
    db = _DBS.get(store)
    if db is None:
        path = index_path(store)
        try:
            db = _Db(path)
        except sqlite3.Error:  # a read-only folder: the index lives in memory for this process
            db = _Db(None)
        _DBS[store] = db
    return db


def update_name_index(
    store: GraphStore, changed: Iterable[str] = (), loaded: Mapping[str, Sequence[OxTriple]] | None = None
) -> None:
    """Bring the name index up to date with the store (loads call it after their commit).

    changed: graphs replaced in place (same IRI, new content), re-indexed even if known.
    loaded: the content (pyoxigraph terms) of graphs just written, by IRI, indexed from memory.
    """
    db = _db_of(store)
    try:
        db.sync(store, (str(g) for g in changed), {str(g): t for g, t in (loaded or {}).items()})
    except sqlite3.OperationalError:
        if db.path is None:
            raise
        _DBS[store] = db = _Db(None)  # the file is not writable: index in memory instead
        db.sync(store)


def forget_graphs(store: GraphStore, graphs: Iterable[str]) -> None:
    """Graphs replaced in place (same IRI, new content): drop their names so the next lookup
    re-indexes them. Does nothing when the store has no index yet."""
    db = _DBS.get(store)
    if db is None:
        path = index_path(store)
        if path is None or not path.exists():
            return
        db = _db_of(store)
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        db.forget(str(g) for g in graphs)
        db.conn.execute("COMMIT")
    except sqlite3.OperationalError:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        _DBS[store] = _Db(None)  # not writable: this process indexes in memory from now on


_SELECT = "SELECT DISTINCT entity, kind, label, via FROM names"


class NameIndex:
    """Names by comparison key, with whole-word and fuzzy search (SQLite, FTS5)."""

    def __init__(self, entries: Iterable[NameEntry] = (), *, _db: _Db | None = None) -> None:
        if _db is None:
            _db = _Db(None)
            _db.conn.executemany(
                "INSERT INTO names(graph, entity, kind, label, via, key) VALUES (0, ?, ?, ?, ?, ?)",
                ((str(e.entity), e.kind, e.label, e.via, name_key(e.label)) for e in entries),
            )
        self._db = _db
        self._entries: list[NameEntry] | None = None

    @classmethod
    def from_store(cls, store: GraphStore) -> NameIndex:
        """The store's index, caught up with the store first (built the first time)."""
        update_name_index(store)
        return cls(_db=_db_of(store))

    @property
    def entries(self) -> list[NameEntry]:
        """Every entry (read once from the index; the article gazetteer needs them all)."""
        if self._entries is None:
            self._entries = self._db.rows(_SELECT + " ORDER BY entity, via, label")
        return self._entries

    def lookup(self, text: str) -> list[NameEntry]:
        """Entries whose label has the same comparison key as text."""
        return self._db.rows(_SELECT + " WHERE key = ? ORDER BY entity, via, label", (name_key(text),))

    def containing(self, text: str) -> list[NameEntry]:
        """Entries whose label contains text's words, in order, as whole words."""
        key = name_key(text)
        if not key:
            return []
        phrase = '"' + key.replace('"', '""') + '"'
        self._db.search_ready()
        rows = self._db.rows(
            "SELECT DISTINCT entity, kind, label, via FROM names WHERE id IN "
            "(SELECT rowid FROM names_fts WHERE names_fts MATCH ?) ORDER BY entity, via, label",
            (f"key : {phrase}",),
        )
        wanted = f" {key} "
        return [e for e in rows if wanted in f" {name_key(e.label)} "]

    def similar(self, text: str, *, limit: int = 10, cutoff: float = 80.0) -> list[tuple[NameEntry, float]]:
        """Entries whose label is close to text (rapidfuzz on the keys sharing a word with it)."""
        from rapidfuzz import fuzz

        key = name_key(text)
        words = [w for w in key.split() if len(w) > 1]
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        self._db.search_ready()
        rows = self._db.conn.execute(
            "SELECT entity, kind, label, via, key FROM names WHERE id IN (SELECT rowid FROM names_fts "
            "WHERE names_fts MATCH ? ORDER BY rank LIMIT 2000)",
            (f"key : ({match})",),
        ).fetchall()
        scored: dict[NameEntry, float] = {}
        for entity, kind, label, via, found in rows:
            score = fuzz.token_sort_ratio(key, found)
            if score >= cutoff:
                entry = NameEntry(URIRef(entity), kind, label, via)
                scored[entry] = max(score, scored.get(entry, 0.0))
        return sorted(scored.items(), key=lambda item: (-item[1], str(item[0].entity)))[:limit]

    def __len__(self) -> int:
        return len(self.entries)

    # Read side for callers that must not read every entry (article extraction on a large store):
    # each question is answered from the key or entity index, in the order `entries` gives.

    def with_keys(self, keys: Collection[str]) -> list[NameEntry]:
        """Entries whose comparison key is one of keys (batched: SQLite caps the parameters)."""
        ordered = sorted(keys)
        found: list[NameEntry] = []
        for start in range(0, len(ordered), _BATCH):
            batch = ordered[start : start + _BATCH]
            marks = ", ".join("?" * len(batch))
            found += self._db.rows(_SELECT + f" WHERE key IN ({marks}) ORDER BY entity, via, label", tuple(batch))
        return found

    def firm_names_extending(self, key: str) -> list[NameEntry]:
        """Names, aliases and previous names of firms whose key is key and more words: the
        names a firm's short form (its first words, key) may stand for."""
        return self._db.rows(
            _SELECT + " WHERE key > ? AND key < ? AND kind = 'firm' AND via IN ('name', 'alias', 'previous name')"
            " ORDER BY entity, via, label",
            (key + " ", key + "!"),  # "!" follows " ": the range holds exactly the keys starting with key + " "
        )

    def has_key_starting(self, prefix: str) -> bool:
        """Whether some key starts with prefix (a range on the key index, one row at most)."""
        if not prefix:
            return True
        if ord(prefix[-1]) == sys.maxunicode:  # no character follows: scan from prefix instead
            rows = self._db.conn.execute("SELECT key FROM names WHERE key >= ? ORDER BY key LIMIT 1", (prefix,))
            return any(k.startswith(prefix) for (k,) in rows)
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        row = self._db.conn.execute("SELECT 1 FROM names WHERE key >= ? AND key < ? LIMIT 1", (prefix, upper))
        return row.fetchone() is not None

    def entries_of(self, entity: str) -> list[NameEntry]:
        """Every name of one entity."""
        return self._db.rows(_SELECT + " WHERE entity = ? ORDER BY entity, via, label", (entity,))

    @property
    def connection(self) -> sqlite3.Connection:
        """The index's SQLite connection, for tables derived from the names and kept beside
        them (the article firm resolver's, loaders/articles/firm_index.py)."""
        return self._db.conn

    def of_kind(self, kind: str) -> list[NameEntry]:
        """Every entry of one kind (a scan: the resolver needs all the firms)."""
        return self._db.rows(_SELECT + " WHERE kind = ? ORDER BY entity, via, label", (kind,))
