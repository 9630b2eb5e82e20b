"""A real uvicorn server on 127.0.0.1 (a free port), serving the demo graph, for each test module."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.store import GraphStore

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"


def demo_store() -> GraphStore:
    store = GraphStore(None)
    ensure_reference(store)
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    load_paths(store, "article", [DEMO / "2021-01-14_press-digest.txt"])
    return store


class Server:
    """uvicorn in a thread; `url` is where it listens."""

    def __init__(self, app: object) -> None:
        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        for _ in range(200):  # bounded wait for the socket to listen
            if self.server.started:
                return self
            time.sleep(0.05)
        raise RuntimeError("uvicorn did not start")

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="module")
def demo() -> GraphStore:
    return demo_store()


@pytest.fixture(scope="module")
def server(demo: GraphStore) -> Iterator[Server]:
    from sanctiongraph.web.app import Settings, create_app

    with Server(create_app(demo, Settings(timeout=2.0, max_results=1000, workers=2))) as running:
        yield running
