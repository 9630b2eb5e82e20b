"""The pyoxigraph store: atomic graph replacement, parameter binding, exports, rdflib view."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal
from rdflib.compare import isomorphic

from sanctiongraph.errors import QueryError
from sanctiongraph.graph.store import GraphStore, bind_parameters, open_store
from sanctiongraph.ontology import KG, KGR

G1 = KGR["graph/test/1"]
ACME = KGR["company/test/acme"]


def test_replace_graph_is_idempotent(memory_store: GraphStore) -> None:
    triples = [(ACME, KG.name, Literal("ACME")), (ACME, KG.alias, Literal("Acme Ltd"))]
    memory_store.replace_graphs({G1: triples})
    memory_store.replace_graphs({G1: triples})
    assert len(memory_store) == 2
    memory_store.replace_graphs({G1: triples[:1]})
    assert len(memory_store) == 1


def test_failed_replace_leaves_store_unchanged(memory_store: GraphStore) -> None:
    memory_store.replace_graphs({G1: [(ACME, KG.name, Literal("ACME"))]})
    before = set(memory_store.triples())
    bad = [(ACME, KG.alias, Literal("new")), (Literal("not a subject"), KG.name, Literal("x"))]
    with pytest.raises(TypeError):
        memory_store.replace_graphs({G1: bad})
    assert set(memory_store.triples()) == before
    assert memory_store.graph_names() == [G1]


def test_orphan_run_graph_left_by_a_crash_is_dropped(memory_store: GraphStore) -> None:
    orphan = ox.NamedNode(str(KGR["graph/abc/loader@1/run/1"]))
    memory_store.oxigraph.add(ox.Quad(ox.NamedNode(str(ACME)), ox.NamedNode(str(KG.name)), ox.Literal("x"), orphan))
    assert memory_store.drop_orphans() == [KGR["graph/abc/loader@1/run/1"]]
    assert len(memory_store) == 0


def test_write_document_commits_and_supersedes(memory_store: GraphStore) -> None:
    meta, run1, run2 = KGR["graph/meta/abc"], KGR["graph/abc/l@1/run/1"], KGR["graph/abc/l@1/run/2"]
    for run, name in ((run1, "old"), (run2, "new")):
        memory_store.write_document(
            content_graph=run,
            content=[(ACME, KG.name, Literal(name))],
            meta_graph=meta,
            meta=[(KGR["run/x"], KG.contentGraph, run)],
        )
    assert set(memory_store.graph_names()) == {meta, run2}
    assert [str(o) for _, _, o in memory_store.triples(run2)] == ["new"]


def test_failed_write_document_leaves_store_unchanged(memory_store: GraphStore) -> None:
    meta, run1, run2 = KGR["graph/meta/abc"], KGR["graph/abc/l@1/run/1"], KGR["graph/abc/l@1/run/2"]
    memory_store.write_document(
        content_graph=run1,
        content=[(ACME, KG.name, Literal("old"))],
        meta_graph=meta,
        meta=[(KGR["run/x"], KG.contentGraph, run1)],
    )
    before = {(g, t) for g in memory_store.graph_names() for t in memory_store.triples(g)}
    with pytest.raises(TypeError):
        memory_store.write_document(
            content_graph=run2,
            content=[(ACME, KG.name, Literal("new")), (Literal("bad subject"), KG.name, Literal("x"))],
            meta_graph=meta,
            meta=[(KGR["run/x"], KG.contentGraph, run2)],
        )
    assert {(g, t) for g in memory_store.graph_names() for t in memory_store.triples(g)} == before


def test_select_binds_parameters_and_unions_graphs(memory_store: GraphStore) -> None:
    memory_store.replace_graphs(
        {G1: [(ACME, KG.name, Literal("ACME"))], KGR["graph/test/2"]: [(ACME, KG.alias, Literal("A"))]}
    )
    rows = memory_store.select("SELECT ?p ?o WHERE { ?firm ?p ?o }", {"firm": ACME})
    assert {str(r["o"]) for r in rows} == {"ACME", "A"}


def test_bind_parameters_rejects_unknown_variables() -> None:
    with pytest.raises(QueryError):
        bind_parameters("SELECT * WHERE { ?s ?p ?o }", {"firm": ACME})
    assert "?firmName" in bind_parameters("SELECT ?firmName WHERE { ?firm ?p ?firmName }", {"firm": ACME})


def test_query_syntax_error_is_a_query_error(memory_store: GraphStore) -> None:
    with pytest.raises(QueryError, match="SPARQL"):
        memory_store.select("SELEKT nothing")


def test_trig_dump_round_trips(tmp_path: Path, memory_store: GraphStore) -> None:
    memory_store.replace_graphs({G1: [(ACME, KG.name, Literal("ACME")), (ACME, KG.country, KGR["country/cn"])]})
    out = tmp_path / "dump.trig"
    memory_store.dump(out, "trig")
    dataset = Dataset()
    dataset.parse(out, format="trig")
    assert isomorphic(dataset.graph(G1), memory_store.graph_copy(G1))


def test_disk_store_persists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANCTIONGRAPH_STORE", str(tmp_path / "s"))
    store = open_store()
    store.replace_graphs({G1: [(ACME, KG.name, Literal("ACME"))]})
    store.flush()
    del store
    assert len(GraphStore(tmp_path / "s")) == 1


def test_rdflib_view_runs_queries_on_oxigraph(memory_store: GraphStore) -> None:
    memory_store.replace_graphs({G1: [(ACME, KG.name, Literal("ACME"))]})
    rows = list(memory_store.rdflib_dataset().query(f"SELECT ?n WHERE {{ <{ACME}> <{KG.name}> ?n }}"))
    assert [str(r[0]) for r in rows] == ["ACME"]
