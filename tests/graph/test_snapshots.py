"""Published snapshots: readers beside a writer read the newest one; a snapshot in use is kept."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from sanctiongraph.graph import snapshots

G = ox.NamedNode("https://example.org/g")


def _quad(value: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal(value), G)


def _values(store: ox.Store) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(None, None, None, G)}


def test_the_newest_snapshot_holds_the_state_at_its_publish(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = ox.Store(str(path))
    assert snapshots.needs_publish(path) and snapshots.open_newest(path) is None
    store.add(_quad("one"))
    snapshots.publish(store, path)
    assert not snapshots.needs_publish(path)
    snapshots.mark_dirty(path)
    store.add(_quad("two"))  # not published yet
    assert snapshots.needs_publish(path)
    opened = snapshots.open_newest(path)
    assert opened is not None
    reader, lock, _ = opened
    assert _values(reader) == {"one"}
    snapshots.release(lock)


def test_a_snapshot_a_reader_holds_is_kept_and_pruned_once_released(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = ox.Store(str(path))
    first = snapshots.publish(store, path)
    opened = snapshots.open_newest(path)
    assert opened is not None and opened[2] == first
    store.add(_quad("two"))
    second = snapshots.publish(store, path)
    assert first.is_dir()  # in use: kept
    snapshots.release(opened[1])
    third = snapshots.publish(store, path)
    assert not first.exists() and not second.exists() and third.is_dir()
    assert sorted(p.name for p in (path / snapshots.SNAPSHOTS_DIR).iterdir()) == [third.name]
