"""Comparing two analysed names: align their tokens, then weigh what aligned against what did not.

Alignment has two passes. Tokens that are the same word, or that rigour tagged with the same
symbol (Corp / Corporation, 1st / First, Ted / Theodore), pair up first; the residue goes to
rigour's ``compare_parts``, which scores typos, transliteration drift and words written
together or apart ("Goodwill" / "Good Will") within an edit budget. The weighing is ours.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz
from rigour.names import Alignment, NamePart, compare_parts

from sanctiongraph.resolution.normalize import (
    CORE,
    GENERIC,
    LEGAL,
    STOP,
    EntityKind,
    NameForm,
    Token,
    bracketed_words,
    is_place,
)

SYMBOL_SIMILARITY = 0.95
FIELD_SIMILARITY = 0.8
CONTAINED_EXTRA_WEIGHT = 0.4  # extra words on one side only ("Xiaomi" / "Xiaomi Corp") cost less
NO_DISTINCTIVE_CAP = 0.4  # the most a pair sharing only noise words can score
NUMBER_CONFLICT_FACTOR = 0.5  # "14th Institute" / "15th Institute" (not vessels: their IMO numbers decide)
LEGAL_FORM_CONFLICT_FACTOR = 0.85  # "Deutsche Bank AG" / "Deutsche Bank GmbH": related, rarely the same
UNMATCHED_FIELD_FACTOR = 2.5  # a noise word (not Corp) left unmatched weighs about a distinctive word
PERSON_SUBSTITUTION_FACTOR = 0.8  # measured: helps on person names, hurts on firm names
COMPANY_WORDS = frozenset({"SYMBOL:CO", "SYMBOL:CORP"})  # as good as a legal form when left over
ACRONYM_LENGTH = 6
MIN_ACRONYM = 3
ACRONYM_SCORE = 0.8
SUBSIDIARY_FACTOR = 0.85  # "SMIC" / "SMIC (Beijing)": the longer name is usually a subsidiary
FUZZY_EXPONENT = 0.75  # compare_parts is strict on short words; soften its similarity a little
DISTINCTIVE_SIMILARITY = 0.5
MIN_ABBREVIATION = 3
MIN_UNMARKED_ABBREVIATION = 6  # "Koninkl", not "Sino" / "Sinopec"
UNMARKED_SHARE = 0.6
PLACE_CAP = 0.55
# Each name keeps a distinctive word the other lacks ("Hangzhou Hikvision Digital Technology" /
# "Hangzhou Huawei Digital Technology"): two firms, whatever else they share. Below the review
# floor: nothing for a person to look at.
DIFFERENT_FIRM_CAP = 0.45
# Each keeps a word naming a line of business or a place ("Huawei Technologies" / "Huawei
# Investment & Holding", "Huawei Cloud Guiyang" / "Huawei Cloud Shenzhen"): members of one group,
# each its own legal person. Kept for review, never merged by the scorer.
GROUP_MEMBER_CAP = 0.5
MISSPELLING_RATIO = 70  # rapidfuzz ratio (0..100) at which two kept words are one word misspelt
SINGLE_NAME_CAP = 0.6
MIN_STEM = 5
MAX_ENDING = 3
ABBREVIATION_SIMILARITY = 0.85


@dataclass(frozen=True)
class Aligned:
    """Tokens of each side that correspond, with their similarity (0..1)."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    similarity: float


def symbol_pairs(left: NameForm, right: NameForm) -> list[Aligned]:
    """Same word or same rigour symbol, one-to-one.

    A run of words rigour knows as one thing ("United States", "Al Qaeda") is one unit, so
    "U.S." aligns with both words of "United States". Candidates are taken by the number of
    words they cover times their similarity: a whole run first, then exact words.
    """
    candidates = []
    for i, a in enumerate(left.tokens):
        for j, b in enumerate(right.tokens):
            if a.text == b.text:
                candidates.append((1.0, (i,), (j,)))
            elif shared := a.symbols & b.symbols:
                same_word = _same_stem(a.text, b.text) or bool(_abbreviation(left, right, i, j))
                candidates.append((_symbol_similarity(shared, same_word), (i,), (j,)))
    left_units = _phrase_units(left)
    right_units = _phrase_units(right)
    for symbol, left_indexes in left_units:
        for other, right_indexes in right_units:
            run = symbol == other and len(left_indexes) + len(right_indexes) > 2
            if run and not _splits_exact_words(left, left_indexes, right, right_indexes):
                candidates.append((SYMBOL_SIMILARITY, left_indexes, right_indexes))
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs = []
    for similarity, i, j in sorted(candidates, key=lambda c: (-c[0] * (len(c[1]) + len(c[2])), -c[0], c[1], c[2])):
        if used_left.isdisjoint(i) and used_right.isdisjoint(j):
            used_left.update(i)
            used_right.update(j)
            pairs.append(Aligned(i, j, similarity))
    return pairs


