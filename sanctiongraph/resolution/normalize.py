"""Name and identifier normalisation for matching: tokens with a role, from rigour's name analysis.

rigour (the OpenSanctions name library) does the heavy lifting: case folding, legal-form
rewriting (Co., Ltd. / Limited / ООО / Aktiengesellschaft become one compare form), Cyrillic and
other transliteration of each part, and tagging of parts with symbols (ORG_CLASS for legal
forms, SYMBOL / DOMAIN / LOCATION for company-name noise such as "Group", "Technology",
"China"). We only add the role each token plays in scoring and a pinyin fallback for Han script,
which rigour leaves untransliterated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import normality
from rigour.ids import get_identifier_format
from rigour.names import NamePartTag, NameTypeTag, analyze_names, extract_org_types, remove_org_types
from rigour.names.symbol import SymbolCategory

from sanctiongraph.resolution.places import is_city

AFFIX = 3  # "Univ." / "University" share their first letters, "Schell" / "Shell" their last
# Roles a token plays: distinctive words carry a match, noise words only support one.
CORE, GENERIC, LEGAL, STOP = "core", "generic", "legal", "stop"
_GENERIC_CATEGORIES = {SymbolCategory.SYMBOL, SymbolCategory.DOMAIN, SymbolCategory.LOCATION}
_EQUIVALENCE_CATEGORIES = _GENERIC_CATEGORIES | {
    SymbolCategory.NAME,
    SymbolCategory.NICK,
    SymbolCategory.ORG_CLASS,
    SymbolCategory.NUMERIC,
}


class EntityKind(str, Enum):
    """What a record is, as far as name analysis cares."""

    firm = "firm"
    person = "person"
    vessel = "vessel"
    other = "other"


_TYPE_TAGS = {
    EntityKind.firm: NameTypeTag.ORG,
    EntityKind.person: NameTypeTag.PER,
    EntityKind.vessel: NameTypeTag.OBJ,
    EntityKind.other: NameTypeTag.ENT,
}


@dataclass(frozen=True, slots=True)
class Token:
    """One comparable word of a name: its ASCII form, its role and the symbols rigour gave it."""

    text: str
    role: str
    symbols: frozenset[str]
    phonetic: str | None


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name as the matcher sees it: the original string and its tokens."""

    original: str
    tokens: tuple[Token, ...]
    kind: EntityKind = EntityKind.firm
    # Symbols rigour found on runs of several tokens ("United States", "Al Qaeda"), with the
    # token indexes they cover: such a run is one unit when aligning ("U.S." / "United States").
    phrases: tuple[tuple[str, tuple[int, ...]], ...] = ()
    # What two names must share to be worth comparing at all (see could_match).
    evidence: frozenset[str] = frozenset()

    @property
    def core_tokens(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.role == CORE)

    @property
    def key(self) -> str:
        """The distinctive words joined: equal keys are the same name up to noise words."""
        return " ".join(t.text for t in self.core_tokens)


@lru_cache(maxsize=200_000)
def name_form(text: str, kind: EntityKind = EntityKind.firm) -> NameForm | None:
    """Analyse one name; None when nothing comparable is left (empty, punctuation only).

    A firm name's words after its legal form and a comma ("Whirlpool International B.V.,
    Veldhoven, NL") are an address or a note, not part of the name: they are kept as stop words.
    """
    text = affiliate_name(text).strip()
    if _is_han(text) and kind is not EntityKind.person:
        text = _strip_han_legal_form(text)
    main, qualifier = (text, "") if kind in (EntityKind.person, EntityKind.vessel) else split_qualifier(text)
    tokens, phrases = _analyse(main, kind)
    if kind is not EntityKind.person:
        tokens = _bracketed_acronym_as_stop(main, tokens)
    if kind is EntityKind.firm:
        tokens = _cities_as_places(tokens)
    if qualifier:
        extra, _ = _analyse(qualifier, kind)
        tokens += [Token(t.text, STOP, frozenset(), t.phonetic) for t in extra]
    return NameForm(text, tuple(tokens), kind, phrases, _evidence(tokens)) if tokens else None


AFFILIATE = re.compile(r"\baffiliated\s+entity\s*:\s*", re.IGNORECASE)


def affiliate_name(text: str) -> str:
    """The Entity List writes an affiliate under its parent's heading ("Huawei Technologies Co.,
    Ltd. (Huawei).  Affiliated Entity: Ningbo Huawei Computer & Net Co., Ltd."): the record is
    the affiliate, so only its name is compared; the parent is a relation, never a name."""
    found = AFFILIATE.search(text)
    return text[found.end() :] if found and text[found.end() :].strip() else text


