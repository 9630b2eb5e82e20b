"""Firms the graph does not know, found from how the text writes them.

Four cues, each one a habit of news and official texts rather than a rule for one article:
- a legal form ends the name ("Inspur Group Co.", "Aero Engine Corporation of China");
- a descriptor noun comes before it ("Chinese chipmaker SMIC", "drone maker DJI", "the country's
  top chipmaker, SMIC");
- an acronym in brackets follows it ("Semiconductor Manufacturing International Corporation
  (SMIC)"), and the acronym then names the same firm later on;
- it is an item of an enumeration after a cue ("such as A, B, and C", "including A and B") or of
  a list set out one per line after an introduction ending in ':' or '?' ("The new companies?").
Names of agencies, governments, lists, statutes and people the gazetteer found are never firms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sanctiongraph.loaders.articles.model import Mention, Span

LEGAL_FORM = (
    r"(?:(?i:Co\.?,?\s+Ltd\.?|Co\.|Corp\.|Ltd\.|Inc\.)|Co\b|CO\b|Corp\b|CORP\b|Ltd\b|LTD\b|Inc\b|INC\b|"
    r"Corporation|CORPORATION|Company|COMPANY|Limited|LIMITED|Incorporated|Group|GROUP|LLC|L\.L\.C\.|PLC|plc|"
    r"S\.A\.|GmbH|AG|Holdings?|HOLDINGS?|JSC|PJSC|OJSC|Pte\.?\s+Ltd\.?)(?!\w)"
)
_CONNECTORS = {"of", "and", "&", "for", "de", "la", "du", "the"}
# Words that end a name of an institution, not of a firm ("People's Liberation Army (PLA)").
_NOT_FIRM_HEADS = {
    "act", "army", "party", "republic", "department", "bureau", "office", "agency", "commission", "committee",
    "court", "ministry", "council", "congress", "fusion", "list", "order", "regulations", "government",
    "administration", "navy", "force", "senate", "house", "program", "programs", "strategy", "rule", "law",
    "treasury", "state", "states", "nations", "union", "district", "circuit", "secretary", "president",
}  # fmt: skip
# Words that open a sentence or a role rather than a firm's name.
_LEADING_NOISE = {
    "the", "a", "an", "plaintiff", "plaintiffs", "defendant", "defendants", "both", "today", "and", "but",
    "also", "on", "in", "as", "with", "by", "from", "for", "of", "to", "at", "including", "adding", "added",
    "designated", "named", "while", "when", "after", "before", "said", "says", "here", "are", "is",
}  # fmt: skip
DESCRIPTOR = (
    r"(?:company|firm|[\w-]*maker|giant|manufacturer|producer|supplier|operator|vendor|conglomerate|"
    r"carrier|developer|provider|contractor|shipbuilder|miner|exporter|importer|designer|operator)"
)
_DESCRIPTOR_WORD = re.compile(DESCRIPTOR)
_TOKEN = r"(?:[A-Z0-9][\w’'&.-]*|&)"
_NAME_AFTER_DESCRIPTOR = re.compile(
    rf"\b{DESCRIPTOR},?[ \t]+(?P<name>{_TOKEN}(?:[ \t]+(?:{_TOKEN}|of|and|for)){{0,6}})"
)
_GAP = r"(?:[ \t]+|[ \t]*\n(?![ \t]*\n)[ \t]*)"  # spaces, or one line break (never a blank line)
_NAME_WITH_FORM = re.compile(
    rf"(?P<name>{_TOKEN}{_GAP}(?:(?:{_TOKEN}|of|and|for){_GAP}){{0,7}}?"
    rf"{LEGAL_FORM}(?:,?[ \t]+{LEGAL_FORM})*(?:\s+of\s+(?:the\s+)?[A-Z][a-z]+)?)"
)
_BRACKETED = re.compile(r"\s*\(\s*[“\"‘']?(?P<acronym>[A-Z][A-Za-z0-9&-]{1,11})[”\"’']?\s*\)")
_ENUMERATION_CUE = re.compile(
    r"\b(?:such\s+as|including|includes|included|include|namely|adding|added|designated|designating|"
    r"named|naming|listed|blacklisted|sanctioned|following\s+(?:entities|companies|firms))\b[:,]?\s+(?!as\b)",
    re.I,
)
_BULLET = re.compile(r"[ \t]*(?:[•·▪‣◦*–-]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t]+")
_LIST_INTRO_WORDS = re.compile(r"\b(?:compan|firm|entit|organi[sz]ation|list|following|names|targets)", re.I)


@dataclass(frozen=True)
class FirmCandidate:
    """A firm name found by its cue; acronym when the text gives one in brackets."""

    span: Span
    cue: str
    acronym: Span | None = None


def firms_from_text(text: str, known: list[Mention]) -> list[Mention]:
    """Firm mentions found by legal form, descriptor, bracketed acronym, enumeration or line list.

    known holds the gazetteer's mentions: a candidate overlapping a non-firm mention is dropped,
    one overlapping a known firm adds nothing. Later bare uses of a found name or acronym count too.
    """
    blocked = [m for m in known if m.kind != "firm"]
    firms = [m for m in known if m.kind == "firm"]
    found: list[Mention] = []

    def add(candidate: FirmCandidate) -> None:
        span = candidate.span
        if _overlaps_any(span, found):
            return
        if candidate.cue == "list item":  # a line that is a name: only a name covering all of it wins
            if any(m.span.start <= span.start and span.end <= m.span.end for m in blocked):
                return
        elif _overlaps_any(span, blocked):
            return
        label = _clean_label(span.text)
        inside = [m for m in firms if _overlap(span, m.span)]
        if inside and candidate.cue == "list item":  # a known firm as a list item: the item keeps its entity
            resolved = next((m for m in inside if m.resolved), None)
            entities = resolved.entities if resolved else ()
            found.append(Mention(span, "firm", entities, resolved.label if resolved else label, "list item"))
            return
        if inside:
            return
        known_acronym = next(
            (
                m
                for m in firms
                if candidate.acronym is not None and m.resolved and m.span.start == candidate.acronym.start
            ),
            None,
        )
        if known_acronym is not None:  # "Chinese National Overseas Oil Corporation (CNOOC)": CNOOC's entity
            found.append(Mention(span, "firm", known_acronym.entities, known_acronym.label, "acronym in brackets"))
            return
        found.append(Mention(span, "firm", (), label, candidate.cue))
        if candidate.acronym is not None and not _overlaps_any(candidate.acronym, blocked + firms + found):
            found.append(Mention(candidate.acronym, "firm", (), label, "bracketed acronym"))

    for candidate in list_items(text):
        add(candidate)
    for candidate in enumerations(text, known):
        add(candidate)
    for candidate in _with_form(text):
        add(candidate)
    for candidate in _after_descriptor(text):
        add(candidate)
    return found + _repeated(text, found, known)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _overlaps_any(span: Span, mentions: list[Mention]) -> bool:
    return any(_overlap(span, m.span) for m in mentions)


def _clean_label(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" .,;")


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop noise words at the front and connectors or stray punctuation at the end of a name."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    words = [(start + s, start + e) for s, e in words]
    for index, (s, e) in enumerate(words[:-1]):  # a full stop that ends a sentence ends the name
        token = text[s:e]
        if token.endswith(".") and not re.fullmatch(rf"{LEGAL_FORM}|(?:[A-Z]\.)+|[A-Z][a-z]?\.", token):
            words = words[: index + 1]
            break
    while words and (
        text[words[0][0] : words[0][1]].strip("“”\"'’,").casefold() in _LEADING_NOISE
        or _DESCRIPTOR_WORD.fullmatch(text[words[0][0] : words[0][1]].casefold())
    ):
        words.pop(0)
    while words and text[words[-1][0] : words[-1][1]].casefold().strip(",;:") in _CONNECTORS:
        words.pop()
    if not words:
        return None
    s, e = words[0][0], words[-1][1]
    while e > s and text[e - 1] in ",;:’'\"”":
        e -= 1
    if e > s and text[e - 1] == "." and not re.search(rf"{LEGAL_FORM}$|\b[A-Z]\.$", text[s:e]):
        e -= 1
    if e <= s or (not text[s].isupper() and not text[s].isdigit()):
        return None
    return s, e


def is_firm_name(name: str) -> bool:
    """A name of an institution ("... Army", "... Act", "... Department") is not a firm's, nor is one
    common word ("Chinese", "Pentagon") or a name the gazetteer's hygiene would reject."""
    from sanctiongraph.loaders.articles.mentions import rejection

    words = re.findall(r"[\w’'&-]+", name)
    if not words or not name[:1].isupper():
        return False
    if len(words) == 1 and rejection(name, "firm", "alias") is not None:
        return False
    last = words[-1].casefold()
    if last in _NOT_FIRM_HEADS:
        return False
    return not any(w.casefold() in ("department", "ministry", "bureau", "court", "commission") for w in words)


