"""Commands: run named SPARQL queries and arbitrary SPARQL."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from sanctiongraph.cli.common import FormatOption, StoreOption, store_at
from sanctiongraph.cli.output import OutputFormat, print_rows
from sanctiongraph.errors import QueryError

# graph.store's ALLOW_SERVICE_ENV, repeated for the help text so that the module does not import
# the store (and rdflib) at start; tests/cli/test_startup.py checks that the two agree.
ALLOW_SERVICE_ENV = "SANCTIONGRAPH_ALLOW_SERVICE"

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
    from sanctiongraph.queries import named_queries

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
    from sanctiongraph.queries import get_query

    graph_store = store_at(store)
    query = get_query(name)
    values = parse_params(param)
    for p in query.params:
        if p.kind == "iri" and p.name in values and "://" not in values[p.name]:
            values[p.name] = str(find_entity(graph_store, values[p.name]))
    rows = graph_store.select(query.text, query.bind(values))
    print_rows(rows, fmt, title=query.title)


class SparqlFormat(str, Enum):
    """table for people; the W3C results formats (and RDF formats for graphs) for programs."""

    table = "table"
    json = "json"
    xml = "xml"
    csv = "csv"
    tsv = "tsv"
    turtle = "turtle"
    ntriples = "ntriples"
    jsonld = "jsonld"


def sparql(
    text: Annotated[str | None, typer.Argument(help="Query text; omit to use --file or standard input.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Read the query from a file ('-': standard input).")
    ] = None,
    fmt: Annotated[
        SparqlFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, or W3C SPARQL results json|xml|csv|tsv (a CONSTRUCT answers json as JSON-LD, xml as "
            "RDF/XML, csv/tsv as N-Triples; or ask turtle|ntriples|jsonld).",
        ),
    ] = SparqlFormat.table,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to a file ('-': standard output).")
    ] = None,
    store: StoreOption = None,
    allow_service: Annotated[
        bool,
        typer.Option(
            "--allow-service",
            help="Let SERVICE reach other SPARQL endpoints over the network (refused by default; "
            f"also ${ALLOW_SERVICE_ENV}=1).",
        ),
    ] = False,
) -> None:
    """Run any SPARQL query over the union of all graphs (GRAPH ?g reaches named graphs).

    Example: sanctiongraph sparql "SELECT ?s WHERE { ?s a <https://w3id.org/sanctiongraph/ontology#Company> }" -f tsv
    """
    from rdflib import Graph

    from sanctiongraph.web.sparql import Limits, evaluate

    if file is not None and str(file) != "-":
        text = file.read_text(encoding="utf-8")
    elif text is None or text == "-":
        text = sys.stdin.read()
    graph_store = store_at(store)
    allow = allow_service or graph_store.allow_service  # the flag, or the environment variable
    graph_store.allow_service = allow
    if fmt is SparqlFormat.table:
        result = graph_store.query(text)
        if isinstance(result, Graph):
            _write(result.serialize(format="turtle").encode("utf-8"), output)
        else:
            print_rows([{"answer": result}] if isinstance(result, bool) else result, OutputFormat.table)
        return
    # The CLI has no time limit or cap: the user runs their own query on their own machine.
    unlimited = Limits(timeout=float("inf"), max_results=2**62)
    answer = evaluate(graph_store.oxigraph, text, fmt.value, limits=unlimited, allow_service=allow)
    _write(answer.body, output)


def _write(body: bytes, output: str | None) -> None:
    """Bytes to a file, or to standard output for '-' or no file."""
    if output in (None, "-"):
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    else:
        Path(output).write_bytes(body)


def register(app: typer.Typer) -> None:
    app.command("queries")(list_queries)
    app.command("query")(run_query)
    app.command("sparql")(sparql)
