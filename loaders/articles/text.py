"""Text structure for extraction: paragraphs, sentences, quotations and dates, with offsets.

Hand-written rules rather than an NLP pipeline: the extraction must be offline and
deterministic, and spaCy's sentence splitter needs a downloaded model. The rules know the
abbreviations news and government texts use (U.S., Co., Corp., E.O., Jan.).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from sanctiongraph.loaders.articles.model import Span

ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "e.o", "co", "corp", "inc", "ltd", "dept", "mr", "mrs", "ms", "dr", "no", "nos",
    "st", "gen", "sec", "jr", "sr", "vs", "al", "etc", "fig", "pub", "l", "stat", "supp", "sept",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "a.k.a", "f.k.a", "p.m", "a.m",
}  # fmt: skip
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n+")
_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
OPENING_QUOTES = "“"
CLOSING_QUOTES = "”"


# A blank line inside a sentence (copied from a page's layout) does not end a paragraph when the
# block before it is long prose and stops mid-sentence; short blocks are headlines and stay apart.
_MID_SENTENCE_BLOCK = 120


def paragraphs(text: str) -> list[Span]:
    """Blocks of text separated by blank lines (a break in mid-sentence of long prose is no break)."""
    return list(_paragraphs(text))


@lru_cache(maxsize=4)  # every step of one extraction asks for the paragraphs of the same body
def _paragraphs(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        block = text[start : match.start()].rstrip()
        long_prose = len(block) > _MID_SENTENCE_BLOCK and block[-1:].isalnum() and "\n" not in block.strip()
        # "... on January 14, 2021, the" ends with a small word: the sentence goes on after the break.
        runs_on = re.search(r"(?:\b[a-z]+|,)$", block) or text[match.end() : match.end() + 1] in tuple(
            "(abcdefghijklmnopqrstuvwxyz"
        )
        last_line = block.rsplit("\n", 1)[-1]
        # A wrapped line cut before its end (not a byline or a headline in title case).
        cut_line = len(last_line) > 60 and last_line[-1:].isalnum() and not _BYLINE.match(block.strip())
        cut_line = cut_line and not _title_case(last_line)
        if long_prose or (spans and (runs_on or cut_line) and len(block) > 40):
            continue
        spans += _trimmed(text, start, match.start())
        start = match.end()
    spans += _trimmed(text, start, len(text))
    return tuple(spans)


def _title_case(line: str) -> bool:
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
    return bool(words) and sum(w[:1].isupper() for w in words) / len(words) > 0.6


_BYLINE = re.compile(r"(?:Published|Updated|Posted|By|Source|Photo)\b[^\n]*$")


def headline_lines(text: str, within: int = 3) -> list[Span]:
    """Headline, byline and date lines at the top: the publisher's, never anybody's statement.

    A line is one when it opens the text (within the first few lines) and does not end like a
    sentence, or starts "Published:", "By ..." and the like.
    """
    found = []
    for match in list(re.finditer(r"[^\n]+", text))[:within]:
        line = match.group(0).strip()
        if not line:
            continue
        if _BYLINE.match(line) or (len(line) <= 200 and not line.endswith((".", "”", '"', "!", "?", ":"))):
            found.append(Span(match.start(), match.end(), match.group(0)))
        else:
            break
    # Only a block of its own is a headline: a first line that runs on into prose is prose.
    while found and not re.match(r"[ \t]*(?:\n[ \t]*\n|$)", text[found[-1].end :]):
        found.pop()
    return found


def sentences(text: str) -> list[Span]:
    """Sentences of every paragraph; a full stop after an abbreviation or initial does not end one."""
    spans = []
    for paragraph in paragraphs(text):
        start = paragraph.start
        for match in _BOUNDARY.finditer(text, paragraph.start, paragraph.end):
            if _after_abbreviation(text, start, match.start()):
                continue
            spans += _trimmed(text, start, match.end())
            start = match.end()
        spans += _trimmed(text, start, paragraph.end)
    return spans


def _after_abbreviation(text: str, sentence_start: int, stop: int) -> bool:
    if text[stop] != ".":
        return False
    word = re.search(r"[^\s(“\"]*$", text[sentence_start:stop])
    token = word.group(0) if word else ""
    return token.lower() in ABBREVIATIONS or bool(re.fullmatch(r"[A-Z]|(?:[A-Za-z]\.)+[A-Za-z]", token))


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [Span(start, end, text[start:end])] if end > start else []


def quotations(text: str) -> list[Span]:
    """Top-level quoted passages (inside the marks); nested quotes stay inside their parent.

    Curly quotes nest; straight double quotes toggle. A quote still open at the end of its
    paragraph is closed there (news style repeats the opening mark on each quoted paragraph).
    """
    spans: list[Span] = []
    for paragraph in paragraphs(text):
        spans += _paragraph_quotations(text, paragraph)
    return spans


def _paragraph_quotations(text: str, paragraph: Span) -> Iterator[Span]:
    depth = 0
    straight_open: int | None = None
    opened = 0
    for index in range(paragraph.start, paragraph.end):
        char = text[index]
        if char == '"' and depth == 0:
            if straight_open is None:
                straight_open = index + 1
            else:
                yield from _trimmed(text, straight_open, index)
                straight_open = None
        elif char in OPENING_QUOTES and straight_open is None:
            opened = index + 1 if depth == 0 else opened
            depth += 1
        elif char in CLOSING_QUOTES and depth > 0:
            depth -= 1
            if depth == 0:
                yield from _trimmed(text, opened, index)
    if depth > 0:
        yield from _trimmed(text, opened, paragraph.end)
    elif straight_open is not None:
        yield from _trimmed(text, straight_open, paragraph.end)


# dates -----------------------------------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_DATE_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]
_RELATIVE = re.compile(r"\b(?P<word>today|yesterday|" + "|".join(_WEEKDAYS) + r")\b", re.I)


def dates_in(text: str, start: int, end: int, published: dt.date | None) -> list[tuple[Span, dt.date]]:
    """Dates written in text[start:end]: explicit ones, and today/yesterday/weekdays if published is known."""
    found: list[tuple[Span, dt.date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text, start, end):
            day = _explicit_date(match, published)
            if day is not None and not _overlaps(match.span(), taken):
                taken.append(match.span())
                found.append((Span(match.start(), match.end(), match.group(0)), day))
    if published is not None:
        for match in _RELATIVE.finditer(text, start, end):
            if not _overlaps(match.span(), taken):
                found.append(
                    (Span(match.start(), match.end(), match.group(0)), relative_date(match["word"], published))
                )
    return sorted(found, key=lambda item: item[0].start)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _explicit_date(match: re.Match[str], published: dt.date | None) -> dt.date | None:
    month_text = match["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower().rstrip(".")]
    year = int(match["year"]) if match["year"] else (published.year if published else None)
    if year is None:
        return None
    try:
        day = dt.date(year, month, int(match["day"]))
    except ValueError:
        return None
    # "December 28" in a January article is last year's.
    if not match["year"] and published is not None and day > published:
        day = day.replace(year=year - 1)
    return day


def relative_date(word: str, published: dt.date) -> dt.date:
    """'today' is the document date; a weekday is the latest such day on or before it."""
    word = word.lower()
    if word == "today":
        return published
    if word == "yesterday":
        return published - dt.timedelta(days=1)
    back = (published.weekday() - _WEEKDAYS[word]) % 7
    return published - dt.timedelta(days=back)


def dateline(text: str, published: dt.date | None, within: int = 4) -> dt.date | None:
    """The date of a paragraph that is nothing but a date near the top ("DEC. 3, 2020").

    A reprint dated later than the release it copies keeps the release's dateline: "today"
    in the release means that day, not the reprint's.
    """
    for paragraph in paragraphs(text)[:within]:
        found = dates_in(text, paragraph.start, paragraph.end, published)
        if len(found) == 1 and found[0][0].text.strip(" .") == paragraph.text.strip(" ."):
            return found[0][1]
    return None
