"""Crash safety and concurrency of the on-disk store: fault injection at every stage of a write.

A subprocess loads a document and kills itself (SIGKILL) at one stage of write_document; then a
reader must see exactly one committed run of the document, never a half-written or superseded one,
both beside a live writer (read-only snapshot) and after reopening (recovery).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

from sanctiongraph.errors import StoreError
from sanctiongraph.graph.store import DERIVED_FAULT_POINT, DERIVED_MARK, FAULT_ENV, FAULT_POINTS, GraphStore

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


@contextmanager
def _writer_elsewhere(path: Path, then: str = "pass") -> Iterator[None]:
    """Another process holding the store open for writing, as a running `load` does.

    The writer lives in its own process: two RocksDB handles on one path inside one process (a
    writer and a read-only snapshot) is what pyoxigraph calls undefined behaviour, and it sometimes
    grew the test process by gigabytes; readers beside a writer are always other processes in use.
    """
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import pyoxigraph as ox, sys; s = ox.Store({str(path)!r}); {then}; "
            "print('x', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "x"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)


_READER = """
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from sanctiongraph.graph.store import GraphStore
store = GraphStore(Path(sys.argv[1]))
assert store.read_only or sys.argv[3] == "any", "expected a read-only snapshot beside the writer"
print(json.dumps([int(store.select(q)[0]["n"]) for q in json.loads(sys.argv[2])]))
"""


def _read_elsewhere(path: Path, queries: list[str], *, beside_writer: bool = True) -> list[int]:
    """Counts a reader in another process sees (under a memory cap: see _READER); beside a
    writer it must have opened read-only."""
    import json

    result = subprocess.run(
        [sys.executable, "-c", _READER, str(path), json.dumps(queries), "beside" if beside_writer else "any"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


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
    with _writer_elsewhere(path):
        seen = _read_elsewhere(path, list(committed[1]))
    # The reader sees exactly the committed state: never a half-written or superseded run, and it
    # never fails (it reads a published snapshot, not the files of the writer beside it).
    assert seen == [committed[1][q] for q in committed[1]]
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
    import pyoxigraph as ox

    live = ox.Store.read_only(str(path))  # nobody writes it now: the crash's leftover run, by name
    runs = {g.value for g in live.named_graphs() if isinstance(g, ox.NamedNode) and "/run/" in g.value}
    del live
    with _writer_elsewhere(path):
        reader = GraphStore(path)
        assert reader.read_only
        out = tmp_path / "dump.nq"
        reader.dump(out, "nquads")
        dumped = out.read_text(encoding="utf-8")
        del reader
    shown = {g for g in runs if f"<{g}>" in dumped}
    assert len(runs) == committed[1][RUN_GRAPHS] + 1 and len(shown) == committed[1][RUN_GRAPHS]


def test_a_second_writer_waits_and_gives_up_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "store"
    GraphStore(path)
    messages: list[str] = []
    with _writer_elsewhere(path):  # another command holding the write lock
        store = GraphStore(path, wait=0.5, on_wait=messages.append)
        assert store.read_only
        with pytest.raises(StoreError, match="still being written"):
            store.drop_graphs(["https://example.org/g"])  # type: ignore[list-item]
    assert messages and "waiting up to 0.5 s" in messages[0]
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
    with _writer_elsewhere(path):
        result = _load(path, wait="0.3")
    assert result.returncode == 1
    assert "still being written" in result.stderr and "Traceback" not in result.stderr


UNPUBLISHED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://example.org/unpublished> { ?s ?p ?o } }"


def test_a_reader_beside_a_writer_reads_the_published_snapshot_not_the_writers_files(
    committed: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """The writer's own files are never opened read-only (pyoxigraph: undefined behaviour; seen
    growing to tens of GB beside a recovering writer): a change it has not published is unseen."""
    path = _copy(committed[0], tmp_path / "store")
    write = (
        "s.add(ox.Quad(ox.NamedNode('https://example.org/a'), ox.NamedNode('https://example.org/p'), "
        "ox.Literal('x'), ox.NamedNode('https://example.org/unpublished')))"
    )
    with _writer_elsewhere(path, then=write):
        seen = _read_elsewhere(path, [UNPUBLISHED, *committed[1]])
    assert seen == [0, *committed[1].values()]
    assert _count(GraphStore(path), UNPUBLISHED) == 1  # the change was made, and is seen once published


_RECOVERING_WRITER = """
import sys
from pathlib import Path
from sanctiongraph.graph.store import GraphStore
store = GraphStore(Path(sys.argv[1]))
store._writable()  # a reader may have held the lock a moment: wait for it, then recover
print('x', flush=True)
sys.stdin.read()
"""


@pytest.mark.parametrize("stage", ["after-content", "after-commit"])
def test_readers_beside_a_writer_recovering_from_a_crash_see_the_committed_state(
    stage: str, committed: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """Readers started while the next writer recovers the crashed store (RocksDB recovery, then
    dropping the crash's leftover run) each see the committed state, within a 3 GB memory cap."""
    path = _copy(committed[0], tmp_path / "store")
    assert _load(path, fault=stage).returncode == -9
    writer = subprocess.Popen(
        [sys.executable, "-c", _RECOVERING_WRITER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        # These may start before the writer holds the lock: then they recover the store themselves.
        seen = [_read_elsewhere(path, list(committed[1]), beside_writer=False) for _ in range(3)]
        assert writer.stdout is not None and writer.stdout.readline().strip() == "x"
        seen.append(_read_elsewhere(path, list(committed[1])))  # beside the recovered writer
    finally:
        assert writer.stdin is not None
        writer.stdin.close()
        writer.wait(timeout=60)
    assert seen == [list(committed[1].values())] * len(seen)


_LOAD_RELEASE = """
import datetime as dt, sys
from pathlib import Path
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders.ofac_sdn_csv import OfacSdnCsvLoader
OfacSdnCsvLoader.expected_records = (1, None)  # the fixtures are a few records
day = dt.date.fromisoformat(sys.argv[3])
load_paths(GraphStore(Path(sys.argv[1])), "ofac-sdn-csv", [Path(sys.argv[2])], published=day)
"""
OFAC = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"
RELEASES = [(OFAC / "sdn_2019", "2019-01-01"), (OFAC / "sdn_2020", "2020-01-01")]


def _load_release(store: Path, folder: Path, day: str, fault: str | None = None) -> int:
    env = {k: v for k, v in os.environ.items() if k != FAULT_ENV}
    if fault:
        env[FAULT_ENV] = fault
    command = [sys.executable, "-c", _LOAD_RELEASE, str(store), str(folder), day]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode in (0, -9), result.stderr[-2000:]
    return result.returncode


def _change_graphs(store: GraphStore) -> dict[str, set[tuple[str, str, str]]]:
    """Each change set graph with its triples (as text, so two stores compare)."""
    return {
        g.value: {
            (str(q.subject), str(q.predicate), str(q.object))
            for q in store.oxigraph.quads_for_pattern(None, None, None, g)
        }
        for g in store.oxigraph.named_graphs()
        if isinstance(g, ox.NamedNode) and DERIVED_MARK in g.value
    }


def test_a_crash_while_writing_a_change_set_leaves_none_and_a_reload_writes_it(tmp_path: Path) -> None:
    """The change set of a second release is bulk-written before its meta graph commits it: a
    crash between the two leaves a graph nothing names, which the next writer drops."""
    expected_path = tmp_path / "expected"
    for folder, day in RELEASES:
        assert _load_release(expected_path, folder, day) == 0
    expected = _change_graphs(GraphStore(expected_path))
    assert len(expected) == 1 and next(iter(expected.values()))  # a change set with changes in it

    path = tmp_path / "store"
    assert _load_release(path, *RELEASES[0]) == 0
    assert _load_release(path, *RELEASES[1], fault=DERIVED_FAULT_POINT) == -9  # died at that stage
    recovered = GraphStore(path)
    assert _change_graphs(recovered) == {}
    assert not recovered.select(CHANGE_SETS)
    del recovered
    assert _load_release(path, *RELEASES[1]) == 0
    assert _change_graphs(GraphStore(path)) == expected


CHANGE_SETS = """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
SELECT ?g WHERE { ?run kg:loaderName "release-diff" ; kg:contentGraph ?g }"""
