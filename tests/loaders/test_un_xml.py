"""Tests of the UN Security Council Consolidated List loader (XML)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import authority_iri, reference_iri

PREFIX = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>\n"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
PERSON = authority_iri("person", "un-sc", "QDi.901")
FIRM = authority_iri("company", "un-sc", "KPe.901")


def objects(store: GraphStore, subject: URIRef, predicate: URIRef) -> set:
    return {r["o"] for r in store.select("SELECT ?o WHERE { ?s ?p ?o }", {"s": subject, "p": predicate})}


@pytest.fixture
def un(store: GraphStore, fixtures: Path) -> GraphStore:
    report = load_paths(store, "un-xml", [fixtures / "xml" / "un_small.xml"])[0]
    assert report.read == report.loaded == 3
    assert report.published == dt.date(2026, 1, 15)
    assert report.unmapped["UN regime missing from intl_programs.ttl"] == 1
    assert report.unmapped["date of birth range"] == 1
    return store


def test_individual_names_and_details(un: GraphStore) -> None:
    assert objects(un, PERSON, KG.name) == {Literal("AHMAD EXAMPLE TESTER")}
    assert objects(un, PERSON, KG.alias) == {Literal("Abu Example"), Literal("أحمد مثال", lang="und-Arab")}
    assert objects(un, PERSON, KG.weakAlias) == {Literal("Al-Tester")}
    assert objects(un, PERSON, KG.birthDate) == {
        Literal("1975-02-03", datatype=XSD_DATE),
        Literal("1976", datatype=GYEAR),
    }
    assert objects(un, PERSON, KG.birthPlace) == {Literal("Aden, Yemen")}
    assert objects(un, PERSON, KG.passportNumber) == {Literal("Y0000001")}
    assert objects(un, PERSON, KG.idNumber) == {Literal("National Identification Number: 01-000-0001")}
    assert objects(un, PERSON, KG.nationality) == {reference_iri("country", "ye")}
    assert objects(un, PERSON, KG.title) == {Literal("Financier")}


def test_designation_carries_regime_resolutions_and_listing_date(un: GraphStore) -> None:
    action = authority_iri("action", "un-sc-consolidated", "QDi.901")
    assert objects(un, action, KG.target) == {PERSON}
    assert objects(un, action, KG.imposedBy) == {reference_iri("agency", "un-sc")}
    assert objects(un, action, KG.onList) == {reference_iri("list", "un-sc-consolidated")}
    assert objects(un, action, KG.authorityId) == {Literal("QDi.901")}
    # LISTED_ON "2011-07-01-04:00": the time zone is dropped, the day kept.
    assert objects(un, action, KG.listingDate) == {Literal("2011-07-01", datatype=XSD_DATE)}
    assert objects(un, action, KG.underProgram) == {reference_iri("program", "un-Al-Qaida")}
    assert objects(un, action, KG.legalBasis) == {reference_iri("law", f"un/sc/res/{n}") for n in (1267, 2253)}


def test_regime_programs_come_from_reference_data(un: GraphStore) -> None:
    # The reference Turtle gives the regime its resolution; the loader only points at it.
    dprk = reference_iri("program", "un-DPRK")
    assert objects(un, dprk, KG.legalBasis) == {reference_iri("law", "un/sc/res/1718")}
    assert objects(un, authority_iri("action", "un-sc-consolidated", "KPe.901"), KG.underProgram) == {dprk}


def test_unknown_regime_still_gets_a_program_node(un: GraphStore) -> None:
    program = reference_iri("program", "un-Atlantis")
    assert objects(un, program, KG.programKey) == {Literal("Atlantis")}
    assert objects(un, authority_iri("action", "un-sc-consolidated", "ATe.001"), KG.underProgram) == {program}


def test_entity_aliases_and_address(un: GraphStore) -> None:
    assert objects(un, FIRM, KG.previousName) == {Literal("Example General Trading")}
    assert objects(un, FIRM, KG.address) == {Literal("1 Test Street, Pyongyang, Democratic People's Republic of Korea")}
    assert objects(un, FIRM, KG.country) == {reference_iri("country", "kp")}


def test_release_is_recorded_as_a_version_of_the_un_list(un: GraphStore) -> None:
    assert un.ask(
        "ASK { GRAPH ?m { ?doc <http://purl.org/dc/terms/isVersionOf> ?list } }",
        {"list": reference_iri("list", "un-sc-consolidated")},
    )


@pytest.mark.shared
def test_real_un_list_counts(store: GraphStore, shared: type) -> None:
    path = shared.path("official", "un", "consolidated_2026-02-27.xml")
    report = load_paths(store, "un-xml", [path])[0]
    assert report.read == report.loaded == 730 + 273
    assert report.published == dt.date(2026, 2, 27)
    rows = store.select(
        PREFIX + "SELECT ?e ?cls ?program WHERE { ?a a kg:Designation ; kg:target ?e ; kg:underProgram ?program . "
        "?e a ?cls }"
    )
    kinds = Counter(str(r["cls"]).rsplit("#", 1)[1] for r in rows)
    assert kinds == {"Person": 730, "Company": 273}
    entity_regimes = Counter(str(r["program"]).rsplit("/un-", 1)[1] for r in rows if r["cls"] == KG.Company)
    assert (entity_regimes["Al-Qaida"], entity_regimes["Iran"], entity_regimes["DPRK"]) == (89, 78, 75)
    adf = authority_iri("company", "un-sc", "CDe.001")
    assert objects(store, adf, KG.name) == {Literal("ADF")}
    assert objects(store, authority_iri("action", "un-sc-consolidated", "CDe.001"), KG.listingDate) == {
        Literal("2014-06-30", datatype=XSD_DATE)
    }
