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


def test_the_lookup_floor_keeps_exactly_the_matches_exact_scoring_keeps() -> None:
    """The matcher lets pairs under its threshold skip the scorer's caps: what it returns must be
    what scoring every candidate in full, then keeping those at the threshold, returns."""
    from sanctiongraph.resolution.matcher import NameMatcher
    from sanctiongraph.resolution.scoring import Record

    labels = [
        "Hangzhou Hikvision Digital Technology Co., Ltd.", "Hangzhou Huawei Digital Technology Co.",
        "Huawei Technologies Co., Ltd.", "Huawei Marine Networks Co., Ltd.", "Huawei Cloud Guiyang",
        "Kuangchi Science Ltd.", "Kangkang Holdings", "Semiconductor Manufacturing International Corp.",
        "SMIC", "China Telecom Corporation", "China Mobile Communications Group",
    ]  # fmt: skip
    entries = [NameEntry(URIRef(f"urn:firm:{i}"), "firm", label, "name") for i, label in enumerate(labels)]
    matcher = NameMatcher(entries)
    queries = [*labels, "Huawei Technologies", "Hangzhou Hikvison Digital Technology Co", "Kuang-Chi Group",
               "China Telecom Group", "Huawei Marine", "Semiconductor Manufacturing Intl Corporation"]  # fmt: skip
    for query in queries:
        exact: dict[str, float] = {}
        for position in matcher._candidates(query, "firm"):
            record = matcher.records[position]
            result = matcher.scorer.compare(Record("query", record.kind, (query,)), record)  # no floor
            if result.score >= result.threshold:
                exact[record.iri] = max(result.score, exact.get(record.iri, 0.0))
        assert {str(m.entry.entity): m.score for m in matcher.matches(query, "firm")} == exact, query
