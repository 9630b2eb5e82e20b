"""The OFAC SDN legacy CSV loader on small releases we wrote in the exact legacy format."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from sanctiongraph.errors import SourceFormatError, UnexpectedCountsError
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders import get_loader
from sanctiongraph.loaders.ofac_sdn_csv import OfacSdnCsvLoader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import authority_iri, reference_iri

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"
RELEASE = FIXTURES / "sdn_2019"
SDN = reference_iri("list", "us-ofac-sdn")
OFAC = reference_iri("agency", "us-ofac")


@pytest.fixture
def small_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our fixture releases hold a handful of entries; the real bounds would reject them."""
    monkeypatch.setattr(OfacSdnCsvLoader, "expected_records", (1, None))


@pytest.fixture
def loaded(store: GraphStore, small_bounds: None) -> GraphStore:
    load_paths(store, "ofac-sdn-csv", [RELEASE], published=dt.date(2019, 1, 1))
    return store


def entity(kind: str, ent_num: str) -> URIRef:
    return authority_iri(kind, "us-ofac", ent_num)


def designation(ent_num: str) -> URIRef:
    return authority_iri("action", "us-ofac-sdn", ent_num)


def objects(store: GraphStore, subject: URIRef, predicate: URIRef) -> set[str]:
    return {str(o) for s, p, o in store.triples() if s == subject and p == predicate}


# grouping files into releases --------------------------------------------------------------


def test_a_folder_is_one_release_of_four_files() -> None:
    documents = get_loader("ofac-sdn-csv").documents([RELEASE])
    assert [[p.name for p in doc] for doc in documents] == [["add.csv", "alt.csv", "sdn.csv", "sdn_comments.csv"]]


def test_files_given_one_by_one_are_grouped_by_folder() -> None:
    files = [RELEASE / "sdn.csv", RELEASE / "alt.csv", FIXTURES / "sdn_2020" / "sdn.csv"]
    documents = get_loader("ofac-sdn-csv").documents(files)
    assert [len(doc) for doc in documents] == [2, 1]


def test_a_folder_without_sdn_csv_is_refused(tmp_path: Path) -> None:
    shutil.copy(RELEASE / "alt.csv", tmp_path / "alt.csv")
    with pytest.raises(SourceFormatError, match=r"no sdn\.csv"):
        get_loader("ofac-sdn-csv").documents([tmp_path])


# mapping ----------------------------------------------------------------------------------


def test_every_entry_is_read_and_typed_by_sdn_type(loaded: GraphStore) -> None:
    assert (entity("company", "10"), RDF.type, KG.Company) in set(loaded.triples())
    assert (entity("person", "11"), RDF.type, KG.Person) in set(loaded.triples())
    assert (entity("vessel", "12"), RDF.type, KG.Vessel) in set(loaded.triples())
    assert (entity("aircraft", "13"), RDF.type, KG.Aircraft) in set(loaded.triples())
    designations = {s for s, p, o in loaded.triples() if p == RDF.type and o == KG.Designation}
    assert designations == {designation(n) for n in ("10", "11", "12", "13", "14", "15")}


def test_designation_carries_list_agency_programs_legal_basis_and_source(loaded: GraphStore) -> None:
    action = designation("10")
    assert objects(loaded, action, KG.onList) == {str(SDN)}
    assert objects(loaded, action, KG.imposedBy) == {str(OFAC)}
    assert objects(loaded, action, KG.target) == {str(entity("company", "10"))}
    assert objects(loaded, action, KG.authorityId) == {"10"}
    # "SDGT] [IFSR": two programs, and the laws of both (EO 13224; CISADA).
    assert objects(loaded, action, KG.underProgram) == {
        str(reference_iri("program", "us-SDGT")),
        str(reference_iri("program", "us-IFSR")),
    }
    assert objects(loaded, action, KG.legalBasis) == {
        str(reference_iri("law", "us/eo/13224")),
        str(reference_iri("law", "us/pl/111/195")),
    }
    docs = objects(loaded, action, PROV.wasDerivedFrom)
    assert len(docs) == 1 and "/doc/" in docs.pop()


def test_names_aliases_and_previous_names(loaded: GraphStore) -> None:
    firm = entity("company", "10")
    assert objects(loaded, firm, KG.name) == {"ACME TRADING LLC"}
    assert objects(loaded, firm, KG.alias) == {"ACME TR"}  # from the remarks
    assert objects(loaded, firm, KG.previousName) == {"ACME OLD NAME LLC"}  # alt.csv fka
    assert objects(loaded, entity("person", "11"), KG.alias) == {"DOE, Johnny"}


def test_addresses_and_countries_become_iso_country_nodes(loaded: GraphStore) -> None:
    firm = entity("company", "10")
    assert objects(loaded, firm, KG.address) == {"Office 5, Example Tower, Dubai, United Arab Emirates"}
    assert objects(loaded, firm, KG.country) == {str(reference_iri("country", "ae"))}
    assert objects(loaded, entity("company", "14"), KG.country) == {str(reference_iri("country", "cu"))}


def test_person_remarks_give_birth_date_place_nationality_and_passport(loaded: GraphStore) -> None:
    person = entity("person", "11")
    assert objects(loaded, person, KG.birthDate) == {"1970-02-01", "1971"}
    assert objects(loaded, person, KG.birthPlace) == {"Dubai, United Arab Emirates"}
    assert objects(loaded, person, KG.nationality) == {str(reference_iri("country", "ir"))}
    assert objects(loaded, person, KG.passportNumber) == {"A1234567"}
    assert objects(loaded, person, KG.title) == {"Managing Director"}


