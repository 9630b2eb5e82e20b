"""Commands about time: list members on a date, a firm's history, changes between dates, releases."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from sanctiongraph.cli.common import FormatOption, StoreOption, store_at
from sanctiongraph.cli.output import OutputFormat, err_console, print_rows, short_iri
from sanctiongraph.errors import ConfigError

ListKey = Annotated[str, typer.Argument(help="List key (e.g. us-ofac-sdn, us-dod-1260h) or list IRI.")]


def _show(rows: list[dict[str, object]], fmt: OutputFormat, columns: list[str], title: str) -> None:
    """Print rows; tables show IRIs in a short form so they fit a terminal (JSON/CSV keep them)."""
    print_rows(rows, fmt, columns=columns, title=title if "://" not in title else short_iri(title))


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
    from sanctiongraph.graph import releases

    rows = releases.members_on(store_at(store), list_key, _day(on, "--on"))
    _show(rows, fmt, ["name", "authority_id", "target", "designation", "basis"], list_key)


def history(
    firm: Annotated[str, typer.Argument(help="Firm name, alias or IRI (the same lookup as `report`).")],
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Every designation, delisting and amendment of record on a firm, across all lists.

    Example: sanctiongraph history "BANCO NACIONAL DE CUBA"
    """
    from sanctiongraph.cli.report import found
    from sanctiongraph.graph import releases

    graph_store = store_at(store)
    # One lookup for every command: the fuzzy name match `report` uses, answering with the
    # resolution cluster when there is one (firm_history follows the cluster to its records).
    entity = found(graph_store, firm).entity
    rows = releases.firm_history(graph_store, str(entity))
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
    from sanctiongraph.graph import releases

    graph_store = store_at(store)
    rows = releases.changes_between(graph_store, list_key, _day(since, "--since"), _day(until, "--until"))
    if not rows:
        err_console.print(_why_no_changes(graph_store, list_key), highlight=False)
    columns = ["change", "name", "authority_id", "date", "not_before", "not_after", "within", "changed"]
    _show(rows, fmt, [*columns, "target"], list_key)


def _why_no_changes(store: object, list_key: str) -> str:
    """Why `changes` found nothing: no release, one release, or releases loaded without a date."""
    from sanctiongraph.graph import releases

    overview = releases.release_overview(store, list_key)  # type: ignore[arg-type]
    undated = [row for row in overview if row.get("issued") is None]
    dated = [row for row in overview if row.get("issued") is not None]
    if not overview:
        return f"no change found: no release of {list_key} is loaded"
    if undated:
        return (
            f"no change found: {len(undated)} release(s) of {list_key} were loaded without a date, so they cannot "
            "be placed in time or compared; load them again with --published YYYY-MM-DD"
        )
    if len(dated) < 2:
        return f"no change found: only one dated release of {list_key} is loaded, so there is nothing to compare"
    return f"no change found between those dates (releases loaded: {', '.join(str(r['issued']) for r in dated)})"


def list_releases(
    list_key: Annotated[str | None, typer.Argument(help="Only this list (key or IRI).")] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The releases of official lists in the store, with dates and what changed since the previous one.

    Example: sanctiongraph releases us-ofac-sdn
    """
    from sanctiongraph.graph import releases

    rows = releases.release_overview(store_at(store), list_key)
    columns = ["list", "issued", "records", "added", "removed", "amended", "loader", "document", "previous"]
    _show(rows, fmt, columns, "releases")


def register(app: typer.Typer) -> None:
    app.command("members")(members)
    app.command("history")(history)
    app.command("changes")(changes)
    app.command("releases")(list_releases)
