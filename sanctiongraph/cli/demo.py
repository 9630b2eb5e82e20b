"""Command: build the demo graph (DoD Section 1237 list + a demo article) and print the Xiaomi report."""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path
from typing import Annotated

import typer

from sanctiongraph.cli.common import StoreOption, store_at
from sanctiongraph.cli.output import err_console
from sanctiongraph.errors import SanctiongraphError

DEMO_LIST = "dod_section_1237.csv"
DEMO_ARTICLE = "2021-01-14_press-digest.txt"
# Ties for `sanctiongraph ties` / `neighbours`: Huawei's Entity List affiliates, 1260H parents.
DEMO_RELATIONS = (("csl-csv", "entity_list_excerpt.csv"), ("dod-1260h-csv", "dod_1260h_excerpt.csv"))
# Beside the project root, as in every checkout of ours; absent in a user's fresh clone.
SHARED_ARTICLES = Path("..") / "shared" / "data" / "articles"
SEED_ARTICLE = "2021-01-15_thurrott-*.txt"


def demo_path(name: str) -> Path:
    return Path(str(files("sanctiongraph.demo").joinpath(name)))


def seed_article() -> Path | None:
    """The project's seed article (Thurrott, 2021-01-15) in ../shared, when this checkout has it."""
    found = sorted(SHARED_ARTICLES.glob(SEED_ARTICLE))
    return found[0] if found else None


def demo(
    store: StoreOption = None,
    shared: Annotated[
        bool, typer.Option(help="Also load the real seed article from ../shared/data/articles when it is there.")
    ] = True,
) -> None:
    """Load the demo data into the store, validate it, and print the Xiaomi report.

    Example: sanctiongraph demo --no-shared
    """
    from sanctiongraph.analysis.lookup import find_entity
    from sanctiongraph.analysis.report import firm_report
    from sanctiongraph.graph.ingest import load_paths
    from sanctiongraph.graph.validate import validate_store
    from sanctiongraph.loaders import all_loaders

    graph_store = store_at(store)
    sources = [("dod-1237-csv", demo_path(DEMO_LIST)), ("article", demo_path(DEMO_ARTICLE))]
    sources += [(loader, demo_path(name)) for loader, name in DEMO_RELATIONS]
    seed = seed_article() if shared else None
    if seed is not None:
        sources.append(("article", seed))
    for loader, path in sources:
        if loader not in all_loaders():
            raise SanctiongraphError(f"the demo needs the {loader!r} loader, which is not installed")
        for r in load_paths(graph_store, loader, [path]):
            err_console.print(f"loaded {r.source}: {r.loaded}/{r.read} records, {r.triples} triples ({loader})")
    violations = validate_store(graph_store)
    if violations:
        raise SanctiongraphError(f"the demo graph violates the SHACL shapes {len(violations)} times")
    err_console.print(f"SHACL: {len(graph_store.graph_names())} graphs conform\n")
    sys.stdout.write(firm_report(graph_store, find_entity(graph_store, "Xiaomi Corporation")))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
