"""GraphML and GEXF files (for yEd and Gephi) of the projection, written by networkx.

Neither format has list-valued attributes, so lists (aliases, sources, records) are written as
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
        # "type" is reserved in GEXF (directed or not): the relationship type goes in "relationship".
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


def export_gexf(graph: PropertyGraph, path: Path) -> None:
    nx.write_gexf(to_networkx(graph), path)
