"""The property-graph view of the ontology: node labels, relationship types, collapsed n-ary classes.

Everything here is derived from kg.ttl (classes, object and datatype properties, subclass
axioms) except the few choices the ontology cannot express, which are declared below with
the reason: which n-ary classes collapse into edges and with which ends, which classes are
bookkeeping and never become nodes, which properties hold several values, and the types of
non-text properties. Tests check these declarations against kg.ttl so they cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from sanctiongraph.ontology import KG, load_ontology

KG_NS = str(KG._NS)


@dataclass(frozen=True)
class Collapse:
    """How an n-ary interval node becomes one edge: its type, its two ends, renamed properties."""

    rel_type: str
    start: URIRef
    end: URIRef
    properties: tuple[str, ...]  # edge properties, after renames
    renames: tuple[tuple[str, str], ...] = ()


# Intervals are nodes in RDF but edges in a property graph (FtM's model: ownership is an
# edge, a sanction is not). The ontology says which classes are intervals; which of their
# properties are the ends is a modelling choice, declared here.
COLLAPSED: dict[URIRef, Collapse] = {
    KG.Ownership: Collapse("OWNS", KG.owner, KG.asset, ("percentage", "startDate", "endDate")),
    KG.Directorship: Collapse("DIRECTS", KG.director, KG.organization, ("role", "startDate", "endDate")),
    KG.Relationship: Collapse(
        "RELATED_TO", KG.subject, KG.object, ("kind", "startDate", "endDate"), (("relationshipKind", "kind"),)
    ),
}

# Load bookkeeping and resolution internals: the projection consumes them (sources, the
# cluster merge) instead of showing them as nodes.
EXCLUDED_CLASSES = frozenset({KG.LoadRun, KG.Loader, KG.SkippedRecords, KG.UnmappedField, KG.Cluster, KG.MatchDecision})
EXCLUDED_PROPERTIES = frozenset({KG.canonical, KG.member, KG.left, KG.right, KG.contentGraph, KG.skipped, KG.unmapped})

# Properties outside kg: that the property graph keeps, under these names.
EXTRA_RELATIONSHIPS: dict[URIRef, str] = {PROV.wasDerivedFrom: "DERIVED_FROM"}
EXTRA_PROPERTIES: dict[URIRef, str] = {DCTERMS.issued: "issued", DCTERMS.title: "title", RDFS.label: "name"}

# The derived shortcut: target of a designation of record with no delisting -> the agency.
SANCTIONED_BY = "SANCTIONED_BY"

# Properties that may hold several values on one node (names, identifiers); the others keep
# one value. kg.ttl declares no owl:FunctionalProperty, so the choice is written down here.
LIST_PROPERTIES = frozenset(
    {
        "alias", "weakAlias", "previousName", "acronym", "address", "idNumber", "registrationNumber",
        "taxNumber", "leiCode", "isin", "ticker", "imoNumber", "passportNumber", "website", "sector",
        "ftmId", "wikidataId", "sourceUrl", "sourcePath", "federalRegisterCitation",
        "changedField", "feature", "notes",
    }
)  # fmt: skip

# Non-text property types (LadybugDB needs one type per column; Neo4j headers name it).
# Dates stay ISO text: sources give partial dates (2021, 2021-05) that a DATE column refuses.
PROPERTY_TYPES: dict[str, str] = {
    "percentage": "DOUBLE",
    "score": "DOUBLE",
    "startOffset": "INT64",
    "endOffset": "INT64",
    "count": "INT64",
    "derived": "BOOLEAN",
}
LIST_OF_STRING = "STRING[]"
# Properties every node and every edge carries.
NODE_BASE_COLUMNS = {"iri": "STRING", "name": "STRING", "sources": LIST_OF_STRING, "records": LIST_OF_STRING}
EDGE_BASE_COLUMNS = {"iri": "STRING", "sources": LIST_OF_STRING, "derived": "BOOLEAN"}


def local_name(iri: str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    return re.split(r"[#/]", iri)[-1]


def upper_snake(name: str) -> str:
    """imposedBy -> IMPOSED_BY, wasDerivedFrom -> WAS_DERIVED_FROM."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


def column_type(prop: str) -> str:
    """The column type of a property name (lists of text, or a declared scalar type)."""
    if prop in LIST_PROPERTIES:
        return LIST_OF_STRING
    return PROPERTY_TYPES.get(prop, NODE_BASE_COLUMNS.get(prop, "STRING"))


