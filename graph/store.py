"""The on-disk RDF dataset (pyoxigraph), with atomic per-document graph replacement."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef

from sanctiongraph.errors import QueryError, StoreError
from sanctiongraph.graph import snapshots
from sanctiongraph.graph.terms import from_ox, sparql_term, term_converter

STORE_ENV = "SANCTIONGRAPH_STORE"
DEFAULT_STORE_DIR = Path(".sanctiongraph") / "store"
_CONTENT_GRAPH = "https://w3id.org/sanctiongraph/ontology#contentGraph"
# Versioned content graphs carry this segment: kgr:graph/<sha>/<loader>@<version>/run/<stamp>.
_VERSION_MARK = "/run/"
# Derived graphs (release change sets: kgr:graph/changes/<sha16>/<sha16>) that write_derived may
# bulk-write before the meta graph naming them commits them: like a run, one no meta graph names
# was left by a crash, is hidden from snapshot readers and dropped by the next writer.
DERIVED_MARK = "/graph/changes/"
_COMMITTED_BY_META = (_VERSION_MARK, DERIVED_MARK)
DERIVED_FAULT_POINT = "after-derived-content"  # a crash test's stage inside write_derived


def _committed_by_meta(graph: Any) -> bool:
    return isinstance(graph, ox.NamedNode) and any(mark in graph.value for mark in _COMMITTED_BY_META)


Row = dict[str, Any]
WAIT_ENV = "SANCTIONGRAPH_WAIT"
ALLOW_SERVICE_ENV = "SANCTIONGRAPH_ALLOW_SERVICE"
DEFAULT_WAIT_SECONDS = 600.0
_READ_ONLY_ATTEMPTS = 50
# Fault injection for the crash tests: the process kills itself (SIGKILL) at the named stage of
# write_document, so every crash point is tested on purpose rather than by luck.
FAULT_ENV = "SANCTIONGRAPH_FAULT_POINT"
FAULT_POINTS = ("before-content", "mid-content", "after-content", "after-commit", "after-drop")


def default_store_path() -> Path:
    """The store folder: $SANCTIONGRAPH_STORE, else .sanctiongraph/store under the working directory."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE_DIR)


def open_store(path: Path | None = None, *, wait: float | None = None) -> GraphStore:
    """Open (creating if needed) the persistent store at path or at the default location."""
    return GraphStore(path or default_store_path(), wait=wait)


def _fault_point(stage: str) -> None:
    if os.environ.get(FAULT_ENV) == stage:
        os.kill(os.getpid(), signal.SIGKILL)


def _is_lock_error(exc: OSError) -> bool:
    # RocksDB: "IO error: While lock file: .../LOCK: Resource temporarily unavailable"
    return "lock" in str(exc).lower()


def _default_wait() -> float:
    value = os.environ.get(WAIT_ENV)
    try:
        return float(value) if value else DEFAULT_WAIT_SECONDS
    except ValueError:
        raise StoreError(f"{WAIT_ENV} must be a number of seconds, not {value!r}") from None


def _say_waiting(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:.-])", re.IGNORECASE)
# Strings, IRIs and comments, removed before looking for the SERVICE keyword.
_SPARQL_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)


def uses_service(sparql: str) -> bool:
    """Whether a query or update calls SERVICE (federation: an outbound HTTP request)."""
    return bool(_SERVICE.search(_SPARQL_NOISE.sub(" ", sparql)))


def _quads(triples: Iterable[tuple[Any, Any, Any]], graph: ox.NamedNode) -> list[ox.Quad]:
    """pyoxigraph quads of triples given as pyoxigraph terms (loaders emit those), rdflib terms or
    plain values; IRIs repeat a lot (predicates, classes, lists), so their conversion is cached."""
    if not isinstance(triples, list | tuple):
        triples = list(triples)
    try:  # loaders emit pyoxigraph terms: build the quads as they are, converting nothing
        return [ox.Quad(s, p, o, graph) for s, p, o in triples]
    except TypeError:
        pass
    convert = term_converter()
    return [ox.Quad(convert(s), convert(p), convert(o), graph) for s, p, o in triples]


