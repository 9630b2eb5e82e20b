"""The name index beside the store: same answers as a scan, kept up to date, rebuilt when missing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from sanctiongraph.analysis.lookup import AmbiguousName, find_entity, find_firms
from sanctiongraph.errors import NotFoundError
from sanctiongraph.graph import names
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.names import KIND_BY_CLASS, NameEntry, NameIndex, index_path, name_key, update_name_index
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG

DEMO_LIST = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo" / "dod_section_1237.csv"

# The scan the index replaces: every name of every typed entity in the union of all graphs.
SCAN = """
PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
SELECT DISTINCT ?entity ?class ?label ?via WHERE {
  VALUES (?p ?via) { (kg:name "name") (kg:alias "alias") (kg:acronym "acronym") (kg:previousName "previous name") }
  ?entity ?p ?label ; a ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/sanctiongraph/ontology#"))
}
"""


def scanned(store: GraphStore) -> set[NameEntry]:
    out = set()
    for row in store.select(SCAN):
        kind = KIND_BY_CLASS.get(str(row["class"]).rsplit("#", 1)[-1])
        if kind is not None:
            out.add(NameEntry(URIRef(str(row["entity"])), kind, str(row["label"]), str(row["via"])))
    return out


@pytest.fixture
def loaded(disk_store: GraphStore) -> GraphStore:
    load_paths(disk_store, "dod-1237-csv", [DEMO_LIST])
    return disk_store


def test_index_file_lives_beside_the_store_and_matches_a_scan(loaded: GraphStore) -> None:
    path = index_path(loaded)
    assert path is not None and path.is_file() and path.parent == loaded.path.parent
    assert set(NameIndex.from_store(loaded).entries) == scanned(loaded)


def test_every_demo_name_and_acronym_is_found_exactly(loaded: GraphStore) -> None:
    index = NameIndex.from_store(loaded)
    with DEMO_LIST.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        assert any(e.label == row["name"] and e.via == "name" for e in index.lookup(row["name"].upper()))
        if row["acronym"]:
            assert any(e.via == "acronym" for e in index.lookup(row["acronym"]))


def test_a_deleted_index_is_rebuilt(loaded: GraphStore) -> None:
    before = set(NameIndex.from_store(loaded).entries)
    path = index_path(loaded)
    assert path is not None
    names._DBS.pop(loaded).conn.close()  # as a new process would find it
    for file in path.parent.glob(path.name + "*"):
        file.unlink()
    assert set(NameIndex.from_store(loaded).entries) == before
    assert path.is_file()


def test_a_reload_and_a_dropped_graph_leave_no_stale_names(loaded: GraphStore, fixtures: Path) -> None:
    load_paths(loaded, "dod-1237-csv", [DEMO_LIST])  # a new run graph replaces the old one
    index = NameIndex.from_store(loaded)
    assert set(index.entries) == scanned(loaded)
    assert len(index.lookup("Xiaomi Corporation")) == len(
        {e for e in scanned(loaded) if e.label == "Xiaomi Corporation"}
    )
    graphs = [g for g in loaded.graph_names() if "/run/" in str(g) and "dod-1237" in str(g)]
    loaded.drop_graphs(graphs)
    assert NameIndex.from_store(loaded).lookup("Xiaomi Corporation") == []


def test_replaced_graph_is_reindexed(disk_store: GraphStore) -> None:
    graph = URIRef("https://example.org/graph/names")
    firm = URIRef("https://example.org/firm/1")
    disk_store.replace_graphs(
        {
            graph: [
                (firm, KG.name, Literal("Old Name Ltd")),
                (firm, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KG.Company),
            ]
        }
    )
    assert [e.entity for e in NameIndex.from_store(disk_store).lookup("old name ltd")] == [firm]
    disk_store.replace_graphs(
        {
            graph: [
                (firm, KG.name, Literal("New Name Ltd")),
                (firm, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KG.Company),
            ]
        }
    )
    index = NameIndex.from_store(disk_store)
    assert index.lookup("old name ltd") == []
    assert [e.entity for e in index.lookup("NEW NAME LTD.")] == [firm]


def test_whole_words_and_fuzzy_suggestions(loaded: GraphStore) -> None:
    index = NameIndex.from_store(loaded)
    words = index.containing("Aerospace Science")
    assert words and all(" aerospace science " in f" {name_key(e.label)} " for e in words)
    assert index.containing("erospace") == []  # whole words only
    similar = [e.label for e, _ in index.similar("Xiaomi Corporaton")]
    assert "Xiaomi Corporation" in similar


def test_find_entity_never_takes_a_fuzzy_guess(loaded: GraphStore) -> None:
    xiaomi = find_entity(loaded, "xiaomi corporation")
    with pytest.raises(AmbiguousName) as caught:
        find_entity(loaded, "Xiaomi Corporaton")
    assert xiaomi in [c.entity for c in caught.value.candidates]
    assert "1. Xiaomi Corporation" in str(caught.value)
    with pytest.raises(NotFoundError):
        find_entity(loaded, "Qqqzzz Nothing")


def test_ambiguous_names_list_candidates_with_their_lists(disk_store: GraphStore) -> None:
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    graph = URIRef("https://example.org/graph/twins")
    a, b = URIRef("https://example.org/firm/a"), URIRef("https://example.org/firm/b")
    disk_store.replace_graphs(
        {
            graph: [
                (a, rdf_type, KG.Company),
                (a, KG.name, Literal("Twin Trading")),
                (b, rdf_type, KG.Company),
                (b, KG.name, Literal("Twin Trading")),
            ]
        }
    )
    with pytest.raises(AmbiguousName) as caught:
        find_entity(disk_store, "Twin Trading")
    assert {c.entity for c in caught.value.candidates} == {a, b}
    assert set(find_firms(disk_store, "twin trading")) == {a, b}


def test_in_memory_index_from_entries() -> None:
    entry = NameEntry(URIRef("https://example.org/x"), "firm", "Acme, Inc.", "name")
    index = NameIndex([entry])
    assert index.lookup("ACME INC") == [entry]
    assert index.entries == [entry] and len(index) == 1


def _rebuild_from_nothing(store: GraphStore) -> set[NameEntry]:
    path = index_path(store)
    assert path is not None
    names._DBS.pop(store).conn.close()  # as a new process would find it
    for file in path.parent.glob(path.name + "*"):
        file.unlink()
    return set(NameIndex.from_store(store).entries)


def test_kinds_come_from_every_graph_in_a_catch_up_and_in_a_first_build(disk_store: GraphStore) -> None:
    """A name in one graph takes the kinds its entity has in any graph (as the scan does), whether
    the index catches up graph by graph (one lookup per entity) or is built from nothing (one
    scan per class)."""
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    firm, vessel = URIRef("https://example.org/firm/1"), URIRef("https://example.org/vessel/1")
    # Types before the names that need them: a graph is indexed once, with the types known then.
    graphs = {
        "a": [(firm, rdf_type, KG.Person), (vessel, rdf_type, KG.Vessel)],
        "b": [(firm, KG.name, Literal("Alpha Trading")), (firm, rdf_type, KG.Company)],
        "c": [(vessel, KG.alias, Literal("Beta Star")), (firm, KG.acronym, Literal("AT"))],
    }
    for key, triples in graphs.items():
        disk_store.replace_graphs({URIRef(f"https://example.org/graph/{key}"): triples})
        names.update_name_index(disk_store)
    caught_up = set(NameIndex.from_store(disk_store).entries)
    assert caught_up == scanned(disk_store)
    assert {e.kind for e in caught_up if e.label == "Alpha Trading"} == {"firm", "person"}
    assert {e.kind for e in caught_up if e.label == "Beta Star"} == {"vessel"}
    assert _rebuild_from_nothing(disk_store) == caught_up


def _index_rows(store: GraphStore) -> set[tuple[str, ...]]:
    conn = names._db_of(store).conn
    return set(
        conn.execute(
            "SELECT g.graph, n.entity, n.kind, n.label, n.via, n.key FROM names n JOIN graphs g ON g.id = n.graph"
        )
    )


OFAC_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"
SHARED_SDN = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "official" / "ofac"


def _loads_index_like_a_rebuild(store: GraphStore, loads: list[tuple[str, Path]]) -> None:
    """Loads index their graphs from the triples in hand; the rows must be those a rebuild
    from the store (every graph read back) writes."""
    for loader, path in loads:
        load_paths(store, loader, [path], published=dt.date(2020, 1, 1) if "sdn" in loader else None)
    from_loads = _index_rows(store)
    path = index_path(store)
    assert path is not None
    names._DBS.pop(store).conn.close()
    path.unlink()
    update_name_index(store)  # the file is gone: every graph is read back from the store
    rebuilt = _index_rows(store)
    assert from_loads and from_loads == rebuilt
    assert set(NameIndex.from_store(store).entries) == scanned(store)


def test_index_written_by_loads_equals_one_rebuilt_from_the_store(
    disk_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sanctiongraph.loaders.ofac_cons_csv import OfacConsCsvLoader
    from sanctiongraph.loaders.ofac_sdn_csv import OfacSdnCsvLoader

    for loader in (OfacSdnCsvLoader, OfacConsCsvLoader):
        monkeypatch.setattr(loader, "expected_records", (1, None))
    loads = [("ofac-sdn-csv", OFAC_FIXTURES / "sdn_2019"), ("ofac-cons-csv", OFAC_FIXTURES / "cons_2021")]
    _loads_index_like_a_rebuild(disk_store, [*loads, ("dod-1237-csv", DEMO_LIST)])


def test_real_sdn_index_written_by_the_load_equals_a_rebuild(disk_store: GraphStore) -> None:
    release = SHARED_SDN / "sdn_legacy_csv_2021-07"
    if not release.exists():
        pytest.skip(f"real data not available: {release} is absent (fresh clone)")
    _loads_index_like_a_rebuild(disk_store, [("ofac-sdn-csv", release)])
