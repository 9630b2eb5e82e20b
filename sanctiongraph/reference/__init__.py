"""Reference data we compiled from the public record: agencies, governments, statutes, lists.

Loaded into the store (graph per file, like any source) before the first load, so loaders
and articles can link to shared nodes such as kgr:agency/us-dod or kgr:list/us-dod-1237.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def reference_files() -> list[Path]:
    """The packaged reference Turtle files, sorted."""
    root = Path(str(files(__name__)))
    return sorted(root.glob("*.ttl"))