class BulkContent:
    """A document's content made ready for pyoxigraph's bulk writers: one N-Triples text.

    Each bulk call is a set of files RocksDB ingests at level 0, and pyoxigraph's stores set
    off a compaction at two such files, which rewrites what the store holds below them: a
    second call per load cost writing the CSL into a store holding the SDN releases 380-400 MB
    of disk writes against 234 MB, and about 0.5 s of CPU. So the whole content goes in one
    bulk_load of N-Triples text, written from the terms (each IRI's text made once: subjects,
    predicates and classes repeat) and parsed leniently: the terms were checked when they were
    built, so the parser need not check the IRIs again. Text is also the cheaper way in for
    literals: pyoxigraph's Quad() tries an object's types in turn, a failed try costing about
    a microsecond. Only triples with a blank node stay Quads (bulk_extend, a second call, for
    the rare content that has them): the parser would rename the nodes and cut their links.
    """

    __slots__ = ("graph", "other", "text")

    def __init__(self, triples: Iterable[tuple[Any, Any, Any]], graph: ox.NamedNode) -> None:
        if not isinstance(triples, list | tuple):
            triples = list(triples)
        self.graph = graph
        try:
            self.other, self.text = _split_for_bulk(triples)
        except TypeError:  # rdflib terms or plain values: convert them first
            convert = term_converter()
            converted = [(convert(s), convert(p), convert(o)) for s, p, o in triples]
            self.other, self.text = _split_for_bulk(converted)

    def write(self, store: ox.Store) -> None:
        """Bulk-write the text, then any blank-node triples (not transactional: the caller
        commits by its meta graph)."""
        if self.text:
            store.bulk_load(self.text, ox.RdfFormat.N_TRIPLES, to_graph=self.graph, lenient=True)
        _fault_point("mid-content")
        if self.other:
            quad, graph = ox.Quad, self.graph
            store.bulk_extend(quad(s, p, o, graph) for s, p, o in self.other)


_OBJECT_TYPES = frozenset({ox.NamedNode, ox.BlankNode, ox.Literal})


def _split_for_bulk(triples: Sequence[tuple[Any, Any, Any]]) -> tuple[list[tuple[Any, Any, Any]], bytes]:
    """The triples with a blank node (they go as Quads), and the others as N-Triples text.
    Every term is checked here (TypeError otherwise), so that a bad term fails before anything
    is written."""
    named, blank, literal = ox.NamedNode, ox.BlankNode, ox.Literal
    other: list[tuple[Any, Any, Any]] = []
    lines: list[str] = []
    append = lines.append
    iri_text: dict[ox.NamedNode, str] = {}  # IRIs repeat (subjects, predicates, classes): each written once
    for triple in triples:
        s, p, o = triple
        if p.__class__ is not named:
            raise TypeError(f"a predicate must be a pyoxigraph NamedNode: {p!r}")
        if s.__class__ is named:
            subject = iri_text.get(s)
            if subject is None:
                subject = iri_text[s] = str(s)
            predicate = iri_text.get(p)
            if predicate is None:
                predicate = iri_text[p] = str(p)
            if o.__class__ is literal:
                append(f"{subject} {predicate} {o} .\n")
                continue
            if o.__class__ is named:
                obj = iri_text.get(o)
                if obj is None:
                    obj = iri_text[o] = str(o)
                append(f"{subject} {predicate} {obj} .\n")
                continue
        if (s.__class__ is named or s.__class__ is blank) and o.__class__ in _OBJECT_TYPES:
            other.append(triple)
        else:
            raise TypeError(f"not a triple of pyoxigraph terms: {triple!r}")
    return other, "".join(lines).encode()


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
        try:
            term = sparql_term(value)
        except ValueError as exc:
            raise QueryError(f"parameter {name}: '{value}' is not a valid value: {exc}") from None
        sparql = pattern.sub(lambda _m, t=term: t, sparql)
    return sparql


@contextmanager
def _reading_results() -> Iterator[None]:
    """Results are computed lazily: a failure while reading them (a SERVICE call) is a QueryError too."""
    try:
        yield
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from exc


SERVICE_REFUSED = (
    "SERVICE (a query that calls another endpoint over the network) is refused; "
    f"pass --allow-service (sparql) or set {ALLOW_SERVICE_ENV}=1 to allow it"
)


