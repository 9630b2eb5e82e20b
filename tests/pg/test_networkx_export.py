"""GraphML files read back with networkx: same nodes and edges, lists as text."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from sanctiongraph.graph.projection import PropertyGraph, project
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.pg.networkx_export import LIST_JOINER, export_graphml

ACME = "https://w3id.org/sanctiongraph/id/cluster/acme"


@pytest.fixture(scope="module")
def graph(small: GraphStore) -> PropertyGraph:
    return project(small)


@pytest.mark.parametrize(("write", "read"), [(export_graphml, nx.read_graphml)])
def test_file_reads_back_with_the_projection(graph: PropertyGraph, tmp_path: Path, write, read) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "graph.out"
    write(graph, path)
    back = read(path)
    assert set(back.nodes) == set(graph.nodes)
    assert back.number_of_edges() == len(graph.edges)
    acme = back.nodes[ACME]
    assert acme["kind"] == "Company"
    assert acme["sources"] == LIST_JOINER.join(graph.nodes[ACME].sources)
    assert acme["alias"] == LIST_JOINER.join(graph.nodes[ACME].props["alias"])
    types = sorted(d["relationship"] for _, _, d in back.edges(data=True))
    assert types == sorted(e.type for e in graph.edges)
