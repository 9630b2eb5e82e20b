"""`fetch` against a hostile local server: redirects away, downgrades, oversize bodies, drip feeds.

Every server here runs on 127.0.0.1, started by the test, and stops on its own within seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sanctiongraph.errors import FetchError
from sanctiongraph.fetch import RetryPolicy, check_url, fetch_file, publisher_site, read_sidecar

FAST = RetryPolicy(attempts=2, backoff=0.001, timeout=5, deadline=30)
Behaviour = Callable[[BaseHTTPRequestHandler], None]


@pytest.fixture
def hostile() -> Iterator[tuple[str, dict[str, Behaviour]]]:
    routes: dict[str, Behaviour] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            routes.get(self.path, lambda h: h.send_error(404))(self)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", routes
    httpd.shutdown()
    httpd.server_close()


def _redirect(location: str) -> Behaviour:
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return answer


def _body(data: bytes, *, length: int | None = None) -> Behaviour:
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        if length is not None:
            h.send_header("Content-Length", str(length))
        h.end_headers()
        h.wfile.write(data)
        h.close_connection = True

    return answer


def _clean(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name != "keep"]


@pytest.mark.parametrize(
    "location",
    ["ftp://127.0.0.1/x", "http://localhost:{port}/x", "https://evil.example.net/x", "file:///etc/passwd"],
)
def test_redirects_off_the_publisher_or_off_https_are_refused(
    hostile: tuple[str, dict[str, Behaviour]], tmp_path: Path, location: str
) -> None:
    base, routes = hostile
    routes["/list.csv"] = _redirect(location.format(port=base.rsplit(":", 1)[1]))
    with pytest.raises(FetchError, match=r"refused a redirect|is not allowed"):
        fetch_file(base + "/list.csv", tmp_path / "list.csv", retry=FAST)
    assert _clean(tmp_path)


def test_a_redirect_on_the_same_site_is_followed_and_recorded(
    hostile: tuple[str, dict[str, Behaviour]], tmp_path: Path
) -> None:
    base, routes = hostile
    routes["/list.csv"] = _redirect(base + "/v2/list.csv")
    routes["/v2/list.csv"] = _body(b"a,b\n", length=4)
    fetch_file(base + "/list.csv", tmp_path / "list.csv", retry=FAST)
    meta = read_sidecar(tmp_path / "list.csv")
    assert meta["url"] == base + "/list.csv"
    assert meta["redirects"] == [base + "/v2/list.csv"] and meta["final_url"] == base + "/v2/list.csv"


def test_an_announced_size_over_the_cap_is_refused_before_download(
    hostile: tuple[str, dict[str, Behaviour]], tmp_path: Path
) -> None:
    base, routes = hostile
    routes["/big"] = _body(b"x" * 1000, length=10 << 20)
    with pytest.raises(FetchError, match="over this source's cap"):
        fetch_file(base + "/big", tmp_path / "big", retry=FAST, max_bytes=1 << 20)
    assert _clean(tmp_path)


def test_an_unannounced_body_over_the_cap_stops_at_the_cap(
    hostile: tuple[str, dict[str, Behaviour]], tmp_path: Path
) -> None:
    base, routes = hostile
    routes["/big"] = _body(b"x" * (3 << 20))  # no Content-Length: ends when the connection closes
    with pytest.raises(FetchError, match="more than this source's cap"):
        fetch_file(base + "/big", tmp_path / "big", retry=FAST, max_bytes=1 << 20)
    assert _clean(tmp_path)


def test_a_drip_feed_ends_at_the_deadline(hostile: tuple[str, dict[str, Behaviour]], tmp_path: Path) -> None:
    base, routes = hostile

    def drip(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "40")
        h.end_headers()
        for _ in range(40):  # 40 bytes over ~8 s, each well inside the read timeout
            try:
                h.wfile.write(b"x")
                h.wfile.flush()
            except OSError:
                return
            time.sleep(0.2)

    routes["/drip"] = drip
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline"):
        fetch_file(base + "/drip", tmp_path / "drip", retry=RetryPolicy(attempts=3, timeout=5, deadline=1))
    assert time.monotonic() - started < 6  # ended by our deadline, not by the server finishing
    assert _clean(tmp_path)


@pytest.mark.parametrize("url", ["http://example.org/x", "ftp://example.org/x", "file:///etc/passwd"])
def test_plain_http_and_other_schemes_are_refused(url: str, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="only https"):
        fetch_file(url, tmp_path / "x", retry=FAST)


def test_check_url_and_sites() -> None:
    check_url("https://www.bis.doc.gov/dpl/dpl.txt")
    check_url("http://127.0.0.1:8000/x")
    assert publisher_site("sanctionslistservice.ofac.treas.gov") == "treas.gov"
    assert publisher_site("docs.fcdo.gov.uk") == "fcdo.gov.uk"
    assert publisher_site("127.0.0.1") == "127.0.0.1"
