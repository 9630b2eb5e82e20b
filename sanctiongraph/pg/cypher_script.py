"""A cypher-shell script of the projection: constraints, then batched UNWIND statements with literal maps.

The statements are the Neo4j export's plan with `$rows` replaced by a literal list, so the
script and the driver export cannot disagree. Hand-written literal rendering: Cypher literals
are small and fixed (strings, numbers, booleans, null, lists, maps), and no library renders them.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, TextIO

from sanctiongraph.errors import StoreError
from sanctiongraph.graph.projection import PropertyGraph
from sanctiongraph.pg.neo4j_export import BATCH_SIZE, build_plan

_SIMPLE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def cypher_string(text: str) -> str:
    """A single-quoted Cypher string; other control characters become \\uXXXX."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a property value, list or map."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise StoreError(f"cannot write {value} as a Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    return cypher_string(str(value))


def _key(name: str) -> str:
    return name if _SIMPLE_KEY.match(name) else "`" + name.replace("`", "``") + "`"


def write_cypher_script(graph: PropertyGraph, out: TextIO, batch_size: int = BATCH_SIZE) -> int:
    """Write the script; returns the number of statements."""
    plan = build_plan(graph, batch_size=batch_size)
    out.write("// sanctiongraph property graph for cypher-shell: cypher-shell -f this-file\n")
    count = 0
    for statement in plan.statements:
        if not statement.batches:
            out.write(statement.text + ";\n")
            count += 1
        for batch in statement.batches:
            rows = "[\n" + ",\n".join("  " + cypher_literal(row) for row in batch) + "\n]"
            out.write(statement.text.replace("UNWIND $rows AS row", f"UNWIND {rows} AS row", 1) + ";\n")
            count += 1
    return count


def export_cypher_script(graph: PropertyGraph, path: Path, batch_size: int = BATCH_SIZE) -> int:
    with path.open("w", encoding="utf-8") as out:
        return write_cypher_script(graph, out, batch_size)
