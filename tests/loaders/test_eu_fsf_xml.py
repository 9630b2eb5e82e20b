"""Tests of the EU Financial Sanctions Files (FSF XML v1.1) loader."""

from __future__ import annotations

import datetime as dt
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
PERSON = authority_iri("person", "eu-fsf", "900001")
FIRM = authority_iri("company", "eu-fsf", "900002")
SYNTHETIC_REAL_ID = "999999"  # the shared excerpt's made-up entry; not part of the real list


def objects(store: GraphStore, subject: URIRef, predicate: URIRef) -> set:
    return {r["o"] for r in store.select("SELECT ?o WHERE { ?s ?p ?o }", {"s": subject, "p": predicate})}


@pytest.fixture
def eu(store: GraphStore, fixtures: Path) -> GraphStore:
    report = load_paths(store, "eu-fsf-xml", [fixtures / "xml" / "eu_fsf_small.xml"])[0]
    assert (report.read, report.loaded) == (3, 2)
    assert report.skipped == {"no nameAlias with a wholeName": 1}
    assert report.published == dt.date(2026, 2, 10)
    assert report.unmapped["contact PHONE"] == 1
    return store


def test_person_names_keep_their_language(eu: GraphStore) -> None:
    # No alias is marked primary: the structured (first/last name) one is chosen.
    assert objects(eu, PERSON, KG.name) == {Literal("Ahmad Example Tester")}
    assert objects(eu, PERSON, KG.alias) == {Literal("Ahmed Exemple", lang="fr")}
    assert objects(eu, PERSON, KG.weakAlias) == {Literal("Abu Example")}
    assert objects(eu, PERSON, KG.title) == {Literal("Financier")}


def test_person_details(eu: GraphStore) -> None:
    assert objects(eu, PERSON, KG.birthDate) == {
        Literal("1975-02-03", datatype=XSD_DATE),
        Literal("1976", datatype=GYEAR),
    }
    assert objects(eu, PERSON, KG.birthPlace) == {Literal("Aden")}
    assert objects(eu, PERSON, KG.nationality) == {reference_iri("country", "ye")}
    assert objects(eu, PERSON, KG.passportNumber) == {Literal("Y0000001")}
    assert objects(eu, PERSON, KG.idNumber) == {
        Literal("EU reference number: EU.900.1"),
        Literal("UN reference number: QDi.901"),
    }


def test_designation_rests_on_the_regulation_and_programme(eu: GraphStore) -> None:
    action = authority_iri("action", "eu-fsf", "900001")
    law = reference_iri("law", "eu/650-2011")
    assert objects(eu, action, KG.target) == {PERSON}
    assert objects(eu, action, KG.imposedBy) == {reference_iri("agency", "eu-council")}
    assert objects(eu, action, KG.onList) == {reference_iri("list", "eu-fsf")}
    assert objects(eu, action, KG.listingDate) == {Literal("2011-07-05", datatype=XSD_DATE)}
    assert objects(eu, action, KG.underProgram) == {reference_iri("program", "eu-TAQA")}
    assert objects(eu, action, KG.legalBasis) == {law}
    assert objects(eu, law, KG.passedBy) == {reference_iri("agency", "eu-commission")}
    assert objects(eu, law, KG.dateDocument) == {Literal("2011-07-05", datatype=XSD_DATE)}
    assert objects(eu, reference_iri("law", "eu/2024-745"), KG.passedBy) == {reference_iri("agency", "eu-council")}


def test_enterprise_identifiers_and_address(eu: GraphStore) -> None:
    assert objects(eu, FIRM, KG.name) == {Literal("Example Machine Works JSC")}
    assert objects(eu, FIRM, KG.alias) == {Literal("АО Пример Машиностроительный Завод", lang="ru")}
    assert objects(eu, FIRM, KG.registrationNumber) == {Literal("1027700000001")}
    assert objects(eu, FIRM, KG.address) == {Literal("1 Example Street, 300000, Tula, RUSSIAN FEDERATION")}
    assert objects(eu, FIRM, KG.country) == {reference_iri("country", "ru")}


@pytest.mark.shared
def test_real_eu_excerpt(store: GraphStore, shared: type) -> None:
    path = shared.path("official", "eu", "eu_fsf_v1.1_excerpt_2026-08-05.xml")
    report = load_paths(store, "eu-fsf-xml", [path])[0]
    assert report.published == dt.date(2026, 8, 5)
    rows = store.select(
        PREFIX + "SELECT ?id ?program WHERE { ?a a kg:Designation ; kg:authorityId ?id ; kg:underProgram ?program }"
    )
    programs = {str(r["id"]): str(r["program"]).rsplit("/eu-", 1)[1] for r in rows if str(r["id"]) != SYNTHETIC_REAL_ID}
    assert programs == {"13": "IRQ", "191": "TERR", "980": "TAQA", "330": "TAQA"}
    assert objects(store, authority_iri("person", "eu-fsf", "13"), KG.name) == {Literal("Saddam Hussein Al-Tikriti")}
    assert objects(store, authority_iri("person", "eu-fsf", "191"), KG.name) == {Literal("Khalid Sheikh MOHAMMED")}
    assert objects(store, authority_iri("person", "eu-fsf", "13"), KG.birthDate) == {
        Literal("1937-04-28", datatype=XSD_DATE)
    }
    aliases_330 = objects(store, authority_iri("company", "eu-fsf", "330"), KG.alias)
    assert Literal("Организация за подпомагане на Ulema, Пакистан", lang="bg") in aliases_330
    assert objects(store, authority_iri("action", "eu-fsf", "330"), KG.listingDate) == {
        Literal("2001-10-06", datatype=XSD_DATE)
    }
