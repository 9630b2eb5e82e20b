"""Resolving names found in text against the store's names, with the record scorer."""

from __future__ import annotations

from rdflib import URIRef

from sanctiongraph.graph.names import NameEntry, NameIndex
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.resolution import NameMatcher, resolve_name
from tests.resolution.conftest import iri

ENTRIES = [
    NameEntry(URIRef(iri("company/x/huawei")), "firm", "Huawei Technologies Co., Ltd.", "name"),
    NameEntry(URIRef(iri("company/x/huawei")), "firm", "Huawei", "alias"),
    NameEntry(URIRef(iri("company/x/huawei-marine")), "firm", "Huawei Marine Networks Co., Ltd.", "name"),
    NameEntry(URIRef(iri("person/x/zhang")), "person", "ZHANG, Xiaoming", "name"),
    NameEntry(URIRef(iri("list/x")), "list", "Huawei list", "name"),
]


def test_a_spelling_variant_resolves_to_the_entity() -> None:
    found = resolve_name("HUAWEI TECHNOLOGIES CO LTD", ENTRIES)
    assert found is not None and str(found.entity) == iri("company/x/huawei")


def test_the_parent_name_does_not_resolve_to_the_subsidiary() -> None:
    matches = NameMatcher(ENTRIES).matches("Huawei")
    assert [str(m.entry.entity) for m in matches] == [iri("company/x/huawei")]


def test_kind_restricts_the_candidates() -> None:
    matcher = NameMatcher(ENTRIES)
    assert matcher.best("Xiaoming Zhang", kind="firm") is None
    person = matcher.best("Xiaoming Zhang", kind="person")
    assert person is not None and str(person.entity) == iri("person/x/zhang")


def test_unknown_names_and_non_entities_resolve_to_nothing() -> None:
    assert resolve_name("Lockheed Martin Corporation", ENTRIES) is None
    assert resolve_name("Huawei list", [e for e in ENTRIES if e.kind == "list"]) is None


def test_matcher_over_the_store_name_index(records_store: GraphStore) -> None:
    matcher = NameMatcher(NameIndex.from_store(records_store).entries)
    found = matcher.best("Romashka, OOO")
    assert found is not None and str(found.entity) == iri("company/test-a/romashka")
