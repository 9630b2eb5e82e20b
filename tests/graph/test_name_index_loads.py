"""The name index a load writes from its triples in hand is the one a rebuild from the store writes;
the FTS table filled lazily answers as one filled eagerly, also from a file this process cannot write."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctiongraph.graph import names
from sanctiongraph.graph.ingest import load_paths, source_info
from sanctiongraph.graph.names import KIND_BY_CLASS, NameIndex, index_path, name_key, update_name_index
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.terms import LoadedTriples, OxTriple
from sanctiongraph.loaders import get_loader
from sanctiongraph.loaders.base import LoadContext

KG = "https://w3id.org/sanctiongraph/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VIA = {"name": "name", "alias": "alias", "acronym": "acronym", "previousName": "previous name"}
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "official"

Row = tuple[str, str, str, str, str, str]


def index_rows(store: GraphStore) -> set[Row]:
    """(graph IRI, entity, kind, label, via, key) of every row of the store's index."""
    conn = names._db_of(store).conn
    sql = "SELECT g.graph, n.entity, n.kind, n.label, n.via, n.key FROM names n JOIN graphs g ON g.id = n.graph"
    return set(conn.execute(sql))


def drop_index(store: GraphStore) -> None:
    """As a new process finds a store whose index file was deleted."""
    path = index_path(store)
    assert path is not None
    names._DBS.pop(store).conn.close()
    for file in path.parent.glob(path.name + "*"):
        file.unlink()


def generated_graphs(seed: int) -> dict[str, list[OxTriple]]:
    """Graphs of named entities: several kinds on one entity, names typed only in an earlier graph,
    blank nodes, every way of holding a name, repeated and non-ASCII labels, untyped names.

    An entity's classes are the same wherever it is typed, and an earlier graph types it when its
    names' graph does not: a graph is indexed once, with the types known then (the index's rule).
    """
    rng = random.Random(seed)
    classes = list(KIND_BY_CLASS)
    words = ["Acme", "Trading", "Co.", "Ltd", "Şirket", "Électronique", "北京", "Marine", "&", "A.B.C.", "  "]
    entities = [ox.NamedNode(f"https://example.org/e/{seed}/{e}") for e in range(40)]
    classes_of = {e: rng.sample(classes, rng.choice([0, 1, 1, 2])) for e in entities}
    typed_first = {e for e in entities if rng.random() < 0.4}  # typed in the first graph only
    graphs: dict[str, list[OxTriple]] = {}
    graphs[f"https://example.org/graph/{seed}/types"] = [
        (e, RDF_TYPE, ox.NamedNode(KG + cls)) for e in sorted(typed_first, key=str) for cls in classes_of[e]
    ]
    for g in range(4):
        triples: list[OxTriple] = []
        for n in range(60):
            entity: ox.NamedNode | ox.BlankNode
            if n % 7 == 0:  # a blank node, typed (or not) where it is named
                entity = ox.BlankNode(f"b{seed}x{g}x{n}")
                own = rng.sample(classes, rng.choice([0, 1, 2]))
            else:
                entity = rng.choice(entities)
                own = [] if entity in typed_first else classes_of[entity]
            triples += [(entity, RDF_TYPE, ox.NamedNode(KG + cls)) for cls in own]
            triples.append((entity, RDF_TYPE, ox.NamedNode("https://example.org/OtherClass")))
            for _ in range(rng.choice([1, 2, 3])):
                label = " ".join(rng.choice(words) for _ in range(rng.choice([1, 2, 3])))
                predicate = ox.NamedNode(KG + rng.choice(list(VIA)))
                triples.append((entity, predicate, ox.Literal(label)))
        graphs[f"https://example.org/graph/{seed}/{g}"] = triples
    return graphs


