"""Find names of firms, agencies, governments, lists and statutes in text (pyahocorasick gazetteer).

The gazetteer holds every name, alias and acronym of the graph (graph.names.NameIndex), the
short forms of firm names ("Xiaomi" for "Xiaomi Corporation") and a small vocabulary of the
informal ways articles name agencies and lists ("Commerce said", "so-called entity list").
Matching is case-insensitive for long names, exact for acronyms and ambiguous words, always
on word boundaries, leftmost-longest.

Gazetteer hygiene: a list alias of "and", "In" or "PUBLIC" would turn every such word into a
firm, so a name of a firm, person, vessel or aircraft counts only when it is distinctive
(`rejection`); rejected names stay in the automaton so that `extract --explain` can say which
words were dropped and why.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import ahocorasick
from rigour.names import remove_org_types
from rigour.text import is_stopword

from sanctiongraph.graph.names import NameEntry, NameIndex
from sanctiongraph.loaders.articles.model import Mention, Rejected, Span
from sanctiongraph.ontology.ids import reference_iri

METHOD_BY_VIA = {"name": "exact name", "previous name": "previous name", "alias": "alias", "acronym": "acronym"}
# Preference when one surface form names several entities of different kinds or ways.
VIA_RANK = {"name": 0, "alias": 1, "previous name": 2, "acronym": 3, "short form": 4, "vocabulary": 5}
# rigour's org-type table leaves "Corporation"/"Corp." alone, so the common English legal
# forms are stripped here too; descriptors are dropped only to leave one distinctive word.
LEGAL_FORMS = {"corporation", "corp", "co", "company", "ltd", "limited", "inc", "incorporated", "plc", "llc"}
DESCRIPTORS = {"technology", "technologies", "group", "holdings", "holding", "international"}
GENERIC_WORDS = {
    "china", "chinese", "national", "global", "grand", "general", "state", "united", "first", "new",
    "commercial", "advanced", "beijing", "shanghai", "the", "american", "international",
}  # fmt: skip
# Words that name an agency only in an agency context ("the Commerce Department", "Treasury said").
AMBIGUOUS = {
    "Commerce": reference_iri("agency", "us-doc"),
    "Treasury": reference_iri("agency", "us-treasury"),
    "Justice": reference_iri("agency", "us-doj"),
    "Washington": reference_iri("gov", "us"),
    "Beijing": reference_iri("gov", "cn"),
}
_AGENCY_CONTEXT = re.compile(
    r"(?:['’]s\b|\)|\s+(?:Department|Dept\.?|Secretary|said|says|announced|added|adds|designated|placed|named|"
    r"removed|released|issued|has|had|will|is|officials?)\b)"
)
_LEGAL_TAIL = re.compile(r"(?:,?\s+(?:Co|Corp|Inc|Ltd|Limited|Corporation|Company|Group)\b\.?)+")
# Resolved after the citations are known: the 1260H list, or the 1237 list (extract.py).
CHINESE_MILITARY_COMPANIES = "chinese-military-companies"
# How articles name lists, informally and in lower case, by list key.
LIST_VOCABULARY = {
    "entity list": "us-bis-entity-list",
    "military end-user list": "us-bis-meu",
    "military end user list": "us-bis-meu",
    "military end-user (meu) list": "us-bis-meu",
    "communist chinese military companies": "us-dod-1237",
    "communist chinese military company": "us-dod-1237",
    "communist chinese military companies (ccmc) list": "us-dod-1237",
    "ccmc list": "us-dod-1237",
    "chinese military companies": None,
    "chinese military company": None,
    "chinese military-industrial complex companies list": "us-ofac-ns-cmic",
    "specially designated nationals": "us-ofac-sdn",
    "covered list": "us-fcc-covered",
}


@dataclass(frozen=True)
class Entry:
    """One gazetteer key: the entity it names and how."""

    entity: str
    kind: str
    label: str
    via: str
    exact_case: bool
    rejected: str | None = None  # why the name does not count (gazetteer hygiene)


class Gazetteer:
    """An Aho-Corasick automaton over lower-cased names, checked against the original text."""

    def __init__(self, entries: list[Entry]) -> None:
        self.rejected: list[Rejected] = []  # filled by find(): names dropped by hygiene, with reasons
        self._by_key: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            self._by_key[fold(entry.label)].append(entry)
        self._kept = {k: [e for e in v if e.rejected is None] for k, v in self._by_key.items()}
        self._dropped = {k: [e for e in v if e.rejected is not None] for k, v in self._by_key.items()}
        self._automaton = ahocorasick.Automaton()
        for key in self._by_key:
            self._automaton.add_word(key, key)
        if self._by_key:
            self._automaton.make_automaton()

    @classmethod
    def from_names(cls, names: NameIndex | None) -> Gazetteer:
        """The gazetteer of a name index, built once per index (a folder of articles shares it)."""
        if names is None:
            return cls(gazetteer_entries([]))
        cached = _GAZETTEERS.get(names)
        if cached is None or cached[0] != len(names.entries):
            cached = _GAZETTEERS[names] = (len(names.entries), cls(gazetteer_entries(names.entries)))
        return cached[1]

    def find(self, text: str) -> list[Mention]:
        """Leftmost-longest mentions on word boundaries; ambiguous words only in agency context."""
        return self.find_explained(text)[0]

    def find_explained(self, text: str) -> tuple[list[Mention], list[Rejected]]:
        """The mentions, and the candidates hygiene dropped (where no kept name covers them)."""
        if not self._by_key:
            return [], []
        folded = fold(text)
        candidates = []
        dropped = []
        for end, key in self._automaton.iter(folded):
            start = end - len(key) + 1
            if _on_word_boundaries(text, start, end + 1):
                surface = text[start : end + 1]
                kept = [e for e in self._kept[key] if _case_fits(e, surface)]
                kept = [e for e in kept if e.label not in AMBIGUOUS or _agency_context(text, end + 1)]
                if kept:
                    candidates.append((start, end + 1, kept))
                    continue
                # One dropped entry is enough to explain ("and" may be the alias of many records).
                first = next((e for e in self._dropped[key] if _case_fits(e, surface)), None)
                if first is not None:
                    dropped.append((start, end + 1, first))
        chosen = _leftmost_longest(candidates)
        rejected = [
            Rejected(Span(s, e, text[s:e]), entry.kind, entry.entity, entry.label, entry.rejected or "")
            for s, e, entry in dropped
            if not any(s < c[1] and c[0] < e for c in chosen)
        ]
        return [_mention(text, s, e, entries) for s, e, entries in chosen], rejected


_FOLD_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-"})


def fold(text: str) -> str:
    """Lower case and plain apostrophes/hyphens, keeping every character's offset."""
    lowered = text.lower()
    if len(lowered) != len(text):  # e.g. "İ" lowers to two code points: fold char by char
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD_PUNCTUATION)


