"""Crash safety and concurrency of the on-disk store: fault injection at every stage of a write.

A subprocess loads a document and kills itself (SIGKILL) at one stage of write_document; then a
reader must see exactly one committed run of the document, never a half-written or superseded one,
both beside a live writer (read-only snapshot) and after reopening (recovery).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from sanctiongraph.errors import StoreError
from sanctiongraph.graph.store import FAULT_ENV, FAULT_POINTS, GraphStore

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dod" / "small_1237.csv"
RUN_TRIPLES = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), "/run/")) }"""
RUN_GRAPHS = """SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), "/run/")) }"""
UNION = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


def _load(store: Path, fault: str | None = None, wait: str = "600") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SANCTIONGRAPH_STORE": str(store), "SANCTIONGRAPH_WAIT": wait}
    env.pop(FAULT_ENV, None)
    if fault:
        env[FAULT_ENV] = fault
    return subprocess.run(
        [sys.executable, "-m", "sanctiongraph", "load", "dod-1237-csv", str(FIXTURE)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _count(store: GraphStore, query: str) -> int:
    return int(store.select(query)[0]["n"])


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A store holding one committed load of the fixture, and what a reader counts in it."""
    path = tmp_path_factory.mktemp("committed") / "store"
    assert _load(path).returncode == 0
    store = GraphStore(path)
    counts = {q: _count(store, q) for q in (RUN_TRIPLES, RUN_GRAPHS)}
    del store
    return path, counts


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


@pytest.mark.parametrize("stage", FAULT_POINTS)
def test_a_crash_at_any_stage_shows_readers_one_committed_run(
    stage: str, committed: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    path = _copy(committed[0], tmp_path / "store")
    result = _load(path, fault=stage)
    assert result.returncode == -9, result.stderr  # the process really died at that stage
    # A reader beside a live writer: the writer holds the lock, the reader gets a read-only snapshot.
    writer = ox.Store(str(path))
    reader = GraphStore(path)
    assert reader.read_only
    assert {q: _count(reader, q) for q in committed[1]} == committed[1]
    del reader, writer
    # The next writable open tidies up what the crash left: the store holds one run again.
    recovered = GraphStore(path)
    assert not recovered.read_only
    assert {q: _count(recovered, q) for q in committed[1]} == committed[1]
    runs = {
        q.graph_name for q in recovered.oxigraph.quads_for_pattern(None, None, None) if "/run/" in str(q.graph_name)
    }
    assert len(runs) == committed[1][RUN_GRAPHS]  # nothing left over, not only hidden


def test_reader_snapshot_dump_and_projection_leave_out_uncommitted_runs(
    committed: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    path = _copy(committed[0], tmp_path / "store")
    assert _load(path, fault="after-content").returncode == -9
    writer = ox.Store(str(path))
    reader = GraphStore(path)
    assert len(reader.hidden_graphs()) == 1
    out = tmp_path / "dump.nq"
    reader.dump(out, "nquads")
    assert next(iter(reader.hidden_graphs())) not in out.read_text(encoding="utf-8")
    del writer


def test_a_second_writer_waits_and_gives_up_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "store"
    GraphStore(path)
    holder = ox.Store(str(path))  # another command holding the write lock
    messages: list[str] = []
    store = GraphStore(path, wait=0.5, on_wait=messages.append)
    assert store.read_only
    with pytest.raises(StoreError, match="still being written"):
        store.drop_graphs(["https://example.org/g"])  # type: ignore[list-item]
    assert messages and "waiting up to 0.5 s" in messages[0]
    del holder
    store.drop_graphs(["https://example.org/g"])  # type: ignore[list-item]
    assert not store.read_only


def test_load_waits_for_a_running_load_then_succeeds(tmp_path: Path) -> None:
    path = tmp_path / "store"
    GraphStore(path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import pyoxigraph as ox, time; s = ox.Store({str(path)!r}); print('x', flush=True); time.sleep(3)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "x"
    result = _load(path, wait="60")
    holder.wait()
    assert result.returncode == 0, result.stderr
    assert "being written by another command" in result.stderr


def test_load_gives_up_after_wait_seconds(tmp_path: Path) -> None:
    path = tmp_path / "store"
    GraphStore(path)
    holder = ox.Store(str(path))
    result = _load(path, wait="0.3")
    assert result.returncode == 1
    assert "still being written" in result.stderr and "Traceback" not in result.stderr
    del holder
