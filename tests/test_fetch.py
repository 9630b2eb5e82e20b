"""Tests of `sanctiongraph fetch` against a local HTTP server (no outside network)."""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from typer.testing import CliRunner

from sanctiongraph.cli.main import app
from sanctiongraph.errors import ConfigError, FetchError, NotFoundError
from sanctiongraph.fetch import SOURCES, RetryPolicy, fetch_file, fetch_source, read_sidecar, sidecar_path
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders import all_loaders
from sanctiongraph.ontology import KG

FAST = RetryPolicy(attempts=3, backoff=0.001, timeout=5)


@dataclass
class Route:
    """What the test server answers on one path."""

    body: bytes
    etag: str = '"v1"'
    failures: int = 0  # answer 503 this many times first
    truncate: bool = False  # promise more bytes than sent, then hang up
    status: int = 200


@dataclass
class Served:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]


def _handler(served: Served) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.requests.append((self.path, dict(self.headers)))
            route = served.routes.get(self.path)
            if route is None or route.status == 404:
                self.send_error(404)
                return
            if route.failures > 0:
                route.failures -= 1
                self.send_error(503)
                return
            if self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", route.etag)
            self.send_header("Last-Modified", "Tue, 21 Nov 2023 10:00:00 GMT")
            self.send_header("Content-Length", str(len(route.body) + (100 if route.truncate else 0)))
            self.end_headers()
            self.wfile.write(route.body)
            if route.truncate:
                self.close_connection = True

        def log_message(self, *args: object) -> None:  # keep pytest output quiet
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[Served]:
    served = Served("", {})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    served.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield served
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def no_partial_files(folder: Path) -> bool:
    return not list(folder.glob(".*.part"))


# caching ---------------------------------------------------------------------------------


def test_download_writes_file_and_sidecar(server: Served, tmp_path: Path) -> None:
    server.routes["/dpl.txt"] = Route(b"hello list\n")
    result = fetch_file(server.url("/dpl.txt"), tmp_path / "dpl.txt", retry=FAST)
    assert result.status == "downloaded"
    assert (tmp_path / "dpl.txt").read_bytes() == b"hello list\n"
    meta = read_sidecar(tmp_path / "dpl.txt")
    assert meta["url"] == server.url("/dpl.txt")
    assert meta["sha256"] == hashlib.sha256(b"hello list\n").hexdigest() == result.sha256
    assert meta["etag"] == '"v1"'
    assert meta["last_modified"] == "Tue, 21 Nov 2023 10:00:00 GMT"
    assert dt.datetime.fromisoformat(meta["retrieved_at"]).tzinfo is not None


def test_unchanged_file_is_kept_on_304(server: Served, tmp_path: Path) -> None:
    server.routes["/dpl.txt"] = Route(b"first\n")
    target = tmp_path / "dpl.txt"
    fetch_file(server.url("/dpl.txt"), target, retry=FAST)
    before = read_sidecar(target)
    result = fetch_file(server.url("/dpl.txt"), target, retry=FAST)
    assert result.status == "not modified"
    assert server.hits("/dpl.txt")[1]["If-None-Match"] == '"v1"'
    assert server.hits("/dpl.txt")[1]["If-Modified-Since"] == "Tue, 21 Nov 2023 10:00:00 GMT"
    assert target.read_bytes() == b"first\n"
    assert read_sidecar(target) == before


def test_changed_file_is_downloaded_again(server: Served, tmp_path: Path) -> None:
    server.routes["/dpl.txt"] = Route(b"first\n")
    target = tmp_path / "dpl.txt"
    fetch_file(server.url("/dpl.txt"), target, retry=FAST)
    server.routes["/dpl.txt"] = Route(b"second\n", etag='"v2"')
    result = fetch_file(server.url("/dpl.txt"), target, retry=FAST)
    assert result.status == "downloaded"
    assert target.read_bytes() == b"second\n"
    assert read_sidecar(target)["etag"] == '"v2"'


# failures --------------------------------------------------------------------------------


def test_retries_after_503(server: Served, tmp_path: Path) -> None:
    server.routes["/x"] = Route(b"ok\n", failures=2)
    result = fetch_file(server.url("/x"), tmp_path / "x", retry=FAST)
    assert result.status == "downloaded"
    assert len(server.hits("/x")) == 3


def test_gives_up_after_bounded_attempts(server: Served, tmp_path: Path) -> None:
    server.routes["/x"] = Route(b"never\n", failures=99)
    with pytest.raises(FetchError, match="gave up after 3 attempts"):
        fetch_file(server.url("/x"), tmp_path / "x", retry=FAST)
    assert len(server.hits("/x")) == 3
    assert not (tmp_path / "x").exists() and no_partial_files(tmp_path)


