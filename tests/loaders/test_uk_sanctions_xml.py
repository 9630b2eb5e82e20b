"""Tests of the FCDO UK Sanctions List loader (XML)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import authority_iri, reference_iri

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
PERSON = authority_iri("person", "gb-fcdo", "RUS9001")
SHIP = authority_iri("vessel", "gb-fcdo", "DPR9002")
RUSSIA_REGIME = "The Russia (Sanctions) (EU Exit) Regulations 2019"


def objects(store: GraphStore, subject: URIRef, predicate: URIRef) -> set:
    return {r["o"] for r in store.select("SELECT ?o WHERE { ?s ?p ?o }", {"s": subject, "p": predicate})}


@pytest.fixture
def uk(store: GraphStore, fixtures: Path) -> GraphStore:
    report = load_paths(store, "uk-sanctions-xml", [fixtures / "xml" / "uk_sanctions_small.xml"])[0]
    assert (report.read, report.loaded) == (3, 2)
    assert report.skipped == {"no UniqueID": 1}
    assert report.published == dt.date(2026, 3, 1)
    assert report.unmapped["sanction imposed"] == 2  # director disqualification, port entry
    return store


def test_primary_name_is_found_whatever_its_casing(uk: GraphStore) -> None:
    assert objects(uk, PERSON, KG.name) == {Literal("Ivan Petrovich EXAMPLOV")}
    assert objects(uk, PERSON, KG.weakAlias) == {Literal("Vanya EXAMPLOV")}
    assert objects(uk, PERSON, KG.alias) == {
        Literal("Ivan EKZAMPLOV"),
        Literal("Иван Петрович ЭКЗАМПЛОВ", lang="und-Cyrl"),
    }


def test_individual_details(uk: GraphStore) -> None:
    assert objects(uk, PERSON, KG.passportNumber) == {Literal("720000001")}  # leading space dropped
    # 'dd/mm/1966' keeps its year; the duplicated DOB is one value.
    assert objects(uk, PERSON, KG.birthDate) == {
        Literal("1965-05-14", datatype=XSD_DATE),
        Literal("1966", datatype=GYEAR),
    }
    assert objects(uk, PERSON, KG.nationality) == {reference_iri("country", "ru")}
    assert objects(uk, PERSON, KG.birthPlace) == {Literal("Tula, Russia")}
    assert objects(uk, PERSON, KG.address) == {Literal("1 Example Embankment, Moscow, Russia")}
    assert objects(uk, PERSON, KG.idNumber) == {Literal("OFSI group ID: 99001")}


def test_designation_has_regime_measures_and_reasons(uk: GraphStore) -> None:
    action = authority_iri("action", "gb-uk-sanctions-list", "RUS9001")
    program = reference_iri("program", "gb-the-russia-sanctions-eu-exit-regulations-2019")
    law = reference_iri("law", "gb/the-russia-sanctions-eu-exit-regulations-2019")
    assert objects(uk, action, KG.target) == {PERSON}
    assert objects(uk, action, KG.imposedBy) == {reference_iri("agency", "gb-fcdo")}
    assert objects(uk, action, KG.onList) == {reference_iri("list", "gb-uk-sanctions-list")}
    assert objects(uk, action, KG.listingDate) == {Literal("2022-02-24", datatype=XSD_DATE)}
    assert objects(uk, action, KG.measure) == {KG.assetFreeze, KG.travelBan}
    assert objects(uk, action, KG.underProgram) == {program}
    assert objects(uk, action, KG.legalBasis) == {law}
    assert objects(uk, program, KG.name) == {Literal(RUSSIA_REGIME)}
    assert objects(uk, law, KG.name) == {Literal(RUSSIA_REGIME)}
    assert len(objects(uk, action, KG.reason)) == 1


def test_ship_has_imo_number_and_flag(uk: GraphStore) -> None:
    assert objects(uk, SHIP, KG.imoNumber) == {Literal("9000001")}
    assert objects(uk, SHIP, KG.jurisdiction) == {reference_iri("country", "pa")}
    assert objects(uk, SHIP, KG.idNumber) == {Literal("UN reference number: KPe.901")}
    assert objects(uk, authority_iri("action", "gb-uk-sanctions-list", "DPR9002"), KG.measure) == set()


@pytest.mark.shared
def test_real_uk_excerpt(store: GraphStore, shared: type) -> None:
    path = shared.path("official", "uk", "uk_sanctions_list_excerpt_2026-08-14.xml")
    report = load_paths(store, "uk-sanctions-xml", [path])[0]
    # Four real designations; the fifth, synthetic one has no UniqueID and is skipped.
    assert (report.read, report.loaded, report.skipped) == (5, 4, {"no UniqueID": 1})
    assert report.published == dt.date(2026, 8, 14)
    afg = authority_iri("person", "gb-fcdo", "AFG0011")
    assert objects(store, afg, KG.passportNumber) == {Literal("D0009720"), Literal("D0010442")}
    assert objects(store, afg, KG.birthDate) == {
        Literal("1967-11-12", datatype=XSD_DATE),
        Literal("1968", datatype=GYEAR),
    }
    assert objects(store, authority_iri("person", "gb-fcdo", "AQD0128"), KG.name) == {
        Literal("AKRAM TURKI HISHAN AL-MAZIDIH")
    }
    assert objects(store, authority_iri("company", "gb-fcdo", "AQD0377"), KG.name) == {
        Literal("Khatiba al-Tawhid wal-Jihad (KTJ)")
    }
    assert objects(store, authority_iri("vessel", "gb-fcdo", "DPR0075"), KG.imoNumber) == {Literal("9562233")}
