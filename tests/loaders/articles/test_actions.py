"""Reported actions: kind, targets, agency, list, statute, date; speculation left out."""

from __future__ import annotations

import datetime as dt

import pytest

from sanctiongraph.graph.names import NameEntry, NameIndex
from sanctiongraph.loaders.articles.extract import extract, reference_names
from sanctiongraph.loaders.articles.model import ReportedActionFinding
from sanctiongraph.ontology import KGR

XIAOMI = str(KGR["company/test/xiaomi"])
CNOOC = str(KGR["company/test/cnooc"])
DAY = dt.date(2021, 1, 15)  # a Friday


@pytest.fixture(scope="module")
def names() -> NameIndex:
    return NameIndex(
        [
            *reference_names().entries,
            NameEntry(KGR["company/test/xiaomi"], "firm", "Xiaomi Corporation", "name"),
            NameEntry(KGR["company/test/cnooc"], "firm", "China National Offshore Oil Corp.", "name"),
            NameEntry(KGR["company/test/cnooc"], "firm", "CNOOC", "acronym"),
        ]
    )


def actions(names: NameIndex, text: str, published: dt.date | None = DAY) -> list[ReportedActionFinding]:
    return extract(text, names=names, published=published).actions


def test_agency_list_target_and_today(names: NameIndex) -> None:
    (action,) = actions(
        names, "The U.S. Department of Justice today announced that it has placed Xiaomi on its entity list."
    )
    assert action.kind == "designation"
    assert [t.entity for t in action.targets] == [XIAOMI]
    assert action.agency and action.agency.entity == str(KGR["agency/us-doj"])
    assert action.list_iri == str(KGR["list/us-bis-entity-list"])
    assert action.date == DAY
    assert action.stance == "announces"  # "X announced that": attributed to the agency


def test_statute_and_explicit_date(names: NameIndex) -> None:
    text = (
        "On 14 January 2021 the Department of Defense named Xiaomi Corporation among the Communist Chinese "
        "military companies under Section 1237 of the NDAA for Fiscal Year 1999."
    )
    (action,) = actions(names, text)
    assert action.agency and action.agency.entity == str(KGR["agency/us-dod"])
    assert action.list_iri == str(KGR["list/us-dod-1237"])
    assert action.statute == str(KGR["law/us/pl/105/261/s1237"])
    assert action.date == dt.date(2021, 1, 14)
    assert action.stance == "reports"


def test_two_lists_in_one_sentence_split_the_targets(names: NameIndex) -> None:
    text = (
        "The Commerce Department on Thursday added CNOOC to the Entity List and Chinese company Skyrizon "
        "to the Military End-User List."
    )
    first, second = actions(names, text)
    assert ([t.entity for t in first.targets], first.list_iri) == ([CNOOC], str(KGR["list/us-bis-entity-list"]))
    assert ([t.text for t in second.targets], second.list_iri) == (["Skyrizon"], str(KGR["list/us-bis-meu"]))
    assert second.targets[0].entity is None
    assert first.date == dt.date(2021, 1, 14)


def test_delisting_by_a_court_on_a_weekday(names: NameIndex) -> None:
    text = "A federal court in Washington issued an order on Tuesday vacating the designation of Xiaomi."
    (action,) = actions(names, text)
    assert action.kind == "delisting"
    assert action.agency and action.agency.entity == str(KGR["agency/us-dcd"])
    assert action.date == dt.date(2021, 1, 12)


@pytest.mark.parametrize(
    "text",
    [
        "The administration is considering adding Xiaomi to the entity list.",
        "Xiaomi will also be added to the entity list, the report said.",
        "The Trump administration is finally removed from office.",  # no list: not a delisting
        "Xiaomi has never been listed on the stock exchange.",
    ],
)
def test_speculation_and_other_senses_are_not_actions(names: NameIndex, text: str) -> None:
    assert actions(names, text) == []


def test_sentence_without_firm_takes_the_lead_targets(names: NameIndex) -> None:
    text = (
        "Xiaomi was placed on the entity list today.\n\n"
        "Today, the Department of Defense released the names of additional Communist Chinese military companies."
    )
    lead, second = actions(names, text)
    assert not lead.targets_from_lead
    assert second.targets_from_lead
    assert [t.entity for t in second.targets] == [XIAOMI]


def test_quoted_action_is_attributed_to_the_quotes_speaker(names: NameIndex) -> None:
    text = (
        "“Today, the Department of Defense released the names of more Communist Chinese military companies,” "
        "the DOJ announced."
    )
    (action,) = actions(names, text)
    assert action.agency and action.agency.entity == str(KGR["agency/us-dod"])
    assert action.speaker and action.speaker.entity == str(KGR["agency/us-doj"])
    assert action.stance == "announces"


def test_chinese_military_companies_list_depends_on_citation_and_date(names: NameIndex) -> None:
    text = "The Pentagon added CNOOC to its list of Chinese military companies."
    (before,) = actions(names, text, dt.date(2021, 1, 15))
    (after,) = actions(names, text, dt.date(2022, 10, 5))
    (cited,) = actions(names, text.replace("companies.", "companies under Section 1260H."), dt.date(2021, 1, 15))
    assert before.list_iri == str(KGR["list/us-dod-1237"])
    assert after.list_iri == str(KGR["list/us-dod-1260h"])
    assert cited.list_iri == str(KGR["list/us-dod-1260h"])


def test_a_correction_notice_amends_entries_and_its_agency_acts(names: NameIndex) -> None:
    """A correction of earlier entries is an amendment by the agency that publishes it, not a new listing."""
    text = (
        "ACTION: Correcting amendments.\n"
        "SUMMARY: The Bureau of Industry and Security (BIS) publishes these amendments to correct two errors "
        "in the entries for Xiaomi Corporation on the Entity List that were published on February 14, 2022.\n"
    )
    found = extract(text, names=names, published=DAY, metadata={"publisher": "Bureau of Industry and Security"})
    (action,) = found.actions
    assert action.kind == "amendment"
    assert action.agency is not None and action.agency.entity == str(KGR["agency/us-bis"])
    assert [t.entity for t in action.targets] == [XIAOMI]


def test_we_in_an_agencys_own_document_is_that_agency(names: NameIndex) -> None:
    """'we initially designated X' in the FCC's order is the FCC's designation (not any agency's)."""
    text = "In the earlier order, we initially designated Xiaomi Corporation as a covered company.\n"
    fcc = extract(text, names=names, published=DAY, metadata={"publisher": "Federal Communications Commission"})
    (action,) = fcc.actions
    assert action.agency is not None and action.agency.entity == str(KGR["agency/us-fcc"])
    news = extract(text, names=names, published=DAY, metadata={"publisher": "Daily News"})
    (action,) = news.actions
    assert action.agency is None, "a newspaper's 'we' is no agency"


def test_another_agencys_list_takes_nothing_from_the_list_before(names: NameIndex) -> None:
    """'The Treasury list includes ...' after the Pentagon's list is the Treasury's, not the DoD's."""
    text = (
        "The Department of Defense on Friday released a list of companies including Xiaomi Corporation.\n"
        "The Treasury list includes China National Offshore Oil Corp.\n"
    )
    first, treasury = actions(names, text)
    assert first.agency is not None and first.agency.entity == str(KGR["agency/us-dod"])
    assert treasury.agency is not None and treasury.agency.entity == str(KGR["agency/us-treasury"])
    (pentagon,) = actions(names, text.replace("Treasury", "Pentagon"))[1:]
    assert pentagon.agency is not None and pentagon.agency.entity == str(KGR["agency/us-dod"])
