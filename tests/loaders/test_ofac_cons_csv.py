"""The OFAC Consolidated (non-SDN) legacy CSV loader: sub-lists, CMIC dates and identifiers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from rdflib import URIRef

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders.ofac_cons_csv import OfacConsCsvLoader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import authority_iri, reference_iri

RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "ofac" / "cons_2021"


def lists(*keys: str) -> set[str]:
    return {str(reference_iri("list", k)) for k in keys}


def objects(store: GraphStore, subject: URIRef, predicate: URIRef) -> set[str]:
    return {str(o) for s, p, o in store.triples() if s == subject and p == predicate}


def action(ent_num: str) -> URIRef:
    return authority_iri("action", "us-ofac-cons", ent_num)


@pytest.fixture
def loaded(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> GraphStore:
    monkeypatch.setattr(OfacConsCsvLoader, "expected_records", (1, None))
    load_paths(store, "ofac-cons-csv", [RELEASE])
    return store


def test_every_entry_is_on_the_consolidated_list_and_its_program_sub_list(loaded: GraphStore) -> None:
    assert objects(loaded, action("20"), KG.onList) == lists("us-ofac-consolidated", "us-ofac-ns-cmic")
    assert objects(loaded, action("21"), KG.onList) == lists("us-ofac-consolidated", "us-ofac-ssi")
    assert objects(loaded, action("22"), KG.onList) == lists("us-ofac-consolidated", "us-ofac-plc")


def test_cmic_listing_and_effective_dates_go_on_the_designation(loaded: GraphStore) -> None:
    assert objects(loaded, action("20"), KG.listingDate) == {"2021-06-03"}
    assert objects(loaded, action("20"), KG.effectiveDate) == {"2021-08-02"}
    # The divestment deadline is sanctions information with no term of its own: a note.
    assert objects(loaded, action("20"), KG.notes) == {"Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022"}
    assert objects(loaded, action("20"), KG.legalBasis) == {
        str(reference_iri("law", "us/eo/13959")),
        str(reference_iri("law", "us/eo/14032")),
    }


def test_identifiers_uscc_isin_lei_and_tax_number(loaded: GraphStore) -> None:
    telecom = authority_iri("company", "us-ofac", "20")
    assert objects(loaded, telecom, KG.registrationNumber) == {"91110000000000000X"}
    assert objects(loaded, telecom, KG.isin) == {"US0000000001"}
    oil = authority_iri("company", "us-ofac", "21")
    assert objects(loaded, oil, KG.leiCode) == {"253400ABCDEFGHIJKL12"}
    assert objects(loaded, oil, KG.taxNumber) == {"7700000000"}


def test_comments_overflow_completes_the_nationality(loaded: GraphStore) -> None:
    person = authority_iri("person", "us-ofac", "22")
    assert objects(loaded, person, KG.nationality) == {str(reference_iri("country", "ps"))}
    assert objects(loaded, person, KG.birthDate) == {"1960"}


# the real December 2025 file ---------------------------------------------------------------


def test_real_2025_release_puts_every_cmic_entry_on_ns_cmic(store: GraphStore, shared: type) -> None:
    folder = shared.path("official", "ofac", "consolidated_legacy_csv_2025-12")
    report = load_paths(store, "ofac-cons-csv", [folder])[0]
    text = (folder / "cons_prim.csv").read_text(encoding="ascii").rstrip("\x1a\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    cmic = {r[0] for r in rows if "CMIC-EO13959" in r[3]}
    assert report.read == report.loaded == len(rows)
    on_cmic = store.select(
        """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT ?id WHERE { ?d kg:onList ?list ; kg:authorityId ?id }""",
        {"list": reference_iri("list", "us-ofac-ns-cmic")},
    )
    assert {str(r["id"]) for r in on_cmic} == cmic
    assert "unknown OFAC program" not in report.unmapped
    huawei = action("30947")
    assert objects(store, huawei, KG.listingDate) == {"2021-06-03"}
