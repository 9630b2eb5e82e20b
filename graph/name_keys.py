"""The comparison key of a name: `normality.normalize(text, lowercase=True, ascii=False)`, by hand.

Hand-written because importing normality costs ~40 ms of every command that looks a name up
(its encoding detection and ICU transliteration load with it, and the key uses neither). The
steps are normality's (3.x) for text: strip, lower case, NFKD, each character replaced by its
Unicode category (punctuation and symbols to a space; marks, modifiers, formats and currency
signs dropped), invisible characters removed, whitespace squashed. Keys are stored in the name
index, so they must not change: tests/graph/test_name_keys.py compares this with normality on
arbitrary text and on every name of the real lists.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["name_key"]

_SPACE = " "
# normality.constants.UNICODE_CATEGORIES: what each Unicode category becomes ("" = dropped).
_BY_CATEGORY = {
    **dict.fromkeys(("Cf", "Cs", "Co", "Cn", "Lm", "Mn", "Me", "No", "Sc", "Sk"), ""),
    **dict.fromkeys(("Cc", "Mc", "Zs", "Zl", "Zp", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "So"), _SPACE),
}
# normality.cleaning.squash_spaces: characters removed, then runs of whitespace made one space.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad\u2060-\u2064]")
_WHITESPACE = re.compile(r"[\s\u2028\u2000-\u200a\u2029\u0a00\u1680\u202f\u205f\u3000]+")


class _ByCategory(dict[int, str | None]):
    """A str.translate table filled on demand: a code point to what its category makes of it."""

    def __missing__(self, code: int) -> str | None:
        replacement = _BY_CATEGORY.get(unicodedata.category(chr(code)))
        value = chr(code) if replacement is None else replacement or None
        if len(self) < 2**15:  # bounded, as normality bounds its own
            self[code] = value
        return value


_TABLE = _ByCategory()


def name_key(text: str) -> str:
    """Comparison key: lower case, punctuation to spaces, whitespace collapsed; "" for no text."""
    text = text.strip().lower()
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text).translate(_TABLE)
    return _WHITESPACE.sub(_SPACE, _INVISIBLE.sub("", text)).strip(_SPACE)
