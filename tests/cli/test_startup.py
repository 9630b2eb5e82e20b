"""Start-up: `sanctiongraph --help` and every command's start imports none of the heavy libraries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pyshacl", "trafilatura", "networkx", "rdflib.plugins.sparql", "sanctiongraph.resolution", "ladybug")
# Never needed to print help, nor to start a command: the store and its RDF library are read only
# once a command runs, pydantic only once typer checks a value given on the command line.
NOT_AT_START = (
    *HEAVY,
    "followthemoney",
    "rigour",
    "normality",
    "pydantic",
    "rdflib",
    "pyoxigraph",
    "sanctiongraph.graph",
    "sanctiongraph.loaders",
    "sanctiongraph.ontology",
    "sanctiongraph.queries",
    "sanctiongraph.pg",
    "sanctiongraph.analysis",
    "sanctiongraph.reports",
)
# Not needed by a command that reads a firm's history or runs a named query by name.
NOT_FOR_LOOKUP = (*HEAVY, "followthemoney", "sanctiongraph.loaders", "sanctiongraph.reports", "jinja2", "lxml")
# Not needed by any command that takes a firm's name and answers, each once a fifth of its start:
# pydantic (typer's value checks: cli/values.py), normality (the name key: graph/name_keys.py) and
# rigour.names with it (remove_org_types: analysis/lookup.py), chardet and ICU through normality.
NOT_FOR_A_NAME = ("pydantic", "normality", "rigour.names", "rigour.text", "chardet", "icu")

PROBE = """
import sys
import sanctiongraph.cli.main
heavy = sorted(m for m in sys.modules if m.startswith({heavy!r}))
print("\\n".join(heavy))
"""


def test_cli_import_does_not_load_heavy_libraries() -> None:
    """Run in a fresh interpreter: this test process has imported everything already."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == []


def test_help_runs_without_heavy_imports() -> None:
    probe = "import sys\nfrom sanctiongraph.cli.main import app\nfrom typer.testing import CliRunner\n"
    probe += "r = CliRunner().invoke(app, ['--help'])\nassert r.exit_code == 0, r.output\n"
    probe += f"print(' '.join(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == []


def test_resolve_help_thresholds_are_the_scorers() -> None:
    """The resolve command states the thresholds without importing the scorer; they must agree."""
    from sanctiongraph.cli import resolve
    from sanctiongraph.resolution import FIRM_THRESHOLD, MATCH_THRESHOLD

    assert (resolve.FIRM_THRESHOLD, resolve.MATCH_THRESHOLD) == (FIRM_THRESHOLD, MATCH_THRESHOLD)


# Lazy commands: the root imports a command's module only when that command runs ------------

RUN_PROBE = """
import sys
sys.argv = ["sanctiongraph", *{args!r}]
from sanctiongraph.cli.main import run
try:
    run()
except SystemExit:
    pass
loaded = sorted(m for m in sys.modules if m.startswith(("rdflib", "pyoxigraph", "sanctiongraph.")))
print("\\n".join(loaded), file=sys.stderr)
"""


def modules_after(*args: str, env: dict[str, str] | None = None, prefixes: tuple[str, ...] = ()) -> set[str]:
    """Modules of ours, rdflib and pyoxigraph (and any of prefixes) a fresh `sanctiongraph ARGS` process imported."""
    probe = RUN_PROBE.format(args=args).replace(
        '("rdflib", "pyoxigraph", "sanctiongraph.")', repr(("rdflib", "pyoxigraph", "sanctiongraph.", *prefixes))
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split()) - set(done.stdout.split())


def loaded(modules: set[str], packages: tuple[str, ...]) -> set[str]:
    """Those of modules that are one of packages or inside one."""
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)}


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["history", "--help"],
        ["query", "--help"],
        ["load", "--help"],
        ["report", "--help"],
        ["ties", "--help"],
        ["sparql", "--help"],
        ["extract", "--help"],
        ["resolve", "--help"],
        ["export", "--help"],
        ["export", "neo4j", "--help"],
        ["cypher", "--help"],
        ["members", "--help"],
    ],
)
def test_a_command_starts_without_the_store_nor_heavy_libraries(args: list[str], tmp_path: Path) -> None:
    """Help (the root's or a command's) is the start-up of a command: nothing but typer and rich."""
    modules = modules_after(*args, env={"SANCTIONGRAPH_STORE": str(tmp_path / "none")}, prefixes=NOT_AT_START)
    assert loaded(modules, NOT_AT_START) == set()
    assert not (tmp_path / "none").exists()


