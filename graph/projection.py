"""The one projection of the RDF store into a property graph, which every graph export is fed by.

Driven by the ontology mapping in sanctiongraph.ontology.pg_schema: classes become single node
labels, object properties become relationship types, interval nodes (ownership, directorship,
relationship) collapse into edges, and a derived SANCTIONED_BY shortcut joins the target of
every designation of record that no delisting ends to the agency. Each node and edge keeps the
source documents that state it; records that entity resolution put in one cluster become one
node keyed by the cluster IRI, with the records' IRIs in `records`.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import RDF
from rdflib.namespace import PROV

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG, KGR
from sanctiongraph.ontology.pg_schema import (
    EDGE_BASE_COLUMNS,
    LIST_OF_STRING,
    NODE_BASE_COLUMNS,
    SANCTIONED_BY,
    PGMapping,
    column_type,
    pg_mapping,
)

RESOLUTION_GRAPH = str(KGR["graph/resolution"])
# Bump when the projection's output changes shape: derived databases are rebuilt.
PROJECTION_VERSION = "2"  # 2: multi-valued properties are lists
_TYPE, _DERIVED_FROM, _CANONICAL = str(RDF.type), str(PROV.wasDerivedFrom), str(KG.canonical)
_ENDS, _TARGET, _IMPOSED_BY = str(KG.ends), str(KG.target), str(KG.imposedBy)
_DESIGNATION, _DELISTING = str(KG.Designation), str(KG.Delisting)


@dataclass
class PGNode:
    """A node: key IRI, one label, properties and the documents that state it."""

    iri: str
    label: str
    props: dict[str, Any]
    sources: list[str]


@dataclass
class PGEdge:
    """A relationship; derived edges were computed, not stated by any source."""

    type: str
    start: str
    end: str
    props: dict[str, Any]
    sources: list[str]
    derived: bool = False


@dataclass
class PropertyGraph:
    """Nodes by IRI, edges, and what could not be projected (counted by reason)."""

    nodes: dict[str, PGNode]
    edges: list[PGEdge]
    skipped: Counter[str] = field(default_factory=Counter)

    def node_columns(self) -> dict[str, dict[str, str]]:
        """Label -> {property: column type}, the base columns first."""
        columns: dict[str, dict[str, str]] = defaultdict(lambda: dict(NODE_BASE_COLUMNS))
        for node in self.nodes.values():
            table = columns[node.label]
            for prop, value in node.props.items():
                table.setdefault(prop, LIST_OF_STRING if isinstance(value, list) else column_type(prop))
        return {label: columns[label] for label in sorted(columns)}

    def edge_columns(self) -> dict[str, dict[str, str]]:
        """Relationship type -> {property: column type}, the base columns first."""
        columns: dict[str, dict[str, str]] = defaultdict(lambda: dict(EDGE_BASE_COLUMNS))
        for edge in self.edges:
            table = columns[edge.type]
            for prop, value in edge.props.items():
                table.setdefault(prop, LIST_OF_STRING if isinstance(value, list) else column_type(prop))
        return {rel: columns[rel] for rel in sorted(columns)}

    def edge_pairs(self) -> dict[str, list[tuple[str, str]]]:
        """Relationship type -> the (start label, end label) pairs it connects."""
        pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for edge in self.edges:
            pairs[edge.type].add((self.nodes[edge.start].label, self.nodes[edge.end].label))
        return {rel: sorted(pairs[rel]) for rel in sorted(pairs)}


class _Subject:
    """Everything the store says about one IRI, gathered in one pass over the quads."""

    __slots__ = ("graphs", "links", "types", "values")

    def __init__(self) -> None:
        self.types: set[str] = set()
        self.values: dict[str, set[tuple[str, str]]] = defaultdict(set)  # prop -> {(lexical, datatype)}
        self.links: dict[tuple[str, str], set[str]] = defaultdict(set)  # (predicate, object) -> graphs
        self.graphs: set[str] = set()


def project(store: GraphStore) -> PropertyGraph:
    """Project the whole store into a property graph (see the module docstring)."""
    return _Projector(store, pg_mapping()).run()


def store_fingerprint(store: GraphStore) -> str:
    """Changes whenever the store's content does: graph names embed each document's sha256,
    so names plus the total size and the resolution graph's size are enough (and cheap)."""
    names = [str(g) for g in store.graph_names()]
    resolution = sum(1 for _ in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(RESOLUTION_GRAPH)))
    text = "\n".join([PROJECTION_VERSION, str(len(store)), str(resolution), *names])
    return hashlib.sha256(text.encode()).hexdigest()


