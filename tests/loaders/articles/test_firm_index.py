"""The firm resolver's tables, extended by the graphs a load adds, hold what a whole build holds."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.names import NameEntry, NameIndex, _Db, update_name_index
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders.articles import firm_index
from sanctiongraph.loaders.articles.extract import reference_names
from sanctiongraph.loaders.articles.lookup import StoreNames
from sanctiongraph.resolution.scoring import COMMON_TOKEN_FLOOR, TokenStats

DEMO = Path(__file__).resolve().parents[3] / "sanctiongraph" / "demo"
KG = "https://w3id.org/sanctiongraph/ontology#"


def _add_firms(store: GraphStore, graph: str, labels: list[tuple[str, str]]) -> None:
    """A graph naming firms (entity key, label), indexed as a load indexes its graph."""
    quads = " ".join(
        f'<https://example.org/firm/{key}> a <{KG}Company> ; <{KG}name> "{label}" .' for key, label in labels
    )
    store.oxigraph.update(f"INSERT DATA {{ GRAPH <https://example.org/graph/{graph}> {{ {quads} }} }}")
    update_name_index(store)


def _names(store: GraphStore) -> StoreNames:
    return StoreNames(NameIndex.from_store(store), reference_names())


def _tables(conn: sqlite3.Connection) -> dict[str, Any]:
    """What the tables say, positions replaced by the entries they stand for."""
    entry = {p: (e, k, label, via) for p, e, k, label, via in conn.execute("SELECT * FROM firm_records")}
    return {
        "records": sorted(entry.values()),
        "blocks": sorted((key, entry[p]) for key, p in conn.execute("SELECT key, position FROM firm_blocks")),
        "short forms": sorted((key, entry[p]) for key, p in conn.execute("SELECT key, position FROM firm_short_forms")),
        "stats": conn.execute("SELECT stats FROM firm_resolver").fetchone()[0],
    }


def _whole_build(conn: sqlite3.Connection, tmp_path: Path) -> tuple[StoreNames, sqlite3.Connection]:
    """The same index copied (SQLite's backup: the file alone lacks what its WAL holds), its
    build dropped, and built whole."""
    copy = tmp_path / "whole.names.sqlite"
    with sqlite3.connect(copy) as target:
        conn.backup(target)
    db = _Db(copy)
    db.conn.execute("DELETE FROM firm_resolver")
    names = StoreNames(NameIndex(_db=db), reference_names())
    names.firm_matcher()
    return names, db.conn


def test_a_build_extended_by_new_graphs_holds_what_a_whole_build_holds(tmp_path: Path) -> None:
    store = GraphStore(tmp_path / "store")
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    rng = random.Random(7)
    # A word the added graph makes common (its weight then comes from the counts), an acronym it
    # makes ambiguous, names the first graph already holds, and new ones.
    common = [(f"kw{i}", f"Kangwei {i} Trading Limited") for i in range(COMMON_TOKEN_FLOOR - 100)]
    _add_firms(store, "first", [*common, ("msc1", "Mehran Shipping Company"), ("dup", "Longfeng Marine Limited")])
    names = _names(store)
    names.firm_matcher()
    conn = names.parts[0].connection
    before = dict(conn.execute("SELECT position, entity FROM firm_records"))
    stats_before = conn.execute("SELECT stats FROM firm_resolver").fetchone()[0]
    assert '"kangwei"' not in stats_before and '"msc"' not in stats_before
    more = [(f"kw{i}", f"Kangwei {i} Trading Limited") for i in range(len(common), COMMON_TOKEN_FLOOR + 50)]
    extra = [("msc2", "Mersad Shipping Company"), ("dup", "Longfeng Marine Limited"), ("new", "Zhongxin Taikang Co")]
    _add_firms(store, "second", more + extra + [(f"r{i}", f"Firm {rng.randint(0, 10**6)} Holdings") for i in range(50)])

    extended = _names(store)
    extended.firm_matcher()
    after = dict(conn.execute("SELECT position, entity FROM firm_records"))
    assert {p: after[p] for p in before} == before, "the earlier records kept their places: an extension"
    assert len(after) == len(before) + len(more) + 2 + 50  # the duplicate is held once
    whole, whole_conn = _whole_build(conn, tmp_path)
    assert _tables(conn) == _tables(whole_conn)
    stats = TokenStats.from_json(_tables(conn)["stats"])
    assert stats.counts["kangwei"] == COMMON_TOKEN_FLOOR + 50 and stats.ambiguous_acronym("msc")
    held, kept = whole.firm_matcher(), extended.firm_matcher()
    queries = ["Kangwei 17 Trading", "Mersad Shipping", "Mehran Shipping Co", "Zhongxin Taikang", "Longfeng Marine"]
    queries += [label for _, label in rng.sample(common + more + extra, 30)]
    for query in queries:
        assert kept.matches(query, "firm") == held.matches(query, "firm"), query
    assert sum(bool(held.matches(q, "firm")) for q in queries) >= 20, "the comparison must not be vacuous"


def test_a_deleted_firm_name_or_other_reference_names_build_again_whole(tmp_path: Path) -> None:
    store = GraphStore(tmp_path / "store")
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    _add_firms(store, "first", [("a", "Zhongxin Taikang Electronics Inc.")])
    names = _names(store)
    names.firm_matcher()
    conn = names.parts[0].connection
    conn.execute("DELETE FROM names WHERE label = 'Zhongxin Taikang Electronics Inc.'")
    _add_firms(store, "second", [("b", "Longfeng Marine Trading Limited")])
    rebuilt = _names(store)
    assert rebuilt.firm_matcher().best("Zhongxin Taikang Electronics", "firm") is None
    assert rebuilt.firm_matcher().best("Longfeng Marine Trading", "firm") is not None
    # Other reference names: built whole again, the firm the earlier ones named is gone.
    named = NameEntry(URIRef("urn:firm:reference"), "firm", "Mighat Sea Cargo Lines", "name")
    with_reference = StoreNames(NameIndex.from_store(store), NameIndex([named]))
    assert with_reference.firm_matcher().best("Mighat Sea Cargo Lines", "firm") == named
    _add_firms(store, "third", [("c", "Kangwei Holdings Limited")])
    without = StoreNames(NameIndex.from_store(store), NameIndex([]))
    assert without.firm_matcher().best("Mighat Sea Cargo Lines", "firm") is None
    assert without.firm_matcher().best("Kangwei Holdings", "firm") is not None


def test_real_lists_loaded_one_after_another_extend_to_the_whole_build(tmp_path: Path, shared: Any) -> None:
    """SDN 2021, then the CSL: the build made after the first, extended by the second, holds
    what a build of both made at once holds, and answers the same."""
    sdn = shared.path("official", "ofac", "sdn_legacy_csv_2021-07")
    csl = shared.path("official", "trade_gov_csl", "consolidated_2022-05.csv.gz")
    store = GraphStore(tmp_path / "store")
    load_paths(store, "ofac-sdn-csv", [sdn])
    first = _names(store)
    first.firm_matcher()
    conn = first.parts[0].connection
    held_before = conn.execute("SELECT COUNT(*) FROM firm_records").fetchone()[0]
    load_paths(store, "csl-csv", [csl])
    extended = _names(store)
    kept = extended.firm_matcher()
    assert conn.execute("SELECT COUNT(*) FROM firm_records").fetchone()[0] > held_before
    whole, whole_conn = _whole_build(conn, tmp_path)
    assert _tables(conn) == _tables(whole_conn)
    held = whole.firm_matcher()
    firms = [label for (label,) in conn.execute("SELECT label FROM firm_records ORDER BY position")]
    rng = random.Random(11)
    queries = ["Huawei Technologies", "Hikvision", "Semiconductor Manufacturing International", "DJI", "Xiaomi"]
    queries += rng.sample(firms, 40) + [f.replace("a", "e", 1) for f in rng.sample(firms, 20)]
    for query in queries:
        assert kept.matches(query, "firm") == held.matches(query, "firm"), query


@pytest.mark.parametrize("seed", range(3))
def test_the_statistics_written_from_the_tables_are_token_stats_text(seed: int) -> None:
    """_stats writes from the whole counts what TokenStats.to_json writes from the records."""
    from sanctiongraph.loaders.articles.lookup import WholeNames

    rng = random.Random(seed)
    words = ["Mehran", "Mersad", "Mighat", "Shipping", "Company", "Kangwei", "Trading", "Limited", "Marine"]
    entries = list(reference_names().entries)
    for i in range(COMMON_TOKEN_FLOOR + 300):  # "kangwei" common, acronyms spelt by several names
        label = " ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        entries.append(NameEntry(URIRef(f"urn:firm:{i % 1500}"), "firm", f"Kangwei {label}", "name"))
    index = NameIndex(entries)
    conn = index.connection
    firm_index._create_tables(conn)
    firms = WholeNames(index).firm_entries()
    firm_index._fill(conn, firms, 0)
    records = [firm_index.Record(str(e.entity), firm_index.EntityKind.firm, (e.label,)) for e in firms]
    assert firm_index._stats(conn) == TokenStats.from_records(records).to_json()
