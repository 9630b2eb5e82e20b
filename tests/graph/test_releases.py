"""Release history: change sets between consecutive releases, in any load order, and queries over time."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.releases import (
    change_sets,
    changes_between,
    firm_history,
    members_on,
    releases,
)
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders.ofac_sdn_csv import OfacSdnCsvLoader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import authority_iri, reference_iri

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"
OLD, NEW = FIXTURES / "sdn_2019", FIXTURES / "sdn_2020"
OLD_DAY, NEW_DAY = dt.date(2019, 1, 1), dt.date(2020, 1, 1)
SDN = reference_iri("list", "us-ofac-sdn")
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "official" / "ofac"


@pytest.fixture(autouse=True)
def small_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(OfacSdnCsvLoader, "expected_records", (1, None))


def load(store: GraphStore, folder: Path, day: dt.date | None) -> None:
    load_paths(store, "ofac-sdn-csv", [folder], published=day)


def designation(ent_num: str) -> URIRef:
    return authority_iri("action", "us-ofac-sdn", ent_num)


def change_graph(store: GraphStore) -> Graph:
    [summary] = change_sets(store, SDN)
    return store.graph_copy(summary["graph"])


def ids_of(rows: list[dict]) -> set[str]:
    return {str(r["authority_id"]) for r in rows}


# change sets -------------------------------------------------------------------------------


def test_consecutive_releases_yield_additions_removals_and_amendments(store: GraphStore) -> None:
    load(store, OLD, OLD_DAY)
    load(store, NEW, NEW_DAY)
    [summary] = change_sets(store, SDN)
    assert (summary["added"], summary["removed"], summary["amended"]) == (1, 1, 1)
    graph = change_graph(store)
    [delisting] = graph.subjects(RDF.type, KG.Delisting)
    assert graph.value(delisting, KG.ends) == designation("14")
    assert graph.value(delisting, KG.target) == authority_iri("company", "us-ofac", "14")
    assert graph.value(delisting, KG.imposedBy) == reference_iri("agency", "us-ofac")
    assert graph.value(delisting, KG.onList) == SDN
    assert graph.value(delisting, KG.notBefore).toPython() == OLD_DAY
    assert graph.value(delisting, KG.notAfter).toPython() == NEW_DAY
    assert len(set(graph.objects(delisting, PROV.wasDerivedFrom))) == 2
    [amendment] = graph.subjects(RDF.type, KG.Amendment)
    assert graph.value(amendment, KG.amends) == designation("10")
    assert {str(f) for f in graph.objects(amendment, KG.changedField)} == {"alias", "program"}
    assert graph.value(designation("16"), KG.notBefore).toPython() == OLD_DAY


def test_the_change_set_does_not_depend_on_load_order(store: GraphStore) -> None:
    load(store, OLD, OLD_DAY)
    load(store, NEW, NEW_DAY)
    reverse = GraphStore(None)
    ensure_reference(reverse)
    load(reverse, NEW, NEW_DAY)
    load(reverse, OLD, OLD_DAY)
    assert isomorphic(change_graph(store), change_graph(reverse))


def test_a_release_loaded_between_two_others_replaces_their_change_set(store: GraphStore, tmp_path: Path) -> None:
    load(store, OLD, OLD_DAY)
    load(store, NEW, NEW_DAY)
    middle = tmp_path / "sdn_mid"
    shutil.copytree(OLD, middle)
    with (middle / "sdn.csv").open("r+b") as f:  # same as OLD without OLD FIRM LTD (14)
        text = f.read().replace(b'14,"OLD FIRM LTD",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n', b"")
        f.seek(0), f.truncate(), f.write(text)
    load(store, middle, dt.date(2019, 6, 1))
    summaries = change_sets(store, SDN)
    assert [(s["added"], s["removed"], s["amended"]) for s in summaries] == [(0, 1, 0), (1, 0, 1)]
    changes = [g for g in store.graph_names() if "/graph/changes/" in str(g)]
    assert len(changes) == 2  # the direct OLD -> NEW change set is gone


def test_reloading_a_release_keeps_one_change_set(store: GraphStore) -> None:
    load(store, OLD, OLD_DAY)
    load(store, NEW, NEW_DAY)
    before = len(store)
    load(store, NEW, NEW_DAY)
    assert len(change_sets(store, SDN)) == 1
    assert len(store) == before


def test_undated_releases_are_not_compared(store: GraphStore) -> None:
    load(store, OLD, OLD_DAY)
    load(store, NEW, None)
    assert [r.issued for r in releases(store, SDN)] == [OLD_DAY]
    assert change_sets(store, SDN) == []


# questions about time ----------------------------------------------------------------------


def test_members_on_a_date_come_from_the_latest_release_before_it(store: GraphStore) -> None:
    load(store, OLD, OLD_DAY)
    load(store, NEW, NEW_DAY)
    assert members_on(store, "us-ofac-sdn", dt.date(2018, 12, 31)) == []
    assert ids_of(members_on(store, "us-ofac-sdn", OLD_DAY)) == {"10", "11", "12", "13", "14", "15"}
    assert ids_of(members_on(store, "us-ofac-sdn", dt.date(2019, 12, 31))) == {"10", "11", "12", "13", "14", "15"}
    assert ids_of(members_on(store, "us-ofac-sdn", dt.date(2030, 1, 1))) == {"10", "11", "12", "13", "15", "16"}


def test_members_of_an_event_based_list_honour_delistings(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "dod_1260h.csv"
    path.write_text(
        "Name,Clean Name,Alias,Previous Name,Parent Name,Note,Start date,End date,Source Url\n"
        "Alpha Co,,,,,,2021-06-03,2024-01-31,\n"
        "Beta Co,,,,,,2022-10-05,,\n",
        encoding="utf-8",
    )
    load_paths(store, "dod-1260h-csv", [path])

    def names(day: dt.date) -> set[str]:
        return {str(r["name"]) for r in members_on(store, "us-dod-1260h", day)}

    assert names(dt.date(2021, 6, 2)) == set()
    assert names(dt.date(2023, 1, 1)) == {"Alpha Co", "Beta Co"}
    assert names(dt.date(2024, 1, 31)) == {"Beta Co"}


def test_changes_between_two_dates(store: GraphStore) -> None:
    load(store, OLD, OLD_DAY)
    load(store, NEW, NEW_DAY)
    rows = changes_between(store, "us-ofac-sdn", dt.date(2018, 12, 1), dt.date(2020, 2, 1))
    assert {(str(r["change"]), str(r["authority_id"]), str(r["within"])) for r in rows} == {
        ("added", "16", "yes"),
        ("removed", "14", "yes"),
        ("amended", "10", "yes"),
    }
    partly = changes_between(store, "us-ofac-sdn", dt.date(2019, 6, 1), dt.date(2020, 2, 1))
    assert {str(r["within"]) for r in partly} == {"possibly"}
    assert changes_between(store, "us-ofac-sdn", dt.date(2020, 6, 1), dt.date(2021, 1, 1)) == []


def test_firm_history_by_name_shows_designation_and_delisting(store: GraphStore) -> None:
    load(store, OLD, OLD_DAY)
    load(store, NEW, NEW_DAY)
    rows = firm_history(store, "old firm ltd")
    assert [str(r["kind"]) for r in rows] == ["designation", "delisting"]
    assert str(rows[1]["not_after"]) == "2020-01-01"
    assert str(rows[0]["lists"]) == str(SDN)
    assert "law/us/pl/65/91" in str(rows[0]["legal_basis"])  # CUBA: Trading with the Enemy Act


# the real SDN pair (loaded once for this module) --------------------------------------------


def _ent_nums(folder: Path) -> set[str]:
    text = (folder / "sdn.csv").read_text(encoding="ascii").rstrip("\x1a\r\n")
    return {row[0] for row in csv.reader(io.StringIO(text))}


@pytest.fixture(scope="module")
def real_pair() -> GraphStore:
    old, new = SHARED / "sdn_legacy_csv_2018-12", SHARED / "sdn_legacy_csv_2021-07"
    if not (old.exists() and new.exists()):
        pytest.skip(f"real data not available: {old} or {new} is absent (fresh clone)")
    graph_store = GraphStore(None)
    ensure_reference(graph_store)
    # The newer release first: the diff must not depend on the order.
    load_paths(graph_store, "ofac-sdn-csv", [new], published=dt.date(2021, 7, 7))
    load_paths(graph_store, "ofac-sdn-csv", [old], published=dt.date(2018, 12, 19))
    return graph_store


def test_real_pair_additions_and_removals_equal_the_ent_num_sets(real_pair: GraphStore) -> None:
    old, new = _ent_nums(SHARED / "sdn_legacy_csv_2018-12"), _ent_nums(SHARED / "sdn_legacy_csv_2021-07")
    [summary] = change_sets(real_pair, SDN)
    assert summary["added"] == len(new - old)
    assert summary["removed"] == len(old - new)
    rows = changes_between(real_pair, "us-ofac-sdn", dt.date(2018, 12, 19), dt.date(2021, 7, 7))
    assert {str(r["authority_id"]) for r in rows if str(r["change"]) == "removed"} == old - new
    assert {str(r["authority_id"]) for r in rows if str(r["change"]) == "added"} == new - old


def test_real_pair_members_on_dates(real_pair: GraphStore) -> None:
    old, new = _ent_nums(SHARED / "sdn_legacy_csv_2018-12"), _ent_nums(SHARED / "sdn_legacy_csv_2021-07")
    assert ids_of(members_on(real_pair, "us-ofac-sdn", dt.date(2020, 1, 1))) == old
    assert ids_of(members_on(real_pair, "us-ofac-sdn", dt.date(2021, 7, 7))) == new
    assert members_on(real_pair, "us-ofac-sdn", dt.date(2018, 12, 18)) == []


def test_real_2021_release_types_entries_like_the_file(real_pair: GraphStore) -> None:
    text = (SHARED / "sdn_legacy_csv_2021-07" / "sdn.csv").read_text(encoding="ascii").rstrip("\x1a\r\n")
    vessels = {row[0] for row in csv.reader(io.StringIO(text)) if row[2] == "vessel"}
    rows = real_pair.select("PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> SELECT ?v WHERE { ?v a kg:Vessel }")
    assert {str(r["v"]).rsplit("/", 1)[1] for r in rows} == vessels
    history = firm_history(real_pair, "BANCO NACIONAL DE CUBA")
    assert [str(r["kind"]) for r in history] == ["designation"]
    assert (str(history[0]["first_seen"]), str(history[0]["last_seen"])) == ("2018-12-19", "2021-07-07")


def test_release_entries_read_back_equal_those_from_the_loaded_triples(store: GraphStore) -> None:
    """The diff compares a release just loaded from memory and its neighbour from the store:
    both readings must agree."""
    import pyoxigraph as ox

    from sanctiongraph.graph.release_entries import entry_fields
    from sanctiongraph.graph.releases import release_entries

    load(store, OLD, OLD_DAY)
    load(store, NEW, NEW_DAY)
    for release in releases(store, SDN):
        graph = ox.NamedNode(str(release.graph))
        triples = [
            (q.subject, q.predicate, q.object) for q in store.oxigraph.quads_for_pattern(None, None, None, graph)
        ]
        from_store = release_entries(store, release, SDN)
        from_memory = release_entries(store, release, SDN, triples)
        assert from_store and from_store == from_memory
        assert all(entry_fields(entry).get("name") for entry in from_store.values())
