"""Options shared by many commands."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from sanctiongraph.cli.output import OutputFormat

if TYPE_CHECKING:
    from sanctiongraph.graph.store import GraphStore

# graph.store's STORE_ENV, repeated so that a command's options are built without importing the
# store (and rdflib through it); tests/cli/test_startup.py checks that the two agree.
STORE_ENV = "SANCTIONGRAPH_STORE"

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
    from sanctiongraph.graph.store import open_store

    return open_store(path)


OutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", help="File to write ('-' for standard output).", show_default=False),
]


def output_target(positional: str | None, option: str | None, *, default: str | None = "-") -> str:
    """The one output of a command given as FILE or -o/--output (both spellings work; '-' is stdout)."""
    if positional is not None and option is not None and positional != option:
        raise typer.BadParameter(f"give the output once: {positional!r} or -o {option!r}")
    chosen = option if option is not None else positional if positional is not None else default
    if chosen is None:
        raise typer.BadParameter("no output given: pass FILE or -o FILE ('-' for standard output)")
    return chosen


@contextmanager
def open_output(target: str, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Open a file for writing, or standard output for '-' (not closed after use)."""
    if target == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        (sys.stdout.buffer if binary else sys.stdout).flush()
        return
    path = Path(target)
    with path.open("wb") if binary else path.open("w", encoding="utf-8", newline="") as out:
        yield out


def deprecated(old: str, new: str) -> None:
    """Say once, on stderr, that an old spelling still works for this release only."""
    typer.echo(f"warning: {old} is deprecated and will be removed in the next release; use {new}", err=True)


def complete_loader(incomplete: str) -> list[str]:
    """Shell completion of loader names (imports the registry only when completing)."""
    from sanctiongraph.loaders import all_loaders

    return [name for name in all_loaders() if name.startswith(incomplete)]
