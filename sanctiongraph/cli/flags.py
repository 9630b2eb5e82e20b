"""Help text for boolean flags: no `<bool>` column, since they take no value.

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
        if getattr(param, "is_flag", False) and getattr(param, "metavar", "") is None:
            param.metavar = ""
    _plain_help_option(command)
    if recurse:
        for sub in getattr(command, "commands", {}).values():
            plain_flags(sub)
    return command


def _plain_help_option(command: Any) -> None:
    """click makes `--help` on demand, so its metavar is set as it is made."""
    made = command.get_help_option

    def help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None and getattr(option, "metavar", "") is None:
            option.metavar = ""
        return option

    command.get_help_option = help_option
