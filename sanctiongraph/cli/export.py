"""Commands: export the store as RDF or FtM, or its property-graph projection to Neo4j and GraphML."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from sanctiongraph.cli.output import OutputFormat, err_console, print_rows, progress_bars

if TYPE_CHECKING:  # the projection and the exporters are imported by the commands that run them
    from sanctiongraph.graph.projection import PropertyGraph
    from sanctiongraph.graph.store import GraphStore

# pg.neo4j_export's BATCH_SIZE, repeated for the option's default so that the module starts without
# the projection; tests/cli/test_startup.py checks that the two agree.
BATCH_SIZE = 5000

export_app = typer.Typer(
    help="Export the store (RDF, FtM) or its property graph (Neo4j, GraphML).", no_args_is_help=True
)
FileArgument = Annotated[
    str | None, typer.Argument(help="File to write ('-' for standard output; or use -o).", show_default=False)
]


class RdfFormat(str, Enum):
    trig = "trig"
    nquads = "nquads"
    turtle = "turtle"
    ntriples = "ntriples"


def _projection(graph_store: GraphStore) -> PropertyGraph:
    from sanctiongraph.graph.projection import project

    graph = project(graph_store)
    skipped = sum(graph.skipped.values())
    if skipped:
        reasons = "; ".join(f"{r} ({n})" for r, n in graph.skipped.most_common(3))
        err_console.print(f"[dim]{skipped} triples not in the property graph: {reasons}[/dim]")
    return graph


@export_app.command("neo4j")
def neo4j(
    uri: Annotated[str | None, typer.Option(help="Bolt URI (default: $NEO4J_URI).", show_default=False)] = None,
    user: Annotated[
        str | None, typer.Option(help="User (default: $NEO4J_USERNAME or neo4j).", show_default=False)
    ] = None,
    database: Annotated[
        str | None, typer.Option(help="Database (default: $NEO4J_DATABASE).", show_default=False)
    ] = None,
    changed_only: Annotated[bool, typer.Option(help="Send only what changed since the last export.")] = False,
    dry_run: Annotated[bool, typer.Option(help="Print the statements and batch counts; do not connect.")] = False,
    batch_size: Annotated[int, typer.Option(help="Rows per UNWIND batch.")] = BATCH_SIZE,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Write the property graph to Neo4j with batched MERGE (password from $NEO4J_PASSWORD only).

    Example: NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=... sanctiongraph export neo4j --changed-only
    """
    from sanctiongraph.pg.neo4j_export import Neo4jSettings, build_plan, read_state, run_plan, state_path, write_state

    settings = None if dry_run else Neo4jSettings.resolve(uri, user, database)
    graph_store = store_at(store)
    state_file = state_path(graph_store.path)
    plan = build_plan(_projection(graph_store), read_state(state_file) if changed_only else None, batch_size)
    if dry_run:
        print_rows(plan.summary(), fmt, title="Neo4j export plan (dry run)")
        return
    assert settings is not None
    with progress_bars() as bars:
        written = run_plan(plan, settings, bars(f"neo4j {settings.uri}"))
    write_state(state_file, plan.state)
    print_rows([{"server": settings.uri, "database": settings.database or "(default)", "rows written": written}], fmt)


@export_app.command("neo4j-admin")
def neo4j_admin(
    folder: Annotated[
        Path | None, typer.Argument(help="Folder for the CSV files and README.md (or use -o).", show_default=False)
    ] = None,
    database: Annotated[str, typer.Option(help="Database name in the import command.")] = "neo4j",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder for the CSV files.", show_default=False)
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write node and relationship CSV files for `neo4j-admin database import full`, with the command.

    Example: sanctiongraph export neo4j-admin -o neo4j-import/
    """
    folder = Path(output_target(str(folder) if folder else None, str(output) if output else None, default=None))
    from sanctiongraph.pg.neo4j_admin import export_neo4j_admin

    result = export_neo4j_admin(_projection(store_at(store)), folder, database)
    files = len(result["nodes"]) + len(result["relationships"])
    typer.echo(f"wrote {files} CSV files and README.md to {folder}\n{result['command']}")


@export_app.command("cypher")
def cypher_script(path: FileArgument = None, output: OutputOption = None, store: StoreOption = None) -> None:
    """Write a cypher-shell script: constraints, then batched UNWIND statements with literal rows.

    Example: sanctiongraph export cypher -o graph.cypher && cypher-shell -f graph.cypher
    """
    from sanctiongraph.pg.cypher_script import write_cypher_script

    target = output_target(path, output)
    with open_output(target) as out:
        count = write_cypher_script(_projection(store_at(store)), out)
    _wrote(target, f"{count} statements")


@export_app.command("rdf")
def rdf(
    path: FileArgument = None,
    output: OutputOption = None,
    syntax: Annotated[RdfFormat, typer.Option("--syntax", help="RDF syntax.")] = RdfFormat.trig,
    old_format: Annotated[
        RdfFormat | None, typer.Option("--format", "-f", hidden=True, help="Deprecated: use --syntax.")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the whole RDF dataset (trig and nquads keep the named graphs; turtle and ntriples merge
    them, each triple once), e.g. for neosemantics.

    Example: sanctiongraph export rdf -o graph.ttl --syntax turtle
    """
    from sanctiongraph.rdf_export import write_rdf

    if old_format is not None:
        deprecated("export rdf --format/-f (the RDF syntax)", "--syntax; -f/--format names an output shape")
        syntax = old_format
    target = output_target(path, output)
    with open_output(target, binary=True) as out:
        count = write_rdf(store_at(store), out, syntax.value)
    _wrote(target, f"{count} statements")


@export_app.command("ftm")
def ftm(path: FileArgument = None, output: OutputOption = None, store: StoreOption = None) -> None:
    """Write the graph as FollowTheMoney entities (JSON lines) for Aleph, yente or nomenklatura.

    Example: sanctiongraph export ftm -o graph.ftm.json
    """
    from sanctiongraph.ftm.export import write_ftm

    target = output_target(path, output)
    with open_output(target) as out:
        count = write_ftm(store_at(store), out)
    _wrote(target, f"{count} entities")


@export_app.command("graphml")
def graphml(path: FileArgument = None, output: OutputOption = None, store: StoreOption = None) -> None:
    """Write the property graph as GraphML (Gephi, yEd, igraph); lists become '; '-joined text.

    Example: sanctiongraph export graphml -o graph.graphml
    """
    from sanctiongraph.pg.networkx_export import export_graphml

    target = output_target(path, output)
    with open_output(target, binary=True) as out:
        export_graphml(_projection(store_at(store)), out)
    _wrote(target, "GraphML")


@export_app.command("gexf", hidden=True)
def gexf(path: FileArgument = None, output: OutputOption = None) -> None:
    """Dropped: GEXF files could not be made valid; write GraphML, which Gephi reads.

    Example: sanctiongraph export graphml -o graph.graphml
    """
    raise typer.BadParameter(
        "GEXF export was dropped (the files failed the GEXF schema and igraph cannot read GEXF); "
        "use `sanctiongraph export graphml -o FILE`, which Gephi, yEd and igraph read"
    )


def _wrote(target: str, what: str) -> None:
    """Confirm on stderr, so that '-' leaves standard output to the data."""
    if target != "-":
        typer.echo(f"wrote {what} to {target}", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
