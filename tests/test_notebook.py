"""The README's notebook section runs as written (pandas from the test extra; skipped without it)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def notebook_blocks() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In a notebook", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_readme_notebook_session_runs() -> None:
    pytest.importorskip("pandas", reason="pandas is the notebook extra")
    blocks = notebook_blocks()
    assert len(blocks) >= 5
    namespace: dict = {}
    here = os.getcwd()
    os.chdir(REPO)  # the session runs from the repository folder, as the README says
    try:
        for block in blocks:
            exec(compile(block, "README.md", "exec"), namespace)
    finally:
        os.chdir(here)
    # What the session shows is what the store holds.
    actions = namespace["actions"]
    assert len(actions) >= 1 and set(actions["kind"]) <= {
        "https://w3id.org/sanctiongraph/ontology#Designation",
        "https://w3id.org/sanctiongraph/ontology#Delisting",
        "https://w3id.org/sanctiongraph/ontology#Amendment",
    }
    assert list(namespace["firms"].columns) == ["name", "actions"]
    assert namespace["text"].startswith("# Xiaomi Corporation")
    assert namespace["xiaomi"] in namespace["near"]
    assert namespace["near"].number_of_nodes() < namespace["whole"].number_of_nodes()
    # The tie the session prints is the parent company the 1260H excerpt states, with that file as evidence.
    (path, *_) = namespace["paths"]
    assert [h.target_name for h in path.hops][-1] == "China Electronics Technology Group Corporation"
    assert all(h.evidence and h.evidence[0].title == "dod_1260h_excerpt.csv" for h in path.hops)
