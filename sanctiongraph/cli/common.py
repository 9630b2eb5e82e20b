"""Options shared by many commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sanctiongraph.cli.output import OutputFormat
from sanctiongraph.graph.store import STORE_ENV, GraphStore, open_store

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        envvar=STORE_ENV,
        help="Store folder (default: .sanctiongraph/store in the working directory).",
        show_default=False,
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format for tabular results.")]


def store_at(path: Path | None) -> GraphStore:
    """Open the store the user chose (or the default)."""
    return open_store(path)
