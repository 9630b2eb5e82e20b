"""Command: SHACL validation of the store."""

from __future__ import annotations

import typer

from sanctiongraph.cli.common import FormatOption, StoreOption, store_at
from sanctiongraph.cli.output import OutputFormat, err_console, print_rows


def validate(store: StoreOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Validate every graph against the SHACL shapes; exit code 1 when anything violates them.

    Example: sanctiongraph validate --format json
    """
    from sanctiongraph.graph.validate import validate_store

    graph_store = store_at(store)
    graphs = graph_store.graph_names()
    violations = validate_store(graph_store, graphs)
    if violations:
        print_rows([v.__dict__ for v in violations], fmt, title="SHACL violations")
        raise typer.Exit(1)
    err_console.print(f"{len(graphs)} graphs conform to the SHACL shapes")


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
