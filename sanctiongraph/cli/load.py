"""Commands: list the registered loaders and load files with one of them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from sanctiongraph.cli.common import FormatOption, StoreOption, complete_loader, store_at
from sanctiongraph.cli.output import OutputFormat, print_rows, progress_bars
from sanctiongraph.errors import ConfigError

WaitOption = Annotated[
    float | None,
    typer.Option(
        "--wait",
        help="Seconds to wait for another command writing the store (default $SANCTIONGRAPH_WAIT or 600).",
        show_default=False,
    ),
]


def list_loaders(fmt: FormatOption = OutputFormat.table) -> None:
    """List the registered loaders.

    Example: sanctiongraph loaders --format json
    """
    from sanctiongraph.loaders import all_loaders  # the registry imports every loader's libraries

    rows = [
        {
            "name": name,
            "version": cls.version,
            "kind": cls.document_kind,
            "title": cls.title,
            "files": " ".join(cls.file_patterns),
        }
        for name, cls in all_loaders().items()
    ]
    print_rows(rows, fmt, title="loaders")


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option} must be a date like 2021-01-14, not {value!r}") from None


def load(
    loader: Annotated[
        str, typer.Argument(help="Loader name (see `sanctiongraph loaders`).", autocompletion=complete_loader)
    ],
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to load.")],
    published: Annotated[
        str | None, typer.Option(help="Publication date of the source (YYYY-MM-DD); overrides the file's.")
    ] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher of the source.")] = None,
    url: Annotated[str | None, typer.Option(help="URL the source was published at.")] = None,
    title: Annotated[str | None, typer.Option(help="Title of the source.")] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
    wait: WaitOption = None,
) -> None:
    """Load files with one loader; each document replaces its own graph atomically.

    Readers (sparql, query, report...) keep working during a load; a second load waits for
    the first, up to --wait seconds.

    Example: sanctiongraph load dod-1237-csv dod_section_1237.csv --published 2021-06-03
    """
    from sanctiongraph.graph.ingest import load_paths

    graph_store = store_at(store)
    if wait is not None:
        graph_store.wait = wait
    with progress_bars() as progress:
        reports = load_paths(
            graph_store,
            loader,
            paths,
            published=parse_date(published, "--published"),
            publisher=publisher,
            url=url,
            title=title,
            progress=progress,
        )
    rows = [
        {
            "source": r.source,
            "read": r.read,
            "loaded": r.loaded,
            "skipped": sum(r.skipped.values()),
            "skip reasons": "; ".join(f"{k} ({v})" for k, v in r.skipped.items()),
            "unmapped fields": "; ".join(f"{k} ({v})" for k, v in sorted(r.unmapped.items())),
            "triples": r.triples,
            "published": r.published,
            "graph": str(r.graph),
        }
        for r in reports
    ]
    print_rows(rows, fmt, title=f"loaded with {loader}")


def register(app: typer.Typer) -> None:
    app.command("loaders")(list_loaders)
    app.command("load")(load)
