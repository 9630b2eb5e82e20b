"""Command: the local explorer and SPARQL endpoint (sanctiongraph.web)."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctiongraph.cli.common import StoreOption
from sanctiongraph.cli.output import err_console


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback by default: no one else can reach it).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    timeout: Annotated[float, typer.Option(help="Seconds a SPARQL query may run.")] = 20.0,
    max_results: Annotated[int, typer.Option(help="Rows (or triples) a SPARQL answer may hold.")] = 10_000,
    workers: Annotated[
        int, typer.Option(help="SPARQL queries evaluated at once (worker processes; each opens the store read-only).")
    ] = 2,
    store: StoreOption = None,
) -> None:
    """Serve a read-only explorer (search, firm/pair/list/article pages) and a SPARQL 1.1 endpoint at /sparql.

    Example: sanctiongraph serve --port 8000   (then open http://127.0.0.1:8000/)
    """
    import uvicorn

    from sanctiongraph.graph.store import default_store_path
    from sanctiongraph.web.app import Settings, create_app
    from sanctiongraph.web.reader import SnapshotReader

    # A reader of the newest published snapshot, not the store itself: serve never takes the write
    # lock, so `load` works while it runs, and each request sees the latest load (web/reader.py).
    reader = SnapshotReader(store or default_store_path())
    app = create_app(reader, Settings(timeout=timeout, max_results=max_results, workers=workers))
    err_console.print(f"serving on http://{host}:{port}/ (SPARQL endpoint: http://{host}:{port}/sparql); Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
