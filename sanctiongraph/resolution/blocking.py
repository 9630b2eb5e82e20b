"""Candidate generation: only records that could match are ever compared.

A name with several distinctive words is filed under each pair of them (as written and as they
sound, so "Tayota Motor" meets "Toyota Motor"); a name with one distinctive word is filed under
that word as an *anchor*, and word blocks only pair anchors with the others. Two names sharing
one word out of several ("Zhonghua Taibo" / "Zhonghua Kardan") never meet, which keeps 100k
records to a few candidates each. Identifiers are keys too, and identifier blocks are always
compared in full.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import combinations

from sanctiongraph.resolution.compare import MIN_ACRONYM, initials
from sanctiongraph.resolution.normalize import CORE, GENERIC, EntityKind, NameForm, Token
from sanctiongraph.resolution.scoring import Record

MAX_BLOCK = 100  # a pair key shared by more records than this is too common to say anything
MAX_PREFIX_BLOCK = 25  # the looser word-and-prefix keys must be rarer still
MAX_ANCHOR_PAIRS = 5_000  # a word block may propose at most this many anchor pairs
MAX_WORDS = 8  # pair keys from the first words of very long names only
MIN_KEY_LENGTH = 2
WINDOW = 5
PREFIX = 3


def _words(form: NameForm) -> list[Token]:
    words = [t for t in form.tokens if t.role == CORE] or [t for t in form.tokens if t.role == GENERIC]
    return [t for t in words if len(t.text) >= MIN_KEY_LENGTH][:MAX_WORDS]


def blocking_keys(record: Record) -> tuple[set[str], set[str]]:
    """(pair keys, anchor word keys) a record is filed under."""
    pair_keys: set[str] = set()
    anchor_keys: set[str] = set()
    for form in record.forms:
        words = _words(form)
        if len(words) == 1:
            anchor_keys.update(_word_keys(words[0]))
        for a, b in combinations(words, 2):
            pair_keys.add("p:" + " ".join(sorted((a.text, b.text))))
            pair_keys.add("s:" + " ".join(sorted((_sound(a), _sound(b)))))
            # one word exact, the other by its first letters: a typo in one of them still meets
            pair_keys.add(f"x:{a.text} {b.text[:PREFIX]}")
            pair_keys.add(f"x:{b.text} {a.text[:PREFIX]}")
        joined = form.key.replace(" ", "")
        if joined:
            pair_keys.add(f"j:{joined}")
    for scheme, values in record.identifiers.items():
        pair_keys.update(f"id:{scheme}:{value}" for value in values)
    return pair_keys, anchor_keys


def _word_keys(token: Token) -> set[str]:
    return {f"w:{token.text}", f"m:{_sound(token)}"} if token.phonetic else {f"w:{token.text}"}


def _sound(token: Token) -> str:
    """A word's sound and first letter: metaphone alone files "Huawei" with "Hawaii" and most
    short words with dozens of others (measured on the real lists: 0.3-0.6 % of pairs that
    only a sound proposed scored 0.5 or more); spellings of one word keep their first letter."""
    return f"{token.phonetic or token.text}{token.text[:1]}"


def word_keys(record: Record) -> set[str]:
    """Every distinctive word of every name, as written and as it sounds, and the initials of
    long names (so "PLA" meets "People's Liberation Army"): where anchors look."""
    keys = {key for form in record.forms for t in _words(form) for key in _word_keys(t)}
    keys.update(f"w:{initials(form)}" for form in record.forms if len(form.tokens) >= MIN_ACRONYM)
    return keys


def _kind_groups(kind: EntityKind) -> tuple[str, ...]:
    """Blocks are kept per kind, so a firm never meets a person (the scorer would say 0 anyway);
    a record of unknown kind meets all."""
    if kind is EntityKind.other:
        return tuple(f"{k.value}|" for k in EntityKind if k is not EntityKind.other)
    return (f"{kind.value}|",)


def _bare(key: str) -> str:
    return key.split("|", 1)[1]


class BlockingIndex:
    """Inverted indexes from blocking keys to record positions."""

    def __init__(self, records: Sequence[Record], max_block: int = MAX_BLOCK) -> None:
        self.records = records
        self.max_block = max_block
        self.pair_blocks: dict[str, list[int]] = defaultdict(list)
        self.anchors: dict[str, list[int]] = defaultdict(list)
        self.words: dict[str, list[int]] = defaultdict(list)
        for position, record in enumerate(records):
            pair_keys, anchor_keys = blocking_keys(record)
            for group in _kind_groups(record.kind):
                for key in pair_keys:
                    self.pair_blocks[group + key].append(position)
                for key in anchor_keys:
                    self.anchors[group + key].append(position)
                for key in word_keys(record):
                    self.words[group + key].append(position)
        self.windowed_keys = 0
        self.skipped_keys = 0

    def _limit(self, key: str) -> float:
        if _bare(key).startswith("id:"):
            return float("inf")
        return MAX_PREFIX_BLOCK if _bare(key).startswith("x:") else self.max_block

    def _neighbours(self, positions: list[int]) -> Iterator[tuple[int, int]]:
        """Sorted neighbourhood for a block too big to compare in full: each record meets the
        WINDOW records whose names sort next to its own."""
        ordered = sorted(positions, key=lambda p: self._sort_key(p))
        for n, left in enumerate(ordered):
            for right in ordered[n + 1 : n + 1 + WINDOW]:
                yield (left, right) if left < right else (right, left)

    def _sort_key(self, position: int) -> str:
        forms = self.records[position].forms
        return forms[0].key if forms else ""

    def candidate_pairs(self) -> Iterator[tuple[int, int]]:
        """Each candidate pair of record positions once, lower position first."""
        seen: set[tuple[int, int]] = set()
        for pair in self._pairs():
            if pair not in seen:
                seen.add(pair)
                yield pair

    def _pairs(self) -> Iterator[tuple[int, int]]:
        for key, positions in self.pair_blocks.items():
            if len(positions) <= self._limit(key):
                yield from combinations(positions, 2)
                continue
            if _bare(key).startswith("x:"):  # too loose to window: skipped, and counted
                self.skipped_keys += 1
                continue
            self.windowed_keys += 1
            yield from self._neighbours(positions)
        for key, anchors in self.anchors.items():
            others = self.words.get(key, [])
            if len(anchors) * len(others) > MAX_ANCHOR_PAIRS:
                self.skipped_keys += 1
                continue
            for anchor in anchors:
                for other in others:
                    if anchor != other:
                        yield (anchor, other) if anchor < other else (other, anchor)
