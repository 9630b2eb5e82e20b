"""SPARQL evaluation with a time limit and a result cap, written by pyoxigraph's serialisers.

Used by `sanctiongraph sparql` and by the /sparql endpoint of `sanctiongraph serve`.

pyoxigraph has no query timeout, so the limit is enforced where results flow: results are first
written as TSV (or N-Triples for graphs) into a guard that checks the deadline and counts rows
on every write, and stops the evaluation by raising once either limit is passed. TSV and
N-Triples carry every term losslessly, so the capped rows are parsed back and written in the
format asked for by pyoxigraph itself (W3C JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD,
RDF/XML). A query that computes for a long time before its first row (a big aggregate) cannot
be interrupted this way; the server runs queries in a small pool of worker processes
(sanctiongraph.web.workers) and kills the one still busy at the deadline.
"""

from __future__ import annotations

import io
import re
import threading
import time
from dataclasses import dataclass

import pyoxigraph as ox

from sanctiongraph.errors import QueryError
from sanctiongraph.graph.store import SERVICE_REFUSED, uses_service

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
# What a results format name means for a CONSTRUCT/DESCRIBE (so `--format json` always works).
GRAPH_FOR_RESULTS = {"json": "jsonld", "xml": "rdfxml", "csv": "ntriples", "tsv": "ntriples"}
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Limits:
    """Per-query limits: seconds of evaluation and rows (or triples) returned."""

    timeout: float = 30.0
    max_results: int = 10_000


@dataclass
class Answer:
    """A serialised answer: bytes, their media type, and whether the cap cut the results."""

    body: bytes
    media_type: str
    kind: str  # select, ask, graph
    truncated: bool = False
    rows: int = 0


class QueryTimeout(QueryError):
    """The query ran past its time limit."""


class _Stop(Exception):
    pass


class _Guard(io.RawIOBase):
    """A sink that counts lines and checks the clock on every write; raises to stop evaluation."""

    def __init__(self, deadline: float, max_lines: int, cancel: threading.Event | None) -> None:
        self.parts: list[bytes] = []
        self.lines = 0
        self.deadline = deadline
        self.max_lines = max_lines
        self.cancel = cancel
        self.truncated = False
        self.timed_out = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        data = bytes(data)
        if time.monotonic() > self.deadline or (self.cancel is not None and self.cancel.is_set()):
            self.timed_out = True
            raise _Stop
        room = self.max_lines - self.lines
        count = data.count(b"\n")
        if count >= room:
            cut = 0
            for _ in range(room):
                cut = data.index(b"\n", cut) + 1
            self.parts.append(data[:cut])
            self.lines = self.max_lines
            self.truncated = True
            raise _Stop
        self.parts.append(data)
        self.lines += count
        return len(data)

    def value(self) -> bytes:
        return b"".join(self.parts)


def is_update(text: str) -> bool:
    """SPARQL Update (INSERT, DELETE, LOAD, ...), which a read-only endpoint refuses."""
    stripped = re.sub(r"#[^\n]*", "", text)
    return bool(_UPDATE.match(stripped))


def evaluate(
    store: ox.Store,
    text: str,
    fmt: str = "json",
    *,
    limits: Limits | None = None,
    cancel: threading.Event | None = None,
    allow_service: bool = False,
) -> Answer:
    """Run one read-only query over the union of all graphs and serialise the answer.

    fmt is a results format (json, xml, csv, tsv) or a graph format (turtle, ntriples, jsonld,
    rdfxml); a results format asked of a CONSTRUCT gets its graph twin (json -> JSON-LD).
    SERVICE (an outbound request) is refused unless allow_service, as GraphStore refuses it.
    """
    if is_update(text):
        raise QueryError("SPARQL Update is refused: this endpoint is read-only")
    if not allow_service and uses_service(text):
        raise QueryError(SERVICE_REFUSED)
    limits = limits or Limits()
    if cancel is not None and cancel.is_set():  # gave up on while it waited for a worker
        raise QueryTimeout("the query waited past its time limit")
    deadline = time.monotonic() + limits.timeout
    try:
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from exc
    if isinstance(result, ox.QueryBoolean):
        results_format = RESULT_FORMATS.get(fmt, ox.QueryResultsFormat.JSON)
        return Answer(result.serialize(format=results_format), results_format.media_type, "ask", rows=1)
    if isinstance(result, ox.QueryTriples):
        graph_format = GRAPH_FORMATS[GRAPH_FOR_RESULTS.get(fmt, fmt) if fmt not in GRAPH_FORMATS else fmt]
        guard = _run(result, ox.RdfFormat.N_TRIPLES, deadline, limits.max_results, cancel, limits)
        triples = list(ox.parse(guard.value(), ox.RdfFormat.N_TRIPLES))
        body = ox.serialize(triples, format=graph_format) or b""
        return Answer(body, graph_format.media_type, "graph", guard.truncated, len(triples))
    results_format = RESULT_FORMATS.get(fmt)
    if results_format is None:
        raise QueryError(f"a SELECT answers in {', '.join(RESULT_FORMATS)}, not {fmt}")
    guard = _run(result, ox.QueryResultsFormat.TSV, deadline, limits.max_results + 1, cancel, limits)
    tsv = guard.value()
    if not tsv.endswith(b"\n"):
        tsv += b"\n"
    solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    return Answer(
        solutions.serialize(format=results_format), results_format.media_type, "select", guard.truncated,
        max(0, guard.lines - 1),
    )  # fmt: skip


def _run(result: object, fmt: object, deadline: float, max_lines: int, cancel, limits: Limits) -> _Guard:
    guard = _Guard(deadline, max_lines, cancel)
    writer = io.BufferedWriter(guard, buffer_size=1 << 14)
    try:
        result.serialize(writer, format=fmt)  # type: ignore[attr-defined]
        writer.flush()
    except (_Stop, OSError, ValueError) as exc:
        if guard.timed_out:
            raise QueryTimeout(f"the query ran past its time limit of {limits.timeout:g} s") from None
        if not guard.truncated:
            raise QueryError(f"query failed: {exc}") from exc
    return guard
