"""Header lines, HTML and Markdown bodies of article files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.loaders.articles.header import article_text, first_line_title, split_header


def test_header_lines_are_read_and_offsets_start_after_them() -> None:
    text = "Source: https://example.org/a\nPublisher: Desk\nDate: 2021-01-15\nRights: ours\n\n\nBody starts here."
    article = split_header(text)
    assert article.body == "Body starts here."
    assert article.url == "https://example.org/a"
    assert article.publisher == "Desk"
    assert article.published == dt.date(2021, 1, 15)
    assert article.header["rights"] == "ours"


def test_text_without_header_is_all_body() -> None:
    text = "Update: the Commerce Department acted.\nMore text."
    assert split_header(text).body == text
    assert split_header(text).header == {}


def test_header_block_needs_a_blank_line_after_it() -> None:
    text = "Source: a wire report\nsays the list grew"
    assert split_header(text).body == text


def test_bad_date_header_names_file_and_line() -> None:
    with pytest.raises(SourceFormatError) as info:
        split_header("Source: x\nDate: 15 January\n\nBody.", "a.txt")
    assert info.value.path == "a.txt"
    assert info.value.line == 2


def test_header_without_body_is_an_error() -> None:
    with pytest.raises(SourceFormatError, match="no article text"):
        split_header("Source: x\nDate: 2021-01-01\n\n  \n", "a.txt")


def test_headline_title_from_first_line() -> None:
    assert first_line_title("# SMIC responds\n\nText.") == "SMIC responds"
    assert first_line_title("A sentence that ends.\nMore.") is None


def test_html_main_text_and_metadata(fixtures: Path) -> None:
    path = fixtures / "articles" / "2021-01-14_commerce-adds-cnooc.html"
    article = article_text(path.read_text(encoding="utf-8"), str(path))
    assert "added China National Offshore Oil Corporation to the Entity List" in article.body
    assert "Home" not in article.body  # navigation is dropped
    assert "\n\n" in article.body  # one paragraph per block
    assert article.url == "https://example.org/wire/2021/01/14/commerce-cnooc"
    assert article.published == dt.date(2021, 1, 14)


def test_html_without_text_fails(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="no article text"):
        article_text("<html><head><title>t</title></head><body></body></html>", str(tmp_path / "a.html"))


def test_windows_line_ends() -> None:
    article = split_header("Source: x\r\nDate: 2021-01-15\r\n\r\nBody line.\r\n")
    assert article.body == "Body line.\r\n"
    assert article.published == dt.date(2021, 1, 15)
