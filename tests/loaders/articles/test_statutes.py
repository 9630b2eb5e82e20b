"""Statute citations to IRIs, and the nodes minted for instruments the reference data lacks."""

from __future__ import annotations

import pytest

from sanctiongraph.loaders.articles.extract import reference_names
from sanctiongraph.loaders.articles.statutes import find_citations, statute_iri


@pytest.fixture(scope="module")
def known() -> set[str]:
    return {str(e.entity) for e in reference_names().entries if e.kind == "statute"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Section 1237 of the National Defense Authorization Act for Fiscal Year 1999, as amended", "pl/105/261/s1237"),
        ("Section 1237 of FY19 NDAA", "pl/105/261/s1237"),  # the wrong year is a typo: the section decides
        ("under Section 1260H of the NDAA for FY2021", "pl/116/283/s1260h"),
        ("a Section 1260H list", "pl/116/283/s1260h"),
        ("Executive Order 13959", "eo/13959"),
        ("EO 14032", "eo/14032"),
        ("E.O. 13974", "eo/13974"),
        ("section 4(a)(ii) of E.O. 13959", "eo/13959/s4"),
        ("15 CFR 744", "cfr/t15/pt744"),
        ("15 CFR part 744", "cfr/t15/pt744"),
        ("47 CFR § 54.9", "cfr/t47/s54.9"),
        ("50 U.S.C. 1701", "pl/95/223"),
        ("Pub. L. 116-283", "pl/116/283"),
    ],
)
def test_known_citations(text: str, key: str, known: set[str]) -> None:
    (citation,) = find_citations(text, known)
    assert citation.statute == statute_iri(key)
    assert citation.known
    assert citation.minted == ()


def test_unknown_executive_order_is_minted(known: set[str]) -> None:
    (citation,) = find_citations("Executive Order 13873 of May 15, 2019", known)
    assert citation.statute == statute_iri("eo/13873")
    assert not citation.known
    (node,) = citation.minted
    assert (node.kind, node.number, node.instrument_type) == ("Statute", "13873", "executive order")


def test_unknown_section_is_minted_under_its_act(known: set[str]) -> None:
    (citation,) = find_citations("Section 889 of the FY2019 NDAA", known)
    (section,) = citation.minted
    assert section.iri == statute_iri("pl/115/232/s889")
    assert section.part_of == statute_iri("pl/115/232")  # the act is in the reference data: not minted
    assert section.kind == "StatuteSection" and section.number == "889"


def test_unknown_cfr_part_mints_part_and_title(known: set[str]) -> None:
    (citation,) = find_citations("31 CFR part 586", known)
    assert [n.iri for n in citation.minted] == [statute_iri("cfr/t31/pt586"), statute_iri("cfr/t31")]


def test_overlapping_citations_keep_the_longest(known: set[str]) -> None:
    text = "Section 1237 of the NDAA for Fiscal Year 1999 and the FY2021 NDAA"
    assert [c.span.text for c in find_citations(text, known)] == [
        "Section 1237 of the NDAA for Fiscal Year 1999",
        "FY2021 NDAA",
    ]