def _splits_exact_words(
    left: NameForm, left_indexes: tuple[int, ...], right: NameForm, right_indexes: tuple[int, ...]
) -> bool:
    """Whether a run would take a word whose exact twin lies outside the run's counterpart
    ("America" against "United States" when the other name also says "United"): the exact
    words pair first then, and the run is not used."""
    for form, indexes, other, other_indexes in (
        (left, left_indexes, right, right_indexes),
        (right, right_indexes, left, left_indexes),
    ):
        outside = {t.text for k, t in enumerate(other.tokens) if k not in other_indexes}
        if any(form.tokens[i].text in outside for i in indexes):
            return True
    return False


def _phrase_units(form: NameForm) -> list[tuple[str, tuple[int, ...]]]:
    """Runs of words with a symbol, and single words with theirs (a run may align with a word)."""
    units = list(form.phrases)
    units += [(symbol, (i,)) for i, token in enumerate(form.tokens) for symbol in token.symbols]
    return units


def _symbol_similarity(shared: frozenset[str], same_word: bool) -> float:
    """Same symbol: the same word (Corp / Corporation, 1st / First, Agriculture / Agricultural,
    Univ. / University) or only the same field ("Communications" / "Telecom", "USA" / "America"),
    which is weaker evidence."""
    if all(s.startswith(("DOMAIN:", "LOC:")) for s in shared) and not same_word:
        return FIELD_SIMILARITY
    return SYMBOL_SIMILARITY


def _same_stem(left: str, right: str) -> bool:
    """Two forms of one word: they differ only in an ending of a few letters."""
    stem = os.path.commonprefix([left, right])
    return len(stem) >= MIN_STEM and max(len(left), len(right)) - len(stem) <= MAX_ENDING


def residue_pairs(left: NameForm, right: NameForm, taken: list[Aligned]) -> list[Aligned]:
    """Fuzzy alignment of the tokens the symbol pass left over, by rigour's compare_parts.

    compare_parts aligns the two residues in the order given, which is what finds words written
    together or apart; words that swapped places ("Administrator of ... Aeronautics" against
    "Aeuonautics ... Administrator" once the exact words are taken) are then paired one by one.
    """
    used_left = {i for a in taken for i in a.left}
    used_right = {j for a in taken for j in a.right}
    left_parts = [NamePart(t.text, i) for i, t in enumerate(left.tokens) if i not in used_left]
    right_parts = [NamePart(t.text, j) for j, t in enumerate(right.tokens) if j not in used_right]
    if not left_parts or not right_parts:
        return []
    if len(left_parts) == len(right_parts) == 1:
        found = []  # one word each: the cached word_similarity below says what compare_parts would
    else:
        found = _fuzzy(left, right, compare_parts(left_parts, right_parts))
    used_left = {i for a in found for i in a.left}
    used_right = {j for a in found for j in a.right}
    singles = []
    for a in left_parts:
        for b in right_parts:
            if a.index in used_left or b.index in used_right:
                continue
            similarity = word_similarity(a.form, b.form)
            pair = Aligned((a.index,), (b.index,), similarity)
            fuzzy = similarity > 0 and not _acronyms(left, right, [a.form], [b.form])
            if fuzzy and not _known_different(left.tokens, right.tokens, pair):
                singles.append(pair)
            singles.extend(_abbreviation(left, right, a.index, b.index))
    for pair in sorted(singles, key=lambda p: (-p.similarity, p.left, p.right)):
        if pair.left[0] not in used_left and pair.right[0] not in used_right:
            used_left.add(pair.left[0])
            used_right.add(pair.right[0])
            found.append(pair)
    return found


