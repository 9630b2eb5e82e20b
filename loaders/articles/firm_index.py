"""The article firm resolver's blocks and token statistics, kept in the name index file.

`NameMatcher` over every firm name analyses each one (rigour) to count its words and file it
under its blocking keys: about a minute and 4 GB for a million firm names, in every `extract`
process. Here the same matcher's data are computed once per state of the index and stored
beside the names (tables `firm_resolver`, `firm_records`, `firm_blocks`, `firm_short_forms`,
created by `_create_tables` and nowhere else); a lookup then reads the blocks of its own keys and
the few records in them. The keys of the firms' short forms ("Xiaomi" for "Xiaomi Corporation")
are kept too, so an article's gazetteer asks for the firms its words are short forms of, not for
every firm whose name starts with one of its words. `IndexedMatcher` is a `NameMatcher` whose
records, blocks and statistics are read from those tables, so its candidates, scores and ties are
the matcher's own by construction.

The signature a build is kept under names what it was computed from: the graphs of firm names the index holds,
the reference firm names beside them, the code of the resolver, the gazetteer and name_key, and
the versions of rigour, wordfreq and normality (a change to any changes keys, short forms or
scores, so the tables are rebuilt); a firm's row deleted from the names drops the build (a trigger), for
a graph re-indexed in place keeps its name.

A load only adds graphs, so a build is extended rather than redone when all that changed is
graphs added (`_extend`): their firm names not held yet are appended, with their blocks and short
forms, and their words and initials are added to the full counts kept beside the build
(`firm_token_counts`, `firm_expansions`), from which the statistics are written as a whole build
writes them. The first `extract` after loading a list into a store of a million firm names then
costs what the list holds, not the store (a rebuild took 100 s and 1.7 GB there). Positions differ
from a whole build's (appended, not in index order); nothing read from the tables depends on them:
blocks are sets of candidates, short forms are read back in index order, and the matcher breaks a
tie between names of one entity by index order, not by position.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Collection, Iterator, Sequence
from importlib.metadata import version
from pathlib import Path

from rdflib import URIRef

from sanctiongraph.graph import names
from sanctiongraph.graph.names import NameEntry, name_key
from sanctiongraph.loaders.articles import mentions
from sanctiongraph.loaders.articles.mentions import SHORT_FORM_VIAS, rejection, short_forms
from sanctiongraph.resolution import blocking, compare, matcher, normalize, scoring
from sanctiongraph.resolution.blocking import MAX_BLOCK
from sanctiongraph.resolution.matcher import NameMatcher, _lookup_keys  # the matcher's own keys
from sanctiongraph.resolution.normalize import EntityKind
from sanctiongraph.resolution.scoring import COMMON_TOKEN_FLOOR, Record, Scorer, TokenStats, stats_json

_BATCH = 50_000
_TOO_BIG = MAX_BLOCK * 10 + 1  # NameMatcher skips a block longer than MAX_BLOCK * 10: reading one more says so


def _create_tables(conn: sqlite3.Connection) -> None:
    """The resolver's tables (kept apart from the name index's own schema, which graph/names.py owns).

    Any row deleted from the names (a graph forgotten, or re-indexed in place under the same IRI,
    which leaves the list of graphs as it was) empties `firm_resolver`, so the next lookup builds
    again: deletes are rare and a trigger per deleted row costs little beside the FTS one.
    """
    conn.execute("DROP TRIGGER IF EXISTS firm_resolver_stale")
    for table in ("firm_resolver", "firm_records", "firm_blocks", "firm_short_forms", "firm_token_counts"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute("DROP TABLE IF EXISTS firm_expansions")
    # base: the signature less the graphs; graphs: the graphs of firm names the build holds (JSON).
    conn.execute(
        "CREATE TABLE firm_resolver (signature TEXT NOT NULL, stats TEXT NOT NULL, base TEXT NOT NULL,"
        " graphs TEXT NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE firm_records (position INTEGER PRIMARY KEY, entity TEXT NOT NULL, kind TEXT NOT NULL,"
        " label TEXT NOT NULL, via TEXT NOT NULL)"
    )
    conn.execute("CREATE TABLE firm_blocks (key TEXT NOT NULL, position INTEGER NOT NULL)")
    conn.execute("CREATE TABLE firm_short_forms (key TEXT NOT NULL, position INTEGER NOT NULL)")
    # The whole counts an extension adds to (the statistics keep only the common words).
    conn.execute("CREATE TABLE firm_token_counts (token TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
    conn.execute(
        "CREATE TABLE firm_expansions (initials TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (initials, name))"
        " WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TRIGGER firm_resolver_stale AFTER DELETE ON names WHEN old.kind = 'firm' "
        "BEGIN DELETE FROM firm_resolver; END"
    )


def signature(conn: sqlite3.Connection, reference: Sequence[NameEntry]) -> str:
    """What a build depends on: the indexed graphs that hold firm names (a graph of people's
    names only, such as an article's speakers, changes nothing the tables hold), reference firm
    names, resolver code, rigour."""
    return _signature(_base(reference), _firm_graphs(conn))


def _base(reference: Sequence[NameEntry]) -> str:
    """The signature less the graphs: what an extension must find unchanged."""
    digest = hashlib.sha256(f"{version('rigour')} {version('wordfreq')} {version('normality')}".encode())
    for module in (blocking, compare, matcher, normalize, scoring, mentions, names):  # names: name_key
        digest.update(Path(module.__file__ or "").read_bytes())
    for entry in reference:
        digest.update(f"r {entry.entity} {entry.kind} {entry.via} {entry.label}\n".encode())
    return digest.hexdigest()


def _firm_graphs(conn: sqlite3.Connection) -> list[str]:
    return [graph for (graph,) in conn.execute("SELECT graph FROM graphs WHERE firms > 0 ORDER BY graph")]


def _signature(base: str, graphs: Sequence[str]) -> str:
    digest = hashlib.sha256(base.encode())
    for graph in graphs:
        digest.update(f"g {graph}\n".encode())
    return digest.hexdigest()


def stored_stats(conn: sqlite3.Connection, wanted: str) -> str | None:
    """The statistics of the build kept under this signature, or None (no build, or a stale one)."""
    try:
        row = conn.execute("SELECT signature, stats FROM firm_resolver").fetchone()
    except sqlite3.OperationalError:  # no table yet
        return None
    return row[1] if row is not None and row[0] == wanted else None


def build(
    conn: sqlite3.Connection,
    wanted: str,
    firms: Callable[[], list[NameEntry]],
    reference: Sequence[NameEntry] = (),
) -> str:
    """Compute and store the matcher's records, blocks and statistics in one transaction:
    by extending the stored build with the graphs added since, when that is all that changed.
    reference: the reference firm names signature() was given."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        stats = stored_stats(conn, wanted)  # another process may have built it while we waited
        if stats is None:
            base, graphs = _base(reference), _firm_graphs(conn)
            if _signature(base, graphs) != wanted:  # a caller's own signature: no extension
                base = ""
            stats = _extend(conn, base, graphs) if base else None
            if stats is None:
                _create_tables(conn)
                _fill(conn, firms(), 0)
                stats = _stats(conn)
            conn.execute("DELETE FROM firm_resolver")
            conn.execute(
                "INSERT INTO firm_resolver(signature, stats, base, graphs) VALUES (?, ?, ?, ?)",
                (wanted, stats, base, json.dumps(graphs)),
            )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return stats


def _extend(conn: sqlite3.Connection, base: str, graphs: list[str]) -> str | None:
    """The stored build extended by the firm names of graphs added since it was made; None when
    anything else changed (no build, another base, a graph gone): then it is built whole."""
    try:
        row = conn.execute("SELECT base, graphs FROM firm_resolver").fetchone()
    except sqlite3.OperationalError:  # no table, or one made before extensions
        return None
    if row is None or row[0] != base:
        return None
    held = set(json.loads(row[1]))
    added = [g for g in graphs if g not in held]
    if not held <= set(graphs) or not added:
        return None
    rows: set[tuple[str, str, str, str]] = set()
    for start in range(0, len(added), 500):  # SQLite caps the parameters of one statement
        batch = added[start : start + 500]
        rows.update(
            conn.execute(
                "SELECT n.entity, n.kind, n.label, n.via FROM names n JOIN graphs g ON n.graph = g.id"
                f" WHERE n.kind = 'firm' AND g.graph IN ({', '.join('?' * len(batch))})",
                batch,
            )
        )

    def is_held(entity: str, kind: str, label: str, via: str) -> bool:
        found = conn.execute(
            "SELECT 1 FROM firm_records WHERE entity = ? AND label = ? AND via = ? AND kind = ?",
            (entity, label, via, kind),
        )
        return found.fetchone() is not None

    # An entry another graph brought already is held once, as a whole build holds it.
    new = [NameEntry(URIRef(e), kind, label, via) for e, kind, label, via in rows if not is_held(e, kind, label, via)]
    first = conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM firm_records").fetchone()[0]
    _fill(conn, sorted(new, key=lambda e: (str(e.entity), e.via, e.label)), first)
    return _stats(conn)


def _fill(conn: sqlite3.Connection, entries: list[NameEntry], first: int) -> None:
    """Records one at a time (none kept: a million analysed names do not fit in memory twice),
    at positions from first on; their words and initials added to the whole counts."""
    conn.executemany(
        "INSERT INTO firm_records(position, entity, kind, label, via) VALUES (?, ?, ?, ?, ?)",
        ((first + p, str(e.entity), e.kind, e.label, e.via) for p, e in enumerate(entries)),
    )
    blocks: list[tuple[str, int]] = []

    def records() -> Iterator[Record]:
        for position, entry in enumerate(entries, first):
            record = Record(str(entry.entity), EntityKind.firm, (entry.label,))
            blocks.extend((key, position) for key in _lookup_keys(record))
            if len(blocks) >= _BATCH:
                conn.executemany("INSERT INTO firm_blocks(key, position) VALUES (?, ?)", blocks)
                blocks.clear()
            yield record

    counted = TokenStats.from_records(records())
    conn.executemany("INSERT INTO firm_blocks(key, position) VALUES (?, ?)", blocks)
    conn.executemany(
        "INSERT INTO firm_token_counts(token, n) VALUES (?, ?) ON CONFLICT(token) DO UPDATE SET n = n + excluded.n",
        counted.counts.items(),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO firm_expansions(initials, name) VALUES (?, ?)",
        ((initials, name) for initials, spelt in counted.expansions.items() for name in spelt),
    )
    conn.executemany("INSERT INTO firm_short_forms(key, position) VALUES (?, ?)", _short_form_keys(entries, first))
    for index in (
        "firm_blocks_key ON firm_blocks(key, position)",
        "firm_short_forms_key ON firm_short_forms(key)",
        "firm_records_entry ON firm_records(entity, label, via)",  # what _extend finds held
    ):
        conn.execute(f"CREATE INDEX IF NOT EXISTS {index}")


def _stats(conn: sqlite3.Connection) -> str:
    """The statistics the matcher weighs words by, from the whole counts (TokenStats.to_json's text)."""
    counts = dict(conn.execute("SELECT token, n FROM firm_token_counts WHERE n > ?", (COMMON_TOKEN_FLOOR,)))
    ambiguous: dict[str, list[str]] = {}
    rows = conn.execute(
        "SELECT initials, name FROM firm_expansions WHERE initials IN"
        " (SELECT initials FROM firm_expansions GROUP BY initials HAVING COUNT(*) > 1)"
    )
    for initials, name in rows:
        ambiguous.setdefault(initials, []).append(name)
    return stats_json(counts, ambiguous)


def _short_form_keys(entries: list[NameEntry], first: int) -> Iterator[tuple[str, int]]:
    """The key of each short form the gazetteer makes of a firm name (mentions.gazetteer_entries'
    rule: a name, alias or previous name that hygiene keeps), by the name's position."""
    for position, entry in enumerate(entries, first):
        if entry.via in SHORT_FORM_VIAS and rejection(entry.label, entry.kind, entry.via) is None:
            for key in dict.fromkeys(name_key(short) for short in short_forms(entry.label)):
                if key:
                    yield key, position


def with_short_forms(conn: sqlite3.Connection, keys: Collection[str]) -> list[NameEntry]:
    """Firm names one of whose short forms has one of keys (read from the build)."""
    ordered = sorted(keys)
    found: list[NameEntry] = []
    for start in range(0, len(ordered), 500):
        batch = ordered[start : start + 500]
        rows = conn.execute(
            "SELECT DISTINCT r.entity, r.kind, r.label, r.via FROM firm_short_forms s JOIN firm_records r"
            f" ON r.position = s.position WHERE s.key IN ({', '.join('?' * len(batch))})",
            tuple(batch),
        )
        found += [NameEntry(URIRef(e), kind, label, via) for e, kind, label, via in rows]
    return found


class _Blocks:
    """Positions filed under a key, in position order, as NameMatcher.blocks gives them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def get(self, key: str, default: list[int]) -> list[int]:
        rows = self._conn.execute(
            "SELECT position FROM firm_blocks WHERE key = ? ORDER BY position LIMIT ?", (key, _TOO_BIG)
        ).fetchall()
        return [p for (p,) in rows] if rows else default


class _Entries:
    """Firm entries by position, read when a block names them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._read: dict[int, NameEntry] = {}

    def __getitem__(self, position: int) -> NameEntry:
        entry = self._read.get(position)
        if entry is None:
            entity, kind, label, via = self._conn.execute(
                "SELECT entity, kind, label, via FROM firm_records WHERE position = ?", (position,)
            ).fetchone()
            entry = self._read[position] = NameEntry(URIRef(entity), kind, label, via)
        return entry


class _Records:
    """The matcher's record of each entry, analysed when first compared."""

    def __init__(self, entries: _Entries) -> None:
        self._entries = entries
        self._made: dict[int, Record] = {}

    def __getitem__(self, position: int) -> Record:
        record = self._made.get(position)
        if record is None:
            entry = self._entries[position]
            record = self._made[position] = Record(str(entry.entity), EntityKind.firm, (entry.label,))
        return record


class IndexedMatcher(NameMatcher):
    """NameMatcher over firm names whose records, blocks and token statistics live in SQLite."""

    def __init__(self, conn: sqlite3.Connection, stats: str) -> None:  # no super(): nothing is built
        self.threshold = None
        self.scorer = Scorer(TokenStats.from_json(stats))
        entries = _Entries(conn)
        self.entries = entries  # type: ignore[assignment]  # read by position, as the list is
        self.records = _Records(entries)  # type: ignore[assignment]
        self.blocks = _Blocks(conn)  # type: ignore[assignment]