@dataclass(frozen=True)
class PGMapping:
    """The ontology seen as a property-graph schema."""

    labels: dict[URIRef, str]  # class -> label (local name)
    depth: dict[URIRef, int]  # class -> number of kg: ancestors, to pick the most specific
    rel_types: dict[URIRef, str]  # object property -> relationship type
    properties: dict[URIRef, str]  # datatype property -> property name
    collapsed: dict[URIRef, Collapse]
    individuals: dict[URIRef, tuple[URIRef, str]]  # concept (kg:denies) -> (class, label)
    label_properties: dict[str, frozenset[str]]  # label -> property names the ontology allows on it
    rel_ends: dict[str, tuple[frozenset[str], frozenset[str]]]  # rel type -> (domain labels, range labels)


@cache
def pg_mapping() -> PGMapping:
    """Build the mapping from kg.ttl (cached)."""
    onto = load_ontology()
    classes = {c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(KG_NS)}
    node_classes = classes - EXCLUDED_CLASSES - set(COLLAPSED) - {KG.Interval}
    depth = {c: _depth(onto, c) for c in node_classes}
    objects = {p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(KG_NS)}
    # The ends of collapsed intervals (kg:owner, kg:asset...) become the edge's ends, not edges.
    interval_ends = {p for c in COLLAPSED.values() for p in (c.start, c.end)}
    rel_types = {p: upper_snake(local_name(str(p))) for p in objects - EXCLUDED_PROPERTIES - interval_ends}
    rel_types.update(EXTRA_RELATIONSHIPS)
    # LadybugDB table names are case-insensitive: kg:country would clash with the Country label.
    label_keys = {local_name(str(c)).upper() for c in node_classes}
    rel_types = {p: f"HAS_{rel}" if rel in label_keys else rel for p, rel in rel_types.items()}
    datatypes = {p for p in onto.subjects(RDF.type, OWL.DatatypeProperty) if str(p).startswith(KG_NS)}
    properties = {p: local_name(str(p)) for p in datatypes}
    properties.update(EXTRA_PROPERTIES)
    individuals = {
        s: (o, str(onto.value(s, RDFS.label) or local_name(str(s))))
        for s, o in onto.subject_objects(RDF.type)
        if o in node_classes and isinstance(s, URIRef)
    }
    labels = {c: local_name(str(c)) for c in node_classes}
    return PGMapping(
        labels=labels,
        depth=depth,
        rel_types=rel_types,
        properties=properties,
        collapsed=dict(COLLAPSED),
        individuals=individuals,
        label_properties={labels[c]: _allowed_properties(onto, c, properties) for c in node_classes},
        rel_ends={rel: _ends(onto, p, labels) for p, rel in rel_types.items()},
    )


def _allowed_properties(onto: Graph, cls: URIRef, properties: dict[URIRef, str]) -> frozenset[str]:
    """Properties with no rdfs:domain, or whose domain shares the class's root kg: class.

    Wider than rdfs:domain on purpose: LadybugDB refuses a query that reads a column a table
    lacks, so kg:changedField (domain Amendment) also exists, empty, on Designation: one
    query can then read it on every SanctionsAction.
    """
    root = _root(onto, cls)
    return frozenset(
        name
        for prop, name in properties.items()
        if (domain := onto.value(prop, RDFS.domain)) is None or _root(onto, domain) == root
    )


def _root(onto: Graph, cls: URIRef) -> URIRef:
    """The topmost kg: ancestor of a class (kg:Event for kg:Designation)."""
    ancestors = [c for c in onto.transitive_objects(cls, RDFS.subClassOf) if str(c).startswith(KG_NS)]
    return min(ancestors, key=lambda c: (_depth(onto, c), str(c))) if ancestors else cls


def _ends(onto: Graph, prop: URIRef, labels: dict[URIRef, str]) -> tuple[frozenset[str], frozenset[str]]:
    """Labels the ontology allows at each end of a relationship (empty: not stated)."""

    def below(cls: URIRef | None) -> frozenset[str]:
        if cls is None:
            return frozenset()
        return frozenset(labels[c] for c in onto.transitive_subjects(RDFS.subClassOf, cls) if c in labels)

    return below(onto.value(prop, RDFS.domain)), below(onto.value(prop, RDFS.range))


def _depth(onto: Graph, cls: URIRef) -> int:
    """How many kg: ancestors a class has (transitively)."""
    ancestors = set(onto.transitive_objects(cls, RDFS.subClassOf)) - {cls}
    return sum(1 for a in ancestors if str(a).startswith(KG_NS))
