"""The names asked of the on-disk index per text give the same extraction as the names held whole."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

from sanctiongraph.cli.extract import names_for_extraction
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.names import NameEntry, NameIndex
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders.article import extract_file
from sanctiongraph.loaders.articles.extract import extract, reference_names
from sanctiongraph.loaders.articles.lookup import StoreNames, WholeNames, span_keys

DEMO = Path(__file__).resolve().parents[3] / "sanctiongraph" / "demo"
_SYLLABLES = ["zhong", "hua", "xin", "tai", "long", "kang", "wei", "tong", "feng", "ming"]
_TAILS = ["Technology Co., Ltd.", "Group Corp.", "Trading Limited", "Electronics Inc.", "Holdings", ""]
# Names in other scripts, and a few with letters whose case or folding is not one-to-one.
_FOREIGN = ["Газпром Нефть", "华为 技术 有限公司", "ΟΔΟΣ Ναυτιλιακή", "İstanbul Denizcilik", "Straße Handel GmbH"]


def _firm(i: int) -> URIRef:
    return URIRef(f"https://w3id.org/sanctiongraph/id/company/test/{i}")


def generated_names(seed: int) -> list[NameEntry]:
    """Firm names, names that are prefixes of others, case and punctuation variants, acronyms,
    common-word aliases, a few people, and names in other scripts."""
    rng = random.Random(seed)
    entries = []
    for i in range(60):
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))).capitalize()
        label = f"{word} {rng.choice(_TAILS)}".strip()
        entries.append(NameEntry(_firm(i), "firm", label, "name"))
        if i % 3 == 0:  # a longer name of another firm that starts with this one
            entries.append(NameEntry(_firm(1000 + i), "firm", f"{label} {rng.choice(['Marine', 'Cloud'])} Co", "name"))
        if i % 4 == 0:  # case and punctuation variants, as lists spell aliases
            variant = rng.choice([label.upper(), label.replace(" ", "-"), label.replace(",", ""), word + "’s"])
            entries.append(NameEntry(_firm(i), "firm", variant, "alias"))
        if i % 5 == 0:
            entries.append(NameEntry(_firm(i), "firm", "".join(w[0] for w in label.split()).upper(), "acronym"))
        if i % 7 == 0:
            entries.append(NameEntry(_firm(i), "firm", rng.choice(["and", "In", "PUBLIC", "the", "Co"]), "alias"))
    for j, label in enumerate(_FOREIGN):
        entries.append(NameEntry(_firm(2000 + j), rng.choice(["firm", "vessel"]), label, "name"))
    entries.append(NameEntry(URIRef("urn:person:1"), "person", "Wei Long", "name"))
    return entries


def generated_text(entries: list[NameEntry], seed: int) -> str:
    """Sentences naming some of the entries as lists spell them, and as articles do: in other
    cases, by short forms, misspelt, inside longer words, with legal forms the lists lack."""
    rng = random.Random(seed + 1)
    parts = []
    for entry in rng.sample(entries, 25):
        label = entry.label
        form = rng.choice(
            [label, label.lower(), label.upper(), label.split()[0], label + "s", label.replace("i", "y", 1),
             label.replace(" ", "  "), label.replace("-", "‐"), label + " Co., Ltd."]
        )  # fmt: skip
        verb = rng.choice(["said", "was added to the Entity List", "denied it", "(the firm) declined"])
        parts.append(rng.choice([f"{form} {verb}.", f"Commerce said {form} {verb}.", f"“We,” said {form}."]))
    return "\n\n".join(["Commerce adds firms to the Entity List", *parts])


def _split(entries: list[NameEntry], seed: int) -> tuple[list[NameEntry], list[NameEntry]]:
    """Two parts as a store's index and the reference names are, a few entries in both."""
    rng = random.Random(seed + 2)
    stored = [e for e in entries if rng.random() < 0.7]
    return stored, [e for e in entries if e not in stored or rng.random() < 0.2]


def _both(stored: list[NameEntry], reference: list[NameEntry]) -> tuple[WholeNames, StoreNames]:
    return WholeNames(NameIndex(stored + reference)), StoreNames(NameIndex(stored), NameIndex(reference))


