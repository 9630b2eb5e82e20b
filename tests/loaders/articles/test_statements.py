"""Statements: speakers of quotations and reported speech, stance, what they are about."""

from __future__ import annotations

import datetime as dt

import pytest

from sanctiongraph.graph.names import NameEntry, NameIndex
from sanctiongraph.loaders.articles.extract import extract, reference_names
from sanctiongraph.loaders.articles.model import StatementFinding
from sanctiongraph.ontology import KGR

XIAOMI = str(KGR["company/test/xiaomi"])
SMIC = str(KGR["company/test/smic"])


@pytest.fixture(scope="module")
def names() -> NameIndex:
    return NameIndex(
        [
            *reference_names().entries,
            NameEntry(KGR["company/test/xiaomi"], "firm", "Xiaomi Corporation", "name"),
            NameEntry(KGR["company/test/smic"], "firm", "SMIC", "acronym"),
        ]
    )


def statements(names: NameIndex, text: str) -> list[StatementFinding]:
    return extract(text, names=names, published=dt.date(2021, 1, 15), doc_key="test").statements


def test_firm_statement_after_the_quote(names: NameIndex) -> None:
    text = (
        "“The Company confirms that it is not owned, controlled, or affiliated with the Chinese military,” "
        "a Xiaomi statement reads."
    )
    (statement,) = statements(names, text)
    assert statement.speaker.entity == XIAOMI
    assert statement.stance == "denies"
    assert statement.about == [XIAOMI]
    assert statement.span.text.startswith("The Company confirms")


def test_speaker_before_the_quote(names: NameIndex) -> None:
    (statement,) = statements(
        names, 'Xiaomi said it "is not owned, controlled or affiliated with the Chinese military".'
    )
    assert (statement.speaker.entity, statement.stance, statement.quoted) == (XIAOMI, "denies", True)


def test_person_speaker_is_minted_and_found_again_by_surname(names: NameIndex) -> None:
    text = (
        "“China’s reckless actions are a threat,” said Commerce Secretary Wilbur Ross.\n\n"
        "“We will act again,” added Ross."
    )
    first, second = statements(names, text)
    assert first.speaker.kind == "person" and first.speaker.text == "Wilbur Ross"
    assert first.speaker.entity and "/person/article-test/" in first.speaker.entity
    assert second.speaker.entity == first.speaker.entity
    assert first.stance == "accuses"


def test_quote_without_speaker_takes_the_previous_one(names: NameIndex) -> None:
    text = (
        "SMIC has stressed that it has no relationship with the Chinese military.\n\n"
        '"We make chips for civilians," read the statement.'
    )
    reported, quoted = statements(names, text)
    assert (reported.speaker.entity, reported.stance, reported.quoted) == (SMIC, "denies", False)
    assert (quoted.speaker.entity, quoted.stance) == (SMIC, "asserts")


@pytest.mark.parametrize(
    ("words", "stance"),
    [
        ("it has no ties to the Chinese military", "denies"),
        ("it will contest the listing and challenge it in court", "opposes"),
        ("Congress should act and we urge lawmakers to ban it", "callsFor"),
        ("we make phones", "asserts"),
    ],
)
def test_stances(names: NameIndex, words: str, stance: str) -> None:
    (statement,) = statements(names, f'Xiaomi said "{words}".')
    assert statement.stance == stance


def test_agency_quoting_an_action_announces(names: NameIndex) -> None:
    text = (
        "“Today, the Department of Defense released the names of more Communist Chinese military companies,” "
        "the DOJ announced."
    )
    (statement,) = statements(names, text)
    assert statement.speaker.entity == str(KGR["agency/us-doj"])
    assert statement.stance == "announces"
    assert statement.about == ["#/reported_actions/0"]


def test_unattributed_quote_is_not_a_statement(names: NameIndex) -> None:
    assert statements(names, "The so-called “Entity List” grew.") == []
