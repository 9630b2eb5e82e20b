"""Command: print what an article says (mentions, statutes, reported actions, statements) without loading it."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sanctiongraph.cli.common import StoreOption
from sanctiongraph.cli.load import parse_date
from sanctiongraph.cli.output import OutputFormat, print_rows
from sanctiongraph.errors import StoreError

if TYPE_CHECKING:  # the article code (trafilatura), the store and the name index are imported by the command
    from sanctiongraph.graph.names import NameIndex
    from sanctiongraph.graph.store import GraphStore
    from sanctiongraph.loaders.articles.lookup import ArticleNames
    from sanctiongraph.loaders.articles.model import Extraction


class ExtractFormat(str, Enum):
    """json: the documented extraction schema (docs/extraction-schema.md); table: one row per finding."""

    table = "table"
    json = "json"


def _read_only_store(path: Path) -> GraphStore:
    """A store opened read-only, so extracting never writes to (or creates) the user's store.

    The class is made here, not at import, so that the command starts without the store modules.
    """
    import pyoxigraph as ox

    from sanctiongraph.graph.store import GraphStore

    class _ReadOnlyStore(GraphStore):
        def __init__(self, path: Path) -> None:
            self.path = path
            try:
                self._store = ox.Store.read_only(str(path))
            except OSError as exc:
                raise StoreError(f"cannot open the store at {path} read-only: {exc}") from exc

    return _ReadOnlyStore(path)


def names_for_extraction(store: Path | None) -> NameIndex | ArticleNames:
    """Names of the store at path (or the default) plus the reference data; reference alone if there is no store.

    The store's names are asked of its on-disk index per text (StoreNames), never read whole:
    extraction then costs what the article names, not what the store holds.
    """
    from sanctiongraph.graph.names import NameIndex
    from sanctiongraph.graph.store import default_store_path
    from sanctiongraph.loaders.articles.extract import reference_names
    from sanctiongraph.loaders.articles.lookup import StoreNames

    reference = reference_names()
    path = store or default_store_path()
    if not path.is_dir() or not any(path.iterdir()):
        return reference
    return StoreNames(NameIndex.from_store(_read_only_store(path)), reference)


def extract(
    file: Annotated[Path, typer.Argument(help="Article file: .txt or .md (with optional header lines) or .html.")],
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="json (schema_version 2) or table.")] = (
        ExtractFormat.table
    ),
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD); overrides the Date: header.")
    ] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher; overrides the Publisher: header.")] = None,
    url: Annotated[str | None, typer.Option(help="URL; overrides the Source: header.")] = None,
    store: StoreOption = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also show the names of the graph found but dropped, with the reason.")
    ] = False,
) -> None:
    """Print what an article says, resolving names against the store (read-only), without loading it.

    Example: sanctiongraph extract sanctiongraph/demo/2021-01-14_press-digest.txt --format json --explain
    """
    from sanctiongraph.loaders.article import extract_file

    extraction = extract_file(
        file,
        names_for_extraction(store),
        published=parse_date(published, "--published"),
        publisher=publisher,
        url=url,
    )
    if fmt is ExtractFormat.json:
        sys.stdout.write(json.dumps(extraction.as_json(explain=explain), indent=2, ensure_ascii=False) + "\n")
    else:
        rows = finding_rows(extraction, explain=explain)
        print_rows(rows, OutputFormat.table, title=f"extracted from {file.name}")


def finding_rows(extraction: Extraction, *, explain: bool = False) -> list[dict[str, Any]]:
    """One row per finding, for the table view (with --explain, one per dropped name too)."""
    data = extraction.as_json(explain=explain)
    rows = [_row("mention", m, f"{m['type']} -> {_short(*m['entities']) or 'unresolved'}") for m in data["mentions"]]
    rows += [_row("statute", c, _short(c["statute"])) for c in data["statutes"]]
    for action in data["reported_actions"]:
        targets = _short(*(t["entity"] or t["text"] for t in action["targets"]))
        agency = _short((action["agency"] or {}).get("entity"))
        rows.append(
            _row(
                "reported action",
                action,
                f"{action['kind']} of {targets} by {agency} on {_short(action['list'])} "
                f"under {_short(action['statute'])} dated {action['date']} ({action['stance']})",
            )
        )
    for statement in data["statements"]:
        speaker = _short(statement["speaker"]["entity"] or statement["speaker"]["text"])
        rows.append(
            _row("statement", statement, f"{speaker} {statement['stance']} about {_short(*statement['about'])}")
        )
    for dropped in data.get("rejected", []):
        rows.append(
            _row("dropped name", dropped, f"{dropped['type']} {_short(dropped['entity'])}: {dropped['reason']}")
        )
    return sorted(rows, key=lambda r: (r["start"], r["finding"]))


def _short(*iris: str | None) -> str:
    """IRIs without their common prefix, for a readable table."""
    from sanctiongraph.ontology import KGR

    return ", ".join(str(i).removeprefix(str(KGR)) for i in iris if i)


def _row(finding: str, item: dict[str, Any], details: str) -> dict[str, Any]:
    text = item["text"] if len(item["text"]) <= 80 else item["text"][:77] + "..."
    return {"finding": finding, "start": item["start"], "end": item["end"], "text": text, "details": details}


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