@pytest.fixture(scope="module")
def sdn_store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A store on disk holding the small SDN fixture (six records: the loader's count check is lowered)."""
    from typer.testing import CliRunner

    from sanctiongraph.cli.main import app
    from sanctiongraph.loaders.ofac_sdn_csv import OfacSdnCsvLoader

    env = {"SANCTIONGRAPH_STORE": str(tmp_path_factory.mktemp("startup") / "store")}
    release = Path(__file__).resolve().parents[1] / "fixtures" / "ofac" / "sdn_2020"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(OfacSdnCsvLoader, "expected_records", (1, None))
        done = CliRunner().invoke(app, ["load", "ofac-sdn-csv", str(release), "--published", "2020-01-01"], env=env)
    assert done.exit_code == 0, done.output
    return env


@pytest.mark.parametrize(
    "args",
    [["history", "ACME TRADING LLC"], ["query", "actions_by_firm", "--param", "firm=ACME TRADING LLC"]],
)
def test_a_name_lookup_imports_no_loader_nor_heavy_library(args: list[str], sdn_store: dict[str, str]) -> None:
    modules = modules_after(*args, env=sdn_store, prefixes=NOT_FOR_LOOKUP)
    assert "sanctiongraph.graph.names" in modules  # the lookup did run
    assert loaded(modules, NOT_FOR_LOOKUP) == set()


@pytest.mark.parametrize(
    "args",
    [
        ["history", "ACME TRADING LLC"],
        ["history", "ACME TRADING"],  # the name plus a legal form: rigour's org types are read
        ["query", "actions_by_firm", "--param", "firm=ACME TRADING LLC", "--format", "json"],
        ["report", "ACME TRADING LLC", "--format", "json"],
        ["ties", "ACME TRADING LLC", "NEW FIRM SA", "--k", "2", "--max-hops", "3"],
    ],
)
def test_a_command_taking_a_name_imports_neither_pydantic_nor_normality(
    args: list[str], sdn_store: dict[str, str]
) -> None:
    # The first command to read ties builds their projection beside the store (an address key
    # with rigour.addresses, once, as a load does); start-up is what every later command costs.
    modules_after(*args, env=sdn_store)
    modules = modules_after(*args, env=sdn_store, prefixes=NOT_FOR_A_NAME)
    assert "sanctiongraph.graph.names" in modules  # the lookup did run
    assert loaded(modules, NOT_FOR_A_NAME) == set()


def test_constants_repeated_for_start_up_agree_with_their_source() -> None:
    """cli modules repeat a few constants so as not to import their source at start; they must agree."""
    from sanctiongraph.cli import common, export, query
    from sanctiongraph.graph import store
    from sanctiongraph.pg import neo4j_export

    assert common.STORE_ENV == store.STORE_ENV
    assert query.ALLOW_SERVICE_ENV == store.ALLOW_SERVICE_ENV
    assert export.BATCH_SIZE == neo4j_export.BATCH_SIZE


def test_root_help_imports_no_command_module_nor_rdf_library() -> None:
    from sanctiongraph.cli.main import COMMANDS

    loaded = modules_after("--help")
    commands = {f"sanctiongraph.cli.{module}" for module, _ in COMMANDS.values()}
    assert not loaded & commands
    assert not {m for m in loaded if m.split(".")[0] in ("rdflib", "pyoxigraph") or m.startswith("sanctiongraph.graph")}


def test_a_command_imports_its_own_module_only() -> None:
    from sanctiongraph.cli.main import COMMANDS

    loaded = modules_after("queries", "--help")
    others = {f"sanctiongraph.cli.{module}" for module, _ in COMMANDS.values()} - {"sanctiongraph.cli.query"}
    assert "sanctiongraph.cli.query" in loaded
    assert not loaded & others


def test_commands_table_names_every_command_with_its_help() -> None:
    """COMMANDS must say which module defines each command and repeat its help's first paragraph."""
    import inspect
    import pkgutil

    from sanctiongraph.cli import main

    found = {}
    for info in pkgutil.iter_modules(main.cli_path):
        if info.name.startswith("_") or info.name in main._NOT_COMMANDS:
            continue
        for name, command in main.module_commands(info.name).items():
            found[name] = (info.name, inspect.cleandoc(command.help or "").split("\n\n")[0].strip())
    assert found == main.COMMANDS


def test_root_help_is_the_same_once_every_command_is_loaded() -> None:
    import typer

    from sanctiongraph.cli.main import COMMANDS, app

    group = typer.main.get_command(app)
    ctx = group.make_context("sanctiongraph", ["--version"], resilient_parsing=True)
    lazy = group.get_help(ctx)
    for name in COMMANDS:
        group.get_command(ctx, name)
    assert set(COMMANDS) <= set(group.commands)
    assert group.get_help(ctx) == lazy


def test_a_mistyped_command_is_suggested_from_every_command() -> None:
    from typer.testing import CliRunner

    from sanctiongraph.cli.main import app

    result = CliRunner().invoke(app, ["quer"])
    assert result.exit_code == 2
    assert "'query'" in result.output
