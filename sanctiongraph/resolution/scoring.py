"""Pair scoring: names weighted by role and rarity, strong identifiers, country and birth dates.

Every name token weighs by its role (distinctive word, noise word such as "Group" or "Technology",
legal form, stop word) times its rarity in the records being resolved, so generic words cannot
carry a match on their own: "China Mobile Communications Group" and "China Telecommunications
Corp." share only noise and score low. Identifiers decide where names cannot: an agreeing LEI
(or IMO, registration, tax, passport number, ISIN) lifts a pair to a match, a conflicting one
vetoes it. Hand-written on top of rigour's analysis and rapidfuzz's distances because the
weighting and the evidence rules are ours; the string work stays in those libraries.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rigour.addresses import compare_address

from sanctiongraph.resolution.compare import MIN_ACRONYM, NameScore, initials, is_acronym_of, name_score
from sanctiongraph.resolution.normalize import (
    CONFIRM_ONLY_SCHEMES,
    CORE,
    GENERIC,
    LEGAL,
    VETO_SCHEMES,
    EntityKind,
    NameForm,
    Token,
    could_match,
    name_form,
)

METHOD = "sanctiongraph-matcher/1"
MATCH_THRESHOLD = 0.7  # persons, vessels and mixed pairs; what nomenklatura's own harness uses
# Firms: chosen on one half of the labelled company pairs and checked on the other
# (`python benchmarks/bench_matching.py`, "threshold" table). It does not apply when one name
# is the other plus more words (the subsidiary pattern): those pairs keep MATCH_THRESHOLD.
FIRM_THRESHOLD = 0.65
ROLE_WEIGHTS = {CORE: 1.0, GENERIC: 0.45, LEGAL: 0.1}
STOP_WEIGHT = 0.1
# Words in more records than this weigh less. People's names come from a small pool (Muhammad,
# Ali, Wang) and two strangers share words often; firms' noise words are already roles, and a
# strong discount let misspellings outweigh common words on the company sets.
COMMON_TOKEN_RECORDS = {EntityKind.person: 200}
COMMON_TOKEN_RECORDS_DEFAULT = 2000
COMMON_TOKEN_FLOOR = min([*COMMON_TOKEN_RECORDS.values(), COMMON_TOKEN_RECORDS_DEFAULT])  # fewer weigh fully
MAX_NAME_PAIRS = 8
SURE_NAME_SCORE = 0.99
ADDRESSES_APART = 0.25  # "Langfang, Hebei" / a Shenzhen address: 0.23; "Beijing" / a Beijing street: 0.28
MAX_ADDRESSES = 5
AMBIGUOUS_ACRONYM_SCORE = 0.5  # worth a review, never a merge
ID_AGREE_SCORE = 0.95
ID_CONFLICT_CAP = 0.2
FIRM_COUNTRIES_DIFFER_CAP = 0.6  # for review, never merged by the scorer


@dataclass(frozen=True)
class Record:
    """One source record to resolve: its IRI, kind, names and the evidence beside the names."""

    iri: str
    kind: EntityKind
    names: tuple[str, ...]
    identifiers: dict[str, frozenset[str]] = field(default_factory=dict)
    countries: frozenset[str] = frozenset()
    birth_dates: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()
    # "<authority>:<id>" where the publisher's ID names one entity (an OFAC ent_num): two
    # records with the same authority and different IDs are two entities by its own word.
    authority: str | None = None

    @cached_property
    def forms(self) -> tuple[NameForm, ...]:
        found = (name_form(n, self.kind) for n in dict.fromkeys(self.names))
        return tuple(f for f in found if f is not None)


def stats_json(counts: dict[str, int], ambiguous: dict[str, Iterable[str]]) -> str:
    """TokenStats.to_json's text from the counts above COMMON_TOKEN_FLOOR and the acronyms several
    names spell: one writer, so stats kept apart (the firm resolver's tables) give the same text."""
    acronyms = {a: sorted(names)[:2] for a, names in ambiguous.items()}
    return json.dumps({"counts": counts, "acronyms": acronyms}, sort_keys=True)


class TokenStats:
    """How many records use each token: a word in thousands of names weighs less."""

    def __init__(self, counts: Counter[str] | None = None, expansions: dict[str, set[str]] | None = None) -> None:
        self.counts = counts or Counter()
        self.expansions = expansions or {}  # initials -> the distinct long names spelling them

    @classmethod
    def from_records(cls, records: Iterable[Record]) -> TokenStats:
        stats = cls()
        for record in records:
            stats.add(record)
        return stats

    def add(self, record: Record) -> None:
        """Count one more record's words and the long names its initials spell."""
        self.counts.update({t.text for f in record.forms for t in f.tokens})
        for form in record.forms:
            if len(form.tokens) >= MIN_ACRONYM:
                self.expansions.setdefault(initials(form), set()).add(" ".join(t.text for t in form.tokens))

    def to_json(self) -> str:
        """What a later explanation needs to weigh words as this run did: the counts of words
        common enough to weigh less, and acronyms several names spell (two of them)."""
        counts = {t: n for t, n in self.counts.items() if n > COMMON_TOKEN_FLOOR}
        ambiguous = {a: names for a, names in self.expansions.items() if len(names) > 1}
        return stats_json(counts, ambiguous)

    @classmethod
    def from_json(cls, text: str) -> TokenStats:
        data = json.loads(text)
        return cls(Counter(data["counts"]), {a: set(names) for a, names in data["acronyms"].items()})

    def ambiguous_acronym(self, acronym: str) -> bool:
        """Whether the initials of several different names spell this acronym ("MSC": Mehran,
        Mersad and Mighat Shipping Company): then it names none of them for sure."""
        return len(self.expansions.get(acronym, ())) > 1

    def rarity(self, text: str, kind: EntityKind = EntityKind.firm) -> float:
        seen = self.counts.get(text, 0)
        common = COMMON_TOKEN_RECORDS.get(kind, COMMON_TOKEN_RECORDS_DEFAULT)
        if seen <= common:
            return 1.0
        return 1.0 / (1.0 + math.log(seen / common))


def threshold_for(left: EntityKind, right: EntityKind) -> float:
    """Score at or above which a pair of these kinds is the same entity."""
    return FIRM_THRESHOLD if left is right is EntityKind.firm else MATCH_THRESHOLD


@dataclass
class MatchResult:
    """A scored pair with the features that decided it, in the order they were applied, and
    the threshold for its kinds."""

    score: float
    features: dict[str, str]
    threshold: float = MATCH_THRESHOLD

    def feature_strings(self) -> list[str]:
        return [f"{k}={v}" for k, v in self.features.items()]


class Scorer:
    """Scores pairs of records; token rarity comes from the records being resolved."""

    method = METHOD

    def __init__(self, stats: TokenStats | None = None) -> None:
        self.stats = stats or TokenStats()

    def weight(self, token: Token, kind: EntityKind = EntityKind.firm) -> float:
        return ROLE_WEIGHTS.get(token.role, STOP_WEIGHT) * self.stats.rarity(token.text, kind)

    def name_similarity(self, left: NameForm, right: NameForm, floor: float = 0.0) -> NameScore:
        """Similarity of two names (0..1), tokens weighted by role and rarity (0.0 for a pair
        under floor: see name_score)."""
        for short, long in ((left, right), (right, left)):
            if is_acronym_of(short, long) and self.stats.ambiguous_acronym(short.tokens[0].text):
                return NameScore(AMBIGUOUS_ACRONYM_SCORE)
        return name_score(left, right, self._weights(left), self._weights(right), floor)

    def _weights(self, form: NameForm) -> list[float]:
        return [self.weight(t, form.kind) for t in form.tokens]

    def best_names(self, left: Record, right: Record, floor: float = 0.0) -> tuple[NameScore, str, str]:
        """The most alike pair of names (at equal scores, one without the subsidiary pattern)."""
        best = (NameScore(0.0), "", "")
        for a, b in _name_pairs(left.forms, right.forms):
            found = self.name_similarity(a, b, floor)
            if (found.score, not found.subsidiary) > (best[0].score, not best[0].subsidiary):
                best = (found, a.original, b.original)
                if found.score >= SURE_NAME_SCORE and not found.subsidiary:
                    break  # the same name: no other pair can say more (pairs come most alike first)
        return best

    def compare(self, left: Record, right: Record, floor: float = 0.0) -> MatchResult:
        """Score one pair; the features say which evidence moved the score.

        floor: names scoring under it count as 0.0 (cheaper). Only for a caller that keeps scores
        at or above floor, comparing records without identifiers (an agreeing identifier lifts
        any name score); the default scores every pair exactly."""
        features: dict[str, str] = {}
        if not _kinds_compatible(left.kind, right.kind):
            features["kind"] = f"conflict ({left.kind.value} / {right.kind.value})"
            return MatchResult(0.0, features, threshold_for(left.kind, right.kind))
        if _authorities_differ(left, right):
            features["authority"] = f"conflict ({left.authority} / {right.authority})"
            return MatchResult(0.0, features, threshold_for(left.kind, right.kind))
        names, left_name, right_name = self.best_names(left, right, floor)
        score = names.score
        features["name"] = f"{score:.2f}"
        if left_name:
            features["names"] = f"{left_name} ~ {right_name}"
        threshold = threshold_for(left.kind, right.kind)
        if names.subsidiary and threshold < MATCH_THRESHOLD:
            features["subsidiary"] = f"one name is the other plus more words: threshold {MATCH_THRESHOLD}"
            threshold = MATCH_THRESHOLD
        score = _apply_identifiers(score, left, right, features)
        score = _apply_countries(score, left, right, features)
        score = _apply_birth_dates(score, left, right, features)
        if threshold <= score < MATCH_THRESHOLD and _addresses_apart(left, right):
            # "Huawei Cloud Guangzhou" / "Huawei Cloud Guiyang": branches elsewhere, not spellings.
            features["address"] = f"apart (rigour address similarity < {ADDRESSES_APART}): threshold {MATCH_THRESHOLD}"
            threshold = MATCH_THRESHOLD
        return MatchResult(round(min(max(score, 0.0), 1.0), 4), features, threshold)


def _name_pairs(left: tuple[NameForm, ...], right: tuple[NameForm, ...]) -> list[tuple[NameForm, NameForm]]:
    """The pairs of names worth scoring: those sharing evidence, and of records with many aliases
    only the MAX_NAME_PAIRS sharing the most (an alias list of twenty against one of twenty is
    four hundred comparisons, nearly all of them between unrelated spellings)."""
    pairs = [(a, b) for a in left for b in right if could_match(a, b)]
    if len(pairs) == 1:
        return pairs
    return sorted(pairs, key=lambda p: -_overlap(p[0], p[1]))[:MAX_NAME_PAIRS]


def _overlap(left: NameForm, right: NameForm) -> float:
    shared = len(left.evidence & right.evidence)
    return shared / (len(left.evidence) + len(right.evidence) - shared)


def _addresses_apart(left: Record, right: Record) -> bool:
    """Both records give addresses and no two of them look like one place (rigour's address
    comparison: numbers, keywords, territories and free text aligned)."""
    if not left.addresses or not right.addresses:
        return False
    pairs = [(a, b) for a in sorted(left.addresses)[:MAX_ADDRESSES] for b in sorted(right.addresses)[:MAX_ADDRESSES]]
    return max(compare_address(a, b) for a, b in pairs) < ADDRESSES_APART


def _authorities_differ(left: Record, right: Record) -> bool:
    if left.authority is None or right.authority is None or left.authority == right.authority:
        return False
    return left.authority.rsplit(":", 1)[0] == right.authority.rsplit(":", 1)[0]


def _kinds_compatible(left: EntityKind, right: EntityKind) -> bool:
    if EntityKind.other in (left, right):
        return True
    return left == right


def _apply_identifiers(score: float, left: Record, right: Record, features: dict[str, str]) -> float:
    agree, conflict = False, False
    for scheme in sorted(set(left.identifiers) & set(right.identifiers)):
        if left.identifiers[scheme] & right.identifiers[scheme]:
            features[scheme] = "agree"
            agree = True
        elif scheme in VETO_SCHEMES:
            features[scheme] = "conflict"
            conflict = True
        elif scheme in CONFIRM_ONLY_SCHEMES:
            features[scheme] = "differ (not evidence)"
    if conflict:
        return min(score, ID_CONFLICT_CAP)
    if agree:
        return max(score, ID_AGREE_SCORE)
    return score


def _apply_countries(score: float, left: Record, right: Record, features: dict[str, str]) -> float:
    if not left.countries or not right.countries:
        return score
    if left.countries & right.countries:
        features["country"] = "agree"  # recorded, not scored: siblings share a country too
        return score
    features["country"] = "differ"
    if left.kind is right.kind is EntityKind.firm and "agree" not in features.values():
        # "Huawei Tech Investment" in Qatar, Jordan and Indonesia: a firm has one seat, so one
        # name in two countries is two legal persons (branches, regional affiliates)
        return min(score * 0.85, FIRM_COUNTRIES_DIFFER_CAP)
    return score * 0.85


def _apply_birth_dates(score: float, left: Record, right: Record, features: dict[str, str]) -> float:
    if not left.birth_dates or not right.birth_dates:
        return score
    if any(a.startswith(b) or b.startswith(a) for a in left.birth_dates for b in right.birth_dates):
        features["birth_date"] = "agree"
        return score + 0.05
    features["birth_date"] = "differ"
    return score * 0.6
