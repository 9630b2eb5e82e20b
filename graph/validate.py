"""SHACL validation of the store, graph by graph, on in-memory rdflib copies.

pyshacl over an oxigraph-backed graph is ~100x slower than over an rdflib Memory copy of the
same triples, so each named graph is copied out with the types of the nodes it points at
(declared in other graphs, e.g. agencies in the reference data) and validated on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import OWL, RDF, Graph, URIRef
from rdflib.namespace import PROV, SH, SKOS

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import load_ontology, load_shapes

_TYPES_OF_OBJECTS = """
SELECT DISTINCT ?o ?type WHERE {
  GRAPH ?g { ?s ?p ?o FILTER(isIRI(?o)) }
  ?o a ?type .
}
"""


@dataclass(frozen=True)
class Violation:
    """One SHACL result: where, what and why."""

    graph: str
    focus: str
    path: str | None
    severity: str
    message: str


def graph_for_validation(store: GraphStore, graph: URIRef) -> Graph:
    """A copy of one named graph plus the rdf:type of every IRI it refers to."""
    data = store.graph_copy(graph)
    for row in store.select(_TYPES_OF_OBJECTS, {"g": graph}):
        data.add((row["o"], RDF.type, row["type"]))
    ontology = load_ontology()
    for term in set(data.objects()) & _ontology_individuals(ontology):
        for cls in ontology.objects(term, RDF.type):
            data.add((term, RDF.type, cls))  # stances, measures, verdicts are defined in kg.ttl
    return data


def _ontology_individuals(ontology: Graph) -> set:
    schema = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.Ontology, SKOS.ConceptScheme}
    return {s for s, o in ontology.subject_objects(RDF.type) if o not in schema}


def validate_graph(store: GraphStore, graph: URIRef) -> list[Violation]:
    """SHACL violations of the nodes one named graph describes (empty when it conforms).

    Nodes the graph only points at are typed for sh:class checks but judged in their own graph.
    """
    data = graph_for_validation(store, graph)
    own_subjects = {str(s) for s in store.graph_copy(graph).subjects()}
    conforms, report, _text = shacl_validate(
        data,
        shacl_graph=load_shapes(),
        ont_graph=load_ontology(),
        inference="none",
        allow_warnings=True,
    )
    if conforms:
        return []
    return [v for v in _violations(str(graph), report) if v.focus in own_subjects]


def _violations(graph: str, report: Graph) -> Iterator[Violation]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        yield Violation(
            graph=graph,
            focus=str(report.value(result, SH.focusNode)),
            path=str(path) if path is not None else None,
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            message=str(report.value(result, SH.resultMessage) or ""),
        )


# Shapes cannot see across graphs; this rule needs the meta graphs: only official documents
# may produce actions of record, so an article's claim can never pass for the record.
_ACTIONS_FROM_NON_OFFICIAL_DOCUMENTS = """
PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?g ?action ?kind WHERE {
  VALUES ?class { kg:Designation kg:Delisting kg:Amendment }
  GRAPH ?g { ?action a ?class ; prov:wasDerivedFrom ?doc }
  ?doc kg:documentKind ?kind .
  FILTER(?kind NOT IN ("official-list", "official-release"))
}
"""


def record_integrity(store: GraphStore) -> list[Violation]:
    """Actions of record that cite a document that is not official (an article, our reference data)."""
    return [
        Violation(
            graph=str(row["g"]),
            focus=str(row["action"]),
            path=str(PROV.wasDerivedFrom),
            severity="Violation",
            message=f"an action of record must come from an official document, not a {row['kind']} document",
        )
        for row in store.select(_ACTIONS_FROM_NON_OFFICIAL_DOCUMENTS)
    ]


def validate_store(store: GraphStore, graphs: list[URIRef] | None = None) -> list[Violation]:
    """Validate every content and meta graph (or the given ones), then the cross-graph record rule."""
    violations: list[Violation] = []
    for graph in graphs or store.graph_names():
        violations += validate_graph(store, graph)
    return violations + record_integrity(store)
