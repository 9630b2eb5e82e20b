"""sanctiongraph: a knowledge graph of companies, governments and sanctions actions.

For notebooks: `import sanctiongraph as sg; g = sg.open_graph()` (see sanctiongraph.api).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Graph", "__version__", "open_graph"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `import sanctiongraph` (and the CLI start) does not load the store modules.
    if name in ("Graph", "open_graph"):
        from sanctiongraph import api

        return getattr(api, name)
    raise AttributeError(f"module 'sanctiongraph' has no attribute {name!r}")