_GAZETTEERS: weakref.WeakKeyDictionary[NameIndex, tuple[int, Gazetteer]] = weakref.WeakKeyDictionary()
# Names of these kinds come from lists compiled by others, aliases and all; agencies, lists and
# statutes come from our own reference data and vocabulary.
HYGIENE_KINDS = ("firm", "person", "vessel", "aircraft")
# "Common English word": among the most frequent English words (wordfreq), about Zipf >= 3.7,
# where "missile", "commerce" and "apple" sit but "huawei" (3.3) and "panda" do not.
COMMON_WORDS_TOP_N = 12_000


@cache
def common_words() -> frozenset[str]:
    """The most frequent English words (wordfreq's list; loaded once)."""
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", COMMON_WORDS_TOP_N))


@cache
def rejection(label: str, kind: str, via: str) -> str | None:
    """Why a name is not distinctive enough to find in running text; None when it is.

    One word must be more than two letters, no stop word and no common English word (rigour's
    stop words, wordfreq's frequent words), whatever its case ("PUBLIC" is a word, not an
    acronym); a person is not found by one word; a longer name needs one word that is not a
    stop word or a legal form (rigour's org types).
    """
    if kind not in HYGIENE_KINDS:
        return None
    words = re.findall(r"\w+", label)
    if not words:
        return "no letters or digits"
    if len(words) == 1:
        word = words[0].casefold()
        if len(word) <= 2:
            return "one- or two-letter word"
        if is_stopword(word):
            return "stop word"
        if word in common_words():
            return "common English word"
        if word.isdigit():
            return "a number"
        if kind == "person" and via != "acronym":
            return "one word of a person's name"
        return None
    distinctive = [
        w for w in words
        if len(w) > 2 and not is_stopword(w.casefold()) and w.casefold().rstrip(".") not in LEGAL_FORMS
    ]  # fmt: skip
    if not distinctive:
        return "no distinctive word (stop words, legal forms, short words)"
    return None


SHORT_FORM_VIAS = ("name", "alias", "previous name")  # the ways of naming a firm that give short forms


def gazetteer_entries(names: Sequence[NameEntry]) -> list[Entry]:
    """Names of the graph (in index order), firm short forms and the built-in vocabulary;
    undistinctive names marked rejected. A short form the label of another name spells is that name's."""
    entries = []
    taken = {fold(e.label) for e in names}
    for entry in names:
        if entry.kind == "person" and "/person/article-" in str(entry.entity):
            continue  # people an article named are found again by their title, not from other articles
        exact = entry.via == "acronym" or _looks_like_acronym(entry.label) or entry.label in AMBIGUOUS
        reason = rejection(entry.label, entry.kind, entry.via)
        entries.append(Entry(str(entry.entity), entry.kind, entry.label, entry.via, exact, reason))
        if entry.kind == "firm" and entry.via in SHORT_FORM_VIAS and reason is None:
            for short in short_forms(entry.label):
                if fold(short) not in taken:
                    why = rejection(short, "firm", "short form")
                    entries.append(Entry(str(entry.entity), "firm", short, "short form", False, why))
    for label, key in LIST_VOCABULARY.items():
        iri = str(reference_iri("list", key)) if key else CHINESE_MILITARY_COMPANIES
        entries.append(Entry(iri, "list", label, "vocabulary", False))
    entries += [Entry(str(iri), "agency", word, "vocabulary", True) for word, iri in AMBIGUOUS.items()]
    return entries