class _Projector:
    def __init__(self, store: GraphStore, mapping: PGMapping) -> None:
        self.store = store
        self.mapping = mapping
        self.subjects: dict[str, _Subject] = defaultdict(_Subject)
        self.canonical: dict[str, str] = {}
        self.graph_doc: dict[str, str] = {}
        self.graph = PropertyGraph({}, [])
        self.node_values: dict[str, dict[str, set[Any]]] = {}
        self.keep_types = {str(c) for c in mapping.labels} | {str(c) for c in mapping.collapsed}
        self.keep_values = {str(p): name for p, name in mapping.properties.items()}
        self.keep_links: dict[str, str | None] = {str(p): rel for p, rel in mapping.rel_types.items()}
        # The ends of collapsed intervals are read too, though they never become edges of their own.
        self.keep_links.update({str(p): None for c in mapping.collapsed.values() for p in (c.start, c.end)})
        self.collapsed = {str(c): collapse for c, collapse in mapping.collapsed.items()}
        self.rank = {str(c): (mapping.depth[c], str(c)) for c in mapping.labels}
        self.label = {str(c): label for c, label in mapping.labels.items()}

    def run(self) -> PropertyGraph:
        self._read_quads()
        for iri, subject in self.subjects.items():
            self._add_node(iri, subject)
        self._finish_node_props()
        self._add_individuals()
        edges: dict[tuple[str, str, str], PGEdge] = {}
        for iri, subject in self.subjects.items():
            self._add_links(iri, subject, edges)
            self._add_collapsed(iri, subject, edges)
        self._add_sanctioned_by(edges)
        self.graph.edges = list(edges.values())
        self._widen_to_lists()
        return self.graph

    # reading -----------------------------------------------------------------------------

    def _read_quads(self) -> None:
        graph_names = {str(g) for g in self.store.graph_names()}
        for quad in self.store.visible_quads():
            graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            s, p, o = _text(quad.subject), quad.predicate.value, quad.object
            if graph == RESOLUTION_GRAPH:
                if p == _CANONICAL:
                    self.canonical[s] = _text(o)
                continue
            if p == _DERIVED_FROM and s in graph_names:
                self.graph_doc[s] = self.graph_doc[graph] = o.value
                continue
            self._read_triple(s, p, o, graph)

    def _read_triple(self, s: str, p: str, o: Any, graph: str) -> None:
        if p == _TYPE:
            if o.value in self.keep_types:
                subject = self.subjects[s]
                subject.types.add(o.value)
                subject.graphs.add(graph)
            return
        if isinstance(o, ox.Literal):
            if p in self.keep_values:
                self.subjects[s].values[p].add((o.value, o.datatype.value))
                self.subjects[s].graphs.add(graph)
            else:
                self.graph.skipped["literal property outside the schema"] += 1
            return
        if p in self.keep_links:
            self.subjects[s].links[(p, _text(o))].add(graph)
            self.subjects[s].graphs.add(graph)
        else:
            self.graph.skipped["link outside the schema"] += 1

    def _docs(self, graphs: Iterable[str]) -> set[str]:
        return {self.graph_doc[g] for g in graphs if g in self.graph_doc}

    # nodes -------------------------------------------------------------------------------

    def _add_node(self, iri: str, subject: _Subject) -> None:
        if not subject.types.isdisjoint(self.collapsed):
            return
        label = self._label_of(subject.types)
        if label is None:
            if subject.values or subject.links:
                self.graph.skipped["subject without a node class"] += 1
            return
        key = self.canonical.get(iri, iri)
        node = self.graph.nodes.get(key)
        if node is None:
            node = self.graph.nodes[key] = PGNode(key, label, {}, [])
            self.node_values[key] = defaultdict(set)
        elif node.label != label:
            node.label = self._merge_labels(node.label, label)
        if key != iri:
            node.props.setdefault("records", []).append(iri)
        node.sources = sorted(set(node.sources) | self._docs(subject.graphs))
        for prop, values in subject.values.items():
            name = self.keep_values[prop]
            self.node_values[key][name] |= {self._convert(name, lexical) for lexical, _dt in values}

    def _label_of(self, types: set[str]) -> str | None:
        """The single most specific class (LadybugDB has one label per node)."""
        ranked = [t for t in types if t in self.rank]
        return self.label[max(ranked, key=self.rank.__getitem__)] if ranked else None

    def _merge_labels(self, current: str, other: str) -> str:
        """Records of one cluster typed differently: keep the more specific label."""
        self.graph.skipped["cluster records with different classes"] += 1
        by_label = {label: cls for cls, label in self.label.items()}
        return max((current, other), key=lambda lab: self.rank[by_label[lab]])

    def _convert(self, name: str, lexical: str) -> Any:
        kind = column_type(name)
        try:
            if kind == "DOUBLE":
                return float(lexical)
            if kind == "INT64":
                return int(lexical)
            if kind == "BOOLEAN":
                return lexical in ("true", "1")
        except ValueError:
            # A typed column cannot hold it; counted and left out rather than written as text.
            self.graph.skipped[f"{name}: not a {kind.lower()}"] += 1
            return None
        return lexical

    def _finish_node_props(self) -> None:
        for key, values in self.node_values.items():
            node = self.graph.nodes[key]
            names = sorted(values.pop("name", set()))
            if names:
                node.props["name"] = names[0]
                # A merged cluster has one name per record: the others are aliases of it.
                values["alias"] = values.get("alias", set()) | set(names[1:])
            node.props.update(self._finish_values(values))
            if "records" in node.props:
                node.props["records"] = sorted(node.props["records"])
        self.node_values.clear()

    def _finish_values(self, values: dict[str, set[Any]]) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for name, found in sorted(values.items()):
            found = found - {None}
            if not found:
                continue
            if column_type(name) == LIST_OF_STRING:
                props[name] = sorted(found)
            elif len(found) > 1:
                # Several titles or birth dates: all kept, as a list of text (see _widen_to_lists).
                props[name] = sorted(str(v) for v in found)
            else:
                props[name] = next(iter(found))
        return props

    def _widen_to_lists(self) -> None:
        """A property that is a list on one node is a list on every node of its label (and on
        every edge of its type), so each output has one column type for it: STRING[]."""
        for items, kind in ((self.graph.nodes.values(), "label"), (self.graph.edges, "type")):
            listed = {
                (getattr(item, kind), p) for item in items for p, v in item.props.items()
                if isinstance(v, list) and column_type(p) != LIST_OF_STRING
            }  # fmt: skip
            if not listed:
                continue
            for item in items:
                for p, v in item.props.items():
                    if (getattr(item, kind), p) in listed and not isinstance(v, list):
                        item.props[p] = [str(v)]

    def _add_individuals(self) -> None:
        """Ontology concepts (stances, verdicts, measures) that data links to become nodes."""
        linked = {o for subject in self.subjects.values() for (_p, o) in subject.links}
        for concept, (cls, label) in self.mapping.individuals.items():
            iri = str(concept)
            if iri in linked and iri not in self.graph.nodes:
                self.graph.nodes[iri] = PGNode(iri, self.mapping.labels[cls], {"name": label}, [])

    # edges -------------------------------------------------------------------------------

    def _add_links(self, iri: str, subject: _Subject, edges: dict[tuple[str, str, str], PGEdge]) -> None:
        start = self.canonical.get(iri, iri)
        if start not in self.graph.nodes:
            return
        for (predicate, obj), graphs in subject.links.items():
            rel = self.keep_links[predicate]
            if rel is None:
                self.graph.skipped["interval end on a node that is not an interval"] += 1
                continue
            end = self.canonical.get(obj, obj)
            if end not in self.graph.nodes:
                self.graph.skipped[f"{rel} to something that is not a node"] += 1
                continue
            edge = edges.get((rel, start, end))
            if edge is None:
                edge = edges[(rel, start, end)] = PGEdge(rel, start, end, {}, [])
            edge.sources = sorted(set(edge.sources) | self._docs(graphs))

    def _add_collapsed(self, iri: str, subject: _Subject, edges: dict[tuple[str, str, str], PGEdge]) -> None:
        cls = next((t for t in subject.types if t in self.collapsed), None)
        if cls is None:
            return
        collapse = self.collapsed[cls]
        starts = self._ends(subject, str(collapse.start))
        ends = self._ends(subject, str(collapse.end))
        if len(starts) != 1 or len(ends) != 1:
            self.graph.skipped[f"{collapse.rel_type} without exactly one start and one end node"] += 1
            return
        renames = dict(collapse.renames)
        values = {
            renames.get(self.keep_values[p], self.keep_values[p]): {
                self._convert(self.keep_values[p], lex) for lex, _ in v
            }
            for p, v in subject.values.items()
        }
        props = {"iri": iri, **self._finish_values(values)}
        cited = {o for (p, o) in subject.links if p == _DERIVED_FROM}
        sources = sorted(self._docs(subject.graphs) | cited)
        edges[(collapse.rel_type, iri, "")] = PGEdge(collapse.rel_type, starts[0], ends[0], props, sources)

    def _ends(self, subject: _Subject, predicate: str) -> list[str]:
        found = {self.canonical.get(o, o) for (p, o) in subject.links if p == predicate}
        return sorted(found & self.graph.nodes.keys())

    def _add_sanctioned_by(self, edges: dict[tuple[str, str, str], PGEdge]) -> None:
        ended = {o for s in self.subjects.values() if _DELISTING in s.types for (p, o) in s.links if p == _ENDS}
        for iri, subject in self.subjects.items():
            if _DESIGNATION not in subject.types or iri in ended:
                continue
            for target in self._ends(subject, _TARGET):
                for agency in self._ends(subject, _IMPOSED_BY):
                    edge = edges.get((SANCTIONED_BY, target, agency))
                    if edge is None:
                        edge = PGEdge(SANCTIONED_BY, target, agency, {}, [], derived=True)
                        edges[(SANCTIONED_BY, target, agency)] = edge
                    edge.sources = sorted(set(edge.sources) | self._docs(subject.graphs))


def _text(term: Any) -> str:
    """The key of an IRI or blank node (blank nodes keep their _: prefix)."""
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"
