"""`sanctiongraph serve` beside `sanctiongraph load`, both as real processes, as a user runs them.

serve reads the newest published snapshot (sanctiongraph.web.reader): it must never hold the
store's write lock, and what a load publishes must show in its pages and in /sparql (answered by
its worker processes) without a restart.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sanctiongraph.errors import StoreError
from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.web.reader import SnapshotReader

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"
KG = "https://w3id.org/sanctiongraph/ontology#"


def _names(path: Path, column: str) -> set[str]:
    with path.open(encoding="utf-8") as handle:
        return {row[column] for row in csv.DictReader(handle)}


def _newcomer() -> str:
    """A firm of the 1260H excerpt that the 1237 list does not name (computed from the two files)."""
    only_1260h = _names(DEMO / "dod_1260h_excerpt.csv", "Clean Name") - _names(DEMO / "dod_section_1237.csv", "name")
    return sorted(only_1260h)[0]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "sanctiongraph", *args]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    store = GraphStore(path)
    ensure_reference(store)
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    store.flush()
    del store  # closes the store: the write lock is free again
    return path


@pytest.fixture
def served(store_path: Path, tmp_path: Path) -> Iterator[str]:
    """`sanctiongraph serve` in its own process on a free loopback port; stopped with Ctrl-C (SIGINT)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        _cli("serve", "--store", str(store_path), "--port", str(port), "--workers", "1"),
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # bounded: a loaded two-core machine may take a while to start Python
            if process.poll() is not None:
                pytest.fail(f"serve stopped at start: {(tmp_path / 'serve.log').read_text()}")
            try:
                httpx.get(url + "/", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _sparql_names(url: str, needle: str) -> list[str]:
    query = f'SELECT ?n WHERE {{ ?f <{KG}name> ?n FILTER(CONTAINS(?n, "{needle}")) }}'
    answer = httpx.post(url + "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                        timeout=120)  # fmt: skip
    assert answer.status_code == 200, answer.text
    return [b["n"]["value"] for b in answer.json()["results"]["bindings"]]


def _search_names(url: str, text: str) -> list[str]:
    return [h["name"] for h in httpx.get(url + "/search.json", params={"q": text}, timeout=120).json()["results"]]


def test_load_completes_while_serve_runs_and_shows_at_once(served: str, store_path: Path) -> None:
    newcomer = _newcomer()
    assert _sparql_names(served, newcomer) == [] and newcomer not in _search_names(served, newcomer)
    # --wait 0: had serve held the write lock, this load would fail at once instead of waiting.
    loaded = subprocess.run(
        _cli("load", "dod-1260h-csv", str(DEMO / "dod_1260h_excerpt.csv"), "--store", str(store_path), "--wait", "0"),
        capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert _sparql_names(served, newcomer) == [newcomer]  # the worker process reopened the newer snapshot
    assert newcomer in _search_names(served, newcomer)  # and so did the web app
    firm = httpx.get(served + "/firm.json", params={"iri": newcomer}, timeout=120).json()
    assert firm["subject"]["name"] == newcomer


def test_a_reader_follows_loads_and_never_writes(store_path: Path) -> None:
    reader = SnapshotReader(store_path)
    assert not reader.is_stale()
    writer = GraphStore(store_path)  # the reader holds no write lock: this opens for writing
    assert not writer.read_only
    load_paths(writer, "dod-1260h-csv", [DEMO / "dod_1260h_excerpt.csv"])
    writer.flush()
    newcomer = _newcomer()
    ask = f'ASK {{ ?f <{KG}name> "{newcomer}" }}'
    assert reader.is_stale() and not reader.ask(ask)  # the snapshot it holds is the state it opened
    assert reader.reopened().ask(ask)
    with pytest.raises(StoreError, match="never writes"):
        reader.clear()


def test_a_store_without_snapshots_is_published_once_then_read(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = GraphStore(path)
    ensure_reference(store)
    store.flush()
    del store
    for snapshot in (path / "snapshots").iterdir():  # as a store written before snapshots existed
        if snapshot.is_dir():
            shutil.rmtree(snapshot)
    reader = SnapshotReader(path)
    assert reader.read_only and reader.snapshot_path is not None and len(reader) > 0
    assert not GraphStore(path).read_only  # and the write lock was let go


def test_no_store_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        SnapshotReader(tmp_path / "missing")
