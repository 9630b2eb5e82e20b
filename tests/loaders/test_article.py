"""The article loader: claims, reported actions, mentions and citations in RDF; bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders.article import extract_file
from sanctiongraph.loaders.articles.header import split_header
from sanctiongraph.ontology import KGR
from sanctiongraph.ontology.ids import derived_iri

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"
DIGEST = DEMO / "2021-01-14_press-digest.txt"
XIAOMI = derived_iri("company", "us-dod", "Xiaomi Corporation")
CNOOC = derived_iri("company", "us-dod", "China National Offshore Oil Corp.")
PREFIXES = """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
REPORTED = (
    PREFIXES
    + """SELECT ?claim ?stance ?agency ?list ?basis ?date ?statedOn ?quote ?start ?end WHERE {
  ?claim a kg:Claim ; kg:claimKind "reported-action" ; kg:stance ?stance ; kg:about ?ra ; kg:statedIn ?doc ;
         kg:quote ?quote ; kg:startOffset ?start ; kg:endOffset ?end ; kg:statedOn ?statedOn ;
         prov:wasDerivedFrom ?doc .
  ?ra a kg:ReportedAction ; kg:actionKind "designation" ; kg:target ?firm ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?ra kg:imposedBy ?agency } OPTIONAL { ?ra kg:onList ?list }
  OPTIONAL { ?ra kg:legalBasis ?basis } OPTIONAL { ?ra kg:actionDate ?date }
} ORDER BY ?start"""
)
STATEMENTS = (
    PREFIXES
    + """SELECT ?claim ?speaker ?stance ?about ?quote WHERE {
  ?claim a kg:Claim ; kg:claimKind "statement" ; kg:speaker ?speaker ; kg:stance ?stance ; kg:about ?about ;
         kg:quote ?quote ; kg:statedIn ?doc .
} ORDER BY ?quote"""
)


@pytest.fixture
def dod_store(store: GraphStore) -> GraphStore:
    """The reference data and the DoD Section 1237 list, so firm names resolve."""
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    return store


def reported(store: GraphStore, doc: URIRef, firm: URIRef) -> list[dict]:
    return store.select(REPORTED, {"doc": doc, "firm": firm})


def test_demo_digest_reported_actions(dod_store: GraphStore) -> None:
    (report,) = load_paths(dod_store, "article", [DIGEST])
    dod, doj = reported(dod_store, report.document, XIAOMI)
    assert dod["agency"] == KGR["agency/us-dod"]
    assert dod["list"] == KGR["list/us-dod-1237"]
    assert dod["basis"] == KGR["law/us/pl/105/261/s1237"]
    assert dod["date"] == Literal("2021-01-14", datatype=XSD_DATE)
    # The digest's deliberate error: the DOJ and the entity list, for the claims check to contradict.
    assert doj["agency"] == KGR["agency/us-doj"]
    assert doj["list"] == KGR["list/us-bis-entity-list"]
    assert doj["date"] == Literal("2021-01-14", datatype=XSD_DATE)
    assert doj["stance"] == URIRef("https://w3id.org/sanctiongraph/ontology#reports")
    assert {dod["statedOn"].toPython(), doj["statedOn"].toPython()} == {dt.date(2021, 1, 15)}
    (cnooc,) = reported(dod_store, report.document, CNOOC)
    assert cnooc["agency"] == KGR["agency/us-doc"]


def test_demo_digest_denial_resolves_to_the_dod_firm_node(dod_store: GraphStore) -> None:
    (report,) = load_paths(dod_store, "article", [DIGEST])
    rows = dod_store.select(STATEMENTS, {"doc": report.document})
    denials = [r for r in rows if r["stance"].endswith("#denies")]
    assert len(denials) == 1
    assert denials[0]["speaker"] == XIAOMI
    assert denials[0]["about"] == XIAOMI
    assert "not owned, controlled or affiliated" in str(denials[0]["quote"])