def _json(text: str, names: Any) -> dict[str, Any]:
    return extract(text, names=names, doc_key="t", metadata={"publisher": "Bureau of Industry and Security"}).as_json(
        explain=True
    )


@pytest.mark.parametrize("seed", range(8))
def test_generated_names_extract_the_same_asked_per_text_as_held_whole(seed: int) -> None:
    entries = generated_names(seed)
    stored, reference = _split(entries + reference_names().entries, seed)
    whole, asked = _both(stored, reference)
    text = generated_text(entries, seed)
    assert _json(text, asked) == _json(text, whole)
    found, rejected = whole.gazetteer(text).find_explained(text)
    assert found, "the text names some of the names: the comparison must not be vacuous"
    assert asked.gazetteer(text).find_explained(text) == (found, rejected)


def test_span_keys_grow_only_while_some_key_starts_with_them() -> None:
    keys = {"huawei", "huawei technologies co ltd", "газпром нефть"}
    asked: list[str] = []

    def starts(prefix: str) -> bool:
        asked.append(prefix)
        return any(k.startswith(prefix) for k in keys)

    found = span_keys("Huawei Technologies, and ГАЗПРОМ-нефть said", starts)
    assert {"huawei", "huawei technologies", "газпром", "газпром нефть"} <= found
    assert "and" not in found and "said" not in found
    assert "technologies and" not in asked  # "technologies" starts no key: not grown further