def _with_form(text: str) -> list[FirmCandidate]:
    found = []
    for match in _NAME_WITH_FORM.finditer(text):
        trimmed = _trim(text, *match.span("name"))
        if trimmed is None:
            continue
        start, end = trimmed
        name = text[start:end]
        if len(re.findall(r"\w+", name)) < 2 or not is_firm_name(name):
            continue
        found.append(FirmCandidate(Span(start, end, name), "legal form", _acronym_after(text, end)))
    return found


def _after_descriptor(text: str) -> list[FirmCandidate]:
    found = []
    for match in _NAME_AFTER_DESCRIPTOR.finditer(text):
        trimmed = _trim(text, *match.span("name"))
        if trimmed is None:
            continue
        start, end = trimmed
        name = text[start:end]
        if not is_firm_name(name) or name.casefold() in ("chinese", "china", "u.s.", "us"):
            continue
        found.append(FirmCandidate(Span(start, end, name), "descriptor", _acronym_after(text, end)))
    return found


def _acronym_after(text: str, end: int) -> Span | None:
    match = _BRACKETED.match(text, end)
    if match is None:
        return None
    return Span(match.start("acronym"), match.end("acronym"), match["acronym"])


def enumerations(text: str, known: list[Mention]) -> list[FirmCandidate]:
    """Capitalised items after an enumeration cue, to the end of the clause ("such as A, B, and C")."""
    found = []
    for cue in _ENUMERATION_CUE.finditer(text):
        stop = _clause_end(text, cue.end())
        for start, end in _items(text, cue.end(), stop):
            trimmed = _trim(text, start, end)
            item = _name_prefix(text, *trimmed) if trimmed else None
            if item is None:
                continue
            s, e = item
            name = text[s:e]
            if not is_firm_name(name) or any(m.kind != "firm" and _overlap(Span(s, e, name), m.span) for m in known):
                continue
            found.append(FirmCandidate(Span(s, e, name), "enumeration", _acronym_after(text, e)))
    return found


