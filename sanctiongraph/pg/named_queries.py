"""Named Cypher queries: the queries/*.cypher files (portable) and queries/neo4j/*.cypher (Neo4j only).

Each file starts with `// title:`, `// description:` and `// param: name (type) help` lines,
the same header as the SPARQL twins (`# ...` in queries/*.rq), with the same parameter names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from sanctiongraph.errors import NotFoundError, QueryError

_HEADER = re.compile(r"^//\s*(title|description|param):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*\((\w+)\)\s*(.*)$")


@dataclass
class QueryParam:
    name: str
    kind: str  # iri, date, int, string
    help: str


@dataclass
class NamedCypher:
    """One named query: its text, title, description and declared parameters."""

    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: list[QueryParam] = field(default_factory=list)

    def bind(self, values: dict[str, str]) -> dict[str, Any]:
        """Check the given k=v values against the declared parameters and type them."""
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            raise QueryError(f"query {self.name} has no parameter {', '.join(unknown)}; it takes {', '.join(declared)}")
        missing = sorted(set(declared) - set(values))
        if missing:
            raise QueryError(f"query {self.name} needs --param {missing[0]}=...")
        return {name: _typed(declared[name].kind, value) for name, value in values.items()}


def _typed(kind: str, value: str) -> Any:
    if kind in ("int", "integer"):
        try:
            return int(value)
        except ValueError:
            raise QueryError(f"expected a whole number, not {value!r}") from None
    return value


def queries_folder() -> Path:
    return Path(str(files("sanctiongraph.queries")))


def named_cypher_queries(flavour: str | None = None) -> dict[str, NamedCypher]:
    """The named queries by name: portable ones, or the Neo4j-only ones with flavour='neo4j'."""
    folder = queries_folder() / flavour if flavour else queries_folder()
    return {p.stem: parse_named_cypher(p) for p in sorted(folder.glob("*.cypher"))}


def named_cypher(name: str, flavour: str | None = None) -> NamedCypher:
    queries = named_cypher_queries(flavour)
    if name not in queries:
        raise NotFoundError(f"no named Cypher query {name!r}; known: {', '.join(queries) or 'none'}")
    return queries[name]


def parse_named_cypher(path: Path) -> NamedCypher:
    """Read a .cypher file and its header comments."""
    text = path.read_text(encoding="utf-8")
    query = NamedCypher(name=path.stem, path=path, text=text)
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            param = _PARAM.match(value)
            if param is None:
                raise QueryError(f"{path.name}: bad param line {line!r}")
            query.params.append(QueryParam(*param.groups()))
        else:
            setattr(query, key, value)
    return query
