"""Commands about time: list members on a date, a firm's history, changes between dates, releases."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

import typer

from sanctiongraph.cli.common import FormatOption, StoreOption, store_at
from sanctiongraph.cli.output import OutputFormat, print_rows
from sanctiongraph.errors import ConfigError
from sanctiongraph.graph import releases
from sanctiongraph.ontology import KGR

_LONG_HASH = re.compile(r"\b(doc/[0-9a-f]{12})[0-9a-f]{52}\b")
ListKey = Annotated[str, typer.Argument(help="List key (e.g. us-ofac-sdn, us-dod-1260h) or list IRI.")]


def _show(rows: list[dict[str, object]], fmt: OutputFormat, columns: list[str], title: str) -> None:
    """Print rows; tables drop the common IRI prefix so they fit a terminal (JSON/CSV keep it)."""
    if fmt is OutputFormat.table:
        rows = [{k: _short(v) for k, v in row.items()} for row in rows]
    print_rows(rows, fmt, columns=columns, title=title)


def _short(value: object) -> object:
    if isinstance(value, str) and str(KGR) in value:
        return _LONG_HASH.sub(r"\1…", value.replace(str(KGR), ""))
    return value


def _day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option} must be a date like 2021-01-14, not {value!r}") from None


def members(
    list_key: ListKey,
    on: Annotated[str, typer.Option("--on", help="The day (YYYY-MM-DD).")],
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Who was on a list on a day: the latest release on or before it, or dated listings.

    Example: sanctiongraph members us-ofac-sdn --on 2020-01-01
    """
    rows = releases.members_on(store_at(store), list_key, _day(on, "--on"))
    _show(rows, fmt, ["name", "authority_id", "target", "designation", "basis"], list_key)


def history(
    firm: Annotated[str, typer.Argument(help="Firm IRI, or its exact name or alias (any case).")],
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Every designation, delisting and amendment of record on a firm, across all lists.

    Example: sanctiongraph history "BANCO NACIONAL DE CUBA"
    """
    rows = releases.firm_history(store_at(store), firm)
    columns = ["kind", "date", "not_before", "not_after", "first_seen", "last_seen", "lists", "agencies"]
    _show(rows, fmt, [*columns, "legal_basis", "changed", "sources", "action"], firm)


def changes(
    list_key: ListKey,
    since: Annotated[str, typer.Option("--since", help="Start of the window (YYYY-MM-DD, exclusive).")],
    until: Annotated[str, typer.Option("--until", help="End of the window (YYYY-MM-DD, inclusive).")],
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """What was added to, removed from or amended on a list between two days.

    Example: sanctiongraph changes us-ofac-sdn --since 2018-12-01 --until 2021-07-31
    """
    rows = releases.changes_between(store_at(store), list_key, _day(since, "--since"), _day(until, "--until"))
    columns = ["change", "name", "authority_id", "date", "not_before", "not_after", "within", "changed"]
    _show(rows, fmt, [*columns, "target"], list_key)


def list_releases(
    list_key: Annotated[str | None, typer.Argument(help="Only this list (key or IRI).")] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The releases of official lists in the store, with dates and what changed since the previous one.

    Example: sanctiongraph releases us-ofac-sdn
    """
    rows = releases.release_overview(store_at(store), list_key)
    columns = ["list", "issued", "records", "added", "removed", "amended", "loader", "document", "previous"]
    _show(rows, fmt, columns, "releases")


def register(app: typer.Typer) -> None:
    app.command("members")(members)
    app.command("history")(history)
    app.command("changes")(changes)
    app.command("releases")(list_releases)
