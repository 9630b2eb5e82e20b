"""Start-up: `sanctiongraph --help` and every command's start imports none of the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pyshacl", "trafilatura", "networkx", "rdflib.plugins.sparql", "sanctiongraph.resolution", "ladybug")

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


def modules_after(*args: str) -> set[str]:
    """Modules of ours, rdflib and pyoxigraph a fresh `sanctiongraph ARGS` process has imported."""
    done = subprocess.run([sys.executable, "-c", RUN_PROBE.format(args=args)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


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