_PIECE_SPLIT = re.compile(r"\s*(?:;|,(?!\s*(?:Ltd|Inc|Limited|LLC|Co\b)))\s*")


def _items(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Item spans: pieces between commas and semicolons; the last piece splits at its last 'and'/'or'
    unless the word after it is a common word of a firm name ("Science and Technology Corp.")."""
    from sanctiongraph.loaders.articles.mentions import common_words

    pieces = []
    position = start
    for match in _PIECE_SPLIT.finditer(text, start, stop):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, stop))
    s, e = pieces[-1]
    last = list(re.finditer(r"\s+(?:and|or)\s+", text[s:e]))
    if last:
        cut = last[-1]
        after = re.match(r"[\w-]+", text[s + cut.end() : e])
        if after and after.group(0).casefold() not in common_words():
            pieces[-1:] = [(s, s + cut.start()), (s + cut.end(), e)]
    return [(a, b) for a, b in pieces if b > a]


def _clause_end(text: str, start: int) -> int:
    """Where an enumeration ends: sentence end, a paragraph break, or a clause word ("because", "to")."""
    end = re.compile(
        r"(?<!\b[A-Z])(?<!\bCo)(?<!\bCorp)(?<!\bInc)(?<!\bLtd)\.(?:\s|$)|[:“\"]|"
        r"\s(?:because|for|to|which|that|who|as|in|on|from|after|with|over|under)\s"
    )
    match = end.search(text, start)
    return match.start() if match else len(text)


def _name_prefix(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The capitalised name at the start of an item, up to the first lower-case word that is no connector."""
    words = list(re.finditer(r"\S+", text[start:end]))
    kept_end = None
    for index, word in enumerate(words):
        token = word.group(0)
        if token[:1].isupper() or token[:1].isdigit() or token == "&":
            kept_end = start + word.end()
        elif token.casefold() in _CONNECTORS and index > 0:
            continue
        else:
            break
    if kept_end is None:
        return None
    return _trim(text, start, kept_end)


def list_items(text: str) -> list[FirmCandidate]:
    """Items of a list set out one per line after an introduction ending in ':' or '?' (blank lines allowed)."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*", text) if m.group(0).strip()]
    found: list[FirmCandidate] = []
    index = 0
    while index < len(lines):
        start, end = lines[index]
        intro = text[start:end].strip()
        index += 1
        if not intro.endswith((":", "?")) or not _LIST_INTRO_WORDS.search(intro):
            continue
        items = []
        while index < len(lines):
            item = _line_item(text, *lines[index])
            if item is None:
                break
            items.append(item)
            index += 1
        if len(items) >= 2:
            found += items
    return found


def _line_item(text: str, start: int, end: int) -> FirmCandidate | None:
    """One line of a list when it is nothing but a name (bullet, name, optional '(ACRONYM)')."""
    bullet = _BULLET.match(text, start, end)
    start = bullet.end() if bullet else start
    line = text[start:end]
    acronym = None
    bracket = re.search(r"\s*\(\s*(?P<acronym>[A-Z][A-Za-z0-9&-]{1,11})\s*\)\s*\.?\s*$", line)
    if bracket:
        acronym = Span(start + bracket.start("acronym"), start + bracket.end("acronym"), bracket["acronym"])
        line = line[: bracket.start()]
    trimmed = _trim(text, start, start + len(line.rstrip()))
    if trimmed is None:
        return None
    s, e = trimmed
    name = text[s:e]
    words = name.split()
    if not 1 <= len(words) <= 12 or name.endswith((":", "?")):
        return None
    if not all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in _CONNECTORS for w in words):
        return None
    if not is_firm_name(name):
        return None
    return FirmCandidate(Span(s, e, name), "list item", acronym)


def _repeated(text: str, found: list[Mention], known: list[Mention]) -> list[Mention]:
    """Later uses of a name or acronym found once by its cue ("drone maker DJI ... DJI said")."""
    again: list[Mention] = []
    from sanctiongraph.loaders.articles.mentions import short_forms

    names = {m.span.text: m for m in found}
    for first in list(names.values()):
        for short in short_forms(_clean_label(first.span.text)):
            names.setdefault(short, first)
    for surface, first in names.items():
        if "\n" in surface:
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
            span = Span(match.start(), match.end(), match.group(0))
            if not _overlaps_any(span, known + found + again):
                again.append(Mention(span, "firm", first.entities, first.label, "repeated"))
    return again
