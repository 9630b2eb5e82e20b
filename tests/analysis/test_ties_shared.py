"""The ties engine on the real lists (CSL 2022-05 and DoD 1260H): expectations computed from the files."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from pathlib import Path

import pytest

from sanctiongraph.analysis.ties import TiePath, find_ties, neighbours
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.tie_projection import tie_graph
from sanctiongraph.ontology.ids import authority_iri, derived_iri

pytestmark = pytest.mark.shared
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "official"
CSL = SHARED / "trade_gov_csl" / "consolidated_2022-05.csv.gz"
DOD = SHARED / "dod_chinese_military_companies" / "section_1260h_opensanctions_sanctions.csv"


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def csl_rows() -> list[dict[str, str]]:
    if not CSL.exists():
        pytest.skip("real data not available: ../shared/data/official/trade_gov_csl is absent (fresh clone)")
    with gzip.open(CSL, "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def dod_rows() -> list[dict[str, str]]:
    if not DOD.exists():
        pytest.skip("real data not available: ../shared/data/official/dod_chinese_military_companies is absent")
    with DOD.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def real(csl_rows: list, dod_rows: list) -> GraphStore:
    store = GraphStore(None)
    load_paths(store, "csl-csv", [CSL])
    load_paths(store, "dod-1260h-csv", [DOD])
    return store


def dod(name: str) -> str:
    return str(derived_iri("company", "us-dod", name.strip().rstrip("*").strip()))


def assert_only_firms(store: GraphStore, paths: list[TiePath]) -> None:
    kinds = tie_graph(store).kinds
    for path in paths:
        for node in path.nodes:
            assert kinds[node] in ("firm", "person", "vessel", "organization", "agency"), node
            assert "/country/" not in node and "/list/" not in node and "/program/" not in node


def test_huawei_affiliates_are_tied_to_huawei_through_the_entity_list_affiliation(
    real: GraphStore, csl_rows: list
) -> None:
    affiliates = [r for r in csl_rows if "Affiliated Entity:" in r["name"]]
    assert len(affiliates) == 23
    for row in affiliates:
        parent_name = one_line(row["name"].split("Affiliated Entity:")[0]).removesuffix(".")
        parents = [r["_id"] for r in csl_rows if one_line(r["name"]) == parent_name]
        assert parents, parent_name
        child = str(authority_iri("company", "us-csl", row["_id"]))
        paths = find_ties(real, child, str(authority_iri("company", "us-csl", parents[0])), k=2)
        best = paths[0].hops
        assert len(best) == 1 and best[0].kind == "affiliation" and not best[0].is_claim, row["name"]
        assert {e.loader for e in best[0].evidence} == {"csl-csv"}
        assert any("Affiliated Entity" in (e.text or "") for e in best[0].evidence)
        assert_only_firms(real, paths)


def test_hikvision_reaches_cetc_through_the_1260h_parent(real: GraphStore, dod_rows: list) -> None:
    hikvision = next(r for r in dod_rows if r["Clean Name"].startswith("Hangzhou Hikvision") and r["Parent Name"])
    paths = find_ties(real, dod(hikvision["Clean Name"]), dod(hikvision["Parent Name"]))
    hop = paths[0].hops[0]
    assert len(paths[0].hops) == 1 and (hop.kind, hop.directed) == ("ownership", True)
    assert hop.target_name == hikvision["Parent Name"] == "China Electronics Technology Group Corporation"
    assert {e.loader for e in hop.evidence} == {"dod-1260h-csv"}
    assert all(f"Parent Name: {hikvision['Parent Name']}" in (e.text or "") for e in hop.evidence)
    assert_only_firms(real, paths)


def test_two_firms_with_no_relation_get_no_path(real: GraphStore, csl_rows: list, dod_rows: list) -> None:
    # A Denied Persons entry listed alone on its day, at an address and under a name no other row has.
    addresses = Counter(r["addresses"] for r in csl_rows)
    days = Counter((r["source"], r["start_date"]) for r in csl_rows)
    names = Counter(one_line(r["name"]).casefold() for r in csl_rows)
    loner = next(
        r
        for r in csl_rows
        if r["source"].startswith("Denied Persons")
        and days[(r["source"], r["start_date"])] == 1
        and addresses[r["addresses"]] == 1
        and names[one_line(r["name"]).casefold()] == 1
        and not r["ids"]
    )
    graph = tie_graph(real).graph
    iri = next(str(authority_iri(k, "us-csl", loner["_id"])) for k in ("person", "company") if
               str(authority_iri(k, "us-csl", loner["_id"])) in graph)  # fmt: skip
    hikvision = next(r["Clean Name"] for r in dod_rows if r["Clean Name"].startswith("Hangzhou Hikvision"))
    assert neighbours(real, iri) == []
    assert find_ties(real, iri, dod(hikvision)) == []
