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
