"""Tests of the three OFAC XML loaders: Enhanced XML (zipped or bare), advanced XML and sdn.xml."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from sanctiongraph.graph.ingest import ensure_reference, load_paths, source_info
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders import get_loader
from sanctiongraph.loaders.base import LoadContext
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import authority_iri, reference_iri

PREFIX = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>\n"
OFAC = reference_iri("agency", "us-ofac")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def objects(store: GraphStore, subject: URIRef, predicate: URIRef) -> set:
    rows = store.select("SELECT ?o WHERE { ?s ?p ?o }", {"s": subject, "p": predicate})
    return {r["o"] for r in rows}


def designations_per_list(store: GraphStore) -> dict[str, int]:
    rows = store.select(
        PREFIX
        + "SELECT ?list (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Designation ; kg:onList ?list } GROUP BY ?list"
    )
    return {str(r["list"]).rsplit("/", 1)[1]: int(r["n"]) for r in rows}


def entities_per_class(store: GraphStore, dataset: str) -> Counter[str]:
    rows = store.select(PREFIX + "SELECT ?e ?cls WHERE { ?e a ?cls ; kg:authorityId ?id }")
    return Counter(str(r["cls"]).rsplit("#", 1)[1] for r in rows if f"/{dataset}/" in str(r["e"]))


def ofac(kind: str, ent_num: str) -> URIRef:
    return authority_iri(kind, "us-ofac", ent_num)


def date(value: str) -> Literal:
    return Literal(value, datatype=XSD_DATE)


def mapped_triples(loader_name: str, path: Path) -> set[tuple]:
    """The triples a loader emits for a file, with the document IRI replaced by a marker."""
    ctx = LoadContext(source_info([path]), loader_name=loader_name)
    get_loader(loader_name).load(ctx)
    doc = ctx.doc
    return {tuple("DOC" if term == doc else term for term in triple) for triple in ctx.triples}


# Enhanced XML -------------------------------------------------------------------------------


@pytest.fixture
def enhanced(store: GraphStore, fixtures: Path) -> GraphStore:
    report = load_paths(store, "ofac-enhanced-xml", [fixtures / "xml" / "CONS_ENHANCED_small.ZIP"])[0]
    assert report.read == report.loaded == 2
    assert report.published == dt.date(2025, 3, 14)
    return store


def test_enhanced_zip_and_bare_xml_map_the_same(fixtures: Path) -> None:
    zipped = mapped_triples("ofac-enhanced-xml", fixtures / "xml" / "CONS_ENHANCED_small.ZIP")
    bare = mapped_triples("ofac-enhanced-xml", fixtures / "xml" / "CONS_ENHANCED_small.xml")
    assert zipped == bare
    assert len(zipped) > 50


def test_enhanced_cmic_membership_carries_its_dates_program_and_basis(enhanced: GraphStore) -> None:
    cmic = authority_iri("action", "us-ofac-ns-cmic", "90001")
    firm = authority_iri("company", "us-ofac", "90001")
    assert objects(enhanced, cmic, KG.target) == {firm}
    assert objects(enhanced, cmic, KG.onList) == {reference_iri("list", "us-ofac-ns-cmic")}
    assert objects(enhanced, cmic, KG.imposedBy) == {OFAC}
    assert objects(enhanced, cmic, KG.listingDate) == {date("2021-06-03")}
    assert objects(enhanced, cmic, KG.effectiveDate) == {date("2021-08-02")}
    assert objects(enhanced, cmic, KG.underProgram) == {reference_iri("program", "us-CMIC-EO13959")}
    assert reference_iri("law", "us/eo/14032") in objects(enhanced, cmic, KG.legalBasis)
    assert objects(enhanced, cmic, KG.authorityId) == {Literal("90001")}
    # The firm is also on the Consolidated List, as a separate membership without CMIC dates.
    consolidated = authority_iri("action", "us-ofac-consolidated", "90001")
    assert objects(enhanced, consolidated, KG.effectiveDate) == set()


def test_enhanced_names_identifiers_and_address(enhanced: GraphStore) -> None:
    firm = authority_iri("company", "us-ofac", "90001")
    assert objects(enhanced, firm, KG.name) == {Literal("EXAMPLE OPTICS GROUP CO., LTD.")}
    assert Literal("示例光学集团有限公司", lang="zh-Hans") in objects(enhanced, firm, KG.alias)
    assert objects(enhanced, firm, KG.previousName) == {Literal("EXAMPLE LENS WORKS")}
    assert objects(enhanced, firm, KG.registrationNumber) == {Literal("91420100TEST00001X")}
    assert objects(enhanced, firm, KG.isin) == {Literal("CNE0000TEST1")}
    assert objects(enhanced, firm, KG.address) == {Literal("8 Sample Road, Wuhan, China")}
    assert objects(enhanced, firm, KG.country) == {reference_iri("country", "cn")}


def test_enhanced_person_details(enhanced: GraphStore) -> None:
    person = authority_iri("person", "us-ofac", "90002")
    assert objects(enhanced, person, KG.birthDate) == {Literal("1970", datatype=GYEAR)}
    assert objects(enhanced, person, KG.weakAlias) == {Literal("VANYA")}
    assert Literal("ПЕТРОВ, Иван", lang="und-Cyrl") in objects(enhanced, person, KG.alias)
    assert objects(enhanced, person, KG.passportNumber) == {Literal("7100000001")}
    assert objects(enhanced, person, KG.nationality) == {reference_iri("country", "ru")}
    sdn = authority_iri("action", "us-ofac-sdn", "90002")
    assert objects(enhanced, sdn, KG.listingDate) == {date("2022-02-24")}


def test_enhanced_relationships_link_parties_of_the_release(enhanced: GraphStore) -> None:
    rows = enhanced.select(
        PREFIX
        + "SELECT ?s ?o ?kind WHERE { ?r a kg:Relationship ; kg:subject ?s ; kg:object ?o ; kg:relationshipKind ?kind }"
    )
    assert [(r["s"], r["o"], str(r["kind"])) for r in rows] == [
        (
            authority_iri("company", "us-ofac", "90001"),
            authority_iri("person", "us-ofac", "90002"),
            "Owned or Controlled By",
        )
    ]


def test_enhanced_unmapped_features_are_counted(store: GraphStore, fixtures: Path) -> None:
    report = load_paths(store, "ofac-enhanced-xml", [fixtures / "xml" / "CONS_ENHANCED_small.xml"])[0]
    assert report.unmapped["feature Email Address"] == 1


@pytest.fixture(scope="module")
def real_enhanced() -> GraphStore:
    # Module-scoped (loaded once), so it cannot use the function-scoped `shared` fixture.
    path = SHARED / "official" / "ofac" / "xml" / "CONS_ENHANCED_2025-01-10.ZIP"
    if not path.exists():
        pytest.skip(f"real data not available: {path} is absent (fresh clone)")
    store = GraphStore(None)
    ensure_reference(store)
    report = load_paths(store, "ofac-enhanced-xml", [path])[0]
    assert report.read == report.loaded == 443
    assert report.published == dt.date(2025, 1, 10)
    return store


@pytest.mark.shared
def test_real_enhanced_list_memberships_match_the_readme(real_enhanced: GraphStore) -> None:
    assert designations_per_list(real_enhanced) == {
        "us-ofac-consolidated": 443,
        "us-ofac-ssi": 286,
        "us-ofac-plc": 78,
        "us-ofac-sdn": 77,
        "us-ofac-ns-cmic": 68,
        "us-ofac-ns-mbs": 12,
        "us-ofac-capta": 1,
        "us-ofac-fse": 1,
    }
    assert entities_per_class(real_enhanced, "us-ofac") == {"Company": 363, "Person": 80}


@pytest.mark.shared
def test_real_enhanced_huawei_is_30947_with_its_cmic_listing(real_enhanced: GraphStore) -> None:
    huawei = authority_iri("company", "us-ofac", "30947")
    assert objects(real_enhanced, huawei, KG.name) == {Literal("HUAWEI TECHNOLOGIES CO., LTD.")}
    assert objects(real_enhanced, huawei, KG.registrationNumber) == {Literal("914403001922038216")}
    cmic = authority_iri("action", "us-ofac-ns-cmic", "30947")
    assert objects(real_enhanced, cmic, KG.target) == {huawei}
    assert objects(real_enhanced, cmic, KG.listingDate) == {date("2021-06-03")}
    assert objects(real_enhanced, cmic, KG.effectiveDate) == {date("2021-08-02")}


# advanced XML -------------------------------------------------------------------------------


@pytest.fixture
def advanced(store: GraphStore, fixtures: Path) -> GraphStore:
    report = load_paths(store, "ofac-advanced-xml", [fixtures / "xml" / "cons_advanced_small.xml"])[0]
    # 2 parties + 4 entries; the entry for a profile missing from the file is skipped and counted.
    assert (report.read, report.loaded) == (6, 5)
    assert report.skipped == {"entry for a profile that is not in the file or was skipped": 1}
    assert report.published == dt.date(2020, 4, 2)
    return store


def test_advanced_entries_become_one_designation_per_list(advanced: GraphStore) -> None:
    assert designations_per_list(advanced) == {"us-ofac-consolidated": 1, "us-ofac-ssi": 1, "us-ofac-plc": 1}
    ssi = authority_iri("action", "us-ofac-ssi", "91001")
    assert objects(advanced, ssi, KG.listingDate) == {date("2014-09-12")}
    assert objects(advanced, ssi, KG.underProgram) == {reference_iri("program", "us-UKRAINE-EO13662")}
    assert objects(advanced, ssi, KG.legalBasis) == {reference_iri("law", "us/eo/13662")}


def test_advanced_reference_values_are_resolved(advanced: GraphStore) -> None:
    firm, person = authority_iri("company", "us-ofac", "91001"), authority_iri("person", "us-ofac", "91002")
    assert objects(advanced, firm, KG.name) == {Literal("EXAMPLE GAS TRADING, OOO")}
    assert objects(advanced, firm, KG.alias) == {Literal("ПРИМЕР ГАЗ ТРЕЙДИНГ", lang="und-Cyrl")}
    assert objects(advanced, firm, KG.taxNumber) == {Literal("7700000001")}
    assert objects(advanced, firm, KG.address) == {Literal("12 Example Prospekt, Moscow, Russia")}
    assert objects(advanced, firm, KG.country) == {reference_iri("country", "ru")}
    assert objects(advanced, firm, KG.website) == {Literal("www.example-gas.invalid")}
    assert objects(advanced, person, KG.name) == {Literal("SAMPLE, Omar Test")}
    assert objects(advanced, person, KG.previousName) == {Literal("SAMPEL")}
    assert objects(advanced, person, KG.birthDate) == {Literal("1961", datatype=GYEAR)}


@pytest.mark.shared
def test_real_advanced_counts_match_the_readme(store: GraphStore, shared: type) -> None:
    path = shared.path("official", "ofac", "xml", "cons_advanced_2020-03-17.xml")
    report = load_paths(store, "ofac-advanced-xml", [path])[0]
    assert report.read == report.loaded == 375 + 759
    assert report.published == dt.date(2020, 3, 17)
    assert designations_per_list(store) == {
        "us-ofac-consolidated": 375,
        "us-ofac-ssi": 290,
        "us-ofac-plc": 78,
        "us-ofac-sdn": 9,
        "us-ofac-fse": 6,
        "us-ofac-capta": 1,
    }
    assert entities_per_class(store, "us-ofac") == {"Company": 293, "Person": 82}
    assert objects(store, authority_iri("action", "us-ofac-consolidated", "9639"), KG.target) == {
        authority_iri("person", "us-ofac", "9639")
    }


# classic sdn.xml ----------------------------------------------------------------------------


@pytest.fixture
def sdn(store: GraphStore, fixtures: Path) -> GraphStore:
    report = load_paths(store, "ofac-sdn-xml", [fixtures / "xml" / "sdn_small.xml"])[0]
    assert report.read == report.loaded == 3
    assert report.published == dt.date(2026, 3, 5)
    assert report.unmapped["id Secondary sanctions risk:"] == 1
    return store


def test_sdn_entries_are_sdn_designations_with_programs(sdn: GraphStore) -> None:
    assert designations_per_list(sdn) == {"us-ofac-sdn": 3}
    action = authority_iri("action", "us-ofac-sdn", "95001")
    assert objects(sdn, action, KG.underProgram) == {
        reference_iri("program", "us-IRAN"),
        reference_iri("program", "us-SDGT"),
    }
    assert reference_iri("law", "us/eo/13224") in objects(sdn, action, KG.legalBasis)


def test_sdn_entry_details(sdn: GraphStore) -> None:
    firm, person, vessel = (
        authority_iri(k, "us-ofac", str(i)) for k, i in [("company", 95001), ("person", 95002), ("vessel", 95003)]
    )
    assert objects(sdn, firm, KG.alias) == {Literal("EXLINE")}
    assert objects(sdn, firm, KG.previousName) == {Literal("OLD EXAMPLE LINE")}
    assert objects(sdn, firm, KG.registrationNumber) == {Literal("REG-0001")}
    assert objects(sdn, firm, KG.website) == {Literal("www.example-line.invalid")}
    assert objects(sdn, firm, KG.country) == {reference_iri("country", "ir")}
    assert objects(sdn, person, KG.name) == {Literal("TESTER, Karim")}
    assert objects(sdn, person, KG.birthDate) == {date("1971-03-05"), Literal("1972", datatype=GYEAR)}
    assert objects(sdn, person, KG.nationality) == {reference_iri("country", "lb")}
    assert objects(sdn, person, KG.passportNumber) == {Literal("P0000001")}
    assert objects(sdn, vessel, KG.imoNumber) == {Literal("9000001")}
    assert objects(sdn, vessel, KG.jurisdiction) == {reference_iri("country", "pa")}


@pytest.mark.shared
def test_same_ent_num_is_the_same_node_as_in_the_ofac_csv(store: GraphStore, shared: type) -> None:
    # The legacy CSV loader and the Enhanced XML loader must mint one node for ent_num 30947.
    load_paths(store, "ofac-cons-csv", [shared.path("official", "ofac", "consolidated_legacy_csv_2025-12")])
    load_paths(store, "ofac-enhanced-xml", [shared.path("official", "ofac", "xml", "CONS_ENHANCED_2025-01-10.ZIP")])
    rows = store.select(
        PREFIX + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?huawei a kg:Company } }", {"huawei": ofac("company", "30947")}
    )
    assert len(rows) == 2


@pytest.mark.shared
def test_real_sdn_excerpt(store: GraphStore, shared: type) -> None:
    path = shared.path("official", "ofac", "xml", "sdn_xml_excerpt_2026-08-07.xml")
    report = load_paths(store, "ofac-sdn-xml", [path])[0]
    assert report.read == report.loaded == 5
    assert report.published == dt.date(2026, 8, 7)
    ibrahim = authority_iri("person", "us-ofac", "9758")
    # Nationality India and citizenships India, Pakistan, UAE: one node per country.
    assert objects(store, ibrahim, KG.nationality) == {reference_iri("country", c) for c in ("in", "pk", "ae")}
    assert objects(store, ibrahim, KG.birthDate) == {date("1955-12-26")}
    assert objects(store, authority_iri("person", "us-ofac", "6944"), KG.birthDate) == {Literal("1969", datatype=GYEAR)}
