"""The sanctiongraph command: one error boundary around typer commands registered per module.

Each module in sanctiongraph.cli that defines register(app) adds its commands; every command
is a thin twin of a library function.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys

import typer

from sanctiongraph import __version__
from sanctiongraph.cli import __path__ as cli_path
from sanctiongraph.cli.output import err_console
from sanctiongraph.errors import SanctiongraphError

app = typer.Typer(
    name="sanctiongraph",
    help="A knowledge graph of companies, governments and sanctions actions, with provenance.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

_NOT_COMMANDS = {"main", "output", "common"}


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
    for info in sorted(pkgutil.iter_modules(cli_path), key=lambda m: m.name):
        if info.name.startswith("_") or info.name in _NOT_COMMANDS:
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
    from sanctiongraph.cli.common import plain_flags

    def _quiet_pipe_end() -> None:
        # Python's recipe for a closed pipe: stdout to devnull so the flush at exit cannot fail.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())
        sys.exit(0)

    try:
        plain_flags(typer.main.get_command(app))(standalone_mode=False)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_pipe_end()
    except SystemExit as exc:
        # typer's own EPIPE handler exits 1 after wrapping stdout in PacifyFlushWrapper.
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _quiet_pipe_end()
        raise
    except SanctiongraphError as exc:
        err_console.print(f"[bold red]error:[/bold red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
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
