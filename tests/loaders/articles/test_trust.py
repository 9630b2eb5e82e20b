"""Issue 9: the failures a new user saw with the real lists loaded, each on a text of our own.

A list alias "and" / "In" / "Foreign" / "PUBLIC" must not become a firm; the speaker is the
subject of the speech verb, never a preposition or the firm the text is about; headlines state
nothing; firms the graph lacks are read from the text; court orders, indictments and executive
orders are actions of their own kinds.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef

from sanctiongraph.graph.names import NameEntry, NameIndex
from sanctiongraph.loaders.articles.extract import extract, reference_names
from sanctiongraph.loaders.articles.mentions import Gazetteer, rejection
from sanctiongraph.loaders.articles.model import Extraction
from sanctiongraph.ontology import KGR

TACTICAL = KGR["company/test/tactical-missile"]
UN_GROUP = KGR["company/test/un-group"]
FOREIGN = KGR["company/test/foreign"]
PUBLIC = KGR["company/test/public"]
DJI = KGR["company/test/dji"]
HUAWEI = KGR["company/test/huawei"]


@pytest.fixture(scope="module")
def polluted() -> NameIndex:
    """Reference names plus list records whose aliases are common words, as on the real lists."""
    extra = [
        NameEntry(TACTICAL, "firm", "Tactical Missile Corporation", "name"),
        NameEntry(TACTICAL, "firm", "and", "alias"),
        NameEntry(UN_GROUP, "firm", "Islamic Movement", "name"),
        NameEntry(UN_GROUP, "firm", "In", "alias"),
        NameEntry(FOREIGN, "firm", "Foreign", "alias"),
        NameEntry(FOREIGN, "firm", "Foreign Trade Bank", "name"),
        NameEntry(PUBLIC, "firm", "PUBLIC", "acronym"),
        NameEntry(DJI, "firm", "SZ DJI Technology Co., Ltd.", "name"),
        NameEntry(DJI, "firm", "DJI", "acronym"),
        NameEntry(HUAWEI, "firm", "Huawei Technologies Co., Ltd.", "name"),
        NameEntry(URIRef(KGR["person/test/ali"]), "person", "Ali", "alias"),
    ]
    return NameIndex(reference_names().entries + extra)


def run(text: str, names: NameIndex | None = None) -> Extraction:
    return extract(text, names=names if names is not None else reference_names())


def firm_entities(extraction: Extraction) -> set[str]:
    return {e for m in extraction.mentions if m.kind == "firm" for e in m.entities}


def test_common_words_on_the_lists_are_not_firms(polluted: NameIndex) -> None:
    text = "In Washington, officials and lawyers met. Foreign ministers spoke in PUBLIC and in private. Ali left."
    extraction = extract(text, names=polluted)
    assert not [m for m in extraction.mentions if m.kind in ("firm", "person")]
    reasons = {r.span.text: r.reason for r in extraction.rejected}
    assert reasons["and"] == "stop word"
    assert reasons["In"] in ("stop word", "one- or two-letter word")
    assert reasons["Foreign"] == "common English word"
    assert reasons["PUBLIC"] == "common English word"
    assert reasons["Ali"] in ("one word of a person's name", "common English word")


@pytest.mark.parametrize(
    ("label", "kind", "via", "reason"),
    [
        ("and", "firm", "alias", "stop word"),
        ("Co", "firm", "alias", "one- or two-letter word"),
        ("The Co. Ltd", "firm", "name", "no distinctive word (stop words, legal forms, short words)"),
        ("Huawei", "firm", "alias", None),
        ("ZTE", "firm", "acronym", None),
        ("Commerce", "agency", "alias", None),  # our own reference vocabulary is curated
    ],
)
def test_rejection_reasons(label: str, kind: str, via: str, reason: str | None) -> None:
    assert rejection(label, kind, via) == reason


def test_a_text_naming_no_firm_gets_no_target(polluted: NameIndex) -> None:
    text = (
        "Dear Madam Speaker: Pursuant to the International Emergency Economic Powers Act, I hereby report that "
        "I have issued an Executive Order declaring a national emergency and the steps it takes in relation to "
        "securities of companies named on the list."
    )
    extraction = extract(text, names=polluted)
    assert not firm_entities(extraction)
    assert all(not a.targets for a in extraction.actions)


def test_the_speaker_is_never_a_preposition(polluted: NameIndex) -> None:
    text = (
        "A US judge dismissed the drone maker's lawsuit on Friday.\n\n"
        "In its previous defense, DJI emphasized that it is “not owned or controlled by the Chinese military.”"
    )
    extraction = extract(text, names=polluted)
    (denial,) = [s for s in extraction.statements if s.stance == "denies"]
    assert denial.speaker.entity == str(DJI)


def test_words_about_a_firm_are_not_the_firms_words(polluted: NameIndex) -> None:
    text = (
        "The chairman spoke about the risks at length before the vote. With respect to Huawei, "
        "former National Security Advisor H.R. McMaster writes, “There should no longer be any dispute "
        "concerning the need to defend against Huawei.”"
    )
    extraction = extract(text, names=polluted)
    (quote,) = [s for s in extraction.statements if s.quoted]
    assert quote.speaker.text == "H.R. McMaster"


def test_a_signed_statement_speaks_in_its_signers_voice() -> None:
    text = (
        "STATEMENT OF CHAIRMAN JANE ROE Re: Protecting our networks.\n\n"
        "We agree with the experts, and our Bureau designated two vendors as covered companies last month "
        "because their equipment threatens our networks."
    )
    speakers = {s.speaker.text for s in run(text).statements}
    assert "Jane Roe" in speakers


def test_headline_and_published_line_are_no_statements() -> None:
    text = (
        "Acme Chips stresses no relationship with military after blacklist reports\n"
        "Published: Nov 30, 2020 12:58 PM\n\n"
        "Chinese chipmaker Acme Semiconductor Manufacturing Corporation (ACME) has stressed that it has no "
        "relationship with the Chinese military, following news of a possible listing.\n\n"
        '"The company has no relationship with the Chinese military and does not manufacture for any military '
        'end-users," read the statement.'
    )
    extraction = run(text)
    headline_end = text.index("\n\n")
    assert all(s.span.start > headline_end for s in extraction.statements)
    denials = [s for s in extraction.statements if s.stance == "denies"]
    assert len(denials) == 2  # the paraphrase and the quoted statement, with an empty store
    assert {s.speaker.text for s in denials} <= {"Acme Semiconductor Manufacturing Corporation", "ACME"}
    assert all(s.speaker.kind == "firm" for s in denials)


def test_agencies_do_not_deny() -> None:
    text = "The Commerce Department said the rule is not a threat to any firm and denied any delay."
    assert not [s for s in run(text).statements if s.stance == "denies"]


def test_a_tranche_set_out_one_per_line_gives_every_target() -> None:
    firms = [
        "Alpha Aviation Industry Corp.", "Beta Shipbuilding Co., Ltd.", "Gamma Nuclear Power Group",
        "Delta Launch Vehicle Technology Co.", "Epsilon Telecommunications Corp.", "Zeta Electronics Corporation",
        "Eta Construction Engineering Co.", "Theta Chemical Group Co.", "Iota Spacesat Co.",
    ]  # fmt: skip
    text = (
        "Dec. 3, 2020\n\nToday, the Department of Defense released the names of additional “Communist Chinese "
        "military companies” in accordance with Section 1237.\n\nThe new companies:\n\n"
        + "\n".join(f"  • {f}" for f in firms)
    )
    (action,) = run(text).actions
    assert [t.text for t in action.targets] == [f.rstrip(".") if f.endswith("Group") else f for f in firms]
    assert action.kind == "designation"


def test_enumerations_descriptors_and_bracketed_acronyms() -> None:
    text = (
        "The Commerce Department said it was adding Nimbus Drones, the world’s largest dronemaker, Orca "
        "Scientech; Pelican Scientific Instruments and Materials and Kuang-Heron Group to the Entity List.\n\n"
        "Separately, the list includes Chinese chipmaker Quokka Semiconductor Manufacturing International "
        "Corporation (QSMIC), which supplies Rook Telecom."
    )
    targets = {t.text for a in run(text).actions for t in a.targets}
    assert targets == {
        "Nimbus Drones", "Orca Scientech", "Pelican Scientific Instruments and Materials", "Kuang-Heron Group",
        "Quokka Semiconductor Manufacturing International Corporation",
    }  # fmt: skip


def test_affiliates_and_parents_are_not_targets(polluted: NameIndex) -> None:
    text = "The Commerce Department added another 38 Huawei affiliates to its Entity List on Monday."
    assert all(not a.targets for a in extract(text, names=polluted).actions)


@pytest.mark.parametrize(
    ("sentence", "kind", "actor"),
    [
        ("The Justice Department announced criminal charges Monday against Wren Technologies Co.", "indictment",
         "agency"),
        ("On March 12, the court issued an order preliminarily enjoining the designation of Wren Technologies Co.",
         "court_injunction", "court"),
        ("A federal judge issued a final order on Tuesday vacating the designation of Wren Technologies Co.",
         "delisting", "court"),
        ("President Biden issued an executive order on Thursday that widens the ban.", "executive-order", None),
    ],
)  # fmt: skip
def test_actions_beyond_listings(sentence: str, kind: str, actor: str | None) -> None:
    (action,) = extract(sentence, names=reference_names()).actions
    assert action.kind == kind
    if actor is not None:
        assert action.agency is not None and action.agency.kind in (actor, "agency")


def test_hedged_speculation_is_no_action() -> None:
    text = "The administration is considering adding Wren Technologies Co. to the Entity List."
    assert run(text).actions == []


def test_gazetteer_is_built_once_per_name_index(polluted: NameIndex) -> None:
    assert Gazetteer.from_names(polluted) is Gazetteer.from_names(polluted)