def load_graphs(store: GraphStore, graphs: dict[str, list[OxTriple]]) -> None:
    """Write each graph, then index it from the triples in hand, as a load does."""
    for iri, triples in graphs.items():
        store.oxigraph.bulk_extend(ox.Quad(s, p, o, ox.NamedNode(iri)) for s, p, o in triples)
        update_name_index(store, loaded={iri: LoadedTriples(triples)})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_index_from_loaded_triples_equals_index_read_back_from_the_store(disk_store: GraphStore, seed: int) -> None:
    graphs = generated_graphs(seed)
    load_graphs(disk_store, graphs)
    from_loads = index_rows(disk_store)
    assert {row[0] for row in from_loads} >= {g for g in graphs if not g.endswith("/types")}
    assert {row[2] for row in from_loads} >= {"firm", "person", "vessel"}
    drop_index(disk_store)
    update_name_index(disk_store)  # a first build: every graph read back, kinds by one scan per class
    assert index_rows(disk_store) == from_loads
    # A catch-up graph by graph (kinds looked up per entity) writes the same rows too.
    last = list(graphs)[-1]
    names.forget_graphs(disk_store, [last])
    update_name_index(disk_store)
    assert index_rows(disk_store) == from_loads


def test_names_typed_only_in_another_graph_take_its_kinds(disk_store: GraphStore) -> None:
    firm, blank = ox.NamedNode("https://example.org/firm/1"), ox.BlankNode("shared")
    load_graphs(disk_store, {"https://example.org/graph/types": [(firm, RDF_TYPE, ox.NamedNode(KG + "Company"))]})
    load_graphs(
        disk_store,
        {
            "https://example.org/graph/names": [
                (firm, ox.NamedNode(KG + "alias"), ox.Literal("Alpha Trading")),
                (blank, ox.NamedNode(KG + "name"), ox.Literal("Nobody Typed")),
            ]
        },
    )
    rows = {(e, k, label) for _, e, k, label, _, _ in index_rows(disk_store)}
    assert (firm.value, "firm", "Alpha Trading") in rows
    assert not any(label == "Nobody Typed" for _, _, label in rows)


def test_keys_are_those_of_name_key() -> None:
    keys = names._Keys()
    characters = [chr(code) for code in range(128)]
    for a in characters:
        for b in characters:
            assert keys[f"{a}{b}x"] == name_key(f"{a}{b}x"), repr(a + b)


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_keys_of_any_text_are_those_of_name_key(text: str) -> None:
    assert names._Keys()[text] == name_key(text)


def _queries(index: NameIndex) -> Iterator[object]:
    for text in ["Acme Trading", "trading", "Électronique", "北京", "Acme Tradng", "Marine Ltd"]:
        yield index.containing(text)
        yield sorted(index.similar(text, limit=10**6), key=repr)  # ties among equal scores: any order
        yield index.lookup(text)


def test_searches_catch_up_the_rows_loads_wrote(disk_store: GraphStore) -> None:
    graphs = generated_graphs(4)
    types, first, *rest = graphs
    load_graphs(disk_store, {g: graphs[g] for g in (types, first, rest[0])})
    index = NameIndex.from_store(disk_store)
    assert index.containing("Acme") != []  # the FTS table caught up with these graphs
    names.forget_graphs(disk_store, [rest[0]])  # the rows of highest id: new ids must not reuse theirs
    load_graphs(disk_store, {rest[1]: graphs[rest[1]]})  # and rest[0] is indexed again, read back
    names.forget_graphs(disk_store, [first, rest[0]])  # rows in the FTS table and rows not yet in it
    load_graphs(disk_store, {rest[2]: graphs[rest[2]]})
    update_name_index(disk_store)
    index = NameIndex.from_store(disk_store)
    eager = NameIndex(index.entries)  # an in-memory index fills its FTS table from every row
    assert list(_queries(index)) == list(_queries(eager))
    conn = index.connection
    conn.execute("INSERT INTO names_fts(names_fts, rank) VALUES ('integrity-check', 1)")  # raises if corrupt
    fts = {row[0] for row in conn.execute("SELECT rowid FROM names_fts WHERE names_fts MATCH 'acme OR trading'")}
    assert fts <= {row[0] for row in conn.execute("SELECT id FROM names")}


