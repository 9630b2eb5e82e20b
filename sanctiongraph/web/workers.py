"""SPARQL queries of the endpoint run in a small pool of worker processes, killed at their deadline.

pyoxigraph cannot interrupt a query that computes before its first row (a big ORDER BY over a
cross product, an aggregate): the row guard of sanctiongraph.web.sparql never gets a chance to
stop it, and a thread cannot be killed. A process can. pebble's ProcessPool (a well-kept
library) schedules each query with a timeout, terminates the worker that runs past it and starts
a new one, so a runaway query costs one worker for `timeout` seconds and its memory is given
back when the worker dies.

Each worker opens the store itself: an on-disk store as every reader does beside a writer (the
newest published snapshot, sanctiongraph.web.reader), an in-memory store from an N-Quads copy
made when the pool starts. Before each query a worker lists the snapshots folder and opens the
newest one if a load has published it since, so queries see loads made while the server runs.
Workers are started with "spawn", not fork: the server has threads (uvicorn, RocksDB) that a fork
would copy in an unknown state.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.web.reader import SnapshotReader
from sanctiongraph.web.sparql import Answer, Limits, QueryTimeout, evaluate

_GRACE = 1.0  # seconds past the limit before the worker is killed (a streaming query stops itself first)
_store: ox.Store | None = None  # the worker's own store (set by _open in each worker process)
_graph: SnapshotReader | None = None  # keeps the worker's snapshot (and its shared lock) open
_allow_service = False


@dataclass(frozen=True)
class _Source:
    """What a worker opens: a store folder, or the N-Quads of an in-memory store."""

    path: str | None = None
    nquads: bytes | None = None
    allow_service: bool = False


def _open(source: _Source) -> None:
    """Worker initializer: open the store once for every query this worker will run."""
    global _store, _graph, _allow_service
    _allow_service = source.allow_service
    if source.path is not None:
        # The newest published snapshot (graph/snapshots.py), never the store's live files.
        _graph = SnapshotReader(Path(source.path), allow_service=source.allow_service)
        _store = _graph.oxigraph
        return
    _store = ox.Store()
    if source.nquads:
        _store.load(source.nquads, format=ox.RdfFormat.N_QUADS)


def _evaluate(text: str, fmt: str, limits: Limits) -> Answer:
    global _store, _graph
    if _graph is not None and _graph.is_stale():  # a load published since: read its state
        _graph = _graph.reopened()  # the old snapshot's lock goes with the last reference to it
        _store = _graph.oxigraph
    assert _store is not None, "the worker's store was not opened"
    return evaluate(_store, text, fmt, limits=limits, allow_service=_allow_service)


class QueryPool:
    """A bounded pool of SPARQL worker processes; `run` answers or raises QueryTimeout."""

    def __init__(self, store: GraphStore, workers: int) -> None:
        from pebble import ProcessPool

        if store.path is not None:
            source = _Source(path=str(store.path), allow_service=store.allow_service)
        else:
            nquads = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS) or b""
            source = _Source(nquads=nquads, allow_service=store.allow_service)
        self._pool = ProcessPool(
            max_workers=max(1, workers),
            initializer=_open,
            initargs=(source,),
            context=multiprocessing.get_context("spawn"),
        )

    async def run(self, text: str, fmt: str, limits: Limits) -> Answer:
        """Evaluate in a worker; a worker still busy at the limit (plus a grace second) is killed."""
        future = self._pool.schedule(_evaluate, args=(text, fmt, limits), timeout=limits.timeout + _GRACE)
        try:
            return await asyncio.wrap_future(future)
        except FutureTimeout:
            raise QueryTimeout(
                f"the query ran past its time limit of {limits.timeout:g} s; its worker process was stopped"
            ) from None

    def close(self) -> None:
        """Stop every worker (running queries are abandoned)."""
        self._pool.stop()
        self._pool.join(timeout=10)