@cache  # the same store names come back for every article of a folder
def short_forms(name: str) -> tuple[str, ...]:
    """Shorter names a text may use for a firm: without its legal form, or down to one distinctive word."""
    words = remove_org_types(name.casefold()).replace(",", " ").split()
    while words and words[-1].rstrip(".") in LEGAL_FORMS:
        words.pop()
    if not words:
        return ()
    forms = []
    original = name.replace(",", " ").split()
    if len(words) >= 2 or _distinctive(words[0]):
        forms.append(" ".join(original[: len(words)]))
    core = list(words)
    while len(core) > 1 and core[-1] in DESCRIPTORS:
        core.pop()
    if len(core) == 1 and len(words) > 1 and _distinctive(core[0]):
        forms.append(original[0])
    return tuple(f for f in forms if fold(f) != fold(name))


def _distinctive(word: str) -> bool:
    return len(word) >= 4 and word not in GENERIC_WORDS and word not in DESCRIPTORS and word.isalpha()


def _looks_like_acronym(label: str) -> bool:
    return len(label) <= 8 and label.upper() == label and any(c.isalpha() for c in label)


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum() or (after == "-" and text[end - 1].isalnum()))


def _case_fits(entry: Entry, surface: str) -> bool:
    if entry.exact_case:
        return surface == entry.label
    if entry.kind in ("list", "statute") or not entry.label[:1].isupper():
        return True
    return surface[:1].isupper()


def _agency_context(text: str, end: int) -> bool:
    return bool(_AGENCY_CONTEXT.match(text, end))


def _leftmost_longest(candidates: list[tuple[int, int, list[Entry]]]) -> list[tuple[int, int, list[Entry]]]:
    chosen: list[tuple[int, int, list[Entry]]] = []
    for start, end, entries in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end, entries))
    return chosen


def _mention(text: str, start: int, end: int, entries: list[Entry]) -> Mention:
    best = min(VIA_RANK.get(e.via, 9) for e in entries)
    top = [e for e in entries if VIA_RANK.get(e.via, 9) == best]
    kind = top[0].kind
    if kind == "firm":
        tail = _LEGAL_TAIL.match(text, end)
        end = tail.end() if tail else end
    entities = tuple(sorted({e.entity for e in top if e.kind == kind}))
    method = METHOD_BY_VIA.get(top[0].via, top[0].via)
    return Mention(Span(start, end, text[start:end]), kind, entities, top[0].label, method)


_FIRM_AFTER_NOUN = re.compile(
    r"\b(?:company|firm|maker|giant|manufacturer|chipmaker|dronemaker|producer|conglomerate)\s+"
    r"(?P<name>[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,4})"
)
_FIRM_WITH_FORM = re.compile(r"(?P<name>(?:[A-Z][\w&-]*\s+){1,5}(?:Co|Corp|Corporation|Ltd|Inc|Company|Limited)\b\.?)")
_PARENTHESES = re.compile(r"\s*\(")


def unresolved_firms(text: str, mentions: list[Mention]) -> list[Mention]:
    """Firm-like names the graph does not know ("Chinese company Skyrizon", "SZ DJI Technology Co").

    A name followed by a known acronym in parentheses takes that acronym's entity
    ("Chinese National Overseas Oil Corporation (CNOOC)").
    """
    found: list[Mention] = []
    for pattern in (_FIRM_AFTER_NOUN, _FIRM_WITH_FORM):
        for match in pattern.finditer(text):
            start, end = match.span("name")
            if _overlapping(start, end, mentions + found) or text[start:end].split()[0] in ("The", "A", "An"):
                continue
            span = Span(start, end, text[start:end])
            found.append(_with_acronym(text, span, mentions))
    return found + _repeated(text, found, mentions)


def _repeated(text: str, found: list[Mention], mentions: list[Mention]) -> list[Mention]:
    """Later occurrences of a firm name found once by its context ("drone manufacturer DJI ... DJI said")."""
    again: list[Mention] = []
    for first in found:
        for match in re.finditer(rf"(?<![\w-]){re.escape(first.span.text)}(?![\w-])", text):
            if not _overlapping(match.start(), match.end(), mentions + found + again):
                span = Span(match.start(), match.end(), match.group(0))
                again.append(Mention(span, "firm", first.entities, first.label, first.method))
    return again


def _overlapping(start: int, end: int, mentions: list[Mention]) -> bool:
    return any(start < m.span.end and m.span.start < end for m in mentions)


def _with_acronym(text: str, span: Span, mentions: list[Mention]) -> Mention:
    opening = _PARENTHESES.match(text, span.end)
    if opening:
        for mention in mentions:
            if mention.kind == "firm" and mention.resolved and mention.span.start == opening.end():
                return Mention(span, "firm", mention.entities, mention.label, "acronym in parentheses")
    return Mention(span, "firm")
