"""Rendering for the CLI: tables, JSON and CSV for tabular results, and progress bars."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from typing import Any

from rich.console import Console

console = Console()
err_console = Console(stderr=True)


class OutputFormat(str, Enum):
    """How tabular results are printed."""

    table = "table"
    json = "json"
    csv = "csv"


def _rdflib_terms() -> tuple[type, type] | None:
    """rdflib's Literal and URIRef if rdflib is loaded: no value can be one otherwise, and importing
    rdflib only to learn that would cost a tenth of a second at every command's start."""
    term = sys.modules.get("rdflib.term")
    return None if term is None else (term.Literal, term.URIRef)


def plain(value: Any) -> Any:
    """A JSON- and CSV-friendly value for an rdflib term or Python value."""
    if value is None:
        return None
    terms = _rdflib_terms()
    if terms is not None and isinstance(value, terms[0]):
        python = value.toPython()
        return python.isoformat() if hasattr(python, "isoformat") else python
    if terms is not None and isinstance(value, terms[1]):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# Readable forms of IRIs for tables (JSON and CSV keep the full IRI).
_PREFIXES = (
    ("https://w3id.org/sanctiongraph/ontology#", "kg:"),
    ("https://w3id.org/sanctiongraph/id/", ""),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
    ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"),
    ("http://www.w3.org/2001/XMLSchema#", "xsd:"),
    ("http://www.w3.org/ns/prov#", "prov:"),
    ("http://purl.org/dc/terms/", "dcterms:"),
)
_IRI = re.compile(r"\bhttps?://\S+")
_HASH = re.compile(r"([0-9a-f]{8})[0-9a-f]{8,}")


def short_iri(iri: str) -> str:
    """kg:Designation, company/us-dod/xiaomi-corporation-1ac90d72…, doc/6e709147…: what a reader needs."""
    for prefix, short in _PREFIXES:
        if iri.startswith(prefix):
            return _HASH.sub(r"\1…", short + iri[len(prefix) :])
    return iri


def shorten(value: Any) -> Any:
    """Every IRI inside a table cell in its short form."""
    terms = _rdflib_terms()
    if terms is not None and isinstance(value, terms[1]):
        return short_iri(str(value))
    if isinstance(value, str) and "://" in value:
        return _IRI.sub(lambda m: short_iri(m.group(0)), value)
    return value


def print_rows(
    rows: Sequence[dict[str, Any]],
    fmt: OutputFormat = OutputFormat.table,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    """Print rows as a rich table, a JSON array or CSV with a header."""
    from rich.table import Table  # here: only tables need it, not every command's start

    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps([{c: plain(r.get(c)) for c in columns} for r in rows], indent=2, default=str))
        sys.stdout.write("\n")
        return
    if fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if plain(row.get(c)) is None else plain(row.get(c)) for c in columns])
        return
    cells = [["" if plain(row.get(c)) is None else str(shorten(plain(row.get(c)))) for c in columns] for row in rows]
    # Columns empty in every row only take room in a terminal (JSON and CSV keep them).
    shown = [i for i in range(len(columns)) if not rows or any(r[i] for r in cells)]
    # A column wants its longest value up to 24 characters; when the columns cannot have that
    # side by side, each row is printed as a block of "field  value" lines instead, which reads
    # better than a table whose columns are folded a few characters wide.
    wanted = sum(min(24, max([len(columns[i]), *(len(r[i]) for r in cells)])) + 3 for i in shown) + 1
    if rows and wanted > console.width:
        if title:
            console.print(f"[bold]{title}[/bold]", highlight=False)
        ready: list[str] = []
        for number, row_cells in enumerate(cells, 1):
            pairs = [(columns[i], row_cells[i]) for i in shown if row_cells[i]]
            text = _plain_block(f"{number}.", pairs)
            if text is not None:
                ready.append(text)
                continue
            console.file.write("".join(ready))
            ready = []
            block = Table(show_header=False, box=None, padding=(0, 1), title=f"{number}.", title_justify="left")
            block.add_column("field", style="bold", no_wrap=True)
            block.add_column("value", overflow="fold")
            for field, value in pairs:
                block.add_row(field, value)
            console.print(block)
        console.file.write("".join(ready))
        return
    table = Table(title=title, show_lines=False)
    for i in shown:
        table.add_column(columns[i], overflow="fold")
    for row_cells in cells:
        table.add_row(*(row_cells[i] for i in shown))
    console.print(table)
    if not rows:
        err_console.print("[dim]no rows[/dim]")


def _plain_block(title: str, pairs: list[tuple[str, str]]) -> str | None:
    """The text rich prints for one block of `print_rows`, when it is plain; None when rich must draw it.

    Hand-written because rich takes about a millisecond per block (measure, lay out, render a
    Table): 9 k members of a list took 9 s to print against 1 s to query. This covers the common
    case only, where rich draws each line as ` field  value ` padded to the block's width: no
    colours (not a terminal), every line fits the console, and no text that rich would change
    (markup, emoji codes, control characters). tests/cli/test_output.py checks it against rich.
    """
    if console.color_system is not None or not pairs:
        return None
    for text in (title, *(t for pair in pairs for t in pair)):
        if not text.isprintable():
            return None
        # Markup needs a "[" and an emoji code a ":"; only then can rich's text differ from ours.
        if ("[" in text or ":" in text) and not _rendered_as_is(text):
            return None
    from rich.cells import cell_len

    field_width = max(cell_len(f) for f, _ in pairs)
    value_width = max(cell_len(v) for _, v in pairs)
    width = field_width + value_width + 4
    if width > console.width or cell_len(title) > width:
        return None

    def padded(text: str, cells: int) -> str:
        return text + " " * (cells - cell_len(text))

    lines = [padded(title, width), *(f" {padded(f, field_width)}  {padded(v, value_width)} " for f, v in pairs)]
    return "\n".join(lines) + "\n"


def _rendered_as_is(text: str) -> bool:
    """Whether rich prints text as it is; a markup error is rich's to raise, as it does without the fast path."""
    from rich.errors import MarkupError

    try:
        return console.render_str(text, highlight=False).plain == text
    except MarkupError:
        return False


@contextmanager
def progress_bars() -> Iterator[Callable[[str], Callable[[int, int | None], None]]]:
    """A factory of progress callbacks (one bar per source), on stderr; quiet when not a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )

    def factory(label: str) -> Callable[[int, int | None], None]:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:
            if total is not None:
                progress.update(task, total=total)
            if done:
                progress.update(task, completed=done)

        return update

    with progress:
        yield factory
