"""Resolving a name found in text against known entities, with the same scorer as record resolution.

For the article loader: build a NameMatcher once over ``NameIndex.entries`` (or call
``resolve_name(name, entries)`` for a one-off) and ask ``best(name, kind)`` per mention. It
returns the best NameEntry whose name scores at least the threshold, or None.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sanctiongraph.graph.names import NameEntry
from sanctiongraph.resolution.blocking import MAX_BLOCK, blocking_keys, word_keys
from sanctiongraph.resolution.normalize import EntityKind
from sanctiongraph.resolution.scoring import Record, Scorer, TokenStats, threshold_for

# NameIndex kinds -> the kind the scorer compares (agencies and governments are organisations).
_KINDS = {
    "firm": EntityKind.firm,
    "agency": EntityKind.firm,
    "government": EntityKind.firm,
    "person": EntityKind.person,
}
_ROUNDING = 1e-3  # the scorer rounds to 4 places; a margin ten times that costs nothing


@dataclass(frozen=True)
class NameMatch:
    """A candidate entity for a name, with the score and the name of it that matched."""

    entry: NameEntry
    score: float


class NameMatcher:
    """Blocking index plus scorer over NameIndex entries (one record per entry)."""

    def __init__(self, entries: Iterable[NameEntry], threshold: float | None = None) -> None:
        self.entries = [e for e in entries if e.kind in _KINDS]
        self.threshold = threshold
        self.records = [Record(str(e.entity), _KINDS[e.kind], (e.label,)) for e in self.entries]
        self.scorer = Scorer(TokenStats.from_records(self.records))
        self.blocks: dict[str, list[int]] = defaultdict(list)
        for position, record in enumerate(self.records):
            for key in _lookup_keys(record):
                self.blocks[key].append(position)

    def matches(self, name: str, kind: str | None = None) -> list[NameMatch]:
        """Entries scoring at least the threshold, best first (one per entity)."""
        best: dict[str, NameMatch] = {}
        queries: dict[EntityKind, Record] = {}  # one analysed query per kind, not one per candidate
        for position in self._candidates(name, kind):
            entry, record = self.entries[position], self.records[position]
            query = queries.setdefault(record.kind, Record("query", record.kind, (name,)))
            result = self.scorer.compare(query, record, self._floor(record.kind))
            score, threshold = result.score, result.threshold if self.threshold is None else self.threshold
            current = best.get(str(entry.entity))
            if score >= threshold and (current is None or _better(score, entry, current)):
                best[str(entry.entity)] = NameMatch(entry, score)
        return sorted(best.values(), key=lambda m: (-m.score, str(m.entry.entity)))

    def _floor(self, kind: EntityKind) -> float:
        """Under which a name score cannot reach the threshold (the scorer then skips its caps).
        The query carries no identifiers, countries or dates, so the pair's score is its name
        score rounded to 4 places: the floor sits a little under the threshold for that rounding."""
        threshold = self.threshold if self.threshold is not None else threshold_for(kind, kind)
        return threshold - _ROUNDING

    def best(self, name: str, kind: str | None = None) -> NameEntry | None:
        """The best entry for a name, or None when nothing scores at least the threshold."""
        found = self.matches(name, kind)
        return found[0].entry if found else None

    def _candidates(self, name: str, kind: str | None) -> set[int]:
        kinds = [_KINDS[kind]] if kind in _KINDS else [EntityKind.firm, EntityKind.person]
        positions: set[int] = set()
        for query_kind in kinds:
            for key in _lookup_keys(Record("query", query_kind, (name,))):
                block = self.blocks.get(key, [])
                if len(block) <= MAX_BLOCK * 10:  # a lookup can afford bigger blocks than a full run
                    positions.update(p for p in block if self.records[p].kind == query_kind)
        return positions


def _better(score: float, entry: NameEntry, current: NameMatch) -> bool:
    """Whether a name of an entity beats the best one found so far: a higher score, or the same
    score and first in index order (via, label), so the name cited never depends on the order
    candidates come in (positions differ between a whole build and an extended one)."""
    if score != current.score:
        return score > current.score
    return (entry.via, entry.label) < (current.entry.via, current.entry.label)


def _lookup_keys(record: Record) -> set[str]:
    """A lookup compares everything sharing a distinctive word: it is one name, not 100k."""
    pair_keys, _ = blocking_keys(record)
    return pair_keys | word_keys(record)


def resolve_name(
    name: str, candidates: Iterable[NameEntry], kind: str | None = None, threshold: float | None = None
) -> NameEntry | None:
    """One-off: the candidate entry that best matches name, or None. Build a NameMatcher to reuse."""
    return NameMatcher(candidates, threshold).best(name, kind)
