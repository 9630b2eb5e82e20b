"""Boolean flags: no `<bool>` column in help, since they take no value; False when not given.

A module of its own, importing nothing, so `sanctiongraph --help` can use it without loading
the store modules that cli.common brings. Duck-typed: typer vendors its own click, whose
classes are private.
"""

from __future__ import annotations

from typing import Any

__all__ = ["plain_flags"]


def plain_flags(command: Any, *, recurse: bool = True) -> Any:
    """Show boolean flags, `--help` included, without a value type; into subcommands if recurse."""
    for param in command.params:
        _plain_flag(param)
    _plain_help_option(command)
    if recurse:
        for sub in getattr(command, "commands", {}).values():
            plain_flags(sub)
    return command


def _plain_flag(param: Any) -> None:
    """No value type in help; and False, not None, when not given.

    typer (0.29) checks a flag's value with pydantic unless it is already a bool: for the root's
    --help, --install-completion and --show-completion, whose default is None, that imported
    pydantic (a fifth of a start-up) before `sanctiongraph COMMAND --help` could print anything.
    Their callbacks read None and False alike (`if not value`).
    """
    if not getattr(param, "is_flag", False):
        return
    if getattr(param, "metavar", "") is None:
        param.metavar = ""
    if param.default is None and getattr(getattr(param, "type_descriptor", None), "annotation", None) is bool:
        param.default = False


def _plain_help_option(command: Any) -> None:
    """click makes `--help` on demand, so its metavar is set as it is made."""
    made = command.get_help_option

    def help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None:
            _plain_flag(option)
        return option

    command.get_help_option = help_option
