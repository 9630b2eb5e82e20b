"""Command: run Cypher (text or a named query) on the embedded LadybugDB copy of the store."""

from __future__ import annotations

from contextlib import redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sanctiongraph.cli.common import (
    FormatOption,
    OutputOption,
    StoreOption,
    deprecated,
    open_output,
    output_target,
    store_at,
)
from sanctiongraph.cli.output import OutputFormat, err_console, print_rows
from sanctiongraph.cli.query import ParamOption, parse_params

if TYPE_CHECKING:
    from sanctiongraph.graph.store import GraphStore

# Spelled out like --store and --judgements (and --database of `export neo4j`); --db is the old spelling.
DatabaseOption = Annotated[
    Path | None,
    typer.Option(
        "--database", help="LadybugDB file (default: ladybug.db beside the store folder).", show_default=False
    ),
]
OldDbOption = Annotated[
    Path | None, typer.Option("--db", hidden=True, help="Deprecated: use --database.", show_default=False)
]


def cypher_rows(graph_store: GraphStore, query: str, values: dict[str, str], db: Path | None = None) -> list[dict]:
    """Rows of a Cypher query or named query; the database is rebuilt first if the store changed."""
    text, params = _resolve(graph_store, query, values)

    def notice() -> None:
        err_console.print("[dim]the store changed: rebuilding the property graph[/dim]")

    import ladybug

    from sanctiongraph.pg.ladybug_db import open_database, run_cypher

    database = open_database(graph_store, db, on_rebuild=notice)
    connection = ladybug.Connection(database)
    try:
        return run_cypher(connection, text, params)
    finally:
        connection.close()
        database.close()


def _resolve(graph_store: GraphStore, query: str, values: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """A named query binds and checks its declared parameters (names are looked up for iri ones)."""
    from sanctiongraph.analysis.lookup import find_entity
    from sanctiongraph.pg.named_queries import named_cypher, named_cypher_queries

    if query in named_cypher_queries():
        named = named_cypher(query)
        for param in named.params:
            if param.kind == "iri" and param.name in values:
                values[param.name] = str(find_entity(graph_store, values[param.name]))
        return named.text, named.bind(values)
    return query, {k: _guess(v) for k, v in values.items()}


def _guess(value: str) -> Any:
    """Ad-hoc parameters: whole numbers become integers, everything else stays text."""
    return int(value) if value.lstrip("-").isdigit() else value


def cypher(
    query: Annotated[str, typer.Argument(help="Cypher text, or the name of a query in queries/*.cypher.")],
    param: ParamOption = None,
    database: DatabaseOption = None,
    old_db: OldDbOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Run Cypher on the embedded property graph (LadybugDB), rebuilt when the store changed.

    Example: sanctiongraph cypher "MATCH (c:Company)-[:SANCTIONED_BY]->(a) RETURN a.name, count(*) AS n"
    """
    if old_db is not None:
        if database is not None and database != old_db:
            raise typer.BadParameter(f"give the database once: --database {database} or --db {old_db}")
        deprecated("cypher --db", "--database")
        database = old_db
    rows = cypher_rows(store_at(store), query, parse_params(param), database)
    target = output_target(None, output)
    with open_output(target) as out, redirect_stdout(out):
        print_rows(rows, fmt)


def cypher_queries(fmt: FormatOption = OutputFormat.table) -> None:
    """List the named Cypher queries and their parameters.

    Example: sanctiongraph cypher-queries --format json
    """
    from sanctiongraph.pg.named_queries import named_cypher_queries

    rows = [
        {"name": q.name, "title": q.title, "params": ", ".join(f"{p.name} ({p.kind})" for p in q.params)}
        for q in named_cypher_queries().values()
    ]
    print_rows(rows, fmt, title="named Cypher queries")


def register(app: typer.Typer) -> None:
    app.command("cypher")(cypher)
    app.command("cypher-queries")(cypher_queries)
