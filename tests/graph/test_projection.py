"""The one projection: labels, relationship types, collapsed intervals, sources, clusters, derived edges."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, URIRef

from sanctiongraph.graph.ingest import ensure_reference
from sanctiongraph.graph.projection import PropertyGraph, project, store_fingerprint
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG, load_ontology
from sanctiongraph.ontology.pg_schema import COLLAPSED, LIST_PROPERTIES, PROPERTY_TYPES, pg_mapping, upper_snake

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pg" / "small_graph.trig"

ID = "https://w3id.org/sanctiongraph/id/"
DOC_A, DOC_B = f"{ID}doc/aaaa", f"{ID}doc/bbbb"
ACME = f"{ID}cluster/acme"


def small_store() -> GraphStore:
    """Reference data plus the hand-written TriG fixture (clusters, intervals, claims)."""
    store = GraphStore(None)
    ensure_reference(store)
    store.oxigraph.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def graph() -> PropertyGraph:
    return project(small_store())


def edges(graph: PropertyGraph, rel: str) -> list:
    return [e for e in graph.edges if e.type == rel]


def test_upper_snake_names_relationship_types() -> None:
    assert [upper_snake(n) for n in ("imposedBy", "onList", "partOf", "wasDerivedFrom")] == [
        "IMPOSED_BY",
        "ON_LIST",
        "PART_OF",
        "WAS_DERIVED_FROM",
    ]


def test_mapping_follows_the_ontology() -> None:
    onto = load_ontology()
    mapping = pg_mapping()
    kg_classes = {c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KG._NS))}
    assert set(mapping.labels) <= kg_classes
    assert mapping.labels[KG.Company] == "Company" and KG.Ownership not in mapping.labels
    rel = mapping.rel_types
    assert (rel[KG.imposedBy], rel[KG.onList], rel[KG.legalBasis], rel[KG.partOf]) == (
        "IMPOSED_BY",
        "ON_LIST",
        "LEGAL_BASIS",
        "PART_OF",
    )
    # Every interval class of the ontology has a declared collapse, and nothing else does.
    intervals = set(onto.transitive_subjects(RDFS.subClassOf, KG.Interval)) - {KG.Interval}
    assert intervals == set(COLLAPSED)
    # Relationship types never clash with labels (LadybugDB table names ignore case).
    assert not {r.upper() for r in rel.values()} & {lab.upper() for lab in mapping.labels.values()}


def test_single_most_specific_label(graph: PropertyGraph) -> None:
    labels = {iri: n.label for iri, n in graph.nodes.items()}
    assert labels[f"{ID}action/test/d1"] == "Designation"
    assert labels[f"{ID}law/us/pl/116/283/s1260h"] == "StatuteSection"
    assert labels[f"{ID}person/test/li"] == "Person"


def test_cluster_records_become_one_node(graph: PropertyGraph) -> None:
    assert f"{ID}company/test/acme" not in graph.nodes and f"{ID}company/other/acme-holdings" not in graph.nodes
    acme = graph.nodes[ACME]
    assert acme.props["records"] == [f"{ID}company/other/acme-holdings", f"{ID}company/test/acme"]
    names = {acme.props["name"], *acme.props["alias"]}
    assert {"Acme Holdings", "ACME Holdings Ltd", "Acme", "ACME HK", 'Acme, "Int\'l" [HK]; \\ ok'} == names
    assert acme.sources == [DOC_A, DOC_B]
    targets = {e.end for e in edges(graph, "TARGET") if e.start == f"{ID}action/test/d1"}
    assert targets == {ACME}


def test_intervals_collapse_into_edges_with_their_properties(graph: PropertyGraph) -> None:
    (owns,) = edges(graph, "OWNS")
    assert (owns.start, owns.end) == (ACME, f"{ID}company/test/acme-sub")
    assert owns.props == {"iri": f"{ID}own/1", "percentage": 51.5, "startDate": "2019-03-01"}
    assert owns.sources == [DOC_A]
    (directs,) = edges(graph, "DIRECTS")
    assert (directs.start, directs.props["role"]) == (f"{ID}person/test/li", "chairman")
    assert f"{ID}own/1" not in graph.nodes


def test_sanctioned_by_is_derived_only_for_designations_not_delisted(graph: PropertyGraph) -> None:
    derived = {(e.start, e.end) for e in edges(graph, "SANCTIONED_BY")}
    assert (ACME, f"{ID}agency/us-dod") in derived
    assert (f"{ID}company/test/acme-sub", f"{ID}agency/us-dod") not in derived  # delisted
    assert all(e.derived for e in edges(graph, "SANCTIONED_BY"))
    assert not any(e.derived for e in graph.edges if e.type != "SANCTIONED_BY")


def test_every_node_and_edge_cites_documents_of_its_graphs(graph: PropertyGraph) -> None:
    assert graph.nodes[f"{ID}claim/1"].sources == [DOC_B]
    (derived_from,) = [e for e in edges(graph, "DERIVED_FROM") if e.start == f"{ID}action/test/d1"]
    assert derived_from.end == DOC_A and derived_from.sources == [DOC_A]
    # The agency is stated by the reference data and named again by the article.
    assert DOC_B in graph.nodes[f"{ID}agency/us-dod"].sources
    assert len(graph.nodes[f"{ID}agency/us-dod"].sources) == 2


def test_ontology_concepts_linked_from_data_become_nodes(graph: PropertyGraph) -> None:
    denies = graph.nodes[str(KG.denies)]
    assert (denies.label, denies.props["name"]) == ("Stance", "denies")
    assert {e.end for e in edges(graph, "HAS_STANCE")} == {str(KG.denies), str(KG.reports)}


def test_every_edge_joins_two_nodes_and_skips_are_counted(graph: PropertyGraph) -> None:
    assert all(e.start in graph.nodes and e.end in graph.nodes for e in graph.edges)
    assert graph.skipped["subject without a node class"] > 0  # load runs and the like, counted


def test_resolution_graph_itself_is_not_projected(graph: PropertyGraph) -> None:
    assert not any(n.label == "Cluster" for n in graph.nodes.values())
    assert not any(e.type in ("CANONICAL", "MEMBER") for e in graph.edges)


def test_fingerprint_changes_with_the_store() -> None:
    store = small_store()
    before = store_fingerprint(store)
    assert store_fingerprint(store) == before
    store.replace_graphs({URIRef(f"{ID}graph/resolution"): []})
    assert store_fingerprint(store) != before


def test_empty_store_projects_to_an_empty_graph() -> None:
    graph = project(GraphStore(None))
    assert graph.nodes == {} and graph.edges == []


def test_values_a_typed_property_cannot_hold_are_counted_and_left_out() -> None:
    store = small_store()
    bad = (
        "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> "
        "INSERT DATA { GRAPH <https://w3id.org/sanctiongraph/id/graph/aaaa/test-list@1> { "
        "<https://w3id.org/sanctiongraph/id/own/1> kg:percentage 'about half' } }"
    )
    store.oxigraph.update(bad)
    graph = project(store)
    (owns,) = edges(graph, "OWNS")
    assert owns.props["percentage"] == 51.5
    assert graph.skipped["percentage: not a double"] == 1


def test_declared_property_choices_name_ontology_properties() -> None:
    names = set(pg_mapping().properties.values())
    assert names >= LIST_PROPERTIES
    assert set(PROPERTY_TYPES) - {"derived"} <= names
