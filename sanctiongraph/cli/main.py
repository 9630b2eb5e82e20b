"""The sanctiongraph command: one error boundary around typer commands registered per module.

Each module in sanctiongraph.cli that defines register(app) adds its commands; every command
is a thin twin of a library function.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
from difflib import get_close_matches
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from sanctiongraph import __version__
from sanctiongraph.cli import __path__ as cli_path
from sanctiongraph.cli.flags import plain_flags
from sanctiongraph.cli.values import plain_values
from sanctiongraph.errors import SanctiongraphError

# Each command's module and the line the root help shows for it, in the order the help lists
# them. A command's module is imported only when that command runs (or completes), so `--help`
# and each command start without importing every other command's libraries (rdflib, the store,
# the resolver...). tests/cli/test_startup.py checks this table against the modules; a module
# it does not name is imported at start, as before, so a new command works before it is listed.
COMMANDS: dict[str, tuple[str, str]] = {
    "cypher": ("cypher", "Run Cypher on the embedded property graph (LadybugDB), rebuilt when the store changed."),
    "cypher-queries": ("cypher", "List the named Cypher queries and their parameters."),
    "demo": ("demo", "Load the demo data into the store, validate it, and print the Xiaomi report."),
    "extract": (
        "extract",
        "Print what an article says, resolving names against the store (read-only), without loading it.",
    ),
    "sources": ("fetch", "List the sources `fetch` knows, with their official URLs and loaders."),
    "fetch": (
        "fetch",
        "Download a source's files; unchanged files are kept (ETag / Last-Modified), new ones replace them atomically.",
    ),
    "members": ("history", "Who was on a list on a day: the latest release on or before it, or dated listings."),
    "history": ("history", "Every designation, delisting and amendment of record on a firm, across all lists."),
    "changes": ("history", "What was added to, removed from or amended on a list between two days."),
    "releases": (
        "history",
        "The releases of official lists in the store, with dates and what changed since the previous one.",
    ),
    "loaders": ("load", "List the registered loaders."),
    "load": ("load", "Load files with one loader; each document replaces its own graph atomically."),
    "queries": ("query", "List the named queries and their parameters."),
    "query": ("query", "Run a named SPARQL query. An iri parameter may also be given as a name to look up."),
    "sparql": ("query", "Run any SPARQL query over the union of all graphs (GRAPH ?g reaches named graphs)."),
    "report": (
        "report",
        "Write a report on a firm, a pair of firms, a list or an article, every fact footnoted.",
    ),
    "check-claims": ("report", "Check the sanctions actions articles report against the actions of record."),
    "serve": (
        "serve",
        "Serve a read-only explorer (search, firm/pair/list/article pages) and a SPARQL 1.1 endpoint at /sparql.",
    ),
    "ties": ("ties", "The best paths from one firm to another, each hop with its kind, direction and evidence."),
    "neighbours": (
        "ties",
        "The firm's ego network grouped by tie kind: owners, affiliates, shared identifiers and\naddresses, "
        "same-day designations, resolution clusters, each with its evidence.",
    ),
    "validate": (
        "validate",
        "Validate every graph against the SHACL shapes; exit code 1 when anything violates them.",
    ),
    "export": ("export", "Export the store (RDF, FtM) or its property graph (Neo4j, GraphML)."),
    "resolve": ("resolve", "Entity resolution: clusters of records that are the same firm or person."),
}


def module_commands(module_name: str) -> dict[str, Any]:
    """The click commands a command module registers, built on an app of their own."""
    module = importlib.import_module(f"sanctiongraph.cli.{module_name}")
    register = getattr(module, "register", None)
    if register is None:
        return {}
    sub = typer.Typer(pretty_exceptions_enable=False, rich_markup_mode="rich")
    sub.callback()(lambda: None)  # always a group, even for a module with one command
    register(sub)
    group: Any = typer.main.get_command(sub)
    return {name: plain_values(plain_flags(command)) for name, command in group.commands.items()}


class LazyGroup(TyperGroup):
    """The root command: imports a command's module when the command is looked up to run.

    While the root help is drawn, commands not loaded yet are shown from COMMANDS instead.
    """

    listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS) + [name for name in self.commands if name not in COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return self.commands.get(cmd_name)
        if self.listing:
            return TyperCommand(name=cmd_name, help=COMMANDS[cmd_name][1])
        self.commands.update(module_commands(COMMANDS[cmd_name][0]))
        return self.commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as exc:  # "No such command": suggest from every command, loaded or not
            message = getattr(exc, "message", None)
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if isinstance(message, str) and matches and "Did you mean" not in message:
                suggestions = ", ".join(repr(m) for m in matches)
                exc.message = f"{message.rstrip('.')}. Did you mean {suggestions}?"  # type: ignore[attr-defined]
            raise


app = typer.Typer(
    name="sanctiongraph",
    help="A knowledge graph of companies, governments and sanctions actions, with provenance.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    cls=LazyGroup,
)

_NOT_COMMANDS = {"main", "output", "common", "flags", "values"}


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what loaders do (to stderr)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """sanctiongraph: load official lists and articles, query, check claims, report."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr)


def _register_commands() -> None:
    """Register, at start, the command modules COMMANDS does not name (the others load lazily)."""
    listed = {module for module, _ in COMMANDS.values()}
    for info in sorted(pkgutil.iter_modules(cli_path), key=lambda m: m.name):
        if info.name.startswith("_") or info.name in _NOT_COMMANDS or info.name in listed:
            continue
        module = importlib.import_module(f"sanctiongraph.cli.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_commands()


def run() -> None:
    """Entry point: our own errors become one red line and exit code 1, never a traceback.

    A reader that closes the pipe early (`| head -1`) got what it wanted: exit 0, no message.
    """

    def _quiet_pipe_end() -> None:
        # Python's recipe for a closed pipe: stdout to devnull so the flush at exit cannot fail.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())
        sys.exit(0)

    try:
        plain_flags(typer.main.get_command(app), recurse=False)(standalone_mode=False)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_pipe_end()
    except SystemExit as exc:
        # typer's own EPIPE handler exits 1 after wrapping stdout in PacifyFlushWrapper.
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _quiet_pipe_end()
        raise
    except SanctiongraphError as exc:
        from sanctiongraph.cli.output import err_console

        err_console.print(f"[bold red]error:[/bold red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        from sanctiongraph.cli.output import err_console

        err_console.print("aborted")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: typer's (vendored click) exceptions can show themselves
        show = getattr(exc, "show", None)
        if show is None:
            raise
        show()
        sys.exit(getattr(exc, "exit_code", 2))
