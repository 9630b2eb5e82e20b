"""Commands: download an official list (cached, verified) and optionally load it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sanctiongraph.cli.common import FormatOption, StoreOption, store_at
from sanctiongraph.cli.load import WaitOption
from sanctiongraph.cli.output import OutputFormat, print_rows, progress_bars
from sanctiongraph.fetch import SOURCES, fetch_source, get_source


def list_sources(fmt: FormatOption = OutputFormat.table) -> None:
    """List the sources `fetch` knows, with their official URLs and loaders.

    Example: sanctiongraph sources --format json
    """
    rows = [
        {
            "source": s.key,
            "title": s.title,
            "loader": s.loader,
            "urls": " ".join(f.url for f in s.files),
            "documented at": s.documented_at,
        }
        for s in SOURCES.values()
    ]
    print_rows(rows, fmt, title="sources")


def fetch(
    source: Annotated[str, typer.Argument(help="Source to download (see `sanctiongraph sources`).")],
    dest: Annotated[
        Path | None, typer.Option(help="Folder to save into (default: .sanctiongraph/downloads/SOURCE).")
    ] = None,
    load: Annotated[bool, typer.Option("--load", help="Load what was fetched into the store.")] = False,
    url: Annotated[str | None, typer.Option(help="Fetch from this URL instead (single-file sources).")] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
    wait: WaitOption = None,
) -> None:
    """Download a source's files; unchanged files are kept (ETag / Last-Modified), new ones replace them atomically.

    Example: sanctiongraph fetch csl-csv --dest data/csl --load
    """
    loader = get_source(source).loader
    with progress_bars() as progress:
        results = fetch_source(source, dest, url=url, progress=progress)
    fetched = [
        {"file": str(r.path), "status": r.status, "bytes": r.size, "sha256": r.sha256, "url": r.url} for r in results
    ]
    if not load:
        print_rows(fetched, fmt, title=f"fetched {source}")
        return
    from sanctiongraph.graph.ingest import load_paths

    graph_store = store_at(store)
    if wait is not None:
        graph_store.wait = wait
    with progress_bars() as progress:
        reports = load_paths(graph_store, loader, [r.path for r in results], progress=progress)
    statuses = "; ".join(f"{r.path.name} {r.status}" for r in results)
    rows = [
        {"source": r.source, "fetched": statuses, "read": r.read, "loaded": r.loaded, "triples": r.triples}
        for r in reports
    ]
    print_rows(rows, fmt, title=f"fetched {source} and loaded with {loader}")


def register(app: typer.Typer) -> None:
    app.command("sources")(list_sources)
    app.command("fetch")(fetch)
