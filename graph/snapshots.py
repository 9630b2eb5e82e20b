"""Published snapshots of the store, so that readers beside a writer never open the writer's files.

pyoxigraph calls a read-only open of a directory another process writes undefined behaviour, and
beside a writer recovering from a crash it was seen to grow to tens of GB. So the process that
holds the store's write lock publishes RocksDB checkpoints (`Store.backup`: hard links, cheap on
one file system) of committed states under `<store>/snapshots/<n>`, and a reader that finds the
store locked opens the newest one read-only: a directory no process writes. A reader holds a
shared lock on its snapshot so the publisher prunes only snapshots nobody reads.
"""

from __future__ import annotations

import fcntl  # POSIX file locks (shared for readers): the stdlib has them, filelock has no shared mode
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

SNAPSHOTS_DIR = "snapshots"
_READERS_LOCK = "READERS.lock"  # RocksDB ignores files whose names it does not know
_DIRTY = "DIRTY"  # written before the first change after a publish: the newest snapshot is stale


def _folder(store_path: Path) -> Path:
    return store_path / SNAPSHOTS_DIR


def _published(store_path: Path) -> list[Path]:
    """Published snapshots, oldest first (names are increasing numbers; temporary ones are not)."""
    folder = _folder(store_path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.name.isdigit() and p.is_dir()]
    return sorted(found, key=lambda p: int(p.name))


def newest(store_path: Path) -> Path | None:
    """The newest published snapshot's folder, or None: a long-lived reader compares it with the
    one it holds to learn, with one directory listing, that a load has published a newer state."""
    published = _published(store_path)
    return published[-1] if published else None


def needs_publish(store_path: Path) -> bool:
    """Whether the newest snapshot is missing or older than the store (a change since, or a crash)."""
    return not _published(store_path) or (_folder(store_path) / _DIRTY).exists()


def mark_dirty(store_path: Path) -> None:
    """Record, before a change, that the newest snapshot will no longer be the store's state."""
    folder = _folder(store_path)
    folder.mkdir(exist_ok=True)
    (folder / _DIRTY).touch()


def publish(store: ox.Store, store_path: Path) -> Path:
    """Checkpoint the store's current state as the newest snapshot; prune unread older ones.

    Only the holder of the write lock calls this, so numbering cannot race. The checkpoint is
    written under a temporary name and renamed: readers never see a half-written snapshot.
    """
    folder = _folder(store_path)
    folder.mkdir(exist_ok=True)
    older = _published(store_path)
    for leftover in folder.glob("tmp-*"):  # a publisher that crashed mid-checkpoint
        shutil.rmtree(leftover, ignore_errors=True)
    number = int(older[-1].name) + 1 if older else 1
    staging = folder / f"tmp-{os.getpid()}-{number}"
    store.backup(str(staging))
    (staging / _READERS_LOCK).touch()
    target = folder / f"{number:09d}"
    staging.rename(target)
    (folder / _DIRTY).unlink(missing_ok=True)  # only this process writes: nothing changed meanwhile
    for snapshot in older:
        _remove_if_unread(snapshot)
    return target


def _remove_if_unread(snapshot: Path) -> None:
    try:
        fd = os.open(snapshot / _READERS_LOCK, os.O_RDONLY)
    except OSError:
        shutil.rmtree(snapshot, ignore_errors=True)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)  # a reader has it open: the next publish tries again
        return
    try:
        shutil.rmtree(snapshot, ignore_errors=True)
    finally:
        os.close(fd)


def open_newest(store_path: Path) -> tuple[ox.Store, int, Path] | None:
    """The newest published snapshot opened read-only, with the shared lock that keeps it; None if
    there is none. A snapshot pruned between listing and locking is passed over for the next one."""
    for _ in range(20):
        published = _published(store_path)
        if not published:
            return None
        newest = published[-1]
        try:
            fd = os.open(newest / _READERS_LOCK, os.O_RDONLY)
        except OSError:
            continue
        fcntl.flock(fd, fcntl.LOCK_SH)
        if not (newest / _READERS_LOCK).exists():  # pruned while we waited for the lock
            os.close(fd)
            continue
        try:
            return ox.Store.read_only(str(newest)), fd, newest
        except OSError:
            os.close(fd)
            raise
    return None


def release(fd: int | None) -> None:
    """Let the publisher prune the snapshot this reader held."""
    if fd is not None:
        os.close(fd)
