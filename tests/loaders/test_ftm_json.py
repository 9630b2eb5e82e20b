"""Tests of the OpenSanctions FollowTheMoney JSON lines loader (entity files and deltas)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.releases import release_overview
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import authority_iri, reference_iri

DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
PREFIX = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>\n"
PERSON = authority_iri("person", "opensanctions", "NK-test-person-1")
COMPANY = authority_iri("company", "opensanctions", "NK-test-company-1")


def objects(store: GraphStore, subject: URIRef, predicate: URIRef) -> set:
    return {r["o"] for r in store.select("SELECT ?o WHERE { ?s ?p ?o }", {"s": subject, "p": predicate})}


def count_of(store: GraphStore, cls: URIRef) -> int:
    rows = store.select("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls }", {"cls": cls})
    return int(rows[0]["n"])


@pytest.fixture
def loaded(store: GraphStore, fixtures: Path) -> tuple[GraphStore, object]:
    report = load_paths(store, "ftm-json", [fixtures / "ftm" / "entities_small.ftm.json"])[0]
    return store, report


def test_parties_keep_ftm_ids_names_and_identifiers(loaded: tuple) -> None:
    store, _ = loaded
    assert objects(store, PERSON, KG.ftmId) == {Literal("NK-test-person-1")}
    assert objects(store, PERSON, KG.name) == {Literal("Ivan Petrovich SAMPLEOV")}
    # The Cyrillic name is kept as written, not transliterated.
    assert objects(store, PERSON, KG.alias) == {Literal("Иван Петрович Самплеов")}
    assert objects(store, PERSON, KG.birthDate) == {Literal("1970-02-03", datatype=DATE)}
    assert objects(store, PERSON, KG.nationality) == {reference_iri("country", "ru")}
    assert objects(store, PERSON, KG.country) == {reference_iri("country", "ru")}  # "suhh" is audited
    assert objects(store, PERSON, KG.taxNumber) == {Literal("770000000001")}
    assert objects(store, PERSON, KG.address) == {Literal("1 Example Street, Izhevsk, Russia")}
    assert objects(store, PERSON, KG.passportNumber) == {Literal("750000001")}
    assert objects(store, COMPANY, RDF.type) == {KG.Company}
    assert objects(store, COMPANY, KG.jurisdiction) == {reference_iri("country", "ru")}
    assert objects(store, COMPANY, KG.registrationNumber) == {Literal("1000000000001")}


def test_sanction_on_a_known_list_becomes_a_designation(loaded: tuple) -> None:
    store, _ = loaded
    action = authority_iri("action", "opensanctions", "ofac-sanction-1")
    assert objects(store, action, RDF.type) == {KG.Designation}
    assert objects(store, action, KG.target) == {COMPANY}
    assert objects(store, action, KG.onList) == {reference_iri("list", "us-ofac-sdn")}
    assert objects(store, action, KG.imposedBy) == {reference_iri("agency", "us-ofac")}
    assert objects(store, action, KG.listingDate) == {Literal("2022-06-28", datatype=DATE)}
    assert objects(store, action, KG.actionDate) == {Literal("2022-06-28", datatype=DATE)}
    assert objects(store, action, KG.reason) == {Literal("Operating in the technology sector")}
    assert objects(store, action, KG.authorityId) == {Literal("40001")}
    (program,) = objects(store, action, KG.underProgram)
    assert objects(store, program, KG.programKey) == {Literal("US-RUSHAR")}


def test_sanction_of_another_authority_gets_an_agency_node(loaded: tuple) -> None:
    store, _ = loaded
    action = authority_iri("action", "opensanctions", "seco-sanction-1")
    (agency,) = objects(store, action, KG.imposedBy)
    assert objects(store, agency, KG.name) == {Literal("State Secretariat for Economic Affairs")}
    assert objects(store, action, KG.onList) == set()
    assert objects(store, action, KG.actionDate) == {Literal("2022-03-04", datatype=DATE)}
    assert objects(store, action, KG.endDate) == {Literal("2030-01-01", datatype=DATE)}


def test_ownership_directorship_and_family_ties(loaded: tuple) -> None:
    store, _ = loaded
    ownership = authority_iri("ownership", "opensanctions", "own-1")
    assert objects(store, ownership, KG.owner) == {PERSON}
    assert objects(store, ownership, KG.asset) == {COMPANY}
    assert objects(store, ownership, KG.percentage) == {Literal(Decimal("51"))}
    assert objects(store, ownership, KG.endDate) == {Literal("2023-03-02", datatype=DATE)}
    directorship = authority_iri("directorship", "opensanctions", "dir-1")
    assert objects(store, directorship, KG.director) == {PERSON}
    assert objects(store, directorship, KG.organization) == {COMPANY}
    assert objects(store, directorship, KG.role) == {Literal("Генеральный директор")}
    family = authority_iri("relationship", "opensanctions", "fam-1")
    # The spouse is not in the file: its kind is unknown, its id still gives a stable IRI.
    assert objects(store, family, KG.subject) == {authority_iri("entity", "opensanctions", "NK-outside-file")}
    assert objects(store, family, KG.object) == {PERSON}
    assert objects(store, family, KG.relationshipKind) == {Literal("family: Spouse")}
    employment = authority_iri("relationship", "opensanctions", "emp-1")
    assert objects(store, employment, KG.subject) == {PERSON}
    assert objects(store, employment, KG.object) == {COMPANY}
    assert objects(store, employment, KG.relationshipKind) == {Literal("employment: Chief engineer")}


def test_sanction_status_provisions_and_the_rest_are_mapped(loaded: tuple) -> None:
    store, _ = loaded
    seco = authority_iri("action", "opensanctions", "seco-sanction-1")
    assert objects(store, seco, KG.status) == {Literal("active")}
    assert objects(store, seco, KG.provisions) == {Literal("Asset Freeze"), Literal("Travel Ban")}
    assert objects(store, seco, KG.jurisdiction) == {reference_iri("country", "ch")}
    assert objects(store, seco, KG.duration) == {Literal("Five years")}
    assert objects(store, seco, KG.programUrl) == {Literal("https://seco.example/programs/ukraine")}
    assert objects(store, seco, KG.recordId) == {Literal("SECO-77")}
    assert objects(store, seco, KG.unscId) == {Literal("QDi.999")}
    # A status is the source's word: an "active" sanction gets no other fact from it.
    assert objects(store, seco, KG.endDate) == {Literal("2030-01-01", datatype=DATE)}
    assert objects(store, COMPANY, KG.kppCode) == {Literal("771501001")}
    assert objects(store, COMPANY, KG.permId) == {Literal("5000000001")}
    assert objects(store, COMPANY, KG.uniqueEntityId) == {Literal("KX7EXAMPLE12")}
    assert objects(store, COMPANY, KG.programId) == {Literal("US-RUSHAR")}
    assert objects(store, COMPANY, KG.status) == {Literal("Active")}
    ownership = authority_iri("ownership", "opensanctions", "own-1")
    assert objects(store, ownership, KG.sharesCount) == {Literal("6624")}


def test_counts_skips_and_audit(loaded: tuple) -> None:
    _, report = loaded
    assert (report.read, report.loaded) == (12, 11)
    assert report.skipped == {"Payment: money flows are out of scope": 1}
    assert report.unmapped["country (not ISO 3166-1)"] == 1
    assert not [key for key in report.unmapped if key.split(".")[0] in ("Sanction", "Ownership", "Company")]
    assert "Person.gender" not in report.unmapped
    assert report.published == dt.date(2024, 6, 2)


def test_model_values_gender_topics_names_and_passport_country(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "people.ftm.json"
    path.write_text(
        '{"id": "p1", "schema": "Person", "properties": {"name": ["Anna EXAMPLE"], "firstName": ["Anna"], '
        '"lastName": ["EXAMPLE"], "gender": ["f"], "topics": ["role.pep", "not-a-topic"], '
        '"deathDate": ["2020-01-02T10:00:00"], "birthCountry": ["Germany"]}}\n'
        '{"id": "c1", "schema": "Company", "properties": {"name": ["Example LLC"], "incorporationDate": ["2011-04"], '
        '"legalForm": ["LLC"]}}\n'
        '{"id": "v1", "schema": "Vessel", "properties": {"name": ["SEA EXAMPLE"], "flag": ["pa"], "mmsi": ["1"]}}\n'
        '{"id": "le1", "schema": "LegalEntity", "properties": {"name": ["Some Entity"]}}\n'
        '{"id": "pp1", "schema": "Passport", "properties": {"holder": ["p1"], "number": ["X1"], "country": ["ru"]}}\n'
        '{"id": "r1", "schema": "Representation", '
        '"properties": {"agent": ["p1"], "client": ["c1"], "role": ["lawyer"]}}\n',
        encoding="utf-8",
    )
    report = load_paths(store, "ftm-json", [path])[0]
    person = authority_iri("person", "opensanctions", "p1")
    assert objects(store, person, KG.firstName) == {Literal("Anna")}
    assert objects(store, person, KG.lastName) == {Literal("EXAMPLE")}
    assert objects(store, person, KG.gender) == {Literal("female")}  # cleaned by the library
    assert objects(store, person, KG.topic) == {Literal("role.pep")}
    assert report.unmapped["Person.topics (invalid value)"] == 1
    assert objects(store, person, KG.deathDate) == {Literal("2020-01-02", datatype=DATE)}
    assert objects(store, person, KG.birthCountry) == {reference_iri("country", "de")}
    assert objects(store, person, KG.passportNumber) == {Literal("X1")}
    assert objects(store, person, KG.passportCountry) == {reference_iri("country", "ru")}
    company = authority_iri("company", "opensanctions", "c1")
    gyearmonth = URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")
    assert objects(store, company, KG.incorporationDate) == {Literal("2011-04", datatype=gyearmonth)}
    assert objects(store, company, KG.legalForm) == {Literal("LLC")}
    vessel = authority_iri("vessel", "opensanctions", "v1")
    assert objects(store, vessel, KG.flag) == {reference_iri("country", "pa")}
    # Schema inheritance: a LegalEntity is an organisation, and keeps the schema it came as.
    entity = authority_iri("organization", "opensanctions", "le1")
    assert objects(store, entity, RDF.type) == {KG.Organization}
    assert objects(store, entity, KG.ftmSchema) == {Literal("LegalEntity")}
    tie = authority_iri("relationship", "opensanctions", "r1")
    assert objects(store, tie, KG.subject) == {person}
    assert objects(store, tie, KG.object) == {company}
    assert objects(store, tie, KG.relationshipKind) == {Literal("representation: lawyer")}


def test_delta_file_applies_add_mod_and_del(store: GraphStore, fixtures: Path) -> None:
    report = load_paths(store, "ftm-json", [fixtures / "ftm" / "run.entities.delta.json"])[0]
    # Three operations; the DEL names an entity this lone delta never held, and says so.
    assert (report.read, report.loaded) == (2, 2)
    assert list(report.unmapped) == ["DEL of an entity not in the document (an earlier delta or base file is missing)"]
    organization = authority_iri("organization", "opensanctions", "NK-delta-1")
    assert objects(store, organization, KG.name) == {Literal("Example Front Company")}
    person = authority_iri("person", "opensanctions", "NK-delta-2")
    assert objects(store, person, KG.birthDate) == {Literal("1981", datatype=GYEAR)}


def test_delta_days_are_releases_with_recorded_changes(store: GraphStore, fixtures: Path) -> None:
    reports = load_paths(store, "ftm-json", [fixtures / "ftm" / "deltas"])
    assert [r.published for r in reports] == [dt.date(2024, 1, 1), dt.date(2024, 1, 2)]
    # Day two's state: the MOD replaced, the DEL removed, two ADDs.
    assert [(r.read, r.loaded) for r in reports] == [(3, 3), (4, 4)]
    gone = authority_iri("company", "opensanctions", "NK-rel-gone")
    assert objects(store, gone, KG.name) == {Literal("Gone Shipping Co")}  # only in day one's graph
    day_two = store.select(PREFIX + "SELECT ?n WHERE { GRAPH ?g { ?c kg:name ?n } }", {"g": reports[1].graph})
    assert Literal("Gone Shipping Co") not in {r["n"] for r in day_two}
    rows = release_overview(store, "opensanctions-deltas")
    assert [(r["added"], r["removed"], r["amended"]) for r in rows] == [(None, None, None), (1, 1, 1)]
    actions = store.select(
        PREFIX
        + "SELECT ?kind ?id WHERE { ?a a ?kind ; kg:authorityId ?id . FILTER(?kind IN (kg:Delisting, kg:Amendment)) }"
    )
    assert {(r["kind"], str(r["id"])) for r in actions} == {(KG.Delisting, "NK-rel-gone"), (KG.Amendment, "NK-rel-org")}
    # A target of no official list we know gets no designation: nobody we can name imposed it.
    assert reports[1].unmapped == {"target of no known official list": 1}


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        (b"", ("empty",)),
        (
            b'{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{"id": "b", "sche',
            (":2:", "cut short"),
        ),
        (b'{"id": "b", "sche\n{"id": "a", "schema": "Person", "properties": {}}\n', (":1:", "not valid JSON")),
        (b'{"id": "a", "schema": "Person", "properties": {"name": ["A\x00"]}}\n', (":1:", "NUL")),
        (b'{"id": "a", "properties": {}}\n', (":1:", "id, schema and properties")),
        (b'{"op": "UPSERT", "entity": {"id": "a"}}\n', (":1:", "delta")),
        (b'{"id": "a", "schema": "Person", "properties": {"name": ["\xe9"]}}\n', (":1:", "utf-8")),
    ],
)
def test_bad_input_fails_unchanged(store: GraphStore, tmp_path: Path, content: bytes, needles: tuple) -> None:
    path = tmp_path / "bad.ftm.json"
    path.write_bytes(content)
    before, graphs = len(store), store.graph_names()
    with pytest.raises(SourceFormatError) as caught:
        load_paths(store, "ftm-json", [path])
    for needle in (path.name, *needles):
        assert needle in str(caught.value)
    assert len(store) == before and store.graph_names() == graphs


def test_real_zala_cluster(store: GraphStore, shared: type) -> None:
    path = shared.path("official", "opensanctions_ftm", "yente_zala_entities.ftm.json")
    report = load_paths(store, "ftm-json", [path])[0]
    assert report.read == report.loaded == 91
    # README section 7: Sanction 41, Ownership 14, Company 11, Person 6, Family 4, Directorship 3.
    assert count_of(store, KG.Designation) == 41
    assert count_of(store, KG.Ownership) == 14
    assert count_of(store, KG.Directorship) == 3
    assert count_of(store, KG.Relationship) == 4
    zakharov = authority_iri("person", "opensanctions", "NK-aU5ybkbRFJucf8YMwsJvDw")
    zala = authority_iri("company", "opensanctions", "NK-abdzbEBkqyT29GyREbiURZ")
    assert objects(store, zakharov, KG.ftmId) == {Literal("NK-aU5ybkbRFJucf8YMwsJvDw")}
    rows = store.select(
        PREFIX + "SELECT ?a WHERE { ?a kg:target ?t ; kg:onList ?l }",
        {"t": zala, "l": reference_iri("list", "us-ofac-sdn")},
    )
    assert rows, "Zala Aero's OFAC SDN sanction is missing"
    owned = store.select(PREFIX + "SELECT ?o WHERE { ?o kg:owner ?p ; kg:asset ?a }", {"p": zakharov, "a": zala})
    assert len(owned) >= 1


def test_real_sanction_texts_are_all_kept(store: GraphStore, shared: type) -> None:
    """Every status, provisions, programUrl, duration and recordId value of the real file, per Sanction."""
    path = shared.path("official", "opensanctions_ftm", "yente_zala_entities.ftm.json")
    entities = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = load_paths(store, "ftm-json", [path])[0]
    assert not [key for key in report.unmapped if key.startswith("Sanction.")], report.unmapped
    fields = {"status": KG.status, "provisions": KG.provisions, "programUrl": KG.programUrl,
              "duration": KG.duration, "recordId": KG.recordId}  # fmt: skip
    for name, term in fields.items():
        expected = {
            (e["id"], value.strip())
            for e in entities
            if e["schema"] == "Sanction"
            for value in e["properties"].get(name, [])
        }
        rows = store.select(PREFIX + "SELECT ?id ?v WHERE { ?a a kg:Designation ; kg:ftmId ?id ; ?p ?v }", {"p": term})
        assert {(str(r["id"]), str(r["v"])) for r in rows} == expected, name
        assert expected, f"the real file has no Sanction.{name} any more: this test checks nothing"


def test_real_donations_skip_payments(store: GraphStore, shared: type) -> None:
    path = shared.path("official", "opensanctions_ftm", "yente_parteispenden_entities.ftm.json")
    report = load_paths(store, "ftm-json", [path])[0]
    assert report.read == 475
    assert report.skipped == {"Payment: money flows are out of scope": 290}
    assert report.loaded == 185


def test_real_delta_run(store: GraphStore, shared: type) -> None:
    folder = shared.path("official", "opensanctions_ftm", "yente_t2_deltas")
    files = sorted(folder.glob("*.delta.json"))
    ops = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    # Replay the operations here, independently of the loader, to know the final state.
    final: dict[str, dict] = {}
    for op in ops:
        if op["op"] == "DEL":
            final.pop(op["entity"]["id"], None)
        else:
            final[op["entity"]["id"]] = op["entity"]
    reports = load_paths(store, "ftm-json", [folder])
    days = sorted({f.name[:8] for f in files})
    assert len(reports) == len(days)  # one release per run day
    assert reports[-1].read == len(final)
    deleted = [op["entity"]["id"] for op in ops if op["op"] == "DEL"]
    graph = reports[-1].graph
    for fid in deleted:
        assert not store.select(
            PREFIX + "SELECT ?s WHERE { GRAPH ?g { ?s kg:ftmId ?id } }", {"g": graph, "id": Literal(fid)}
        )
    for fid, entity in final.items():
        rows = store.select(
            PREFIX + "SELECT ?n WHERE { GRAPH ?g { ?s kg:ftmId ?id ; kg:name ?n } }", {"g": graph, "id": Literal(fid)}
        )
        assert {str(r["n"]) for r in rows} == {entity["caption"]}


def test_delta_releases_and_ftm_documents_conform_to_the_shapes(store: GraphStore, fixtures: Path) -> None:
    from sanctiongraph.graph.validate import validate_store

    reports = load_paths(store, "ftm-json", [fixtures / "ftm" / "deltas"])
    reports += load_paths(store, "ftm-json", [fixtures / "ftm" / "entities_small.ftm.json"])
    assert validate_store(store, [r.graph for r in reports]) == []
