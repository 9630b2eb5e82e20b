"""The on-disk RDF dataset (pyoxigraph), with atomic per-document graph replacement."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef

from sanctiongraph.errors import QueryError, StoreError
from sanctiongraph.graph.terms import from_ox, sparql_term, term_converter

STORE_ENV = "SANCTIONGRAPH_STORE"
DEFAULT_STORE_DIR = Path(".sanctiongraph") / "store"
_CONTENT_GRAPH = "https://w3id.org/sanctiongraph/ontology#contentGraph"
# Versioned content graphs carry this segment: kgr:graph/<sha>/<loader>@<version>/run/<stamp>.
_VERSION_MARK = "/run/"
Row = dict[str, Any]


def default_store_path() -> Path:
    """The store folder: $SANCTIONGRAPH_STORE, else .sanctiongraph/store under the working directory."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE_DIR)


def open_store(path: Path | None = None) -> GraphStore:
    """Open (creating if needed) the persistent store at path or at the default location."""
    return GraphStore(path or default_store_path())


def _quads(triples: Iterable[tuple[Any, Any, Any]], graph: ox.NamedNode) -> list[ox.Quad]:
    """pyoxigraph quads of triples given as pyoxigraph terms (loaders emit those), rdflib terms or
    plain values; IRIs repeat a lot (predicates, classes, lists), so their conversion is cached."""
    convert = term_converter()
    return [ox.Quad(convert(s), convert(p), convert(o), graph) for s, p, o in triples]


def bind_parameters(sparql: str, params: dict[str, Any] | None) -> str:
    """Replace ?name / $name by the N-Triples form of each value.

    Done in the text because pyoxigraph's substitutions only accept projected variables.
    """
    for name, value in (params or {}).items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"bad parameter name {name!r}")
        pattern = re.compile(rf"[?$]{name}\b")
        if not pattern.search(sparql):
            raise QueryError(f"the query has no variable ?{name} to bind")
        term = sparql_term(value)
        sparql = pattern.sub(lambda _m, t=term: t, sparql)
    return sparql


