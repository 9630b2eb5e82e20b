"""SHACL validation graph by graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Literal

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.validate import validate_store
from sanctiongraph.ontology import KG, KGR

DEMO_LIST = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo" / "dod_section_1237.csv"


def test_reference_and_dod_graphs_conform(store: GraphStore) -> None:
    load_paths(store, "dod-1237-csv", [DEMO_LIST])
    assert validate_store(store) == []


def test_planted_violations_are_found(store: GraphStore) -> None:
    action, claim = KGR["action/test/1"], KGR["claim/test/1"]
    graph = KGR["graph/test/bad"]
    store.replace_graphs(
        {
            graph: [
                (action, RDF.type, KG.Designation),  # no target, no agency, no source
                (claim, RDF.type, KG.Claim),
                (claim, KG.claimKind, Literal("rumour")),  # not an allowed kind
            ]
        }
    )
    violations = validate_store(store, [graph])
    paths = {(v.focus, str(v.path).rsplit("#", 1)[-1].rsplit("/", 1)[-1]) for v in violations}
    assert (str(action), "target") in paths
    assert (str(action), "imposedBy") in paths
    assert (str(action), "wasDerivedFrom") in paths
    assert (str(claim), "claimKind") in paths
    assert (str(claim), "statedIn") in paths


def test_an_action_of_record_from_an_article_is_a_violation(store: GraphStore, tmp_path: Path) -> None:
    from rdflib.namespace import PROV

    from sanctiongraph.graph.validate import record_integrity

    article_doc = KGR["doc/" + "b" * 64]
    action = KGR["action/test/from-article"]
    store.replace_graphs(
        {
            KGR["graph/test/article"]: [(action, RDF.type, KG.Designation), (action, PROV.wasDerivedFrom, article_doc)],
            KGR["graph/meta/test/article"]: [(article_doc, KG.documentKind, Literal("article"))],
        }
    )
    [violation] = record_integrity(store)
    assert violation.focus == str(action) and "official document" in violation.message
