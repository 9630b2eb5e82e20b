"""Entity List names that say more than a name: a tie to another party, a place, a scope.

"Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity: Ningbo Huawei Computer & Net Co.,
Ltd.", "X (a subordinate institute of CETC-7)", "X, and subordinate entity Y", "X and any
successor, sub-unit, or subsidiary thereof", "X Co., Ltd., Hangzhou, Zhejiang, China".
split_name takes them apart; entity resolution and the CSL loaders share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rigour.names import extract_org_types

__all__ = ["CslName", "name_key", "split_name", "split_place"]

_AFFILIATED = re.compile(r"^(?P<other>.+?)\s*\bAffiliated Entit(?:y|ies)\s*:\s*(?P<name>.+)$", re.IGNORECASE)
_SUBORDINATE_OF = re.compile(
    r"^(?P<name>.+?)\s*\((?:an? )?subordinate(?: [\w-]+)? of (?P<other>[^()]+)\)\s*$", re.IGNORECASE
)
_AND_SUBORDINATE = re.compile(
    r"^(?P<other>.+?),?\s+and (?:its )?subordinate (?:entity|entities|institute|unit)\s+(?P<name>.+)$", re.IGNORECASE
)
_SCOPE = re.compile(r"[,\s]+and (?:any|its|all) (?:successors?|sub-?units?|subsidiar(?:y|ies))\b.*$", re.IGNORECASE)
# Words of a unit or a firm, never of a place: "Huawei Technologies Co., Ltd., Beijing Research
# Institute" names a unit, "Huawei Software Technologies Co., Ltd., Nanjing, Jiangsu" a place.
_UNIT_WORDS = re.compile(
    r"\b(institute|lab|laboratory|cent(?:er|re)|research|branch|office|department|division|factory|plant|"
    r"university|academy|school|company|co|ltd|group|bureau|corporation|inc|llc|bank|station|base|college|"
    r"hospital|agency|ministry|administration|subsidiary|unit|works|park|successors?|and|of)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CslName:
    """What a CSL name says: the party's own name, a place written into it, and a tie it states."""

    name: str
    other: str | None = None  # the party the name ties this one to
    kind: str | None = None  # 'affiliated entity' or 'subordinate of' (this party of the other)
    address: str | None = None
    scope: str | None = None  # "and any successor, sub-unit, or subsidiary thereof"

    @property
    def changed(self) -> bool:
        return bool(self.other or self.address or self.scope)


def split_name(text: str) -> CslName:
    """Take a BIS/State CSL name apart (see the module docstring); a plain name comes back as is."""
    text = " ".join(text.split())
    other = kind = scope = None
    # An ASCII name can only match a pattern if it holds the pattern's words in some case: the
    # patterns' scans are skipped for the rest, most names (a third of split_name's time).
    # Non-ASCII names always go through them (IGNORECASE matches 'ı' and 'ſ' to 'i' and 's').
    lowered = text.lower() if text.isascii() else None
    subordinate = lowered is None or "subordinate" in lowered
    if (lowered is None or "affiliated entit" in lowered) and (match := _AFFILIATED.match(text)):
        text, other, kind = match["name"], _strip_stop(match["other"]), "affiliated entity"
    elif subordinate and (match := _SUBORDINATE_OF.match(text)):
        text, other, kind = match["name"], match["other"].strip(), "subordinate of"
    elif subordinate and (match := _AND_SUBORDINATE.match(text)):
        text, other, kind = match["name"], match["other"].strip(" ,"), "subordinate of"
    if (lowered is None or "and " in lowered) and (match := _SCOPE.search(text)):
        text, scope = text[: match.start()], match.group(0).strip(" ,")
    name, address = split_place(text.strip().rstrip(","))
    return CslName(name, other, kind, address, scope)


def split_place(name: str) -> tuple[str, str | None]:
    """'Suzhou Huawei Investment Co., Ltd., Suzhou, Jiangsu' -> (the firm, 'Suzhou, Jiangsu').

    Only what follows a legal form (rigour's table), after a comma, with no word of a unit or a
    firm in it, is a place; anything else stays in the name (a person's 'ZHANG, Xiaoming' has no
    legal form, a unit's 'Co., Ltd., Beijing Research Institute' has unit words).
    """
    end = max((name.rfind(form) + len(form) for form, _ in extract_org_types(name) if form in name), default=-1)
    if end < 0:
        return name, None
    rest = name[end:]
    bracket = re.match(r"\s*\([^()]*\)", rest)
    if bracket:
        end, rest = end + bracket.end(), rest[bracket.end() :]
    place = rest.strip(" ,.")
    if not rest.startswith(",") or not place or not place[0].isalnum() or _UNIT_WORDS.search(place):
        return name, None
    return name[:end].strip(), place


def _strip_stop(text: str) -> str:
    """'Huawei Technologies Co., Ltd. (Huawei).' -> without the sentence's full stop; 'Ltd.' keeps its own."""
    text = text.strip()
    return text[:-1].strip() if text.endswith((").", "..")) else text


def name_key(text: str) -> str:
    """How names are compared within one file: case, spacing and a final full stop ignored."""
    return " ".join(text.casefold().split()).rstrip(".")