def _fuzzy(left: NameForm, right: NameForm, alignments: list[Alignment]) -> list[Aligned]:
    found = []
    for a in alignments:
        pair = Aligned(tuple(p.index for p in a.qps), tuple(p.index for p in a.rps), a.score**FUZZY_EXPONENT)
        if not a.qps or not a.rps or a.score <= 0:
            continue
        if _acronyms(left, right, [p.form for p in a.qps], [p.form for p in a.rps]):
            continue
        if not _known_different(left.tokens, right.tokens, pair):
            found.append(pair)
    return found


def _abbreviation(left: NameForm, right: NameForm, i: int, j: int) -> list[Aligned]:
    """ "Univ." / "University", "Calif." / "California", "Koninkl" / "Koninklijke": a word cut
    short stands for the longer word when it is marked with a full stop or keeps most of it
    (names of firms and bodies only: "Chris." is not Christine)."""
    if left.kind is EntityKind.person:
        return []
    a, b = left.tokens[i].text, right.tokens[j].text
    short, long, form = (a, b, left) if len(a) < len(b) else (b, a, right)
    if len(short) < MIN_ABBREVIATION or not long.startswith(short):
        return []
    unmarked = len(short) >= MIN_UNMARKED_ABBREVIATION and len(short) >= UNMARKED_SHARE * len(long)
    if not unmarked and not _written_abbreviated(short, form):
        return []
    return [Aligned((i,), (j,), ABBREVIATION_SIMILARITY)]


@lru_cache(maxsize=50_000)
def _abbreviations_in(original: str) -> frozenset[str]:
    return frozenset(m.lower() for m in re.findall(r"(\w+)\.", original))


def _written_abbreviated(short: str, form: NameForm) -> bool:
    return short in _abbreviations_in(form.original)


def _acronyms(left: NameForm, right: NameForm, left_words: list[str], right_words: list[str]) -> bool:
    """Short words written in capitals on both sides are acronyms; one letter apart they name
    different bodies (CSCEC / CNCEC, COMAC / COMEC), so they never align by edit distance."""
    if left.kind is EntityKind.person:  # surnames in capitals (Vladimir PUTIN) are not acronyms
        return False
    sides = ((left, left_words), (right, right_words))
    return all(len(w) <= ACRONYM_LENGTH and w.upper() in form.original for form, words in sides for w in words)


@lru_cache(maxsize=500_000)
def word_similarity(left: str, right: str) -> float:
    """rigour's compare_parts on two single words (typos, transliteration drift), softened; cached
    because the same word pairs come back across thousands of name pairs."""
    if 2 * min(len(left), len(right)) < max(len(left), len(right)):
        return 0.0  # beyond any edit budget: saves the call
    found = compare_parts([NamePart(left, 0)], [NamePart(right, 1)])
    score = max((a.score for a in found if a.qps and a.rps), default=0.0)
    return score**FUZZY_EXPONENT if score > 0 else 0.0


def _known_different(left: Sequence[Token], right: Sequence[Token], pair: Aligned) -> bool:
    """Two words rigour knows, with different meanings ("Ministry" / "Military"), are not typos."""
    left_symbols = [_word_meanings(left[i]) for i in pair.left]
    right_symbols = [_word_meanings(right[j]) for j in pair.right]
    if not all(left_symbols) or not all(right_symbols):
        return False
    return not frozenset().union(*left_symbols) & frozenset().union(*right_symbols)


@dataclass
class _Tally:
    """Weights of what aligned and of what is missing on each side."""

    matched: float = 0.0
    left_missing: float = 0.0
    right_missing: float = 0.0
    distinctive: bool = False


class NameScore(NamedTuple):
    """Similarity of two names, and whether one is the other plus words naming a line of business
    or a place ("Huawei Technology" / "Huawei Technical Service"): the subsidiary pattern, which
    the firm threshold does not apply to."""

    score: float
    subsidiary: bool = False


