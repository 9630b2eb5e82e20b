"""Sentences, quotations and dates with offsets."""

from __future__ import annotations

import datetime as dt

from sanctiongraph.loaders.articles.text import dateline, dates_in, paragraphs, quotations, relative_date, sentences


def test_sentences_do_not_end_after_abbreviations() -> None:
    text = "Xiaomi Corp. is off the U.S. list. Huawei Technologies Co. is not. E.O. 13959 applies.\n\nNew paragraph"
    spans = sentences(text)
    assert [s.text for s in spans] == [
        "Xiaomi Corp. is off the U.S. list.",
        "Huawei Technologies Co. is not.",
        "E.O. 13959 applies.",
        "New paragraph",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_paragraphs_split_on_blank_lines() -> None:
    assert [p.text for p in paragraphs("a\nb\n\n  \nc")] == ["a\nb", "c"]


def test_nested_quotes_stay_inside_the_outer_one() -> None:
    text = "“Today DoD named “Communist Chinese military companies” again,” the DOJ announced."
    (quote,) = quotations(text)
    assert quote.text == "Today DoD named “Communist Chinese military companies” again,"


def test_straight_quotes_and_unclosed_quote_at_paragraph_end() -> None:
    text = 'SMIC said "no ties" today.\n\n“The Company has been in compliance\n\nNext.'
    assert [q.text for q in quotations(text)] == ["no ties", "The Company has been in compliance"]


def test_explicit_dates() -> None:
    text = "On January 14, 2021 and 14 Jan. 2021 and 2021-01-13 and Dec. 3"
    found = dates_in(text, 0, len(text), dt.date(2021, 1, 20))
    assert [d for _, d in found] == [
        dt.date(2021, 1, 14),
        dt.date(2021, 1, 14),
        dt.date(2021, 1, 13),
        dt.date(2020, 12, 3),  # no year, after the document date: last year's
    ]


def test_relative_dates_resolve_against_the_document_date() -> None:
    friday = dt.date(2021, 6, 4)
    assert relative_date("today", friday) == friday
    assert relative_date("Friday", friday) == friday
    assert relative_date("Tuesday", friday) == dt.date(2021, 6, 1)
    assert relative_date("yesterday", friday) == dt.date(2021, 6, 3)


def test_relative_dates_need_a_document_date() -> None:
    assert dates_in("It happened today.", 0, 18, None) == []


def test_dateline_paragraph_sets_the_day_of_today() -> None:
    text = "DOD releases a list\n\nDEC. 3, 2020\n\nToday, the Department released names."
    assert dateline(text, dt.date(2020, 12, 7)) == dt.date(2020, 12, 3)
    assert dateline("Posted on January 15, 2021 by a writer\n\nText.", dt.date(2021, 1, 15)) is None