class GraphStore:
    """A pyoxigraph Store: one named graph per source document, queried as their union."""

    # Class defaults too, for subclasses that open the pyoxigraph store themselves.
    read_only = False
    allow_service = False
    wait = DEFAULT_WAIT_SECONDS
    _dataset: dict[str, Any] | None = None
    _dirty = False
    _snapshot_lock: int | None = None
    snapshot_path: Path | None = None  # the published snapshot a read-only store reads

    def __init__(
        self,
        path: Path | None = None,
        *,
        wait: float | None = None,
        allow_service: bool | None = None,
        on_wait: Callable[[str], None] = _say_waiting,
    ) -> None:
        """Open the store; when another command is writing it, open a read-only snapshot instead.

        A read-only store turns writable at its first write, waiting up to `wait` seconds
        (default $SANCTIONGRAPH_WAIT or 600) for the other writer to finish.
        """
        self.path = path
        self.wait = _default_wait() if wait is None else wait
        self.allow_service = os.environ.get(ALLOW_SERVICE_ENV) == "1" if allow_service is None else allow_service
        self.read_only = False
        self._on_wait = on_wait
        self._dataset: dict[str, Any] | None = None
        self._dirty = False
        self._snapshot_lock: int | None = None
        self.snapshot_path: Path | None = None
        if path is None:
            self._store = ox.Store()
            return
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(path))
        except OSError as exc:
            if not _is_lock_error(exc):
                raise StoreError(f"cannot open the store at {path}: {exc}") from exc
            snapshot = self._open_snapshot(path)
            if snapshot is not None:
                self._store = snapshot
                return
            # Nothing published (a store written by an older version): rather than open the
            # writer's live files read-only (undefined behaviour), wait for the writer.
            self._wait_for_writer(" and has no published snapshot to read meanwhile")
            return
        self._opened_for_writing()

    def _opened_for_writing(self) -> None:
        """Tidy what a crash left, then publish the state for readers if it is not published yet."""
        assert self.path is not None
        self.drop_orphans()  # a crashed load's run graphs: nobody else can be writing them now
        if snapshots.needs_publish(self.path):
            self._publish()

    def _publish(self) -> None:
        assert self.path is not None
        try:
            snapshots.publish(self._store, self.path)
        except OSError as exc:
            raise StoreError(f"cannot publish a snapshot of the store at {self.path} for readers: {exc}") from exc
        self._dirty = False

    def _open_snapshot(self, path: Path) -> ox.Store | None:
        """The newest published snapshot of committed state, beside a writer; None if none exists.

        Readers never open the writer's own directory: pyoxigraph calls that undefined behaviour,
        and beside a writer recovering from a crash it grew to tens of GB (graph/snapshots.py).
        """
        for attempt in range(_READ_ONLY_ATTEMPTS):
            try:
                opened = snapshots.open_newest(path)
                break
            except (OSError, RuntimeError) as exc:
                if attempt == _READ_ONLY_ATTEMPTS - 1:
                    raise StoreError(f"cannot open a snapshot of the store at {path}: {exc}") from exc
                time.sleep(0.1)
        if opened is None:
            return None
        store, self._snapshot_lock, self.snapshot_path = opened
        self.read_only = True
        return store

    def __del__(self) -> None:
        with suppress(Exception):  # at interpreter exit modules may be gone; the OS releases it then
            snapshots.release(self._snapshot_lock)

    def _writable(self) -> ox.Store:
        """The store, reopened for writing if it was read-only: waits for the other writer.

        The first change after a publish marks the published snapshot stale (for a crash before
        the next publish); flush() publishes again.
        """
        if self.read_only:
            self._wait_for_writer()
        if not self._dirty and self.path is not None:
            snapshots.mark_dirty(self.path)
            self._dirty = True
        return self._store

    def _wait_for_writer(self, why: str = "") -> None:
        """Reopen for writing once the other writer has finished, up to `wait` seconds."""
        assert self.path is not None
        deadline = time.monotonic() + self.wait
        self._on_wait(
            f"the store at {self.path} is being written by another command{why}; "
            f"waiting up to {self.wait:g} s for it to finish (--wait or ${WAIT_ENV})"
        )
        while True:
            try:
                store = ox.Store(str(self.path))
                break
            except OSError as exc:
                if not _is_lock_error(exc):
                    raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"the store at {self.path} is still being written by another command after "
                        f"{self.wait:g} s; nothing was written (retry, or raise --wait)"
                    ) from None
                time.sleep(0.2)
        snapshots.release(self._snapshot_lock)
        self._store, self.read_only, self._dataset, self._snapshot_lock = store, False, None, None
        self.snapshot_path = None
        self._opened_for_writing()

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
        store = self._writable()
        written = 0
        added: list[ox.Quad] = []
        stale: dict[ox.NamedNode, list[ox.Quad]] = {}
        for name, triples in replacements.items():
            graph = ox.NamedNode(str(name))
            new = _quads(triples, graph)
            written += len(new)
            wanted = set(new)
            old = set(store.quads_for_pattern(None, None, None, graph))
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
                store.extend(added)
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
        store = self._writable()
        superseded = self.content_graphs_of(meta_graph)
        self.drop_orphans()
        _fault_point("before-content")
        self._bulk_then_commit(ox.NamedNode(str(content_graph)), content, meta_graph, meta, written="after-content")
        _fault_point("after-commit")
        for graph in superseded:
            if graph != content_graph:
                store.remove_graph(ox.NamedNode(str(graph)))
        _fault_point("after-drop")

    def write_derived(
        self,
        *,
        graph: URIRef,
        content: Iterable[tuple[Any, Any, Any]],
        meta_graph: URIRef,
        meta: Iterable[tuple[Any, Any, Any]],
    ) -> None:
        """Write a derived graph (a release change set) and the meta graph that names it, atomically.

        A new graph (neither it nor its meta graph is in the store) is bulk-written and then
        committed by writing its meta graph in one transaction, as write_document does: a
        change set of ten thousand triples costs about a third of a transaction's write. A
        graph the store holds already is replaced with its meta graph in one transaction.
        """
        node = ox.NamedNode(str(graph))
        store = self._writable()
        is_new = (
            DERIVED_MARK in node.value
            and not self.content_graphs_of(meta_graph)
            and next(iter(store.quads_for_pattern(None, None, None, node)), None) is None
        )
        if is_new:
            self._bulk_then_commit(node, content, meta_graph, meta, written=DERIVED_FAULT_POINT)
        else:
            self.replace_graphs({graph: content, meta_graph: meta})

    def _bulk_then_commit(
        self,
        graph: ox.NamedNode,
        content: Iterable[tuple[Any, Any, Any]],
        meta_graph: URIRef,
        meta: Iterable[tuple[Any, Any, Any]],
        *,
        written: str,
    ) -> None:
        """Bulk-write a graph nothing names yet, then commit it by replacing the meta graph that
        names it (one transaction); a failure before the commit removes the graph again.
        written: the fault point between the two, for the crash tests."""
        store = self._writable()
        try:
            BulkContent(content, graph).write(store)
            _fault_point(written)
            self.replace_graphs({meta_graph: meta})
        except BaseException:
            store.remove_graph(graph)
            raise

    def content_graphs_of(self, meta_graph: URIRef) -> list[URIRef]:
        """Content graphs a meta graph points at (kg:contentGraph)."""
        rows = self.select(f"SELECT ?g WHERE {{ GRAPH <{meta_graph}> {{ ?run <{_CONTENT_GRAPH}> ?g }} }}")
        return [URIRef(str(r["g"])) for r in rows]

    def drop_orphans(self) -> list[URIRef]:
        """Drop versioned content graphs and bulk-written derived graphs no meta graph points at
        (left by a crash mid-load)."""
        referenced = {str(r["g"]) for r in self.select(f"SELECT DISTINCT ?g WHERE {{ ?run <{_CONTENT_GRAPH}> ?g }}")}
        orphans = [g for g in self._store.named_graphs() if _committed_by_meta(g) and g.value not in referenced]
        for graph in orphans:
            self._writable().remove_graph(graph)
        return [URIRef(g.value) for g in orphans]

    def _update(self, sparql: str) -> None:
        if uses_service(sparql) and not self.allow_service:
            raise QueryError(SERVICE_REFUSED)
        store = self._writable()
        try:
            store.update(sparql)
        except (OSError, ValueError, SyntaxError) as exc:
            raise StoreError(f"writing to the store failed, nothing was changed: {exc}") from exc

    def drop_graphs(self, graphs: Iterable[URIRef]) -> None:
        """Remove named graphs in one transaction."""
        statements = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
        if statements:
            self._update(" ;\n".join(statements))

    def clear(self) -> None:
        """Remove everything."""
        self._writable().clear()

    def flush(self) -> None:
        """Make writes durable and publish them to readers (no-op for in-memory stores)."""
        if self.path is not None and not self.read_only:
            self._store.flush()
            if self._dirty:
                self._publish()

    # reading ---------------------------------------------------------------------------

    def select(self, sparql: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run a SELECT over the union of all graphs; rows map variable names to rdflib terms."""
        result = self._query(bind_parameters(sparql, params))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        with _reading_results():
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
        with _reading_results():
            triples = list(result)
        for triple in triples:
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return graph

    def query(self, sparql: str, params: dict[str, Any] | None = None) -> list[Row] | bool | Graph:
        """Run any query form and return rows, a boolean or a graph."""
        result = self._query(bind_parameters(sparql, params))
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            graph = Graph()
            with _reading_results():
                triples = list(result)
            for t in triples:
                graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
            return graph
        names = [v.value for v in result.variables]
        with _reading_results():
            return [{n: from_ox(solution[n]) for n in names} for solution in result]

    def _query(self, sparql: str) -> Any:
        if uses_service(sparql) and not self.allow_service:
            raise QueryError(SERVICE_REFUSED)
        try:
            return self._store.query(sparql, **self._visible_dataset())
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def _visible_dataset(self) -> dict[str, Any]:
        """Query options that show committed graphs only.

        A writable store has no uncommitted graphs outside write_document (opening drops what a
        crash left), so it queries the plain union. A read-only snapshot is published at commit
        points only; should one still hold a run no meta graph names, that run is left out.
        """
        if self._dataset is None:
            hidden = self.hidden_graphs()
            if not hidden:
                self._dataset = {"use_default_graph_as_union": True}
            else:
                shown = [ox.DefaultGraph()] + [
                    g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in hidden
                ]
                self._dataset = {"default_graph": shown, "named_graphs": shown[1:]}
        return self._dataset

    def hidden_graphs(self) -> set[str]:
        """Run graphs no meta graph names: being written, superseded, or left by a crash."""
        if not self.read_only:
            return set()
        referenced = {
            s["g"].value
            for s in self._store.query(
                f"SELECT DISTINCT ?g WHERE {{ GRAPH ?m {{ ?run <{_CONTENT_GRAPH}> ?g }} "
                f'FILTER(!CONTAINS(STR(?m), "{_VERSION_MARK}")) }}'
            )
        }
        return {g.value for g in self._store.named_graphs() if _committed_by_meta(g) and g.value not in referenced}

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def triples(self, graph: URIRef | None = None) -> Iterator[tuple[Any, Any, Any]]:
        """Triples of one named graph (or of all graphs), as rdflib terms."""
        graph_name = ox.NamedNode(str(graph)) if graph is not None else None
        for q in self.visible_quads(graph_name):
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)

    def visible_quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Quads of one graph or all, leaving out run graphs that are not committed (read-only)."""
        quads = self._store.quads_for_pattern(None, None, None, graph)
        hidden = self.hidden_graphs()
        if not hidden:
            return iter(quads)
        return (q for q in quads if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in hidden))

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
                ox.serialize(self.visible_quads(), out, fmt)
            else:
                triples = (ox.Triple(q.subject, q.predicate, q.object) for q in self.visible_quads())
                ox.serialize(triples, out, fmt)

    def rdflib_dataset(self) -> Dataset:
        """The store seen through rdflib (oxrdflib). Pass query text, not prepareQuery objects:
        prepared queries fall back to rdflib's slow engine."""
        from oxrdflib import OxigraphStore

        return Dataset(store=OxigraphStore(store=self._store), default_union=True)