def test_the_demo_article_on_a_store_on_disk_extracts_as_with_its_names_held_whole(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = GraphStore(path)
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    load_paths(store, "csl-csv", [DEMO / "entity_list_excerpt.csv"])
    load_paths(store, "dod-1260h-csv", [DEMO / "dod_1260h_excerpt.csv"])
    held = NameIndex.from_store(store)
    whole = NameIndex(held.entries + [e for e in reference_names().entries if e not in set(held.entries)])
    del store, held
    asked = names_for_extraction(path)
    assert isinstance(asked, StoreNames)
    article = DEMO / "2021-01-14_press-digest.txt"
    assert extract_file(article, asked).as_json(explain=True) == extract_file(article, whole).as_json(explain=True)


@pytest.mark.parametrize("seed", range(4))
def test_the_firm_resolver_kept_in_the_index_answers_as_the_one_held_whole(seed: int) -> None:
    entries = [
        *generated_names(seed),
        NameEntry(URIRef("urn:firm:hikvision"), "firm", "Hangzhou Hikvision Digital Technology Co., Ltd.", "name"),
        NameEntry(URIRef("urn:firm:hikvision-2"), "firm", "Hikvision Digital Technology", "alias"),
    ]
    # A word in more names than the scorer counts as rare (2,000), so its weight comes from the counts.
    entries += [NameEntry(_firm(5000 + i), "firm", f"Kangwei {i} Trading Limited", "name") for i in range(2100)]
    stored, reference = _split(entries + reference_names().entries, seed)
    whole, asked = _both(stored, reference)
    held, kept = whole.firm_matcher(), asked.firm_matcher()
    assert type(kept).__name__ == "IndexedMatcher"
    rng = random.Random(seed)
    queries = ["Hangzhou Hikvison Digital Technology Co", "Hikvision Digital", "Kangwei 17 Trading", "Kangwei 2 Co"]
    for entry in rng.sample([e for e in entries if e.kind == "firm"], 20):
        queries += [entry.label, entry.label.replace("a", "e", 1) + " Co", entry.label.split()[0] + " Group"]
    answered = 0
    for query in queries:
        assert kept.matches(query, "firm") == held.matches(query, "firm"), query
        answered += bool(held.matches(query, "firm"))
    assert answered >= 10, "most queries name a firm: the comparison must not be vacuous"


def test_the_firm_resolver_tables_follow_the_names(tmp_path: Path) -> None:
    firm = NameEntry(URIRef("urn:firm:1"), "firm", "Zhongxin Taikang Electronics Inc.", "name")
    other = NameEntry(URIRef("urn:firm:2"), "firm", "Longfeng Marine Trading Limited", "name")
    stored = NameIndex([firm])
    first = StoreNames(stored, NameIndex([])).firm_matcher()
    assert first.best("Zhongxin Taikang Electronics", "firm") == firm
    assert first.best("Longfeng Marine Trading", "firm") is None
    # Other reference names: another signature, so the tables are built again, with them.
    again = StoreNames(stored, NameIndex([other])).firm_matcher()
    assert again.best("Longfeng Marine Trading", "firm") == other
    assert again.best("Zhongxin Taikang Electronics", "firm") == firm


def test_names_deleted_from_the_index_drop_the_firm_resolver_tables() -> None:
    firm = NameEntry(URIRef("urn:firm:1"), "firm", "Zhongxin Taikang Electronics Inc.", "name")
    stored = NameIndex([firm, NameEntry(URIRef("urn:firm:2"), "firm", "Longfeng Marine Trading Limited", "name")])
    names = StoreNames(stored, NameIndex([]))
    assert names.firm_matcher().best("Longfeng Marine Trading", "firm") is not None
    # A graph re-indexed in place: its rows go and come back changed, the list of graphs stays.
    stored.connection.execute("DELETE FROM names WHERE entity = 'urn:firm:2'")
    assert StoreNames(stored, NameIndex([])).firm_matcher().best("Longfeng Marine Trading", "firm") is None


def test_an_index_that_cannot_be_written_gives_the_same_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    from sanctiongraph.loaders.articles import firm_index

    def read_only(*args: object) -> str:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(firm_index, "build", read_only)
    entries = generated_names(3)
    stored, reference = _split(entries + reference_names().entries, 3)
    whole, asked = _both(stored, reference)
    assert type(asked.firm_matcher()).__name__ == "NameMatcher"
    text = generated_text(entries, 3)
    assert _json(text, asked) == _json(text, whole)


def test_a_graph_of_people_only_keeps_the_firm_resolver_tables(tmp_path: Path) -> None:
    """An article's graph names its speakers, not firms: loading one (each `load article` of
    several files does) must not rebuild the tables, which cost minutes on a large store;
    a graph that names a firm must."""
    from sanctiongraph.graph.names import update_name_index
    from sanctiongraph.loaders.articles import firm_index

    store = GraphStore(tmp_path / "store")
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    names = StoreNames(NameIndex.from_store(store), NameIndex([]))
    names.firm_matcher()
    conn = names.parts[0].connection
    built = conn.execute("SELECT signature FROM firm_resolver").fetchone()
    kg = "https://w3id.org/sanctiongraph/ontology#"

    def add_graph(name: str, cls: str, label: str) -> None:
        node = f"https://example.org/{name}"
        quads = f"""<{node}> a <{kg}{cls}> ; <{kg}name> "{label}" ."""
        store.oxigraph.update(f"INSERT DATA {{ GRAPH <https://example.org/graph/{name}> {{ {quads} }} }}")
        update_name_index(store)

    add_graph("speaker", "Person", "Wang Xiaoming")
    signature = firm_index.signature(conn, [])
    assert firm_index.stored_stats(conn, signature) is not None, "a graph of people rebuilt the firm tables"
    assert conn.execute("SELECT signature FROM firm_resolver").fetchone() == built
    add_graph("firm", "Company", "Longfeng Marine Trading Limited")
    assert firm_index.stored_stats(conn, firm_index.signature(conn, [])) is None, "a new firm left them as they were"
    # Deleting a person's row keeps the build; deleting a firm's drops it.
    StoreNames(NameIndex.from_store(store), NameIndex([])).firm_matcher()
    conn.execute("DELETE FROM names WHERE kind = 'person'")
    assert conn.execute("SELECT COUNT(*) FROM firm_resolver").fetchone()[0] == 1
    conn.execute("DELETE FROM names WHERE label = 'Longfeng Marine Trading Limited'")
    assert conn.execute("SELECT COUNT(*) FROM firm_resolver").fetchone()[0] == 0
