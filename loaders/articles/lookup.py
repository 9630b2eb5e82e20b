"""The names extraction asks for: held whole in memory, or asked of the store's index by the text.

One interface (`ArticleNames`), two implementations with the same answers in the same order:

- `WholeNames`: a `NameIndex` held whole (tests, the reference names, a benchmark's 100,000
  names); one gazetteer over every entry serves every text, built once.
- `StoreNames`: the name index on disk beside a store, plus the packaged reference names kept
  apart in memory. Nothing is read whole: the gazetteer of a text holds only the entries whose
  key is the key of one of its word-bounded spans, found through the key index, and the firms
  one of whose short forms is (tables derived once per state of the index, firm_index.py); an
  entity's names come from the entity index; the firm resolver reads the blocks of its own keys
  (firm_index.IndexedMatcher). Cost follows the text, not the store. Where the index file cannot
  be written the derived tables are not built: short forms are then found among the firm names
  starting with a span's words, and the resolver holds every firm in memory (slower, same answers).

Why the gazetteer of a text is the same: a name is found where its folded label equals the
folded text between two word boundaries; the comparison key of that label is then the key of
that span, and the key of every span starting at one place extends the key of a shorter one,
so spans are grown word by word while some key starts with theirs.
"""

from __future__ import annotations

import bisect
import sqlite3
import weakref
from collections.abc import Callable, Iterable
from typing import Protocol

from sanctiongraph.graph.names import NameEntry, NameIndex, name_key
from sanctiongraph.loaders.articles.mentions import Gazetteer, fold
from sanctiongraph.resolution.matcher import NameMatcher


class ArticleNames(Protocol):
    """What extraction asks of the names it resolves against."""

    def gazetteer(self, text: str) -> Gazetteer:
        """A gazetteer that finds in text exactly what one over every name would."""
        ...

    def entries_of(self, entity: str) -> list[NameEntry]:
        """Every name of an entity, in index order."""
        ...

    def lookup(self, text: str) -> list[NameEntry]:
        """Entries whose label has text's comparison key."""
        ...

    def firm_entries(self) -> list[NameEntry]:
        """Every firm name (the resolver's records), in index order."""
        ...

    def firm_matcher(self) -> NameMatcher:
        """The resolver for firm names the gazetteer does not know, over every firm name."""
        ...


def index_order(entries: Iterable[NameEntry]) -> list[NameEntry]:
    """Distinct entries in the order `NameIndex.entries` gives them (entity, via, label;
    SQLite's binary order on UTF-8 is Python's code point order)."""
    return sorted(dict.fromkeys(entries), key=lambda e: (str(e.entity), e.via, e.label))


