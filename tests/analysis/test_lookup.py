"""The one name lookup: a word inside a longer name is asked about, never taken for the firm."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from sanctiongraph.analysis.lookup import AmbiguousName, find_entity, match_entity
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG

RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ID = "https://w3id.org/sanctiongraph/id/"
PARSIAN = URIRef("https://example.org/firm/zte-parsian")
XIAOMI = URIRef("https://example.org/firm/xiaomi")
OTHER = URIRef("https://example.org/firm/other")


@pytest.fixture
def firms(disk_store: GraphStore) -> GraphStore:
    """ZTE Parsian (Iran, Entity List), Xiaomi Corporation, and a firm on the SDN beside them."""
    iran = URIRef(ID + "country/ir")
    triples = [
        (iran, KG.isoCode, Literal("ir")),
        (PARSIAN, RDF_TYPE, KG.Company),
        (PARSIAN, KG.name, Literal("ZTE Parsian")),
        (PARSIAN, KG.country, iran),
        (XIAOMI, RDF_TYPE, KG.Company),
        (XIAOMI, KG.name, Literal("Xiaomi Corporation")),
        (OTHER, RDF_TYPE, KG.Company),
        (OTHER, KG.name, Literal("Other Trading")),
    ]
    for n, (target, listed) in enumerate(((PARSIAN, "us-bis-entity-list"), (OTHER, "us-ofac-sdn"))):
        action = URIRef(f"https://example.org/action/{n}")
        triples += [(action, RDF_TYPE, KG.Designation), (action, KG.target, target)]
        triples.append((action, KG.onList, URIRef(ID + f"list/{listed}")))
    disk_store.replace_graphs({URIRef("https://example.org/graph/firms"): triples})
    return disk_store


def test_a_word_inside_a_longer_name_is_asked_about(firms: GraphStore) -> None:
    with pytest.raises(AmbiguousName) as caught:
        find_entity(firms, "ZTE")
    assert [c.entity for c in caught.value.candidates] == [PARSIAN]
    assert "no name is exactly 'ZTE'" in str(caught.value)
    assert "1. ZTE Parsian" in str(caught.value)


def test_candidates_carry_their_own_lists_and_countries_only(firms: GraphStore) -> None:
    with pytest.raises(AmbiguousName) as caught:
        find_entity(firms, "ZTE")
    (candidate,) = caught.value.candidates
    assert candidate.lists == ("Entity List",)  # not the SDN designation of another firm
    assert candidate.countries == ("IR",)


def test_the_name_plus_a_legal_form_is_taken_and_says_so(firms: GraphStore) -> None:
    match = match_entity(firms, "Xiaomi")
    assert (match.entity, match.how, match.label) == (XIAOMI, "legal form", "Xiaomi Corporation")
    assert match.notice is not None and "'Xiaomi Corporation'" in match.notice
    assert find_entity(firms, "xiaomi") == XIAOMI


def test_an_exact_name_needs_no_notice(firms: GraphStore) -> None:
    match = match_entity(firms, "xiaomi corporation")
    assert (match.entity, match.how, match.notice) == (XIAOMI, "exact", None)
    assert match_entity(firms, str(PARSIAN)).how == "iri"


# remove_org_types: rigour's compiled core, called without importing rigour.names -------------

LEGAL_WORDS = ["ltd", "limited", "llc", "inc", "co", "corp", "corporation", "gmbh", "kg", "ag", "sa", "s", "a", "de"]
LEGAL_WORDS += ["cv", "oao", "ooo", "zao", "pjsc", "jsc", "plc", "bv", "nv", "srl", "spa", "company", "&", "the"]
NAME_WORDS = ["huawei", "bank", "havana", "international", "technologies", "trading", "ооо", "華為", "société", ""]


def test_org_type_flags_are_rigours() -> None:
    from rigour.text.normalize import Cleanup, Normalize

    from sanctiongraph.analysis import lookup

    assert (int(Normalize.CASEFOLD), int(Cleanup.Noop)) == (lookup._CASEFOLD, lookup._NO_CLEANUP)


@given(st.lists(st.sampled_from(LEGAL_WORDS + NAME_WORDS), max_size=8))
def test_remove_org_types_answers_as_rigour_names(words: list[str]) -> None:
    from rigour.names import remove_org_types as public

    from sanctiongraph.analysis.lookup import remove_org_types

    text = " ".join(words)
    assert remove_org_types(text) == public(text)