def test_identifiers_from_remarks_and_vessel_columns(loaded: GraphStore) -> None:
    assert objects(loaded, entity("company", "10"), KG.registrationNumber) == {"12345"}
    vessel = entity("vessel", "12")
    assert objects(loaded, vessel, KG.imoNumber) == {"9123456"}
    assert objects(loaded, vessel, KG.idNumber) == {"Call Sign: 9XYZ1"}
    assert objects(loaded, vessel, KG.country) == {str(reference_iri("country", "pa"))}  # flag
    assert "Aircraft Model: B737" in objects(loaded, entity("aircraft", "13"), KG.idNumber)


def test_remarks_overflow_in_comments_continues_mid_word(loaded: GraphStore) -> None:
    firm = entity("company", "15")
    assert objects(loaded, firm, KG.website) == {"www.example.test"}
    assert objects(loaded, firm, KG.taxNumber) == {"999"}


def test_linked_to_resolves_by_name_within_the_release(loaded: GraphStore) -> None:
    rows = loaded.select(
        """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT ?s ?o WHERE { ?r a kg:Relationship ; kg:subject ?s ; kg:object ?o ; kg:relationshipKind "linked to" }"""
    )
    pairs = {(str(r["s"]), str(r["o"])) for r in rows}
    assert pairs == {
        (str(entity("company", "10")), str(entity("person", "11"))),
        (str(entity("aircraft", "13")), str(entity("company", "10"))),
    }


def test_unmapped_fields_and_unresolved_links_are_audited(store: GraphStore, small_bounds: None) -> None:
    report = load_paths(store, "ofac-sdn-csv", [RELEASE])[0]
    assert report.read == report.loaded == 6
    # SEA BREEZE links to a name that has no entry in the release; its tonnage has no term.
    assert report.unmapped["Remarks: Linked To (no entry of that name)"] == 1
    assert report.unmapped["Tonnage"] == 1
    assert report.unmapped["Remarks: Gender Male"] == 1
    assert report.published is None  # the legacy files state no date


def test_the_release_is_dated_by_published_and_tied_to_the_sdn_list(loaded: GraphStore) -> None:
    rows = loaded.select(
        """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT ?doc ?issued WHERE { ?doc kg:releaseOf ?list ; <http://purl.org/dc/terms/issued> ?issued }""",
        {"list": SDN},
    )
    assert [r["issued"] for r in rows] == [Literal("2019-01-01", datatype=XSD.date)]
    assert (rows[0]["doc"], DCTERMS.isVersionOf, SDN) in set(loaded.triples())


def test_the_real_bounds_reject_a_six_entry_release(store: GraphStore) -> None:
    before = (len(store), store.graph_names())
    with pytest.raises(UnexpectedCountsError, match="expected 1000"):
        load_paths(store, "ofac-sdn-csv", [RELEASE])
    assert (len(store), store.graph_names()) == before


# bad input --------------------------------------------------------------------------------


def _broken_release(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "release"
    shutil.copytree(RELEASE, folder)
    (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("sdn.csv", b"", r"sdn\.csv: the file is empty"),
        ("sdn.csv", b'10,"ACME TRADING LLC",-0- ,"SDGT"\r\n\x1a', r"sdn\.csv:1: expected 12 cells, found 4"),
        ("sdn.csv", '10,"ACME"\r\n'.encode("utf-16"), r"sdn\.csv:1: not valid utf-8"),
        ("add.csv", (RELEASE / "add.csv").read_bytes().replace(b",-0- \r\n", b",-0- ,x\r\n", 1), r"add\.csv:1"),
        ("alt.csv", b'10,101,"aka","UNCLOSED\r\n\x1a', r"alt\.csv:\d+: .*(malformed|expected|cut short)"),
    ],
    ids=["empty", "truncated", "utf-16", "extra-column", "unclosed-quote"],
)
def test_broken_files_fail_naming_file_and_line_and_leave_the_store_unchanged(
    store: GraphStore, small_bounds: None, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    folder = _broken_release(tmp_path, name, data)
    before = (len(store), store.graph_names())
    with pytest.raises(SourceFormatError, match=message):
        load_paths(store, "ofac-sdn-csv", [folder])
    assert (len(store), store.graph_names()) == before


def test_an_unknown_sdn_type_skips_only_that_entry(store: GraphStore, small_bounds: None, tmp_path: Path) -> None:
    text = (RELEASE / "sdn.csv").read_bytes().replace(b'"DOE, John","individual"', b'"DOE, John","robot"')
    folder = _broken_release(tmp_path, "sdn.csv", text)
    report = load_paths(store, "ofac-sdn-csv", [folder])[0]
    assert report.loaded == 5
    assert report.skipped == {"unknown SDN_Type 'robot'": 1}


def test_orphan_and_duplicate_rows_are_skipped_and_counted(
    store: GraphStore, small_bounds: None, tmp_path: Path
) -> None:
    primary = (RELEASE / "sdn.csv").read_bytes().rstrip(b"\x1a")
    first_row = primary.split(b"\r\n")[0] + b"\r\n"
    folder = _broken_release(tmp_path, "sdn.csv", primary + first_row + b"\x1a")
    addresses = (folder / "add.csv").read_bytes().rstrip(b"\x1a")
    (folder / "add.csv").write_bytes(addresses + b'99,9,-0- ,"Paris","France",-0- \r\n\x1a')
    report = load_paths(store, "ofac-sdn-csv", [folder])[0]
    assert report.loaded == 6
    assert report.skipped == {
        "duplicate ent_num in the primary file": 1,
        "addresses of an ent_num missing from the primary file": 1,
    }
