"""A document's content reaches the store the same whether it goes as Quads or as N-Triples text.

BulkContent sends triples with an IRI subject and a literal object through pyoxigraph's parser
(cheaper than building a Quad for each); these tests hold what the store then holds equal to
what bulk_extend of plain Quads gives, for any literal text, language or datatype.
"""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from sanctiongraph.graph.store import BulkContent, GraphStore

GRAPH = ox.NamedNode("https://example.org/graph/1")
XSD_IRIS = [ox.NamedNode(str(XSD[name])) for name in ("date", "dateTime", "integer", "decimal", "gYear", "anyURI")]


def quad_store(triples: list[tuple[object, object, object]]) -> set[ox.Quad]:
    store = ox.Store()
    store.bulk_extend([ox.Quad(s, p, o, GRAPH) for s, p, o in triples])  # type: ignore[arg-type]
    return set(store)


def bulk_store(triples: list[tuple[object, object, object]]) -> set[ox.Quad]:
    store = ox.Store()
    BulkContent(triples, GRAPH).write(store)
    return set(store)


iris = st.builds(
    lambda path: ox.NamedNode(f"https://example.org/{path}"),
    st.text(alphabet=string.ascii_letters + string.digits + "-_/éü中~", min_size=1, max_size=12),
)
literals = st.one_of(
    st.builds(ox.Literal, st.text()),
    st.builds(
        lambda text, tag: ox.Literal(text, language=tag),
        st.text(),
        st.sampled_from(["en", "en-GB", "zh-Hans-CN", "ru", "de-CH-1996"]),
    ),
    # Typed literals whatever their lexical form: the store keeps ill-typed values too.
    st.builds(lambda text, datatype: ox.Literal(text, datatype=datatype), st.text(), st.sampled_from(XSD_IRIS)),
    st.builds(lambda day: ox.Literal(day.isoformat(), datatype=XSD_IRIS[0]), st.dates()),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(iris, st.builds(ox.BlankNode)),
            iris,
            st.one_of(literals, iris, st.builds(ox.BlankNode)),
        ),
        max_size=40,
    )
)
def test_any_triples_are_stored_as_quads_would_be(triples: list[tuple[object, object, object]]) -> None:
    assert bulk_store(triples) == quad_store(triples)


def test_a_blank_node_keeps_its_links_across_both_parts() -> None:
    """A blank node with a literal (text part, were it not kept back) and an IRI (Quad part)."""
    node, firm = ox.BlankNode(), ox.NamedNode("https://example.org/firm")
    address, street = ox.NamedNode("https://example.org/address"), ox.NamedNode("https://example.org/street")
    triples = [(firm, address, node), (node, street, ox.Literal("1 Main St"))]
    stored = bulk_store(triples)
    assert stored == quad_store(triples)
    (held,) = (q.object for q in stored if q.predicate == address)
    assert {q.subject for q in stored if q.predicate == street} == {held}


def test_rdflib_terms_and_plain_values_are_converted() -> None:
    firm = URIRef("https://example.org/firm")
    triples = [
        (firm, URIRef("https://example.org/name"), Literal("Acme", lang="en")),
        (firm, URIRef("https://example.org/listed"), Literal("2021-01-14", datatype=XSD.date)),
        (firm, URIRef("https://example.org/note"), "plain text"),
        (BNode(), URIRef("https://example.org/seen"), Literal(dt.date(2021, 5, 25))),
    ]
    stored = bulk_store(triples)
    assert len(stored) == 4
    assert ox.Literal("Acme", language="en") in {q.object for q in stored}
    assert ox.Literal("plain text") in {q.object for q in stored}


def test_a_document_written_through_the_store_reads_back_whole(tmp_path: Path) -> None:
    """write_document over an on-disk store: every triple of both parts is there, in its graph."""
    store = GraphStore(tmp_path / "store")
    firm = ox.NamedNode("https://example.org/firm")
    content = [(firm, ox.NamedNode(f"https://example.org/p{i}"), ox.Literal(f'value "{i}"\n')) for i in range(50)]
    content += [
        (firm, ox.NamedNode("https://example.org/sameAs"), ox.NamedNode(f"https://example.org/x{i}")) for i in range(50)
    ]
    graph = URIRef("https://w3id.org/sanctiongraph/id/graph/abc/test@1/run/20260101T000000Z")
    meta = URIRef("https://w3id.org/sanctiongraph/id/graph/meta/abc/test@1")
    store.write_document(
        content_graph=graph,
        content=content,
        meta_graph=meta,
        meta=[
            (URIRef("https://example.org/run"), URIRef("https://w3id.org/sanctiongraph/ontology#contentGraph"), graph)
        ],
    )
    held = {
        (q.subject, q.predicate, q.object)
        for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))
    }
    assert held == set(content)


@pytest.mark.parametrize("bad", [ox.NamedNode("https://example.org/p"), None])
def test_a_term_the_store_cannot_hold_is_refused(bad: object) -> None:
    """A literal in the predicate position (or None) is an error, not a silently dropped triple."""
    firm = ox.NamedNode("https://example.org/firm")
    triple = (firm, ox.Literal("not a predicate"), bad) if bad is not None else (firm, None, ox.Literal("x"))
    with pytest.raises((TypeError, ValueError)):
        BulkContent([triple], GRAPH)
