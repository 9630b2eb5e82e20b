"""Tests of the ties engine on small files we wrote in the CSL and DoD 1260H formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctiongraph.analysis.ties import find_ties, neighbours, paths_graph
from sanctiongraph.errors import NotFoundError
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.tie_projection import COSTS, TIES_DIR, tie_graph
from sanctiongraph.ontology.ids import authority_iri, derived_iri


def csl(letter: str) -> str:
    return str(authority_iri("company", "us-csl", letter * 40))


def dod(name: str) -> str:
    return str(derived_iri("company", "us-dod", name))


ACME, ACME_CHENGDU, DEVICES, BETA = csl("a"), csl("b"), csl("c"), csl("d")
GAMMA, DELTA, EPSILON, ZETA, ETA = csl("e"), csl("f"), csl("1"), csl("2"), csl("3")
KAPPA, LAMBDA, MU = dod("Kappa Semiconductor Co., Ltd."), dod("Lambda Group Corporation"), dod("Mu State Holding")


@pytest.fixture
def loaded(store: GraphStore, fixtures: Path) -> GraphStore:
    load_paths(store, "csl-csv", [fixtures / "ties" / "csl_ties.csv"])
    load_paths(store, "dod-1260h-csv", [fixtures / "ties" / "dod_1260h_ties.csv"])
    return store


def test_an_affiliate_is_tied_to_each_row_of_its_parent_with_the_listed_words(loaded: GraphStore) -> None:
    paths = find_ties(loaded, DEVICES, ACME)
    best = paths[0]
    assert best.nodes == (DEVICES, ACME) and len(best.hops) == 1
    hop = best.hops[0]
    assert (hop.kind, hop.source, hop.target, hop.directed) == ("affiliation", DEVICES, ACME, False)
    assert hop.source_name == "Acme Devices Co., Ltd." and hop.target_name == "Acme Holdings Co., Ltd. (Acme)"
    (evidence,) = hop.evidence
    assert evidence.text == "Acme Holdings Co., Ltd. (Acme). Affiliated Entity: Acme Devices Co., Ltd."
    assert (evidence.title, evidence.loader, evidence.published) == ("csl_ties.csv", "csl-csv", "2020-06-05")
    assert best.score == pytest.approx(1 / COSTS["affiliation"], abs=1e-3)
    assert find_ties(loaded, DEVICES, ACME_CHENGDU)[0].nodes == (DEVICES, ACME_CHENGDU)


def test_a_subordinate_reaches_its_parent_by_the_bracketed_acronym(loaded: GraphStore) -> None:
    hop = find_ties(loaded, BETA, ACME)[0].hops[0]
    assert (hop.kind, hop.source, hop.target, hop.directed) == ("ownership", BETA, ACME, True)


def test_the_parent_chain_of_1260h_is_two_ownership_hops_and_ranks_first(loaded: GraphStore) -> None:
    paths = find_ties(loaded, KAPPA, MU)
    assert [h.kind for h in paths[0].hops] == ["ownership", "ownership"]
    assert paths[0].nodes == (KAPPA, LAMBDA, MU)
    # The same-day designation of all three is a path too, but a weak one, ranked after.
    assert [h.kind for h in paths[1].hops] == ["same-designation"]
    assert paths[0].score > paths[1].score


def test_as_of_drops_relations_not_yet_or_no_longer_in_force(loaded: GraphStore) -> None:
    assert find_ties(loaded, KAPPA, MU, as_of="2020-01-01") == []
    later = find_ties(loaded, KAPPA, MU, as_of="2025-01-01")
    # Lambda's parent ended 2024-01-31: only the designation of 2021-06-03 still ties them.
    assert [[h.kind for h in p.hops] for p in later] == [["same-designation"]]


def test_a_shared_country_is_never_a_tie(loaded: GraphStore) -> None:
    # Gamma and Delta are both Chinese firms on the Entity List, listed on different days.
    assert find_ties(loaded, GAMMA, DELTA) == []
    assert neighbours(loaded, GAMMA) == []


def test_no_path_passes_through_a_country_or_a_list(loaded: GraphStore) -> None:
    tg = tie_graph(loaded)
    assert not [n for n in tg.graph if "/country/" in n or "/list/" in n or "/program/" in n]
    for a, b in [(DEVICES, BETA), (KAPPA, MU), (EPSILON, ETA)]:
        for path in find_ties(loaded, a, b):
            assert all(tg.kinds[n] in ("firm", "person", "vessel", "organization") for n in path.nodes)


def test_a_shared_identifier_and_a_shared_street_address_tie_records(loaded: GraphStore) -> None:
    (ident,) = find_ties(loaded, EPSILON, ZETA)
    assert [h.kind for h in ident.hops] == ["shared-identifier"]
    assert {e.text for e in ident.hops[0].evidence} == {"registration number 12345678"}
    (address,) = find_ties(loaded, EPSILON, ETA)
    assert [h.kind for h in address.hops] == ["shared-address"]


def test_linked_to_in_ofac_rows_of_the_csl(loaded: GraphStore) -> None:
    omega, sigma = str(authority_iri("company", "us-ofac", "5001")), str(authority_iri("company", "us-ofac", "5002"))
    hop = find_ties(loaded, omega, sigma)[0].hops[0]
    assert (hop.kind, hop.evidence[0].text) == ("affiliation", "Linked To: SIGMA BANK")


def test_neighbours_group_by_kind_strongest_first(loaded: GraphStore) -> None:
    found = neighbours(loaded, ACME)
    assert [(h.kind, h.source, h.target) for h in found] == [
        ("ownership", BETA, ACME),
        ("affiliation", DEVICES, ACME),
        ("same-designation", ACME, ACME_CHENGDU),
    ]
    two = neighbours(loaded, LAMBDA, hops=2)
    assert {(h.kind, h.source, h.target) for h in two} >= {("ownership", KAPPA, LAMBDA), ("ownership", LAMBDA, MU)}


def test_paths_graph_is_a_networkx_graph_of_the_hops(loaded: GraphStore) -> None:
    graph = paths_graph(find_ties(loaded, KAPPA, MU, k=1))
    assert graph.nodes[KAPPA]["name"] == "Kappa Semiconductor Co., Ltd."
    assert {(u, v, d["kind"]) for u, v, d in graph.edges(data=True)} == {
        (KAPPA, LAMBDA, "ownership"),
        (LAMBDA, MU, "ownership"),
    }


def test_an_unknown_firm_is_a_clear_error(loaded: GraphStore) -> None:
    with pytest.raises(NotFoundError, match="not a firm"):
        find_ties(loaded, "https://example.test/nobody", ACME)


def test_the_projection_is_kept_on_disk_and_rebuilt_when_the_store_changes(
    disk_store: GraphStore, fixtures: Path
) -> None:
    load_paths(disk_store, "csl-csv", [fixtures / "ties" / "csl_ties.csv"])
    first = tie_graph(disk_store)
    folder = disk_store.path.parent / TIES_DIR
    (pickle,) = folder.glob("*.pickle")
    assert tie_graph(disk_store) is first
    load_paths(disk_store, "dod-1260h-csv", [fixtures / "ties" / "dod_1260h_ties.csv"])
    second = tie_graph(disk_store)
    assert second is not first and KAPPA in second.graph
    (newer,) = folder.glob("*.pickle")
    assert newer != pickle


def test_a_cluster_asked_for_shows_the_record_the_path_uses(loaded: GraphStore) -> None:
    from rdflib import RDF, URIRef

    from sanctiongraph.graph.projection import RESOLUTION_GRAPH
    from sanctiongraph.ontology import KG

    cluster = URIRef("https://w3id.org/sanctiongraph/id/cluster/acme")
    triples = [(cluster, RDF.type, KG.Cluster), (cluster, KG.name, "Acme")]
    for member in (ACME, ACME_CHENGDU):
        triples += [(cluster, KG.member, URIRef(member)), (URIRef(member), KG.canonical, cluster)]
    loaded.replace_graphs({URIRef(RESOLUTION_GRAPH): triples})
    best = find_ties(loaded, str(cluster), BETA)[0]
    assert [h.kind for h in best.hops] == ["same-cluster", "ownership"]
    assert (best.hops[0].source_name, best.hops[0].target) == ("Acme", ACME)
    assert best.cluster_hops == 1  # the hop from the cluster to its record: --max-hops does not count it
    assert best.nodes[0] == str(cluster) and best.score == pytest.approx(1 / COSTS["ownership"], abs=1e-3)
    # Its own records are not its neighbours; the affiliate and the subordinate are.
    assert {(h.kind, h.source) for h in neighbours(loaded, str(cluster))} == {
        ("ownership", BETA),
        ("affiliation", DEVICES),
    }


def test_a_cluster_in_mid_path_shows_the_decision_that_merged_its_records(loaded: GraphStore) -> None:
    from rdflib import RDF, BNode, Literal, URIRef

    from sanctiongraph.graph.projection import RESOLUTION_GRAPH
    from sanctiongraph.ontology import KG

    cluster, decision = URIRef("https://w3id.org/sanctiongraph/id/cluster/acme"), BNode()
    triples = [(cluster, RDF.type, KG.Cluster), (cluster, KG.name, Literal("Acme"))]
    triples += [(cluster, KG.member, URIRef(m)) for m in (ACME, ACME_CHENGDU)]
    triples += [
        (decision, RDF.type, KG.MatchDecision),
        (decision, KG.left, URIRef(ACME)),
        (decision, KG.right, URIRef(ACME_CHENGDU)),
        (decision, KG.judgement, Literal("yes")),
        (decision, KG.score, Literal(0.93)),
        (decision, KG.method, Literal("test-matcher")),
    ]
    loaded.replace_graphs({URIRef(RESOLUTION_GRAPH): triples})
    paths = find_ties(loaded, BETA, ACME_CHENGDU)
    (through,) = [p for p in paths if [h.kind for h in p.hops] == ["ownership", "same-cluster"]]
    assert through.nodes == (BETA, ACME, ACME_CHENGDU) and through.cluster_hops == 0
    texts = {e.text for e in through.hops[1].evidence}
    tg = tie_graph(loaded)
    assert texts == {
        f"entity resolution: same as {tg.names[ACME_CHENGDU]} (score 0.93, decided by test-matcher)",
        f"entity resolution: same as {tg.names[ACME]} (score 0.93, decided by test-matcher)",
    }
