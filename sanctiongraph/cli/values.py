"""Command-line values checked without pydantic, exactly as typer checks them, at a third of the start-up.

typer (0.26 and later) checks every value a command runs with, defaults and unset options too,
through a pydantic TypeAdapter it builds on first use; importing pydantic for that costs ~65 ms
of a ~0.3 s command. The values our commands take (text, lists of text, choices, whole numbers
within bounds, paths) need none of it, so they are checked here with typer's own functions;
anything else, and any value these checks do not accept, goes to typer's own pydantic check, so
its errors read as they always did. tests/cli/test_values.py compares the two on every parameter
of every command. A typer without these internals (before 0.26) needs nothing: then this does
nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:  # private to typer: a typer without them checks values without pydantic already
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path
except ImportError:  # pragma: no cover - depends on the installed typer
    RuntimeParam = None  # type: ignore[assignment,misc]

__all__ = ["plain_values"]

_TYPER = object()  # "not checked here: ask typer"
_WHOLE = re.compile(r"-?[0-9]+")


def plain_values(command: Any) -> Any:
    """Give each parameter of command (and of its subcommands) the pydantic-free check."""
    if RuntimeParam is None:
        return command
    for param in command.params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is not None and getattr(param, "_runtime_param", False) is None:
            info = descriptor.parameter_info
            param._runtime_param = PlainValue(annotation=descriptor.annotation, parameter_info=info)
    for sub in getattr(command, "commands", {}).values():
        plain_values(sub)
    return command


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class PlainValue(RuntimeParam):  # type: ignore[misc,valid-type]
        """typer's check for the values of our commands, falling back to typer's own for the rest."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                checked = plain_value(self.annotation, self.parameter_info, value, param, ctx)
            except Exception:  # typer raises its own error, worded as it words it
                checked = _TYPER
            if checked is _TYPER:
                return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)
            return checked


def plain_value(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """The value typer's pydantic check would return, or _TYPER when that is not plain to see."""
    if info.parser is not None:
        return _TYPER
    if annotation is str:
        return value if isinstance(value, str) else _TYPER
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        plain = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        return list(value) if plain else _TYPER
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return coerce_cli_choice(value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
    if annotation is int and not info.clamp:
        return _whole(value, info.min, info.max)
    if annotation is Path and info.path_type is None:
        if isinstance(value, str) and value:
            value = Path(value)
        if not isinstance(value, Path):
            return _TYPER
        return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
    return _TYPER


def _whole(value: Any, low: float | None, high: float | None) -> Any:
    """A whole number written in plain digits, within the bounds; anything else is typer's to word."""
    if type(value) is int:
        number = value
    elif isinstance(value, str) and _WHOLE.fullmatch(value):
        number = int(value)
    else:
        return _TYPER
    if (low is not None and number < low) or (high is not None and number > high):
        return _TYPER
    return number