class GraphStore:
    """A pyoxigraph Store: one named graph per source document, queried as their union."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need its full API."""
        return self._store

    def __len__(self) -> int:
        return len(self._store)

    # writing ---------------------------------------------------------------------------

    def replace_graphs(self, replacements: dict[URIRef, Iterable[tuple[Any, Any, Any]]]) -> int:
        """Replace the content of a few named graphs; returns triples written.

        Only the difference is written, through pyoxigraph's API rather than update text: the
        new quads in one transaction (if it fails nothing changed), then the stale ones in a
        second; between the two a reader sees old and new together, never neither. If removing
        fails, the added quads are taken out again. For a document's content use write_document.
        """
        written = 0
        added: list[ox.Quad] = []
        stale: dict[ox.NamedNode, list[ox.Quad]] = {}
        for name, triples in replacements.items():
            graph = ox.NamedNode(str(name))
            new = _quads(triples, graph)
            written += len(new)
            wanted = set(new)
            old = set(self._store.quads_for_pattern(None, None, None, graph))
            if old:
                # The store keeps typed literals in canonical form ("+00:00" reads back as "Z"):
                # compare what it would hold, or an unchanged quad would look stale.
                canonical = ox.Store()
                canonical.extend(wanted)
                wanted = set(canonical)
            added += wanted - old
            stale[graph] = list(old - wanted)
        try:
            if added:
                self._store.extend(added)
        except (OSError, ValueError) as exc:
            raise StoreError(f"writing to the store failed, nothing was changed: {exc}") from exc
        removal = [
            f"GRAPH {graph} {{ {' '.join(f'{q.subject} {q.predicate} {q.object} .' for q in quads)} }}"
            for graph, quads in stale.items()
            if quads
        ]
        if removal:
            try:
                self._update("DELETE DATA { " + "\n".join(removal) + " }")
            except StoreError:
                for quad in added:
                    self._store.remove(quad)
                raise
        for graph in stale:
            if not any(True for _ in self._store.quads_for_pattern(None, None, None, graph)):
                self._store.remove_graph(graph)  # an emptied graph is no longer listed
        from sanctiongraph.graph.names import forget_graphs  # names builds on this module

        forget_graphs(self, [g.value for g in stale])
        return written

    def write_document(
        self,
        *,
        content_graph: URIRef,
        content: Iterable[tuple[Any, Any, Any]],
        meta_graph: URIRef,
        meta: Iterable[tuple[Any, Any, Any]],
    ) -> None:
        """Write a document's graph and commit it by replacing its meta graph, atomically.

        content_graph must be a new, versioned IRI. Its triples are bulk-written first (fast,
        not transactional, but nothing points at the graph yet); replacing the small meta graph
        in one transaction is the commit point; the graphs the old meta graph pointed at are
        dropped after. A failure before the commit removes the new graph: the store is as before.
        """
        superseded = self.content_graphs_of(meta_graph)
        self.drop_orphans()
        try:
            self._store.bulk_extend(_quads(content, ox.NamedNode(str(content_graph))))
            self.replace_graphs({meta_graph: meta})
        except BaseException:
            self._store.remove_graph(ox.NamedNode(str(content_graph)))
            raise
        for graph in superseded:
            if graph != content_graph:
                self._store.remove_graph(ox.NamedNode(str(graph)))

    def content_graphs_of(self, meta_graph: URIRef) -> list[URIRef]:
        """Content graphs a meta graph points at (kg:contentGraph)."""
        rows = self.select(f"SELECT ?g WHERE {{ GRAPH <{meta_graph}> {{ ?run <{_CONTENT_GRAPH}> ?g }} }}")
        return [URIRef(str(r["g"])) for r in rows]

    def drop_orphans(self) -> list[URIRef]:
        """Drop versioned content graphs no meta graph points at (left by a crash mid-load)."""
        referenced = {str(r["g"]) for r in self.select(f"SELECT DISTINCT ?g WHERE {{ ?run <{_CONTENT_GRAPH}> ?g }}")}
        orphans = [
            g for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode) and _VERSION_MARK in g.value and g.value not in referenced
        ]  # fmt: skip
        for graph in orphans:
            self._store.remove_graph(graph)
        return [URIRef(g.value) for g in orphans]

    def _update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except (OSError, ValueError, SyntaxError) as exc:
            raise StoreError(f"writing to the store failed, nothing was changed: {exc}") from exc

    def drop_graphs(self, graphs: Iterable[URIRef]) -> None:
        """Remove named graphs in one transaction."""
        statements = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
        if statements:
            self._update(" ;\n".join(statements))

    def clear(self) -> None:
        """Remove everything."""
        self._store.clear()

    def flush(self) -> None:
        """Make writes durable (no-op for in-memory stores)."""
        if self.path is not None:
            self._store.flush()

    # reading ---------------------------------------------------------------------------

    def select(self, sparql: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run a SELECT over the union of all graphs; rows map variable names to rdflib terms."""
        result = self._query(bind_parameters(sparql, params))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: from_ox(solution[n]) for n in names} for solution in result]

    def select_ox(self, sparql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """select with pyoxigraph terms in the rows: for internal hot paths that never show them."""
        result = self._query(bind_parameters(sparql, params))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: solution[n] for n in names} for solution in result]

    def ask(self, sparql: str, params: dict[str, Any] | None = None) -> bool:
        result = self._query(bind_parameters(sparql, params))
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, sparql: str, params: dict[str, Any] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE; the result is a small in-memory rdflib Graph."""
        result = self._query(bind_parameters(sparql, params))
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for triple in result:
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return graph

    def query(self, sparql: str, params: dict[str, Any] | None = None) -> list[Row] | bool | Graph:
        """Run any query form and return rows, a boolean or a graph."""
        result = self._query(bind_parameters(sparql, params))
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            graph = Graph()
            for t in result:
                graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
            return graph
        names = [v.value for v in result.variables]
        return [{n: from_ox(solution[n]) for n in names} for solution in result]

    def _query(self, sparql: str) -> Any:
        try:
            return self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def triples(self, graph: URIRef | None = None) -> Iterator[tuple[Any, Any, Any]]:
        """Triples of one named graph (or of all graphs), as rdflib terms."""
        graph_name = ox.NamedNode(str(graph)) if graph is not None else None
        for q in self._store.quads_for_pattern(None, None, None, graph_name):
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)

    def graph_copy(self, graph: URIRef) -> Graph:
        """An in-memory rdflib copy of one named graph (for pyshacl, which is slow over oxigraph)."""
        copy = Graph()
        for triple in self.triples(graph):
            copy.add(triple)
        return copy

    def count(self, graph: URIRef) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        value = rows[0]["n"]
        return int(value.toPython()) if isinstance(value, Literal) else 0

    def dump(self, path: Path, format_name: str = "trig") -> None:
        """Serialise the whole dataset: trig or nquads (named graphs kept), turtle/ntriples (merged)."""
        formats = {
            "trig": ox.RdfFormat.TRIG,
            "nquads": ox.RdfFormat.N_QUADS,
            "turtle": ox.RdfFormat.TURTLE,
            "ntriples": ox.RdfFormat.N_TRIPLES,
        }
        if format_name not in formats:
            raise QueryError(f"unknown format {format_name!r}; use one of {', '.join(formats)}")
        fmt = formats[format_name]
        with path.open("wb") as out:
            if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
                self._store.dump(out, fmt)
            else:
                triples = (
                    ox.Triple(q.subject, q.predicate, q.object) for q in self._store.quads_for_pattern(None, None, None)
                )
                ox.serialize(triples, out, fmt)

    def rdflib_dataset(self) -> Dataset:
        """The store seen through rdflib (oxrdflib). Pass query text, not prepareQuery objects:
        prepared queries fall back to rdflib's slow engine."""
        from oxrdflib import OxigraphStore

        return Dataset(store=OxigraphStore(store=self._store), default_union=True)