def name_score(
    left: NameForm, right: NameForm, left_weights: list[float], right_weights: list[float], floor: float = 0.0
) -> NameScore:
    """Similarity of two names in 0..1 from the weights of their tokens.

    floor is for a caller that keeps only scores at or above it (a lookup against a threshold):
    a pair that cannot reach it comes back as 0.0 before the caps and penalties are worked out,
    which only ever lower a score. With the default 0.0 every score is exact.
    """
    if not left.tokens or not right.tokens:
        return NameScore(0.0)
    if is_acronym_of(left, right) or is_acronym_of(right, left):
        return NameScore(ACRONYM_SCORE)
    aligned = symbol_pairs(left, right)
    aligned += residue_pairs(left, right, aligned)
    tally = _tally(left, right, left_weights, right_weights, aligned)
    left_extra = _unaligned(left, left_weights, {i for a in aligned for i in a.left})
    right_extra = _unaligned(right, right_weights, {j for a in aligned for j in a.right})
    if not left.core_tokens and not right.core_tokens:
        # Names made only of noise words ("Bank of China") match only word for word.
        same_words = all(a.similarity >= ABBREVIATION_SIMILARITY for a in aligned)
        tally.distinctive = same_words and left_extra[0] == right_extra[0] == 0
    if floor > NO_DISTINCTIVE_CAP and not tally.distinctive:
        return NameScore(0.0)  # capped at NO_DISTINCTIVE_CAP below: under the floor whatever else
    subsidiary = False
    if min(tally.left_missing + sum(left_extra), tally.right_missing + sum(right_extra)) < 1e-9:
        # One name contains the other: extra noise words and extra given names cost less; a
        # firm's extra distinctive words ("Huawei" / "Huawei Marine") do not: a subsidiary.
        subsidiary = left.kind is not EntityKind.person and (left_extra[0] + right_extra[0]) > 0
        left_extra, right_extra = _discount_extra(left, left_extra), _discount_extra(right, right_extra)
    total = tally.matched + tally.left_missing + tally.right_missing + sum(left_extra) + sum(right_extra)
    score = tally.matched / total if total else 0.0
    if score < floor:
        return NameScore(0.0)  # penalties and caps below only lower it
    score *= _penalty(left, right, aligned, subsidiary)
    if left.kind is EntityKind.person and min(len(left.core_tokens), len(right.core_tokens)) == 1:
        # "Mustafa", "Bilal", "Abu Muhammad": one name word says little about who is meant;
        # such aliases chain strangers into one cluster. They go to review, not to a merge.
        score = min(score, SINGLE_NAME_CAP)
    if left.kind is not EntityKind.person and _place_left_over(left, right, aligned):
        score = min(score, PLACE_CAP)
    if left.kind is EntityKind.firm:
        score = min(score, _firm_difference_cap(left, right, aligned))
    return NameScore(score if tally.distinctive else min(score, NO_DISTINCTIVE_CAP), subsidiary)


def _firm_difference_cap(left: NameForm, right: NameForm, aligned: list[Aligned]) -> float:
    """The most two firm names may score given the words each keeps that the other lacks (a
    word no edit-distance alignment pairs, "Hikvision" / "Huawei", counts as kept): distinctive
    words on both sides, two firms; business words or places on both sides, or a place on one
    side (the regional affiliate, "Huawei Technologies Morocco"), members of one group."""
    left_kept, right_kept = _without_misspellings(_kept(left, aligned, 0), _kept(right, aligned, 1))
    if _distinctive(left_kept) and _distinctive(right_kept):
        return DIFFERENT_FIRM_CAP
    if left_kept and right_kept:
        return GROUP_MEMBER_CAP
    if (left_kept and _describes(right)) or (right_kept and _describes(left)):
        # "Huawei Tech. Investment" / "Huawei Technologies", "China Telecom Group" / "China
        # Telecom Corporation": the shorter name already says its line of business, and the
        # longer adds another: a sister or a subsidiary ("Huawei" / "Huawei Technologies" is not
        # caught here: the bare name is how a firm is called)
        return GROUP_MEMBER_CAP
    if any(is_place(t) for t in left_kept + right_kept):
        return PLACE_CAP
    return 1.0


