"""The store as `serve` reads it: the newest published snapshot, never the write lock.

A server runs for hours; had it opened the store for writing, every `load` in another terminal
would wait for it to stop. It opens the newest snapshot read-only instead (graph/snapshots.py),
as every reader beside a writer does, and before each request asks with one directory listing
whether a load has published a newer one: if so it opens that one, and the old snapshot is let
go (its shared lock released, so the publisher may prune it) once the last request using it ends.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from sanctiongraph.errors import StoreError
from sanctiongraph.graph import snapshots
from sanctiongraph.graph.store import GraphStore


class SnapshotReader(GraphStore):
    """A GraphStore over the newest published snapshot of an on-disk store; it never writes."""

    def __init__(self, path: Path, *, allow_service: bool | None = None) -> None:
        """Open the newest snapshot; a store with none yet is opened for writing once to publish one."""
        self._snapshot_lock = None  # set first: __del__ releases it even if opening fails
        if not path.is_dir():
            raise StoreError(f"no store at {path}: load something first (sanctiongraph load ...)")
        super().__init__(None, allow_service=allow_service)  # an empty in-memory store, replaced below
        self.path = path
        if snapshots.newest(path) is None:
            # A store written before snapshots existed, or never opened since: the writable open
            # publishes its state (or, beside a writer, waits for it) and is closed at once.
            GraphStore(path)
        store = self._open_snapshot(path)
        if store is None:
            raise StoreError(f"the store at {path} has no published snapshot to read")
        self._store: ox.Store = store

    def is_stale(self) -> bool:
        """Whether a load has published a newer snapshot since this one was opened."""
        assert self.path is not None
        newest = snapshots.newest(self.path)
        return newest is not None and newest != self.snapshot_path

    def reopened(self) -> SnapshotReader:
        """A reader of the newest snapshot (this one keeps its own until it is dropped)."""
        assert self.path is not None
        return SnapshotReader(self.path, allow_service=self.allow_service)

    def _writable(self) -> ox.Store:
        raise StoreError(f"the explorer reads a snapshot of the store at {self.path} and never writes it")

    def flush(self) -> None:
        """Nothing to flush: a reader writes nothing."""


def fresh(store: GraphStore) -> GraphStore:
    """The store itself, or a reader of the newer snapshot a load has published since it opened."""
    if isinstance(store, SnapshotReader) and store.is_stale():
        return store.reopened()
    return store
