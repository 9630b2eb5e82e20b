"""The tie projection's neighbourhood index: the ego network read from it is the one the whole
projection gives, and reading it does not load the projection."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, BNode, Literal, URIRef

from sanctiongraph.analysis.ties import endpoints, find_ties, neighbours, neighbours_in, ties_in
from sanctiongraph.errors import NotFoundError
from sanctiongraph.graph import tie_projection
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.projection import RESOLUTION_GRAPH
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.tie_index import index_path, neighbourhood
from sanctiongraph.graph.tie_projection import pickle_path, projection_key, tie_graph
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import authority_iri

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"
CLUSTER = URIRef("https://w3id.org/sanctiongraph/id/cluster/acme")


def _csl(letter: str) -> str:
    return str(authority_iri("company", "us-csl", letter * 40))


@pytest.fixture
def tied(disk_store: GraphStore, fixtures: Path) -> GraphStore:
    """Stated ties, shared designations, article claims and a cluster with its merge decision."""
    load_paths(disk_store, "csl-csv", [fixtures / "ties" / "csl_ties.csv"])
    load_paths(disk_store, "dod-1260h-csv", [fixtures / "ties" / "dod_1260h_ties.csv"])
    load_paths(disk_store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    load_paths(disk_store, "article", [DEMO / "2021-01-14_press-digest.txt"])
    members = [URIRef(_csl("a")), URIRef(_csl("b"))]
    decision = BNode()
    triples = [(CLUSTER, RDF.type, KG.Cluster), (CLUSTER, KG.name, Literal("Acme"))]
    triples += [(CLUSTER, KG.member, m) for m in members] + [(m, KG.canonical, CLUSTER) for m in members]
    triples += [
        (decision, RDF.type, KG.MatchDecision),
        (decision, KG.left, members[0]),
        (decision, KG.right, members[1]),
        (decision, KG.judgement, Literal("yes")),
        (decision, KG.score, Literal(0.93)),
    ]
    disk_store.replace_graphs({URIRef(RESOLUTION_GRAPH): triples})
    disk_store.flush()
    return disk_store


def _index(store: GraphStore) -> Path:
    path = pickle_path(store, projection_key(store))
    assert path is not None
    return index_path(path)


@pytest.mark.parametrize("hops", [1, 2])
def test_every_ego_network_from_the_index_is_the_whole_projections(tied: GraphStore, hops: int) -> None:
    whole = tie_graph(tied)
    index = _index(tied)
    assert index.is_file(), "the index is written with the projection"
    asked = [n for n in whole.graph if not whole.is_group(n)] + list(whole.clusters)
    assert any(whole.graph.degree(n) for n in asked), "the fixture has ties to compare"
    compared = 0
    for firm in asked:
        for options in ({}, {"claims": True}, {"as_of": "2021-01-01"}):
            part = neighbourhood(index, firm, hops)
            expected = neighbours_in(whole, firm, hops=hops, **options)
            assert neighbours_in(part, firm, hops=hops, **options) == expected, (firm, options)
            compared += bool(expected)
    assert compared > 10


def test_an_unknown_firm_is_the_same_clear_error_from_the_index(tied: GraphStore) -> None:
    tie_graph(tied)
    with pytest.raises(NotFoundError, match="not a firm"):
        neighbours_in(neighbourhood(_index(tied), "https://example.test/nobody", 1), "https://example.test/nobody")


def test_a_new_process_reads_one_firms_ties_without_loading_the_projection(
    tied: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = neighbours_in(tie_graph(tied), str(CLUSTER))
    assert expected
    tie_projection._MEMORY.clear()  # as in a new process: only the files on disk

    def refuse(_handle: object) -> None:
        raise AssertionError("the whole projection was loaded")

    monkeypatch.setattr(tie_projection.pickle, "load", refuse)
    assert neighbours(tied, str(CLUSTER)) == expected


def test_a_new_process_finds_ties_without_loading_the_projection(
    tied: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """find_ties reads the index node by node: the same paths as the whole projection gives, for
    every pair of firms (and clusters), with and without dates and claims, for several k and hops."""
    whole = tie_graph(tied)
    asked = sorted({n for n in whole.graph if not whole.is_group(n)} | set(whole.clusters))
    option_sets = ({}, {"claims": True}, {"as_of": "2021-01-01"}, {"k": 1, "max_hops": 2})
    pairs = [(a, b) for a in asked for b in asked if a < b and not endpoints(whole, a) & endpoints(whole, b)]
    expected = {(a, b, i): ties_in(whole, a, b, **o) for a, b in pairs for i, o in enumerate(option_sets)}
    assert sum(map(bool, expected.values())) > 10, "the fixture has tied pairs to compare"
    tie_projection._MEMORY.clear()  # as in a new process: only the files on disk

    def refuse(_handle: object) -> None:
        raise AssertionError("the whole projection was loaded")

    monkeypatch.setattr(tie_projection.pickle, "load", refuse)
    for (a, b, i), paths in expected.items():
        assert find_ties(tied, a, b, **option_sets[i]) == paths, (a, b, option_sets[i])


def test_the_index_is_rebuilt_when_missing(tied: GraphStore) -> None:
    expected = neighbours(tied, _csl("c"))
    index = _index(tied)
    index.unlink()
    tie_projection._MEMORY.clear()
    assert neighbours(tied, _csl("c")) == expected
    assert index.is_file()


def test_a_change_inside_a_graph_changes_the_fingerprint(tied: GraphStore) -> None:
    """No new graph and no new stamp: the committed state (a new snapshot) still tells."""
    notes, firm = URIRef("https://example.test/graph/notes"), URIRef(_csl("c"))
    tied.replace_graphs({notes: [(firm, KG.alias, Literal("first"))]})
    tied.flush()
    before = projection_key(tied)
    tied.replace_graphs({notes: [(firm, KG.alias, Literal("second"))]})
    pending = projection_key(tied)  # a change not yet published: the store's size tells
    tied.flush()
    assert len({before, pending, projection_key(tied)}) == 3


def test_a_reader_beside_the_writer_names_the_projection_as_the_writer_does(tied: GraphStore) -> None:
    """Else a reader and a writer would each rebuild the projection and delete the other's."""
    assert tied.path is not None and not tied.read_only
    reader = GraphStore(tied.path)  # the write lock is held: the newest published snapshot
    assert reader.read_only
    assert projection_key(reader) == projection_key(tied)