def _kept(form: NameForm, aligned: list[Aligned], side: int) -> list[Token]:
    """Words of a name outside the alignment that name something: distinctive words, lines of
    business, places (not legal forms, stop words or "Co" / "Corp"). A misspelling the aligner
    paired ("Electrics" / "Electroncis") is aligned, however weakly."""
    used = {i for a in aligned if a.similarity > 0 for i in (a.left if side == 0 else a.right)}
    return [
        t
        for i, t in enumerate(form.tokens)
        if i not in used
        and not _is_number(t)  # "2004-1" / "2004-2", "Fund XII" / "Fund XIII": the number rules weigh them
        and (t.role == CORE or (t.role == GENERIC and not t.symbols & COMPANY_WORDS))
    ]


def _without_misspellings(left: list[Token], right: list[Token]) -> tuple[list[Token], list[Token]]:
    """Drop kept words that are near spellings of a kept word on the other side by rapidfuzz's
    ratio ("Electrics" / "Electroncis", beyond rigour's edit budget): typos, not other names."""
    similar = {
        (i, j)
        for i, a in enumerate(left)
        for j, b in enumerate(right)
        if fuzz.ratio(a.text, b.text) >= MISSPELLING_RATIO
    }
    drop_left, drop_right = {i for i, _ in similar}, {j for _, j in similar}
    return (
        [t for i, t in enumerate(left) if i not in drop_left],
        [t for j, t in enumerate(right) if j not in drop_right],
    )


def _describes(form: NameForm) -> bool:
    """Whether a name has a word naming a line of business (not a place, not "Co" / "Corp")."""
    return any(t.role == GENERIC and not is_place(t) and not t.symbols & COMPANY_WORDS for t in form.tokens)


def _distinctive(tokens: list[Token]) -> bool:
    return any(t.role == CORE for t in tokens)


ROMAN = re.compile(r"m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")


def _is_number(token: Token) -> bool:
    return any(ch.isdigit() for ch in token.text) or bool(ROMAN.fullmatch(token.text))


def _place_left_over(left: NameForm, right: NameForm, aligned: list[Aligned]) -> bool:
    """A word in brackets left over on one side ("Huawei Device (Shenzhen)", "Bowne Global
    Solutions (France)"): the regional subsidiary, a legal person of its own, not the parent.
    (A country without brackets, "Huawei Technologies Morocco", is not caught: the same rule
    on unbracketed countries cost 0.01-0.07 F1 on the patent sets, whose labels merge
    subsidiaries and mistake "Northern Island" for a country.)"""
    for form, other, side in ((left, right, 0), (right, left, 1)):
        used = {i for a in aligned for i in (a.left if side == 0 else a.right)}
        bracketed = bracketed_words(form.original)
        named = {s for t in other.tokens for s in t.symbols}  # "(US)" where the other says "United States"
        left_over = (t for i, t in enumerate(form.tokens) if i not in used and t.role not in (STOP, LEGAL))
        if any(t.text in bracketed and not (t.symbols & named) for t in left_over):
            return True
    return False


def initials(form: NameForm) -> str:
    """First letters of a name's words, legal forms and stop words left out."""
    return "".join(t.text[0] for t in form.tokens if t.role in (CORE, GENERIC))


def is_acronym_of(short: NameForm, long: NameForm) -> bool:
    """'PLA' for "People's Liberation Army": one word in capitals spelling the other's initials."""
    if short.kind is EntityKind.person or len(short.tokens) != 1 or len(long.tokens) < MIN_ACRONYM:
        return False
    word = short.tokens[0].text
    return len(word) >= MIN_ACRONYM and word.upper() in short.original and word == initials(long)


def _tally(
    left: NameForm, right: NameForm, left_weights: list[float], right_weights: list[float], aligned: list[Aligned]
) -> _Tally:
    tally = _Tally(distinctive=not left.core_tokens and not right.core_tokens)
    for a in aligned:
        left_weight = sum(left_weights[i] for i in a.left)
        right_weight = sum(right_weights[j] for j in a.right)
        left_core, right_core = _has_core(left, a.left), _has_core(right, a.right)
        if left_core != right_core:  # a misspelt noise word is still noise
            left_weight = right_weight = min(left_weight, right_weight)
        tally.matched += a.similarity * (left_weight + right_weight)
        tally.left_missing += (1 - a.similarity) * left_weight
        tally.right_missing += (1 - a.similarity) * right_weight
        # Only generic words in common carries no match, unless neither name has anything else.
        tally.distinctive |= a.similarity >= DISTINCTIVE_SIMILARITY and (left_core or right_core)
    return tally


