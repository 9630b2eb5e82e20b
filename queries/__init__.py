"""Named queries: one file each in this package (*.rq for SPARQL, *.cypher for Cypher).

A query file starts with comment lines naming it and its parameters:
    # title: Firm profile          (// in Cypher files)
    # description: ...
    # param: firm (iri) the firm
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from sanctiongraph.errors import NotFoundError, QueryError

_HEADER = re.compile(r"^(?:#|//)\s*(title|description|param):\s*(.+)$")
_PARAM = re.compile(r"^(\w+)\s*\((iri|date|string|integer)\)\s*(.*)$")


@dataclass(frozen=True)
class QueryParam:
    name: str
    kind: str
    description: str


@dataclass
class NamedQuery:
    """A query file with its title, description and typed parameters."""

    name: str
    language: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: list[QueryParam] = field(default_factory=list)

    def bind(self, values: dict[str, str]) -> dict[str, Any]:
        """Typed parameter values from strings; every declared parameter must be given.

        SPARQL gets rdflib terms; Cypher engines get plain values (IRIs and dates as text).
        """
        declared = {p.name: p for p in self.params}
        unknown = set(values) - set(declared)
        if unknown:
            raise QueryError(
                f"query {self.name} has no parameter {', '.join(sorted(unknown))}; it takes {', '.join(declared)}"
            )
        missing = [p.name for p in self.params if p.name not in values]
        if missing:
            raise QueryError(f"query {self.name} needs --param {missing[0]}=...")
        typed = _typed if self.language == "sparql" else _plain
        return {name: typed(declared[name], value) for name, value in values.items()}


def _plain(param: QueryParam, value: str) -> Any:
    if param.kind == "integer":
        try:
            return int(value)
        except ValueError:
            raise QueryError(f"--param {param.name} must be a whole number, not {value!r}") from None
    if param.kind == "date":
        _check_date(param, value)
    return value


def _check_date(param: QueryParam, value: str) -> None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise QueryError(f"--param {param.name} must be a date like 2021-01-14")


def _typed(param: QueryParam, value: str) -> Any:
    if param.kind == "iri":
        return URIRef(value)
    if param.kind == "date":
        _check_date(param, value)
        return Literal(value, datatype=XSD.date)
    if param.kind == "integer":
        return Literal(int(value))
    return Literal(value)


def parse_query_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    query = NamedQuery(name=path.stem, language="sparql" if path.suffix == ".rq" else "cypher", path=path, text=text)
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            param = _PARAM.match(value)
            if param is None:
                raise QueryError(f"{path.name}: bad param line {value!r}")
            query.params.append(QueryParam(*param.groups()))
        else:
            setattr(query, key, value.strip())
    return query


def queries_folder() -> Path:
    """Where the query files are installed."""
    return Path(str(files(__name__)))


@cache
def named_queries(language: str = "sparql", flavour: str | None = None) -> dict[str, NamedQuery]:
    """Every named query of a language, by name; flavour names a subfolder of engine-only
    queries (queries/neo4j/ holds Cypher that only Neo4j runs, such as shortestPath())."""
    suffix = ".rq" if language == "sparql" else ".cypher"
    root = queries_folder() / flavour if flavour else queries_folder()
    return {p.stem: parse_query_file(p) for p in sorted(root.glob(f"*{suffix}"))}


def get_query(name: str, language: str = "sparql", flavour: str | None = None) -> NamedQuery:
    queries = named_queries(language, flavour)
    if name not in queries:
        raise NotFoundError(f"no {language} query named {name!r}; known: {', '.join(queries) or 'none'}")
    return queries[name]
