"""Reports on the real lists in ../shared (skipped when absent): expected values come from the files."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from rdflib import URIRef

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.reports import firm, listing, render

pytestmark = pytest.mark.shared
PUBLISHED = dt.date(2025, 12, 1)


def _section(data: dict, section_id: str) -> dict:
    return next(s for s in data["sections"] if s["id"] == section_id)


def test_ns_cmic_firm_is_listed_there_and_not_on_1260h(store: GraphStore, shared) -> None:
    cons = shared.path("official", "ofac", "consolidated_legacy_csv_2025-12")
    dod = shared.path("official", "dod_chinese_military_companies", "section_1260h_opensanctions_sanctions.csv")
    with (cons / "cons_prim.csv").open(encoding="utf-8", errors="replace") as handle:
        cmic = [row for row in csv.reader(handle) if len(row) > 3 and "CMIC" in row[3]]
    with dod.open(encoding="utf-8") as handle:
        dod_names = {n.casefold() for r in csv.DictReader(handle) for n in (r["Name"], r["Clean Name"])}
    name = next(row[1] for row in cmic if row[1].casefold() not in dod_names)
    load_paths(store, "ofac-cons-csv", [cons], published=PUBLISHED)
    load_paths(store, "dod-1260h-csv", [dod])
    rows = store.select(
        """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT DISTINCT ?t WHERE { ?d a kg:Designation ; kg:target ?t . ?t kg:name ?name }""",
        {"name": name},
    )
    (target,) = {URIRef(str(r["t"])) for r in rows}
    data = json.loads(render(firm.build(store, target), "json"))
    status = {r["cells"]["list"]: r["cells"] for r in _section(data, "status")["rows"]}
    ns_cmic = next(v for k, v in status.items() if "Chinese Military-Industrial Complex" in k)
    assert (ns_cmic["status"], ns_cmic["as of"]) == ("listed", PUBLISHED.isoformat())
    dod_row = next(v for k, v in status.items() if "1260H" in k)
    assert dod_row["status"] == "NOT listed"
    assert all(r["sources"] for r in _section(data, "status")["rows"])


def test_list_report_of_1260h_matches_the_file(store: GraphStore, shared) -> None:
    dod = shared.path("official", "dod_chinese_military_companies", "section_1260h_opensanctions_sanctions.csv")
    load_paths(store, "dod-1260h-csv", [dod])
    day = dt.date(2024, 1, 31)
    with dod.open(encoding="utf-8") as handle:
        expected = [
            r for r in csv.DictReader(handle)
            if r["Start date"] and r["Start date"] <= day.isoformat() and not ("" < r["End date"] <= day.isoformat())
        ]  # fmt: skip
    data = json.loads(render(listing.build(store, "us-dod-1260h", on=day), "json"))
    members = _section(data, "members")["rows"]
    assert expected and len(members) == len(expected)
    assert all(m["sources"] for m in members)