class WholeNames:
    """A name index held whole: one gazetteer over every entry, built once per index."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index
        self._by_entity: dict[str, list[NameEntry]] | None = None

    def gazetteer(self, text: str) -> Gazetteer:
        return Gazetteer.from_names(self.index)

    def entries_of(self, entity: str) -> list[NameEntry]:
        if self._by_entity is None:  # one pass over entries held in memory anyway
            self._by_entity = {}
            for entry in self.index.entries:
                self._by_entity.setdefault(str(entry.entity), []).append(entry)
        return self._by_entity.get(entity, [])

    def lookup(self, text: str) -> list[NameEntry]:
        return self.index.lookup(text)

    def firm_entries(self) -> list[NameEntry]:
        return [e for e in self.index.entries if e.kind == "firm"]

    def firm_matcher(self) -> NameMatcher:
        return NameMatcher(self.firm_entries())


class StoreNames:
    """The store's name index asked per text, and the reference names beside it (never merged
    into one copy: that would read the whole index)."""

    def __init__(self, stored: NameIndex, reference: NameIndex) -> None:
        self.parts = (stored, reference)
        self._starts: dict[str, bool] = {}  # whether some key starts with this one (texts share words)
        self._of: dict[str, list[NameEntry]] = {}
        self._stats: str | None = None

    def gazetteer(self, text: str) -> Gazetteer:
        from sanctiongraph.loaders.articles import firm_index
        from sanctiongraph.loaders.articles.mentions import gazetteer_entries

        keys = span_keys(text, self._some_key_starts)
        found = [e for part in self.parts for e in part.with_keys(keys)]
        built = self._built()
        if built is not None:
            found += firm_index.with_short_forms(self.parts[0].connection, keys)
        else:  # every firm name that starts with a span's words may have it as its short form
            for key in sorted(keys):
                found += [e for part in self.parts for e in part.firm_names_extending(key)]
        return Gazetteer(gazetteer_entries(index_order(found)))

    def _built(self) -> str | None:
        """The derived tables' token counts (built once per state of the index), or None when
        the index file cannot be written and they are not there."""
        from sanctiongraph.loaders.articles import firm_index

        if self._stats is None:
            stored, reference = self.parts
            conn = stored.connection
            reference_firms = reference.of_kind("firm")
            wanted = firm_index.signature(conn, reference_firms)
            self._stats = firm_index.stored_stats(conn, wanted)
            if self._stats is None:
                try:
                    self._stats = firm_index.build(conn, wanted, self.firm_entries, reference_firms)
                except sqlite3.OperationalError:  # a read-only index: this process reads names whole
                    self._stats = ""
        return self._stats or None

    def _some_key_starts(self, prefix: str) -> bool:
        hit = self._starts.get(prefix)
        if hit is None:
            hit = self._starts[prefix] = any(part.has_key_starting(prefix) for part in self.parts)
        return hit

    def entries_of(self, entity: str) -> list[NameEntry]:
        found = self._of.get(entity)
        if found is None:
            found = self._of[entity] = index_order(e for part in self.parts for e in part.entries_of(entity))
        return found

    def lookup(self, text: str) -> list[NameEntry]:
        return index_order(e for part in self.parts for e in part.lookup(text))

    def firm_entries(self) -> list[NameEntry]:
        return index_order(e for part in self.parts for e in part.of_kind("firm"))

    def firm_matcher(self) -> NameMatcher:
        """The matcher's data kept in the index file (built there once per state of the index);
        held in memory when the file cannot be written."""
        from sanctiongraph.loaders.articles import firm_index

        stats = self._built()
        if stats is None:
            return NameMatcher(self.firm_entries())
        return firm_index.IndexedMatcher(self.parts[0].connection, stats)


def span_keys(text: str, some_key_starts: Callable[[str], bool]) -> set[str]:
    """Keys of the word-bounded spans of text that some name's key starts with.

    A span starts after a character that is no letter or digit and ends before one (the
    gazetteer's word boundaries, loosened: a superset is harmless, a missing span is not); from
    each start the span grows to each next end while some key starts with its key.
    """
    folded = fold(text)
    size = len(text)
    ends = [e for e in range(1, size + 1) if e == size or not text[e].isalnum()]
    found: set[str] = set()
    for start in range(size):
        if start and text[start - 1].isalnum():
            continue
        if not text[start].isalnum() and not name_key(text[start]):
            # A separator: the spans from the next character (a start too) have the same keys.
            continue
        for end in ends[bisect.bisect_right(ends, start) :]:
            key = name_key(folded[start:end])
            if not key:
                continue
            if not some_key_starts(key):
                break  # longer spans from here have keys starting with this one
            found.add(key)
    return found


_WHOLE: weakref.WeakKeyDictionary[NameIndex, WholeNames] = weakref.WeakKeyDictionary()


def article_names(names: NameIndex | ArticleNames) -> ArticleNames:
    """The names as extraction asks for them; a NameIndex is held whole (one wrapper per index,
    so its gazetteer and resolver are built once)."""
    if not isinstance(names, NameIndex):
        return names
    whole = _WHOLE.get(names)
    if whole is None:
        whole = _WHOLE[names] = WholeNames(names)
    return whole
