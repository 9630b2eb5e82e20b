"""cli/values.py checks command-line values as typer's own pydantic check does, on every command."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest

from sanctiongraph.cli import values
from sanctiongraph.cli.main import COMMANDS, module_commands

pytestmark = pytest.mark.skipif(values.RuntimeParam is None, reason="this typer checks values without pydantic")

TEXT = ["Huawei", "", " BANCO NACIONAL DE CUBA ", "firm=Xiaomi", "華為", "-", "5"]
WHOLE = [0, 1, 5, 9, -3, "0", "1", "3", "4", "8", "9", "007", "-1", "+2", " 3", "1_0", "٣", "3.0", "x", ""]


def samples(annotation: Any, tmp: Path) -> list[Any]:
    """Values a user can give a parameter of this type: valid ones and wrong ones."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        members = list(annotation)
        return [*members, *(m.value for m in members), *(str(m.value).upper() for m in members), "nope", ""]
    if annotation is int:
        return WHOLE
    if annotation is Path:
        (tmp / "file.txt").write_text("x", encoding="utf-8")
        return [str(tmp), str(tmp / "file.txt"), str(tmp / "missing"), "-", "", tmp, "relative/path"]
    if get_origin(annotation) is list:
        return [(), ("a",), ("firm=Huawei", "x=1"), ["a", "b"]]
    return TEXT


def outcome(check: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    """What a check makes of a value: its result, or its error's type and message."""
    try:
        return "value", check(value, param=param, ctx=ctx)
    except Exception as exc:  # the error a user sees is part of the behaviour
        return type(exc).__name__, str(exc)


def every_parameter() -> list[tuple[str, Any, Any]]:
    modules = sorted({module for module, _ in COMMANDS.values()})
    return [
        (f"{name}:{param.name}", command, param)
        for module in modules
        for name, command in module_commands(module).items()
        for param in command.params
        if getattr(param, "type_descriptor", None) is not None
    ]


def _label(item: object) -> str:
    return item if isinstance(item, str) else ""


@pytest.mark.parametrize(("label", "command", "param"), every_parameter(), ids=_label)
def test_values_are_checked_as_typer_checks_them(label: str, command: Any, param: Any, tmp_path: Path) -> None:
    from typer._coercion import build_runtime_param

    assert isinstance(param.get_runtime_param(), values.PlainValue), label
    ctx = command.make_context(command.name, [], resilient_parsing=True)
    ours, typers = param.get_runtime_param(), build_runtime_param(param.type_descriptor)
    assert not isinstance(typers, values.PlainValue)
    for value in samples(param.type_descriptor.annotation, tmp_path):
        expected = outcome(typers.coerce, value, param, ctx)
        assert outcome(ours.coerce, value, param, ctx) == expected, (label, value)


def test_plain_values_are_answered_without_typer() -> None:
    """The values our commands run with are checked here, not sent on to pydantic."""
    from typer.models import OptionInfo

    assert values.plain_value(str, OptionInfo(), "Huawei", None, None) == "Huawei"
    assert values.plain_value(list[str], OptionInfo(), ("a=1",), None, None) == ["a=1"]
    assert values.plain_value(int, OptionInfo(min=1, max=8), "4", None, None) == 4
    assert values.plain_value(int, OptionInfo(min=1, max=8), "9", None, None) is values._TYPER
    assert values.plain_value(Path, OptionInfo(), "store", None, None) == Path("store")
    assert values.plain_value(float, OptionInfo(), "1.5", None, None) is values._TYPER
    assert get_args(list[str]) == (str,)
