"""GraphML files (for yEd, Gephi, igraph) and networkx graphs of the projection.

GEXF was dropped: networkx writes only GEXF 1.1/1.2draft (its 1.2draft output fails the schema
on `<graph name="">`), no GEXF 1.3 XSD is at hand to validate a hand-written file against, and
igraph cannot read GEXF at all; GraphML is the portable format and Gephi reads it.

GraphML has no list-valued attributes, so lists (aliases, sources, records) are written as
text joined by "; ", and missing values are left out rather than written as empty strings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from sanctiongraph.graph.projection import PropertyGraph

LIST_JOINER = "; "


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if value is None:
            continue
        out[key] = LIST_JOINER.join(map(str, value)) if isinstance(value, list) else value
    return out


def to_networkx(graph: PropertyGraph) -> nx.MultiDiGraph:
    """A MultiDiGraph keyed by IRI; each edge's key is its relationship type (plus iri if keyed)."""
    out = nx.MultiDiGraph()
    for node in graph.nodes.values():
        # Gephi and yEd show "label": the name reads better there than the node's class.
        shown = {"label": node.props.get("name") or node.iri, "kind": node.label}
        out.add_node(node.iri, **_attributes({**node.props, **shown, "sources": node.sources}))
    for edge in graph.edges:
        key = f"{edge.type}|{edge.props['iri']}" if edge.props.get("iri") else edge.type
        # "relationship", not "type": a name the formats and tools reading them do not reserve.
        attrs = {
            "relationship": edge.type,
            "label": edge.type,
            **edge.props,
            "sources": edge.sources,
            "derived": edge.derived,
        }
        out.add_edge(edge.start, edge.end, key=key, **_attributes(attrs))
    return out


def export_graphml(graph: PropertyGraph, path: Path) -> None:
    nx.write_graphml(to_networkx(graph), path)
