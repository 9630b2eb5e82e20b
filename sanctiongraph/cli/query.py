"""Commands: run named SPARQL queries and arbitrary SPARQL."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sanctiongraph.cli.common import FormatOption, StoreOption, store_at
from sanctiongraph.cli.output import OutputFormat, print_rows
from sanctiongraph.errors import QueryError
from sanctiongraph.queries import get_query, named_queries

ParamOption = Annotated[
    list[str] | None, typer.Option("--param", "-p", help="Query parameter as name=value (repeatable).")
]


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    params = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise QueryError(f"--param must look like name=value, not {pair!r}")
        params[name.strip()] = value
    return params


def list_queries(fmt: FormatOption = OutputFormat.table) -> None:
    """List the named queries and their parameters.

    Example: sanctiongraph queries
    """
    rows = [
        {
            "name": q.name,
            "title": q.title,
            "params": ", ".join(f"{p.name} ({p.kind})" for p in q.params),
            "description": q.description,
        }
        for q in named_queries("sparql").values()
    ]
    print_rows(rows, fmt, title="named SPARQL queries")


def run_query(
    name: Annotated[str, typer.Argument(help="Query name (see `sanctiongraph queries`).")],
    param: ParamOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Run a named SPARQL query. An iri parameter may also be given as a name to look up.

    Example: sanctiongraph query actions_by_firm --param firm="Xiaomi Corporation"
    """
    from sanctiongraph.analysis.lookup import find_entity

    graph_store = store_at(store)
    query = get_query(name)
    values = parse_params(param)
    for p in query.params:
        if p.kind == "iri" and p.name in values and "://" not in values[p.name]:
            values[p.name] = str(find_entity(graph_store, values[p.name]))
    rows = graph_store.select(query.text, query.bind(values))
    print_rows(rows, fmt, title=query.title)


def sparql(
    text: Annotated[str | None, typer.Argument(help="Query text; omit to use --file or standard input.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the query from a file.")] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Run any SPARQL query over the union of all graphs (GRAPH ?g reaches named graphs).

    Example: sanctiongraph sparql "SELECT ?s WHERE { ?s a <https://w3id.org/sanctiongraph/ontology#Company> } LIMIT 5"
    """
    from rdflib import Graph

    if file is not None:
        text = file.read_text(encoding="utf-8")
    elif text is None:
        text = sys.stdin.read()
    result = store_at(store).query(text)
    if isinstance(result, bool):
        print_rows([{"answer": result}], fmt)
    elif isinstance(result, Graph):
        sys.stdout.write(result.serialize(format="turtle"))
    else:
        print_rows(result, fmt)


def register(app: typer.Typer) -> None:
    app.command("queries")(list_queries)
    app.command("query")(run_query)
    app.command("sparql")(sparql)