def test_a_read_only_index_file_gives_the_same_searches(disk_store: GraphStore) -> None:
    load_graphs(disk_store, generated_graphs(5))
    path = index_path(disk_store)
    assert path is not None
    writable = list(_queries(NameIndex(NameIndex.from_store(disk_store).entries)))
    db = names._db_of(disk_store)
    assert db._fts_behind() is not None  # rows wait for the FTS table
    db.conn.close()
    db.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    assert list(_queries(NameIndex(_db=db))) == writable
    with sqlite3.connect(path) as conn:  # the file was not written: this process caught up a copy
        assert conn.execute("SELECT done FROM fts_state").fetchone()[0] == 0


def _loader_names(store: GraphStore, loader: str, path: Path, published: dt.date | None) -> set[tuple[str, ...]]:
    """(entity, kind, label, via) the loader's own triples name, with the kinds the triples or the
    store's other graphs give their entities: computed without the index."""
    mapping = get_loader(loader)
    (files,) = mapping.documents([path])
    ctx = LoadContext(source_info(files, published=published), loader_name=loader)
    mapping.load(ctx)
    triples = ctx.ox_triples
    classes: dict[object, set[str]] = {}
    for quad in store.oxigraph.quads_for_pattern(None, RDF_TYPE, None, None):
        classes.setdefault(quad.subject, set()).add(quad.object.value)
    for s, p, o in triples:
        if p == RDF_TYPE:
            classes.setdefault(s, set()).add(o.value)
    found = set()
    for s, p, o in triples:
        via = VIA.get(p.value[len(KG) :]) if p.value.startswith(KG) else None
        if via is not None:
            kinds = {KIND_BY_CLASS.get(c[len(KG) :]) for c in classes.get(s, ()) if c.startswith(KG)} - {None}
            found |= {(s.value, str(kind), o.value, via) for kind in kinds}
    return found


REAL = [
    ("ofac-sdn-csv", SHARED / "ofac" / "sdn_legacy_csv_2021-07", dt.date(2021, 7, 7)),
    ("csl-csv", SHARED / "trade_gov_csl" / "consolidated_2022-05.csv.gz", None),
]


@pytest.mark.parametrize(("loader", "path", "published"), REAL, ids=["sdn-2021-07", "csl-2022-05"])
def test_real_list_index_holds_the_names_of_the_loaders_triples(
    disk_store: GraphStore, loader: str, path: Path, published: dt.date | None
) -> None:
    if not path.exists():
        pytest.skip(f"real data not available: {path} is absent (fresh clone)")
    (report,) = load_paths(disk_store, loader, [path], published=published)
    expected = _loader_names(disk_store, loader, path, published)
    rows = index_rows(disk_store)
    indexed = {row[1:5] for row in rows if row[0] == str(report.graph)}
    assert len(expected) > 1000 and indexed == expected
    assert all(key == name_key(label) for _, _, _, label, _, key in rows)
    drop_index(disk_store)
    update_name_index(disk_store)
    assert index_rows(disk_store) == rows


def test_a_load_writes_the_rows_and_ids_a_rebuild_writes(disk_store: GraphStore) -> None:
    """A graph's rows are sorted whatever order its triples came in, so each row's place in its
    graph's id range is the one a rebuild gives it, and each graph counts its firm rows."""
    graphs = generated_graphs(6)
    for triples in graphs.values():
        random.Random(6).shuffle(triples)  # the store reads them back in its own order
    load_graphs(disk_store, graphs)
    conn = names._db_of(disk_store).conn
    sql = (
        "SELECT n.id - g.first_row, g.graph, n.entity, n.kind, n.label, n.via, n.key"
        " FROM names n JOIN graphs g ON g.id = n.graph"
    )
    from_loads = set(conn.execute(sql))
    firms = dict(conn.execute("SELECT graph, firms FROM graphs"))
    assert {g for _, g, *_ in from_loads} >= {g for g in graphs if not g.endswith("/types")}
    assert firms == {g: sum(row[1] == g and row[3] == "firm" for row in from_loads) for g in firms}
    assert sum(firms.values()) > 0
    drop_index(disk_store)
    update_name_index(disk_store)
    conn = names._db_of(disk_store).conn
    assert set(conn.execute(sql)) == from_loads
    assert dict(conn.execute("SELECT graph, firms FROM graphs")) == firms
