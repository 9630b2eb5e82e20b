"""Command: build the demo graph (DoD Section 1237 list + a demo article) and print the Xiaomi report."""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

import typer

from sanctiongraph.analysis.lookup import find_entity
from sanctiongraph.analysis.report import firm_report
from sanctiongraph.cli.common import StoreOption, store_at
from sanctiongraph.cli.output import err_console
from sanctiongraph.errors import SanctiongraphError
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.validate import validate_store
from sanctiongraph.loaders import all_loaders

DEMO_LIST = "dod_section_1237.csv"
DEMO_ARTICLE = "2021-01-14_press-digest.txt"


def demo_path(name: str) -> Path:
    return Path(str(files("sanctiongraph.demo").joinpath(name)))


def demo(store: StoreOption = None) -> None:
    """Load the demo data into the store, validate it, and print the Xiaomi report.

    Example: sanctiongraph demo
    """
    graph_store = store_at(store)
    for loader, name in (("dod-1237-csv", DEMO_LIST), ("article", DEMO_ARTICLE)):
        if loader not in all_loaders():
            raise SanctiongraphError(f"the demo needs the {loader!r} loader, which is not installed")
        for r in load_paths(graph_store, loader, [demo_path(name)]):
            err_console.print(
                f"loaded {r.source}: {r.loaded}/{r.read} records, {r.triples} triples ({loader})"
            )
    violations = validate_store(graph_store)
    if violations:
        raise SanctiongraphError(f"the demo graph violates the SHACL shapes {len(violations)} times")
    err_console.print(f"SHACL: {len(graph_store.graph_names())} graphs conform\n")
    sys.stdout.write(firm_report(graph_store, find_entity(graph_store, "Xiaomi Corporation")))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
