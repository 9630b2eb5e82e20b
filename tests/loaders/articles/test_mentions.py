"""The gazetteer: names, short forms, acronyms, ambiguous agency words, unresolved firms."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from sanctiongraph.graph.names import NameEntry, NameIndex
from sanctiongraph.loaders.articles.extract import reference_names
from sanctiongraph.loaders.articles.mentions import Gazetteer, fold, short_forms, unresolved_firms
from sanctiongraph.ontology import KGR

XIAOMI = KGR["company/test/xiaomi"]
SMIC = KGR["company/test/smic"]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    firms = [
        NameEntry(XIAOMI, "firm", "Xiaomi Corporation", "name"),
        NameEntry(SMIC, "firm", "Semiconductor Manufacturing International Corp.", "name"),
        NameEntry(SMIC, "firm", "SMIC", "acronym"),
    ]
    return Gazetteer.from_names(NameIndex(reference_names().entries + firms))


def found(gazetteer: Gazetteer, text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(m.span.text, m.kind, m.entities) for m in gazetteer.find(text)]


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Xiaomi Corporation", ["Xiaomi"]),
        ("Huawei Technologies Co.", ["Huawei Technologies", "Huawei"]),
        ("China Construction Technology Co. Ltd.", ["China Construction Technology"]),
        ("China National Offshore Oil Corp.", ["China National Offshore Oil"]),
        ("Inspur Group Co.", ["Inspur Group", "Inspur"]),
    ],
)
def test_short_forms_drop_legal_forms_but_keep_generic_names_whole(name: str, forms: list[str]) -> None:
    assert list(short_forms(name)) == forms


def test_firm_short_form_and_acronym_resolve(gazetteer: Gazetteer) -> None:
    text = "Xiaomi and Semiconductor Manufacturing International Corporation (SMIC) deny it."
    assert found(gazetteer, text) == [
        ("Xiaomi", "firm", (str(XIAOMI),)),
        ("Semiconductor Manufacturing International Corporation", "firm", (str(SMIC),)),
        ("SMIC", "firm", (str(SMIC),)),
    ]


def test_acronyms_are_case_sensitive_and_on_word_boundaries(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "the smic plant and SMICs and XiaomiPhone") == []


def test_longest_name_wins(gazetteer: Gazetteer) -> None:
    (mention,) = gazetteer.find("The U.S. Department of Justice said so.")
    assert mention.span.text == "U.S. Department of Justice"
    assert mention.entities == (str(KGR["agency/us-doj"]),)
    assert mention.method == "exact name"


def test_ambiguous_agency_words_need_agency_context(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "Commerce with China grew; Treasury bonds rallied.") == []
    assert found(gazetteer, "Commerce said it acted. Treasury's office agreed.") == [
        ("Commerce", "agency", (str(KGR["agency/us-doc"]),)),
        ("Treasury", "agency", (str(KGR["agency/us-treasury"]),)),
    ]


def test_informal_list_names(gazetteer: Gazetteer) -> None:
    text = "placed on its so-called entity list and the Military End-User List"
    assert [m[2] for m in found(gazetteer, text)] == [
        (str(KGR["list/us-bis-entity-list"]),),
        (str(KGR["list/us-bis-meu"]),),
    ]


def test_unresolved_firms_and_acronym_in_parentheses(gazetteer: Gazetteer) -> None:
    text = (
        "Chinese company Skyrizon and Chinese National Overseas Oil Corporation (SMIC) were named; Skyrizon objected."
    )
    known = gazetteer.find(text)
    extra = unresolved_firms(text, known)
    assert [(m.span.text, m.entities, m.method) for m in extra] == [
        ("Skyrizon", (), None),
        ("Chinese National Overseas Oil Corporation", (str(SMIC),), "acronym in parentheses"),
        ("Skyrizon", (), None),
    ]


def test_empty_name_index_finds_only_vocabulary() -> None:
    gazetteer = Gazetteer.from_names(NameIndex([]))
    assert [m.kind for m in gazetteer.find("Xiaomi joined the Entity List")] == ["list"]


def test_ambiguous_label_resolves_to_every_entity() -> None:
    other = KGR["company/other/xiaomi"]
    index = NameIndex([NameEntry(XIAOMI, "firm", "Xiaomi", "name"), NameEntry(URIRef(other), "firm", "Xiaomi", "name")])
    (mention,) = Gazetteer.from_names(index).find("Xiaomi said")
    assert mention.entities == tuple(sorted((str(XIAOMI), str(other))))


def test_fold_keeps_offsets() -> None:
    assert fold("Huawei’s Co–op") == "huawei's co-op"
    # "İ" lower-cases to two code points: it stays as it is, so offsets still line up.
    assert fold("İstanbul’s") == "İstanbul's"