def test_quotes_and_mentions_sit_at_their_offsets(dod_store: GraphStore) -> None:
    (report,) = load_paths(dod_store, "article", [DIGEST])
    body = split_header(DIGEST.read_text(encoding="utf-8")).body
    rows = dod_store.select(
        PREFIXES
        + """SELECT ?text ?start ?end WHERE {
          { ?m a kg:Mention ; kg:surfaceText ?text } UNION { ?m a kg:Claim ; kg:quote ?text }
          ?m kg:statedIn ?doc ; kg:startOffset ?start ; kg:endOffset ?end }""",
        {"doc": report.document},
    )
    assert len(rows) > 10
    for row in rows:
        assert body[row["start"].toPython() : row["end"].toPython()] == str(row["text"])


def test_article_never_yields_official_actions_and_cites_statutes(dod_store: GraphStore) -> None:
    (report,) = load_paths(dod_store, "article", [DIGEST])
    official = dod_store.select(
        PREFIXES
        + "SELECT ?a WHERE { GRAPH ?g { ?a a ?type } VALUES ?type { kg:Designation kg:Delisting kg:Amendment } }",
        {"g": report.graph},
    )
    assert official == []
    cited = {
        r["s"] for r in dod_store.select(PREFIXES + "SELECT ?s WHERE { ?doc kg:cites ?s }", {"doc": report.document})
    }
    assert cited == {KGR["law/us/pl/105/261/s1237"], KGR["law/us/eo/13959"]}


def test_reloading_gives_the_same_iris(dod_store: GraphStore) -> None:
    (first,) = load_paths(dod_store, "article", [DIGEST])
    claims = {r["claim"] for r in dod_store.select(REPORTED, {"doc": first.document, "firm": XIAOMI})}
    size = len(dod_store)
    (second,) = load_paths(dod_store, "article", [DIGEST])
    assert len(dod_store) == size  # the reload replaced the document's graph, it did not add a second copy
    assert {r["claim"] for r in dod_store.select(REPORTED, {"doc": second.document, "firm": XIAOMI})} == claims


def test_without_the_dod_list_nothing_is_targeted_and_skips_are_counted(store: GraphStore) -> None:
    (report,) = load_paths(store, "article", [DIGEST])
    assert report.skipped.get("reported action names no firm known to the graph") == 3
    assert store.select(PREFIXES + "SELECT ?ra WHERE { ?ra a kg:ReportedAction }") == []


def test_command_line_options_win_over_the_header(dod_store: GraphStore) -> None:
    (report,) = load_paths(dod_store, "article", [DIGEST], published=dt.date(2021, 1, 20), publisher="Desk B")
    assert report.published == dt.date(2021, 1, 20)
    rows = reported(dod_store, report.document, XIAOMI)
    assert {r["statedOn"].toPython() for r in rows} == {dt.date(2021, 1, 20)}
    publisher = dod_store.select(PREFIXES + "SELECT ?p WHERE { ?doc kg:publisherName ?p }", {"doc": report.document})
    assert [str(r["p"]) for r in publisher] == ["Desk B"]


def test_html_fixture(dod_store: GraphStore, fixtures: Path) -> None:
    (report,) = load_paths(dod_store, "article", [fixtures / "articles" / "2021-01-14_commerce-adds-cnooc.html"])
    (row,) = reported(dod_store, report.document, CNOOC)
    assert row["list"] == KGR["list/us-bis-entity-list"]
    assert row["agency"] == KGR["agency/us-doc"]
    assert row["date"] == Literal("2021-01-14", datatype=XSD_DATE)  # "on Thursday" before the page's date
    rows = dod_store.select(STATEMENTS, {"doc": report.document})
    stances = {(str(r["speaker"]).rsplit("/", 2)[-2], str(r["stance"]).rsplit("#")[-1]) for r in rows}
    assert ("us-dod", "denies") in stances  # CNOOC: "has never been a military company"
    persons = dod_store.select(PREFIXES + 'SELECT ?p WHERE { ?p a kg:Person ; kg:name "Wilbur Ross" }')
    assert len(persons) == 1


