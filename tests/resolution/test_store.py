"""Resolution in the store: graph shape, cluster API, judgements overriding the scorer, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.resolution import (
    RESOLUTION_GRAPH,
    RESOLUTION_META_GRAPH,
    cluster_of,
    drop_resolution,
    members,
    run_resolution,
)
from sanctiongraph.resolution.judgements import HUMAN_METHOD, Judgements
from sanctiongraph.resolution.store import read_records
from tests.resolution.conftest import iri

XIAOMI = [iri("company/test-a/xiaomi"), iri("company/test-b/xiaomi"), iri("company/test-c/xiaomi")]
HUAWEI = [iri("company/test-a/huawei"), iri("company/test-b/huawei")]
ACME = [iri("company/test-a/acme"), iri("company/test-b/acme")]
KG = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>\n"


def clusters_of(store: GraphStore) -> set[frozenset[str]]:
    rows = store.select(
        KG + f"SELECT ?c ?m WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?c a kg:Cluster ; kg:member ?m }} }}"
    )
    grouped: dict[str, set[str]] = {}
    for row in rows:
        grouped.setdefault(str(row["c"]), set()).add(str(row["m"]))
    return {frozenset(m) for m in grouped.values()}


def source_graphs(store: GraphStore) -> dict[URIRef, set]:
    return {g: set(store.triples(g)) for g in store.graph_names() if g not in (RESOLUTION_GRAPH, RESOLUTION_META_GRAPH)}


def test_records_are_read_with_names_and_identifiers(records_store: GraphStore) -> None:
    records = {r.iri: r for r in read_records(records_store)}
    assert set(records[XIAOMI[2]].names) == {"小米集团", "Xiaomi Corporation"}
    assert records[iri("company/test-b/vertex")].identifiers["lei"] == frozenset({"529900T8BM49AURSDO55"})
    assert records[iri("person/test-a/zhang-xiaoming")].kind.value == "person"


def test_run_writes_the_expected_clusters(records_store: GraphStore) -> None:
    result = run_resolution(records_store)
    expected = {
        frozenset(XIAOMI),
        frozenset(HUAWEI),
        frozenset({iri("company/test-a/romashka"), iri("company/test-b/romashka")}),
        frozenset({iri("company/test-a/vertex"), iri("company/test-b/vertex")}),
    }
    assert clusters_of(records_store) == expected
    assert len(result.clusters) == len(expected)


def test_source_graphs_are_never_rewritten(records_store: GraphStore) -> None:
    before = source_graphs(records_store)
    run_resolution(records_store)
    assert source_graphs(records_store) == before


def test_cluster_api_and_the_lead_query_pattern(records_store: GraphStore) -> None:
    run_resolution(records_store)
    cluster = cluster_of(records_store, XIAOMI[1])
    assert cluster is not None
    assert cluster_of(records_store, cluster) == cluster
    assert members(records_store, XIAOMI[0]) == [URIRef(m) for m in sorted(XIAOMI)]
    assert members(records_store, cluster) == [URIRef(m) for m in sorted(XIAOMI)]
    lonely = iri("person/test-a/zhang-xiaoming")
    assert cluster_of(records_store, lonely) is None
    assert members(records_store, lonely) == [URIRef(lonely)]
    for firm in (cluster, URIRef(XIAOMI[0])):
        rows = records_store.select(
            KG + "SELECT DISTINCT ?rec WHERE { { ?firm kg:member ?rec } UNION { ?firm kg:canonical/kg:member ?rec }"
            " UNION { BIND(?firm AS ?rec) } }",
            {"firm": firm},
        )
        assert set(XIAOMI) <= {str(r["rec"]) for r in rows}


def test_cluster_iris_are_stable_across_reruns(records_store: GraphStore) -> None:
    run_resolution(records_store)
    first = {str(cluster_of(records_store, m)) for m in XIAOMI}
    run_resolution(records_store)
    assert {str(cluster_of(records_store, m)) for m in XIAOMI} == first
    assert len(first) == 1


def test_decisions_carry_score_method_features_and_judgement(records_store: GraphStore) -> None:
    run_resolution(records_store)
    rows = records_store.select(
        KG + "SELECT ?score ?method ?judgement ?feature WHERE { ?d a kg:MatchDecision ; kg:left ?a ; kg:right ?b ;"
        " kg:score ?score ; kg:method ?method ; kg:judgement ?judgement ; kg:feature ?feature }",
        {"a": URIRef(ACME[0]), "b": URIRef(ACME[1])},
    )
    assert rows, "the vetoed Acme pair is stored as a decision"
    assert {str(r["judgement"]) for r in rows} == {"no"}
    assert "lei=conflict" in {str(r["feature"]) for r in rows}
    assert float(rows[0]["score"]) < 0.7
    assert str(rows[0]["method"]).startswith("sanctiongraph-matcher/")


def test_provenance_of_the_run(records_store: GraphStore) -> None:
    run_resolution(records_store)
    rows = records_store.select(
        KG + f"SELECT ?run ?read WHERE {{ GRAPH <{RESOLUTION_META_GRAPH}> "
        '{ ?run a kg:LoadRun ; kg:loaderName "resolution" ; kg:recordsRead ?read } }'
    )
    assert len(rows) == 1
    assert int(rows[0]["read"]) == len(read_records(records_store))


def test_judgement_no_overrides_a_high_score(records_store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "judgements.tsv"
    Judgements(path).record(HUAWEI[1], HUAWEI[0], "no", "two different Huawei entities")
    run_resolution(records_store, path)
    assert cluster_of(records_store, HUAWEI[0]) is None
    rows = records_store.select(
        KG + "SELECT ?method ?judgement WHERE { ?d kg:left ?a ; kg:right ?b ; kg:method ?method ;"
        " kg:judgement ?judgement }",
        {"a": URIRef(HUAWEI[0]), "b": URIRef(HUAWEI[1])},
    )
    assert [(str(r["method"]), str(r["judgement"])) for r in rows] == [(HUMAN_METHOD, "no")]


def test_judgement_no_holds_even_transitively(records_store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "judgements.tsv"
    Judgements(path).record(XIAOMI[0], XIAOMI[2], "no")
    run_resolution(records_store, path)
    assert cluster_of(records_store, XIAOMI[0]) != cluster_of(records_store, XIAOMI[2])


def test_judgement_yes_overrides_a_low_score_and_survives_reruns(records_store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "judgements.tsv"
    Judgements(path).record(ACME[0], ACME[1], "yes", "LEI typo in one source")
    for _ in range(2):  # a second run rereads the file
        run_resolution(records_store, path)
        assert cluster_of(records_store, ACME[0]) == cluster_of(records_store, ACME[1]) is not None


def test_undo_drops_only_the_resolution(records_store: GraphStore) -> None:
    before_len, before_graphs = len(records_store), records_store.graph_names()
    run_resolution(records_store)
    assert len(records_store) > before_len
    assert drop_resolution(records_store)
    assert len(records_store) == before_len
    assert records_store.graph_names() == before_graphs
    assert not drop_resolution(records_store)


def test_a_bad_judgements_file_fails_before_anything_is_written(records_store: GraphStore, tmp_path: Path) -> None:
    run_resolution(records_store)
    before = set(records_store.triples(RESOLUTION_GRAPH))
    path = tmp_path / "judgements.tsv"
    path.write_text(f"{HUAWEI[0]}\t{HUAWEI[1]}\tnope\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match=":1"):
        run_resolution(records_store, path)
    assert set(records_store.triples(RESOLUTION_GRAPH)) == before


def test_an_empty_store_resolves_to_nothing(memory_store: GraphStore) -> None:
    result = run_resolution(memory_store)
    assert result.records == 0
    assert result.clusters == []
