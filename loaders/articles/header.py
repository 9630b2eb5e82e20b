"""Turn an article file's text into its body and metadata: header lines, HTML, Markdown.

A .txt/.md article may start with header lines (`Source: URL`, `Publisher: ...`,
`Date: YYYY-MM-DD`, `Rights: ...`, any `Key: value`) ended by a blank line. Offsets in the
extraction count from the first character of the body, after the header and its blank lines.
HTML is reduced to its main text with trafilatura (offline), one paragraph per line pair.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import trafilatura

from sanctiongraph.errors import SourceFormatError

# A header block is recognised only when it opens with one of these keys, so an article
# whose first line happens to contain a colon ("Update: ...") is not eaten as a header.
HEADER_KEYS = ("source", "publisher", "date", "rights", "title", "url", "author")
_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z -]{0,30}):[ \t]*(.*)")
HTML_SUFFIXES = (".html", ".htm")


@dataclass
class ArticleText:
    """The body we extract from, plus what the header or the HTML metadata said."""

    body: str
    header: dict[str, str] = field(default_factory=dict)
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    published: dt.date | None = None


def split_header(text: str, path: str = "<text>") -> ArticleText:
    """Separate the header lines from the body; a bad Date line fails naming its line."""
    lines = text.split("\n")
    header: dict[str, str] = {}
    date_line = 0
    index = 0
    while index < len(lines):
        match = _HEADER_LINE.fullmatch(lines[index].rstrip("\r"))
        if not match or (index == 0 and match.group(1).strip().lower() not in HEADER_KEYS):
            break
        key = match.group(1).strip().lower()
        header[key] = match.group(2).strip()
        date_line = index + 1 if key == "date" else date_line
        index += 1
    if header and index < len(lines) and lines[index].strip():
        header, index = {}, 0  # no blank line after it: it was prose, not a header
    body_start = sum(len(line) + 1 for line in lines[:index])
    body = text[body_start:].lstrip("\r\n")
    if not body.strip():
        raise SourceFormatError("no article text after the header", path=path, line=index + 1)
    return ArticleText(
        body=body,
        header=header,
        url=header.get("source") or header.get("url"),
        publisher=header.get("publisher"),
        title=header.get("title"),
        published=_header_date(header.get("date"), path, date_line),
    )


def _header_date(value: str | None, path: str, line: int) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise SourceFormatError(f"Date header is not YYYY-MM-DD: {value!r}", path=path, line=line) from None


def html_article(html: str, path: str = "<html>") -> ArticleText:
    """Main text and metadata of an HTML page (trafilatura, no network)."""
    extracted = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not extracted or not extracted.strip():
        raise SourceFormatError("no article text found in the HTML", path=path)
    # trafilatura ends each block with one newline; a blank line makes each its own paragraph.
    body = re.sub(r"\n+", "\n\n", extracted.strip())
    meta = trafilatura.extract_metadata(html)
    published = None
    if meta is not None and meta.date:
        try:
            published = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    return ArticleText(
        body=body,
        url=meta.url if meta else None,
        publisher=meta.sitename if meta else None,
        title=meta.title if meta else None,
        published=published,
    )


def article_text(raw: str, path: str) -> ArticleText:
    """The body and metadata of a .txt, .md or .html article."""
    if path.lower().endswith(HTML_SUFFIXES):
        return html_article(raw, path)
    article = split_header(raw, path)
    if article.title is None:
        article.title = first_line_title(article.body)
    return article


def first_line_title(body: str) -> str | None:
    """The first line when it reads like a headline (short, no final full stop); '# ' is dropped."""
    first = body.split("\n", 1)[0].strip().lstrip("#").strip()
    if first and len(first) <= 160 and not first.endswith((".", ":", ",")):
        return first
    return None
