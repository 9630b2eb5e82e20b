"""Property-graph outputs of the one projection: embedded Cypher (LadybugDB), Neo4j, GraphML/GEXF."""

from __future__ import annotations

from typing import Any

# Lists in CSV cells (LadybugDB COPY, neo4j-admin arrays) are joined by the unit separator,
# which no name or note contains.
LIST_SEPARATOR = "\x1f"


def csv_cell(value: Any) -> str:
    """CSV text of a property value: lists joined by LIST_SEPARATOR, booleans in lower case."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v).replace(LIST_SEPARATOR, " ") for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