def _cities_as_places(tokens: list[Token]) -> list[Token]:
    """A city in a firm name ("Hangzhou Hikvision", "Huawei Cloud Guiyang") is a place, a noise
    word like a country, as long as something else in the name is distinctive: a firm named only
    after a city ("Toyota", "Kawasaki Heavy Industries") keeps it as its distinctive word."""
    cities = [k for k, t in enumerate(tokens) if t.role == CORE and is_city(t.text)]
    if not cities or all(t.role != CORE or k in cities for k, t in enumerate(tokens)):
        return tokens
    return [
        Token(t.text, GENERIC, t.symbols | {f"LOC:city-{t.text}"}, t.phonetic) if k in cities else t
        for k, t in enumerate(tokens)
    ]


def is_place(token: Token) -> bool:
    """Whether a token names a country, province or city (rigour's LOC symbols and ours)."""
    return any(s.startswith("LOC:") for s in token.symbols)


def _evidence(tokens: list[Token]) -> frozenset[str]:
    """First and last letters, sounds and symbols of the words beyond stop words and legal forms,
    and the initials an acronym would spell: names sharing none of these score next to nothing
    (checked on the benchmark pairs: no score changes)."""
    words = [t for t in tokens if t.role in (CORE, GENERIC)]
    found = {f"w:{t.text[:AFFIX]}" for t in words} | {f"e:{t.text[-AFFIX:]}" for t in words}
    found.update(f"m:{t.phonetic}" for t in words if t.phonetic)
    found.update(symbol for t in words for symbol in t.symbols)
    if len(words) == 1:
        found.add(f"a:{words[0].text}")
    elif len(words) >= 3:
        found.add("a:" + "".join(t.text[0] for t in words))
    return frozenset(found)


def could_match(left: NameForm, right: NameForm) -> bool:
    """Whether two names share any evidence; a cheap test before the full comparison."""
    return not left.evidence.isdisjoint(right.evidence)


@lru_cache(maxsize=50_000)
def bracketed_words(text: str) -> frozenset[str]:
    """The words of a name written in brackets, in token form."""
    return frozenset(ascii_token(w.lower()) for group in re.findall(r"\(([^)]*)\)", text) for w in group.split())


def _bracketed_acronym_as_stop(text: str, tokens: list[Token]) -> list[Token]:
    """ "Koninklijke Philips Electronics N.V. (KPENV)", "... National Aeronautics and Space
    Administration (NASA)": an acronym in brackets spelling the initials of the whole name, or of
    the words just before it, is the same name again, so it is kept as a stop word rather than
    as a word the other side lacks. So is a short name repeating a word of the name before it
    ("Huawei Technologies Co., Ltd. (Huawei)", the Entity List's way of giving the short name)."""
    bracketed = bracketed_words(text)
    if not bracketed:
        return tokens
    for k, token in enumerate(tokens):
        if token.text not in bracketed or len(token.text) < 2:
            continue
        rest = [t for n, t in enumerate(tokens) if n != k]
        initials = "".join(t.text[0] for t in rest if t.role in (CORE, GENERIC))
        legal = "".join(t.text for t in rest if t.role == LEGAL)
        before = "".join(t.text[0] for t in tokens[:k] if t.role in (CORE, GENERIC))
        repeated = any(t.text == token.text for t in tokens[:k])  # "Huawei Technologies Co., Ltd. (Huawei)"
        acronym = token.text in (initials, initials + legal) or (len(token.text) >= 3 and before.endswith(token.text))
        if repeated or acronym:
            tokens = [*tokens[:k], Token(token.text, STOP, token.symbols, token.phonetic), *tokens[k + 1 :]]
    return tokens


def split_qualifier(text: str) -> tuple[str, str]:
    """The name up to its last legal form followed by a comma, and what follows ("" if none)."""
    for comma in reversed([i for i, ch in enumerate(text) if ch == ","]):
        head, tail = text[:comma].rstrip(), text[comma + 1 :].strip()
        if not any(ch.isalnum() for ch in tail) or _ends_with_legal_form(tail):
            continue  # "Co., Ltd." split at its own comma, or a second firm after the first
        found = extract_org_types(head)
        if found and _ends_with(head, found[-1][0]) and remove_org_types(head).strip(" .,"):
            if _names_a_unit(tail):  # "Huawei Technologies Co., Ltd., Beijing Research Institute"
                return text, ""
            return head, tail  # (a head that is only a legal form, "N.V, Philips", is no name)
    return text, ""


def _names_a_unit(tail: str) -> bool:
    """Whether what follows a firm's legal form names a unit of it ("Beijing Research Institute",
    "Material Characterization Lab", "Sharjah Branch"), a legal person or branch of its own, rather
    than an address ("Langfang, Hebei", "Veldhoven, NL"): it has a word rigour knows as a line of
    business or an organisation word."""
    tokens, _ = _analyse(tail, EntityKind.firm)
    return any(t.role == GENERIC and any(not s.startswith("LOC:") for s in t.symbols) for t in tokens)


