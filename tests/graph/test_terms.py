"""The loaders' fast term path builds the very terms the general conversion builds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from sanctiongraph.graph.terms import date_literal, from_ox, ox_date, term_converter, to_ox

VALUES = [
    URIRef("https://example.org/a"),
    "plain text",
    "",
    Literal("chat", lang="fr"),
    Literal("12", datatype=XSD.integer),
    Literal("untyped"),
    7,
    True,
    2.5,
    Decimal("1.10"),
    dt.date(2021, 1, 14),
    dt.datetime(2021, 1, 14, 12, 30),
    ox.NamedNode("https://example.org/b"),
    ox.Literal("x", language="en"),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_converter_matches_to_ox(value: object) -> None:
    convert = term_converter()
    assert convert(value) == to_ox(value)
    assert convert(value) == to_ox(value)  # the cached IRI is the same term


@pytest.mark.parametrize("value", ["2021-01-14", " 2021-05 ", "2021", dt.date(2020, 2, 29)])
def test_ox_date_matches_date_literal(value: str | dt.date) -> None:
    assert ox_date(value) == to_ox(date_literal(value))
    assert from_ox(ox_date(value)) == date_literal(value)


@pytest.mark.parametrize("value", ["2021-02-30", "14/01/2021", "21-1-1"])
def test_ox_date_refuses_what_date_literal_refuses(value: str) -> None:
    with pytest.raises(ValueError):
        date_literal(value)
    with pytest.raises(ValueError):
        ox_date(value)


def test_pyoxigraph_constants_are_the_ontology_terms() -> None:
    """KGO (generated beside KG from kg.ttl) names exactly the terms KG defines, with the same IRIs."""
    from sanctiongraph.ontology import KG, KGO, load_ontology
    from sanctiongraph.ontology.generate import defined_terms

    names = defined_terms(load_ontology())
    assert names and {n for n in vars(KGO) if not n.startswith("_")} == set(names)
    for name in names:
        assert getattr(KGO, name) == to_ox(getattr(KG, name))
    with pytest.raises(AttributeError):
        KGO.notATerm  # noqa: B018 - closed, like KG


def test_authority_node_is_the_authority_iri() -> None:
    from sanctiongraph.ontology.ids import authority_iri, authority_node, iri_text

    for kind, dataset, key in [("company", "us-ofac", "123"), ("action", "x", " a b/é:? "), ("person", "eu", "EU.1")]:
        node = authority_node(kind, dataset, key)
        assert node == to_ox(authority_iri(kind, dataset, key))
        assert iri_text(node) == iri_text(authority_iri(kind, dataset, key)) == str(authority_iri(kind, dataset, key))
