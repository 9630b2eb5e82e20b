"""The article loader on the real texts in ../shared/data/articles (skipped when absent)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.names import NameIndex
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders.article import extract_file
from sanctiongraph.loaders.articles.model import Extraction
from sanctiongraph.ontology import KGR
from sanctiongraph.ontology.ids import derived_iri

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"
pytestmark = pytest.mark.shared


def firm(name: str) -> str:
    return str(derived_iri("company", "us-dod", name))


XIAOMI = firm("Xiaomi Corporation")
SMIC = firm("Semiconductor Manufacturing International Corp.")
CNOOC = firm("China National Offshore Oil Corp.")
HUAWEI = firm("Huawei Technologies Co.")
DOJ, DOD, DOC, BIS = (str(KGR[f"agency/us-{a}"]) for a in ("doj", "dod", "doc", "bis"))
ENTITY_LIST, DOD_1237, MEU = (str(KGR[f"list/{k}"]) for k in ("us-bis-entity-list", "us-dod-1237", "us-bis-meu"))


@pytest.fixture(scope="module")
def dod_store() -> GraphStore:
    store = GraphStore(None)
    ensure_reference(store)
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    return store


@pytest.fixture(scope="module")
def names(dod_store: GraphStore) -> NameIndex:
    return NameIndex.from_store(dod_store)


@pytest.fixture
def read(shared: Any, names: NameIndex) -> Callable[[str], Extraction]:
    def extract(file_name: str) -> Extraction:
        return extract_file(shared.path("articles", file_name), names)

    return extract


def denials_by(extraction: Extraction, speaker: str) -> list[str]:
    return [s.span.text for s in extraction.statements if s.speaker.entity == speaker and s.stance == "denies"]


def test_seed_article_thurrott(read: Callable[[str], Extraction]) -> None:
    extraction = read("2021-01-15_thurrott-xiaomi-joins-huawei-on-us-blacklist.txt")
    doj, dod = extraction.actions
    assert [t.entity for t in doj.targets] == [XIAOMI]
    assert (doj.agency.entity, doj.list_iri, doj.date) == (DOJ, ENTITY_LIST, dt.date(2021, 1, 15))
    assert (doj.speaker.entity, doj.stance) == (DOJ, "announces")
    assert (dod.agency.entity, dod.list_iri) == (DOD, DOD_1237)
    assert dod.statute == str(KGR["law/us/pl/105/261/s1237"])
    assert dod.speaker.entity == DOJ  # the article puts the DoD's words in the DOJ's mouth
    assert dod.targets_from_lead and [t.entity for t in dod.targets] == [XIAOMI]
    denials = denials_by(extraction, XIAOMI)
    assert "Xiaomi says it has no ties to the Chinese military." in denials
    assert any("not owned, controlled[,] or affiliated with the Chinese military" in d for d in denials)


def test_deccanherald_xiaomi_denial(read: Callable[[str], Extraction]) -> None:
    extraction = read("2021-01-15_deccanherald-xiaomi-reacts-to-dod-designation.txt")
    (action,) = extraction.actions
    assert (action.agency.entity, action.list_iri, [t.entity for t in action.targets]) == (DOD, DOD_1237, [XIAOMI])
    denials = denials_by(extraction, XIAOMI)
    assert any("is not owned, controlled, or affiliated with the Chinese military" in d for d in denials)


def test_globaltimes_smic_denial_and_no_action_from_speculation(read: Callable[[str], Extraction]) -> None:
    extraction = read("2020-11-30_globaltimes-smic-cnooc-respond-to-blacklist-reports.txt")
    assert extraction.actions == []  # "is poised to add", "will also be added": not yet done
    assert any("no relationship with the Chinese military" in d for d in denials_by(extraction, SMIC))
    (cnooc,) = [s for s in extraction.statements if s.speaker.entity == CNOOC]
    assert cnooc.stance == "asserts"
    assert cnooc.span.text.startswith("has not yet received any official notice")


def test_commerce_release_cnooc_entity_list_and_skyrizon_meu(read: Callable[[str], Extraction]) -> None:
    extraction = read("2021-01-14_commerce-bis-cnooc-entity-list-skyrizon-meu-press-release.txt")
    cnooc, skyrizon = extraction.actions
    assert (cnooc.agency.entity, cnooc.list_iri, cnooc.date) == (BIS, ENTITY_LIST, dt.date(2021, 1, 14))
    # The release misspells the name; the acronym in parentheses resolves it.
    assert [(t.text, t.entity) for t in cnooc.targets] == [("Chinese National Overseas Oil Corporation", CNOOC)]
    assert (skyrizon.list_iri, [(t.text, t.entity) for t in skyrizon.targets]) == (MEU, [("Skyrizon", None)])
    speakers = {s.speaker.text for s in extraction.statements}
    assert speakers == {"Wilbur Ross"}
    assert {s.stance for s in extraction.statements} >= {"accuses"}


def test_reuters_2019_huawei_entity_list_by_commerce(read: Callable[[str], Extraction]) -> None:
    extraction = read("2019-05-15_reuters-huawei-70-affiliates-entity-list.txt")
    (action,) = extraction.actions
    assert [t.entity for t in action.targets] == [HUAWEI]
    assert (action.agency.entity, action.list_iri) == (DOC, ENTITY_LIST)
    assert action.date == dt.date(2019, 5, 15)  # "on Wednesday", the article's own date
    assert (action.speaker.entity, action.stance) == (DOC, "announces")


def test_ofac_faq_880_eo_13959(read: Callable[[str], Extraction]) -> None:
    extraction = read("2021-03-14_ofac-faq-880-xiaomi.txt")
    cited = {c.statute for c in extraction.citations}
    assert cited == {str(KGR["law/us/eo/13959"]), str(KGR["law/us/eo/13959/s4"])}
    (action,) = [a for a in extraction.actions if a.kind == "designation"]
    assert [t.entity for t in action.targets] == [XIAOMI]
    assert (action.statute, action.date) == (str(KGR["law/us/eo/13959/s4"]), dt.date(2021, 1, 14))
    (injunction,) = [a for a in extraction.actions if a.kind == "court_injunction"]  # "preliminarily enjoining"
    assert [t.entity for t in injunction.targets] == [XIAOMI]
    assert injunction.agency is not None and injunction.agency.kind in ("court", "agency")


def test_federal_register_eo_14032_citations(read: Callable[[str], Extraction]) -> None:
    extraction = read("2021-06-07_fr-2021-12019-executive-order-14032.txt")
    cited = {c.statute.removeprefix(str(KGR["law/us/"])) for c in extraction.citations}
    # "section 301 of title 3, United States Code" is cited in words.
    assert cited == {"eo/14032", "eo/13959", "eo/13974", "pl/95/223", "pl/94/412", "usc/t3/s301"}
    assert all(c.known for c in extraction.citations if c.statute != str(KGR["law/us/usc/t3/s301"]))
    # "I hereby order": a new executive order of its own kind, naming no firm.
    assert [(a.kind, a.targets) for a in extraction.actions] == [("executive-order", [])]
    assert {s.speaker.text for s in extraction.statements} == {"Joseph R. Biden Jr."}


def test_caixin_court_vacates_the_designation(read: Callable[[str], Extraction]) -> None:
    extraction = read("2021-05-26_caixin-final-order-removes-xiaomi-from-ccmc-list.txt")
    (removal,) = [a for a in extraction.actions if a.kind == "delisting"]
    assert [t.entity for t in removal.targets] == [XIAOMI]
    assert removal.agency.entity == str(KGR["agency/us-dcd"])  # "a federal court in Washington"
    assert removal.date == dt.date(2021, 5, 25)  # "on Tuesday"
    # "..., the Hong Kong-listed company said in a securities filing" and the quoted filing: Xiaomi's.
    assert {(s.speaker.entity, s.stance) for s in extraction.statements} == {(XIAOMI, "asserts")}


def test_the_whole_folder_loads_as_claims_only(shared: Any, dod_store: GraphStore) -> None:
    folder = shared.path("articles")
    reports = load_paths(dod_store, "article", [folder])
    assert len(reports) == len([p for p in folder.iterdir() if p.suffix == ".txt"])
    official = dod_store.select(
        """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT ?a WHERE { ?a a kg:Designation ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc .
                          ?doc kg:documentKind "article" }"""
    )
    assert official == []


def test_seed_article_in_the_graph(shared: Any, dod_store: GraphStore) -> None:
    path = shared.path("articles", "2021-01-15_thurrott-xiaomi-joins-huawei-on-us-blacklist.txt")
    (report,) = load_paths(dod_store, "article", [path])
    rows = dod_store.select(
        """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT ?stance ?speaker ?agency ?list ?date WHERE {
          ?claim kg:statedIn ?doc ; kg:claimKind "reported-action" ; kg:stance ?stance ; kg:speaker ?speaker ;
                 kg:about ?ra .
          ?ra kg:target ?firm ; kg:imposedBy ?agency ; kg:onList ?list ; kg:actionDate ?date .
        } ORDER BY ?list""",
        {"doc": report.document, "firm": URIRef(XIAOMI)},
    )
    found = [(str(r["agency"]), str(r["list"]), str(r["date"]), str(r["speaker"])) for r in rows]
    assert found == [
        (DOJ, ENTITY_LIST, "2021-01-15", DOJ),  # what the article claims, contradicted by the record
        (DOD, DOD_1237, "2021-01-15", DOJ),
    ]
    assert {str(r["stance"]).rsplit("#")[-1] for r in rows} == {"announces"}
    denials = dod_store.select(
        """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT ?claim WHERE { ?claim kg:statedIn ?doc ; kg:claimKind "statement" ; kg:speaker ?firm ;
                              kg:stance kg:denies ; kg:about ?firm }""",
        {"doc": report.document, "firm": URIRef(XIAOMI)},
    )
    assert len(denials) == 2  # the reported denial and the quoted one


def test_mrwatchlist_typo_and_dateline(read: Callable[[str], Extraction]) -> None:
    extraction = read("2020-12-07_mrwatchlist-ccmc-tranche-4-companies.txt")
    section_1237 = str(KGR["law/us/pl/105/261/s1237"])
    # The title's "Section 1237 of FY19 NDAA" is the FY1999 act's section, like the body's full citation.
    assert [(c.span.text, c.statute) for c in extraction.citations] == [
        ("Section 1237 of FY19 NDAA", section_1237),
        ("Section 1237 of the National Defense Authorization Act for Fiscal Year 1999", section_1237),
    ]
    (action,) = extraction.actions
    assert (action.agency.entity, action.list_iri, action.statute) == (DOD, DOD_1237, section_1237)
    assert action.date == dt.date(2020, 12, 3)  # "Today" in the quoted release dated DEC. 3, 2020