def _ends_with_legal_form(text: str) -> bool:
    """Whether text ends with a legal form; two-letter ones ("NL", "SA") after a comma are far
    more often a country code in an address."""
    found = extract_org_types(text)
    return bool(found) and _ends_with(text, found[-1][0]) and len(found[-1][1]) > 2


def _ends_with(text: str, suffix: str) -> bool:
    return text.rstrip(" .").casefold().endswith(suffix.rstrip(" .").casefold())


def _analyse(text: str, kind: EntityKind) -> tuple[list[Token], tuple[tuple[str, tuple[int, ...]], ...]]:
    """Tokens of one name (rigour's parts with roles and symbols) and its multi-word symbols."""
    names = analyze_names(_TYPE_TAGS[kind], [text], consolidate=False)
    if not names:
        return [], ()
    name = max(names, key=lambda n: len(n.parts))
    symbols_by_part: dict[int, set[str]] = {}
    generic_parts: set[int] = set()
    spans: set[tuple[str, tuple[int, ...]]] = set()
    for span in name.spans:
        category = span.symbol.category
        symbol = f"{category.value}:{span.symbol.id}"
        for part in span.parts:
            if category in _EQUIVALENCE_CATEGORIES:
                symbols_by_part.setdefault(part.index, set()).add(symbol)
            if category in _GENERIC_CATEGORIES and len(span.parts) == 1:
                generic_parts.add(part.index)
        if category in _EQUIVALENCE_CATEGORIES and len(span.parts) > 1:
            spans.add((symbol, tuple(p.index for p in span.parts)))
    tokens: list[Token] = []
    token_index: dict[int, int] = {}
    for part in name.parts:
        word = ascii_token(part.comparable)
        if not word:
            continue
        token_index[part.index] = len(tokens)
        role = _role(part.tag, part.index in generic_parts, kind)
        if kind is EntityKind.vessel and word.isdigit():
            role = STOP  # "Victory" / "Victory 3": hull numbers come and go; the IMO number decides
        tokens.append(Token(word, role, frozenset(symbols_by_part.get(part.index, ())), part.metaphone))
    phrases = tuple(
        sorted(
            (symbol, tuple(token_index[i] for i in parts))
            for symbol, parts in spans
            if all(i in token_index for i in parts)
        )
    )
    return tokens, phrases


def _role(tag: NamePartTag, generic: bool, kind: EntityKind) -> str:
    if tag == NamePartTag.LEGAL:
        return LEGAL
    if tag == NamePartTag.STOP:
        return STOP
    # Person-name symbols (NAME) are not noise; for firms "Group", "China", "Technology" are.
    if generic and kind is not EntityKind.person:
        return GENERIC
    return CORE


@lru_cache(maxsize=500_000)
def ascii_token(text: str) -> str:
    """ASCII form of one token; Han syllables are joined ("小米" -> "xiaomi").

    normality (ICU) rather than rigour.text.ascii_text: the latter is slow on non-Latin text.
    """
    if text.isascii():
        return text
    latin = normality.ascii_text(text) or ""
    if _is_han(text):
        latin = latin.replace(" ", "")
    return normality.normalize(latin, lowercase=True, ascii=True) or ""


def _is_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _strip_han_legal_form(text: str) -> str:
    """Drop a trailing legal form from a Chinese name (有限公司), using rigour's legal-form table.

    Hand-written loop because Chinese has no spaces, so rigour's word-bounded lookup cannot
    find the suffix inside the name by itself.
    """
    for start in range(1, len(text)):
        suffix = text[start:]
        if any(found == suffix for found, _ in extract_org_types(suffix)):
            return text[:start]
    return text


# Identifiers: schemes whose disagreement vetoes a match, and schemes that only ever confirm one.
VETO_SCHEMES = ("lei", "imo", "registration", "tax", "passport")
CONFIRM_ONLY_SCHEMES = ("isin",)  # one issuer has many ISINs: different ISINs prove nothing
_RIGOUR_FORMATS = {"lei": "lei", "isin": "isin", "imo": "imo"}


@lru_cache(maxsize=100_000)
def identifier_key(scheme: str, value: str) -> str | None:
    """The comparable form of an identifier (rigour's format normaliser where it has one)."""
    fmt = _RIGOUR_FORMATS.get(scheme)
    if fmt is not None:
        normalised = get_identifier_format(fmt).normalize(value)
        if normalised:
            return normalised
    compact = "".join(ch for ch in value.upper() if ch.isalnum())
    return compact or None
