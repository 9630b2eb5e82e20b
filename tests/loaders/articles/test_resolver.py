"""Firm names found by their context resolve through the entity resolver's scorer."""

from __future__ import annotations

from rdflib import URIRef

from sanctiongraph.graph.names import NameEntry, NameIndex
from sanctiongraph.loaders.articles.extract import extract
from sanctiongraph.loaders.articles.model import Mention

NAMES = NameIndex(
    [
        NameEntry(URIRef("urn:firm:hikvision"), "firm", "Hangzhou Hikvision Digital Technology Co., Ltd.", "name"),
        NameEntry(URIRef("urn:firm:huawei"), "firm", "Huawei Technologies Co., Ltd.", "name"),
    ]
)


def firm_mentions(text: str) -> dict[str, Mention]:
    return {m.span.text: m for m in extract(text, names=NAMES).mentions if m.kind == "firm"}


def test_a_misspelt_firm_name_resolves_with_the_resolver_score() -> None:
    found = firm_mentions("Commerce said Hangzhou Hikvison Digital Technology Co was added to the list.")
    mention = found["Hangzhou Hikvison Digital Technology Co"]
    assert mention.entities == ("urn:firm:hikvision",)
    # The cue that found the name, then the resolver's score: "legal form, resolver 0.97".
    assert mention.method is not None and ", resolver " in mention.method
    assert 0 < float(mention.method.rsplit(" ", 1)[1]) <= 1


def test_a_subsidiary_name_does_not_take_the_parents_short_form() -> None:
    found = firm_mentions("Huawei Marine Networks Co said it was not affected. Huawei declined to comment.")
    assert found["Huawei Marine Networks Co"].entities == ()  # not Huawei Technologies
    assert found["Huawei"].entities == ("urn:firm:huawei",)  # the short form alone still resolves


def test_a_firm_the_graph_lacks_stays_unresolved() -> None:
    found = firm_mentions("Drone maker Skyrizon Aircraft Co was named.")
    assert found["Skyrizon Aircraft Co"].entities == ()