def test_client_error_is_not_retried(server: Served, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_file(server.url("/missing"), tmp_path / "x", retry=FAST)
    assert len(server.hits("/missing")) == 1


def test_cut_off_download_leaves_the_cached_file_alone(server: Served, tmp_path: Path) -> None:
    target = tmp_path / "dpl.txt"
    server.routes["/dpl.txt"] = Route(b"good old copy\n")
    fetch_file(server.url("/dpl.txt"), target, retry=FAST)
    server.routes["/dpl.txt"] = Route(b"half of a new", etag='"v2"', truncate=True)
    with pytest.raises(FetchError, match="gave up"):
        fetch_file(server.url("/dpl.txt"), target, retry=FAST)
    assert len(server.hits("/dpl.txt")) == 1 + FAST.attempts  # a cut-off transfer is retried
    assert target.read_bytes() == b"good old copy\n"
    assert read_sidecar(target)["etag"] == '"v1"'
    assert no_partial_files(tmp_path)


def test_refused_connection_is_retried_then_reported(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="gave up after 2 attempts"):
        fetch_file("http://127.0.0.1:9/x", tmp_path / "x", retry=RetryPolicy(attempts=2, backoff=0.001, timeout=2))


# sources and options ---------------------------------------------------------------------


def test_url_override_and_progress(server: Served, tmp_path: Path) -> None:
    server.routes["/mirror/dpl.txt"] = Route(b"a" * 200_000)
    seen: list[tuple[int, int | None]] = []
    results = fetch_source(
        "bis-dpl",
        tmp_path,
        url=server.url("/mirror/dpl.txt"),
        retry=FAST,
        progress=lambda label: lambda done, total: seen.append((done, total)),
    )
    assert [r.path for r in results] == [tmp_path / "dpl.txt"]
    assert seen[-1] == (200_000, 200_000)


def test_url_override_needs_a_single_file_source(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        fetch_source("ofac-sdn-csv", tmp_path, url="http://127.0.0.1:9/sdn.csv")


def test_unknown_source(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="known sources"):
        fetch_source("nowhere", tmp_path)


def test_every_source_is_documented_and_names_a_loader() -> None:
    loaders = all_loaders()
    for source in SOURCES.values():
        assert source.documented_at.startswith("https://")
        assert all(f.url.startswith("https://") for f in source.files)
        assert source.loader in loaders, source.key


# --load ----------------------------------------------------------------------------------


def test_fetch_and_load_from_the_cli(server: Served, tmp_path: Path, fixtures: Path) -> None:
    server.routes["/csl.csv"] = Route((fixtures / "csl" / "csl_small.csv").read_bytes())
    store_dir = tmp_path / "store"
    args = ["fetch", "csl-csv", "--url", server.url("/csl.csv"), "--dest", str(tmp_path / "dl")]
    result = CliRunner().invoke(app, [*args, "--load", "--store", str(store_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["read"], row["loaded"]) == (6, 6)
    assert sidecar_path(tmp_path / "dl" / "consolidated.csv").is_file()
    store = GraphStore(store_dir)
    # The sidecar's URL reaches the provenance of the load.
    urls = store.select("SELECT ?u WHERE { ?d ?p ?u }", {"p": KG.sourceUrl, "d": _document(store)})
    assert {r["u"] for r in urls} == {Literal(server.url("/csl.csv"))}


def _document(store: GraphStore) -> URIRef:
    rows = store.select(
        "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> "
        "SELECT ?d WHERE { ?d a kg:SourceDocument ; kg:sourcePath ?p FILTER(CONTAINS(STR(?p), 'consolidated')) }"
    )
    return rows[0]["d"]


def test_fetch_and_load_the_real_dpl(server: Served, tmp_path: Path, shared: type) -> None:
    real = shared.path("official", "bis", "dpl_2023-11.txt")
    server.routes["/dpl.txt"] = Route(real.read_bytes())
    args = ["fetch", "bis-dpl", "--url", server.url("/dpl.txt"), "--dest", str(tmp_path), "--load"]
    result = CliRunner().invoke(app, [*args, "--store", str(tmp_path / "store"), "--format", "json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["read"] == 665
    assert (tmp_path / "dpl.txt").read_bytes() == real.read_bytes()


def test_sources_command_lists_the_table() -> None:
    result = CliRunner().invoke(app, ["sources", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["source"] for r in rows] == list(SOURCES)
    dpl = next(r for r in rows if r["source"] == "bis-dpl")
    assert dpl["loader"] == "bis-dpl" and dpl["urls"].endswith("/dpl.txt")


def test_saved_names_match_their_loaders_file_patterns() -> None:
    # So that `sanctiongraph load LOADER FOLDER` finds what fetch saved.
    loaders = all_loaders()
    for source in SOURCES.values():
        patterns = loaders[source.loader].file_patterns
        for remote in source.files:
            assert any(fnmatch.fnmatchcase(remote.filename, p) for p in patterns), (source.key, remote.filename)
