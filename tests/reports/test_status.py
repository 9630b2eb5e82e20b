"""Listed or not: list containment, undated releases, same-named records outside the entity."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders.ofac_cons_csv import OfacConsCsvLoader
from sanctiongraph.ontology import KG, KGR
from sanctiongraph.reports import firm, pair, render
from sanctiongraph.reports.status import included_lists, latest_releases

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CSL = FIXTURES / "csl" / "csl_small.csv"
CONS = FIXTURES / "ofac" / "cons_2021"
PREFIX = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "


def _status_rows(store: GraphStore, entity: URIRef) -> dict[str, dict]:
    data = json.loads(render(firm.build(store, entity, with_claims=False), "json"))
    rows = next(s for s in data["sections"] if s["id"] == "status")["rows"]
    return {r["cells"]["list"]: r["cells"] for r in rows}


def _target(store: GraphStore, name: str, list_key: str) -> URIRef:
    rows = store.select(
        PREFIX + "SELECT ?r WHERE { ?a a kg:Designation ; kg:target ?r ; kg:onList ?l . ?r kg:name ?n }",
        {"n": Literal(name), "l": KGR[f"list/{list_key}"]},
    )
    return URIRef(str(rows[0]["r"]))


@pytest.fixture
def csl(disk_store: GraphStore) -> GraphStore:
    load_paths(disk_store, "csl-csv", [CSL], published=dt.date(2022, 4, 21))
    return disk_store


def test_the_reference_data_says_what_the_csl_includes(csl: GraphStore) -> None:
    assert str(KGR["list/us-bis-entity-list"]) in included_lists(csl)[str(KGR["list/us-csl"])]
    assert str(KGR["list/us-ofac-sdn"]) not in included_lists(csl)[str(KGR["list/us-ofac-consolidated"])]


def test_a_firm_on_the_entity_list_is_on_the_csl_that_carries_it(csl: GraphStore) -> None:
    with CSL.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["source"].startswith("Entity List"))
    rows = _status_rows(csl, _target(csl, row["name"], "us-bis-entity-list"))
    assert rows["Entity List"]["status"] == "listed"
    assert rows["Consolidated Screening List"]["status"] == "listed"
    assert "through Entity List" in rows["Consolidated Screening List"]["note"]
    assert rows["Consolidated Screening List"]["as of"] == "2022-04-21"


def test_a_same_named_record_outside_the_entity_is_not_called_not_listed(csl: GraphStore) -> None:
    with CSL.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["source"].startswith("Entity List"))
    twin = KGR["company/test/twin"]
    csl.replace_graphs({KGR["graph/test/twin"]: [(twin, RDF.type, KG.Company), (twin, KG.name, Literal(row["name"]))]})
    rows = _status_rows(csl, twin)
    assert rows["Entity List"]["status"] == "unresolved"
    assert row["name"] in rows["Entity List"]["note"]


def test_the_pair_report_does_not_call_an_unresolved_status_not_listed(csl: GraphStore) -> None:
    with CSL.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    listed = next(r for r in rows if r["source"].startswith("Entity List"))
    words = set(listed["name"].lower().split())
    other_row = next(r for r in rows if not words & set(r["name"].lower().split()))  # an unrelated firm
    twin = KGR["company/test/twin"]
    twin_name = Literal(listed["name"])
    csl.replace_graphs({KGR["graph/test/twin"]: [(twin, RDF.type, KG.Company), (twin, KG.name, twin_name)]})
    query = PREFIX + "SELECT ?r WHERE { ?a a kg:Designation ; kg:target ?r . ?r kg:name ?n }"
    (other,) = {str(r["r"]) for r in csl.select(query, {"n": Literal(other_row["name"])})}
    data = json.loads(render(pair.build(csl, twin, URIRef(other)), "json"))
    status = next(s for s in data["sections"] if s["id"] == "status")["rows"]
    entity_list = next(r["cells"] for r in status if r["cells"]["list"] == "Entity List")
    assert entity_list[data["subject"]["name"]] == "unresolved"
    assert entity_list[data["subject"]["with"]["name"]] == "NOT listed"  # the other firm is on no Entity List row


def test_an_undated_release_says_which_date_it_is_known_by(
    disk_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(OfacConsCsvLoader, "expected_records", (1, None))  # a three-entry fixture
    load_paths(disk_store, "ofac-cons-csv", [CONS])  # no publish date given
    release = latest_releases(disk_store)[str(KGR["list/us-ofac-consolidated"])]
    query = PREFIX + "SELECT ?t WHERE { ?doc kg:retrievedAt ?t }"
    (retrieved,) = disk_store.select(query, {"doc": URIRef(str(release.document))})
    assert release.issued is None
    with (CONS / "cons_prim.csv").open(encoding="utf-8") as handle:
        first = next(csv.reader(handle))
    rows = _status_rows(disk_store, _target(disk_store, first[1].strip('"'), "us-ofac-consolidated"))
    as_of = rows["OFAC Consolidated Sanctions List (non-SDN)"]["as of"]
    assert as_of.startswith(f"release retrieved {str(retrieved['t'])[:10]}")
    assert "no publish date loaded" in as_of
    assert rows["Non-SDN Chinese Military-Industrial Complex Companies List"]["status"] == "listed"  # carried
    assert "unknown" not in json.dumps(rows)