def _penalty(left: NameForm, right: NameForm, aligned: list[Aligned], subsidiary: bool) -> float:
    """Evidence of two entities that the weights alone miss."""
    factor = SUBSIDIARY_FACTOR if subsidiary else 1.0
    # Each side keeps a word the other lacks ("Olaf Scholz" / "Octavian Scholz"): for people a
    # substitution names someone else far more often than a typo does.
    if left.kind is EntityKind.person and _has_unaligned_words(left, aligned, 0):
        factor *= PERSON_SUBSTITUTION_FACTOR if _has_unaligned_words(right, aligned, 1) else 1.0
    if left.kind is not EntityKind.vessel and (
        _symbols_conflict(left, right, "NUM:") or _numbers_conflict(left, right)
    ):
        factor *= NUMBER_CONFLICT_FACTOR
    if _symbols_conflict(left, right, "ORGCLS:"):
        factor *= LEGAL_FORM_CONFLICT_FACTOR
    return factor


def _numbers_conflict(left: NameForm, right: NameForm) -> bool:
    """Both names carry numbers written in digits ("719th", "No. 2") and share none: rigour's
    NUM symbols do not cover every ordinal."""
    left_numbers = {n for t in left.tokens for n in DIGITS.findall(t.text)}
    right_numbers = {n for t in right.tokens for n in DIGITS.findall(t.text)}
    return bool(left_numbers and right_numbers and left_numbers.isdisjoint(right_numbers))


DIGITS = re.compile(r"\d+")


def _has_core(form: NameForm, indexes: tuple[int, ...]) -> bool:
    return any(form.tokens[i].role == CORE for i in indexes)


def _unaligned(form: NameForm, weights: list[float], aligned: set[int]) -> tuple[float, float]:
    """Weight of the tokens left out of the alignment: (words that name a business, noise words).

    A line of business ("Marine", "Finance"), a place ("SMIC Beijing") or "Holding" left over
    usually names a subsidiary or a sibling, so it counts like a distinctive word. Only legal
    forms, stop words and "Corp" / "Company" are noise.
    """
    core = noise = 0.0
    for i, weight in enumerate(weights):
        if i not in aligned:
            token = form.tokens[i]
            if token.role == CORE:
                core += weight
            elif token.role == GENERIC and not token.symbols & COMPANY_WORDS:
                core += weight * UNMATCHED_FIELD_FACTOR
            else:
                noise += weight
    return core, noise


def _word_meanings(token: Token) -> frozenset[str]:
    """Symbols that give a word a meaning (not person-name ids, whose coverage is partial)."""
    return frozenset(s for s in token.symbols if not s.startswith(("NAME:", "NICK:")))


def _has_unaligned_words(form: NameForm, aligned: list[Aligned], side: int) -> bool:
    """Whether a name has a word (not a stop word or legal form) outside the alignment."""
    used = {i for a in aligned for i in (a.left if side == 0 else a.right)}
    return any(t.role in (CORE, GENERIC) for i, t in enumerate(form.tokens) if i not in used)


def _discount_extra(form: NameForm, extra: tuple[float, float]) -> tuple[float, float]:
    core, noise = extra
    if form.kind is EntityKind.person:
        core *= CONTAINED_EXTRA_WEIGHT
    return core, noise * CONTAINED_EXTRA_WEIGHT


def _symbols_conflict(left: NameForm, right: NameForm, category: str) -> bool:
    """Both names carry symbols of a category (numbers, legal forms) and share none."""
    left_symbols = {s for t in left.tokens for s in t.symbols if s.startswith(category)}
    right_symbols = {s for t in right.tokens for s in t.symbols if s.startswith(category)}
    return bool(left_symbols and right_symbols and not left_symbols & right_symbols)
