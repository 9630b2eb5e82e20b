"""Shared fixtures: stores, the demo data, and the real files in ../shared (skipped when absent)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sanctiongraph.graph.ingest import ensure_reference
from sanctiongraph.graph.store import GraphStore

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO = REPO / "sanctiongraph" / "demo"


@pytest.fixture
def memory_store() -> GraphStore:
    """An empty in-memory store."""
    return GraphStore(None)


@pytest.fixture
def store() -> GraphStore:
    """An in-memory store holding the reference data (agencies, statutes, lists)."""
    graph_store = GraphStore(None)
    ensure_reference(graph_store)
    return graph_store


@pytest.fixture
def disk_store(tmp_path: Path) -> GraphStore:
    """An on-disk store in a temporary folder, with the reference data."""
    graph_store = GraphStore(tmp_path / "store")
    ensure_reference(graph_store)
    return graph_store


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: ../shared/data/{'/'.join(parts)} is absent (fresh clone)")
    return path


@pytest.fixture
def shared() -> type:
    """Access to ../shared/data: shared.path('official', 'un', 'x.xml') skips when absent."""

    class Shared:
        path = staticmethod(shared_path)

    return Shared


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m sanctiongraph ARGS` in a subprocess with extra environment, as a user would:
    only a real process shows what reaches the terminal through the CLI's error boundary."""

    def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sanctiongraph", *args],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )

    return run


# Hypothesis profiles for tests/fuzz: bounded in CI; `--hypothesis-profile=deep` for long runs.
# Registered here, in the root conftest, so that the option finds them at start-up.
try:
    from hypothesis import settings as _hypothesis_settings
except ImportError:  # hypothesis is in the test extra; without it tests/fuzz cannot run anyway
    pass
else:
    _hypothesis_settings.register_profile("ci", max_examples=10, deadline=None, derandomize=True)
    _hypothesis_settings.register_profile("deep", max_examples=400, deadline=None)
    _hypothesis_settings.load_profile("ci")
