"""Packaging and documentation checks: nothing a user needs is left out of the install or the README."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from typer.main import get_command

from sanctiongraph.cli.main import app
from sanctiongraph.loaders import all_loaders

REPO = Path(__file__).resolve().parents[1]
MAPPED = {"graph", "ontology", "loaders", "queries"}


def _declared_packages() -> set[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def _package_name(folder: Path) -> str:
    parts = folder.relative_to(REPO).parts
    if parts[0] in MAPPED:
        return ".".join(("sanctiongraph", *parts))
    return ".".join(parts)


def test_every_package_folder_is_declared_in_pyproject() -> None:
    roots = [REPO / "sanctiongraph", *(REPO / name for name in MAPPED)]
    found = {
        _package_name(init.parent)
        for root in roots
        for init in root.rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - _declared_packages() == set()


def test_readme_documents_every_loader_and_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in all_loaders():
        assert f"`{name}`" in readme, f"loader {name} is not documented in README.md"
    for name in get_command(app).commands:  # type: ignore[attr-defined]
        assert re.search(rf"sanctiongraph {re.escape(name)}\b", readme), f"command {name} is not in README.md"


def test_readme_commands_match_ci() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:sh|bash)\n(.+?)\n```", readme)
    assert len(commands) >= 2
    assert commands[0] in ci and commands[1] in ci, "README's two commands must be what CI runs"


def test_every_command_has_an_example() -> None:
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        group = getattr(command, "commands", None)
        for sub in (group or {name: command}).values():
            assert "Example:" in (sub.help or ""), f"command {name} {sub.name} has no Example: in its help"
