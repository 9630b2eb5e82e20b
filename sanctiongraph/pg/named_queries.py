"""Named Cypher queries: queries/*.cypher (portable) and queries/neo4j/*.cypher (Neo4j only).

Each file starts with `// title:`, `// description:` and `// param: name (type) help` lines, the
same header as its SPARQL twin (`# ...` in queries/*.rq), with the same parameter names; one
parser (sanctiongraph.queries) reads both.
"""

from __future__ import annotations

from sanctiongraph.queries import NamedQuery, get_query, named_queries, queries_folder

NamedCypher = NamedQuery

__all__ = ["NamedCypher", "named_cypher", "named_cypher_queries", "queries_folder"]


def named_cypher_queries(flavour: str | None = None) -> dict[str, NamedQuery]:
    """The named queries by name: portable ones, or the Neo4j-only ones with flavour='neo4j'."""
    return named_queries("cypher", flavour)


def named_cypher(name: str, flavour: str | None = None) -> NamedQuery:
    return get_query(name, "cypher", flavour)