def test_markdown_fixture(dod_store: GraphStore, fixtures: Path) -> None:
    (report,) = load_paths(dod_store, "article", [fixtures / "articles" / "2020-12-04_smic-responds.md"])
    smic = derived_iri("company", "us-dod", "Semiconductor Manufacturing International Corp.")
    (row,) = reported(dod_store, report.document, smic)
    assert row["agency"] == KGR["agency/us-dod"]
    assert row["basis"] == KGR["law/us/pl/105/261/s1237"]  # "FY99 NDAA"
    assert row["date"] == Literal("2020-12-03", datatype=XSD_DATE)
    rows = dod_store.select(STATEMENTS, {"doc": report.document})
    assert [(r["speaker"], str(r["stance"]).rsplit("#")[-1]) for r in rows] == [(smic, "denies")]


def test_minted_statutes_live_in_the_article_graph(dod_store: GraphStore, fixtures: Path) -> None:
    (report,) = load_paths(dod_store, "article", [fixtures / "articles" / "2021-06-04_weekday-and-minted-statutes.txt"])
    rows = dod_store.select(
        PREFIXES + "SELECT ?s ?type ?number ?parent WHERE { GRAPH ?g { ?s a ?type ; kg:number ?number "
        "OPTIONAL { ?s kg:partOf ?parent } } }",
        {"g": report.graph},
    )
    minted = {str(r["s"]).split("/law/us/")[1]: (str(r["type"]).rsplit("#")[-1], str(r["number"])) for r in rows}
    assert minted == {
        "eo/13873": ("Statute", "13873"),
        "cfr/t31/pt586": ("StatuteSection", "586"),
        "pl/115/232/s889": ("StatuteSection", "889"),
    }
    (row,) = reported(dod_store, report.document, derived_iri("company", "us-dod", "Huawei Technologies Co."))
    assert row["agency"] == KGR["agency/us-treasury"]
    assert row["date"] == Literal("2021-06-04", datatype=XSD_DATE)


def test_folder_load_skips_readme(dod_store: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# About these files\n\nXiaomi was placed on the entity list today.\n")
    (tmp_path / "a.txt").write_text("Date: 2021-01-15\n\nXiaomi was placed on the entity list today.\n")
    reports = load_paths(dod_store, "article", [tmp_path])
    assert [r.source for r in reports] == ["a.txt"]


@pytest.mark.parametrize(
    ("content", "problem", "line"),
    [
        (b"", "empty", None),
        (b"  \n\n", "empty", None),
        (b"Date: 2021-01-15\nSource: x\n\nXiaomi said \xe9t\xe9.\n", "not valid utf-8", 4),
        (b"Source: x\nDate: 15/01/2021\n\nXiaomi said.\n", "Date header", 2),
        (b"Source: x\nDate: 2021-01-15\n\n", "no article text", 3),
    ],
)
def test_bad_input_fails_naming_file_and_line_and_leaves_the_store_unchanged(
    dod_store: GraphStore, tmp_path: Path, content: bytes, problem: str, line: int | None
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    before, graphs = len(dod_store), set(dod_store.graph_names())
    with pytest.raises(SourceFormatError, match=problem) as info:
        load_paths(dod_store, "article", [path])
    assert info.value.path == str(path)
    assert info.value.line == line
    assert len(dod_store) == before
    assert set(dod_store.graph_names()) == graphs


def test_extract_file_needs_no_store(fixtures: Path) -> None:
    extraction = extract_file(fixtures / "articles" / "2020-12-04_smic-responds.md")
    assert extraction.metadata["publisher"] == "sanctiongraph test notes"
    assert [c.statute for c in extraction.citations] == [
        str(KGR["law/us/pl/105/261/s1237"]),
        str(KGR["law/us/eo/13959"]),
    ]
