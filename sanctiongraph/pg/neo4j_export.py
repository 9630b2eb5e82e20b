"""Neo4j export over the official driver: constraints, then parameterised batched MERGE statements.

The plan (statements and their batches of rows) is built from the projection alone, so it can be
printed (--dry-run), rendered as a cypher-shell script (cypher_script.py) or sent to a server.
MERGE on labelled, constrained iri keys makes a second run add nothing; with --changed-only a
state file of per-node and per-edge hashes beside the store limits the run to what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sanctiongraph.errors import ConfigError, StoreError
from sanctiongraph.graph.projection import PGEdge, PGNode, PropertyGraph

BATCH_SIZE = 5000
STATE_NAME = "neo4j-export-state.json"
Row = dict[str, Any]


@dataclass
class PlannedStatement:
    """One Cypher statement and the batches of rows it runs with (none for schema statements)."""

    kind: str  # constraint, index, nodes, relationships, delete
    text: str
    batches: list[list[Row]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(b) for b in self.batches)


@dataclass
class Neo4jPlan:
    statements: list[PlannedStatement]
    state: dict[str, dict[str, str]]  # what the store holds after the run: key -> {hash, label...}

    def summary(self) -> list[Row]:
        return [
            {"kind": s.kind, "batches": len(s.batches), "rows": s.rows, "statement": " ".join(s.text.split())}
            for s in self.statements
        ]


@dataclass
class Neo4jSettings:
    """Connection settings; the password is kept out of repr so it is never printed or logged."""

    uri: str
    user: str
    database: str | None
    password: str = field(repr=False, default="")

    @classmethod
    def resolve(cls, uri: str | None, user: str | None, database: str | None) -> Neo4jSettings:
        """Options win over NEO4J_URI / NEO4J_USERNAME / NEO4J_DATABASE; the password only
        comes from NEO4J_PASSWORD, never from the command line (shell history, ps)."""
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise ConfigError("no Neo4j server: pass --uri or set NEO4J_URI (or use --dry-run)")
        parts = urlsplit(uri)
        if parts.username is not None or parts.password is not None:
            # Never echo the URI back: it holds a password.
            raise ConfigError(
                f"the Neo4j URI must not hold a user or password ({parts.scheme}://HOST:PORT); "
                "set NEO4J_USERNAME and NEO4J_PASSWORD instead"
            )
        return cls(
            uri=uri,
            user=user or os.environ.get("NEO4J_USERNAME", "neo4j"),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
            password=os.environ.get("NEO4J_PASSWORD", ""),
        )


def quote(name: str) -> str:
    """A label, type or key as a Cypher identifier (backticks doubled inside)."""
    return "`" + name.replace("`", "``") + "`"


def node_row(node: PGNode) -> Row:
    return {"iri": node.iri, "props": {**node.props, "sources": node.sources}}


def edge_row(edge: PGEdge) -> Row:
    return {
        "start": edge.start,
        "end": edge.end,
        "props": {**edge.props, "sources": edge.sources, "derived": edge.derived},
    }


def schema_statements(graph: PropertyGraph) -> list[PlannedStatement]:
    """A uniqueness constraint on iri for every label (it also indexes it) and a name index."""
    out = []
    for label in sorted({n.label for n in graph.nodes.values()}):
        target = f"FOR (n:{quote(label)})"
        out.append(
            PlannedStatement(
                "constraint",
                f"CREATE CONSTRAINT {quote(label + '_iri')} IF NOT EXISTS {target} REQUIRE n.iri IS UNIQUE",
            )
        )
        out.append(
            PlannedStatement(
                "index", f"CREATE INDEX {quote(label + '_name')} IF NOT EXISTS FOR (n:{quote(label)}) ON (n.name)"
            )
        )
    return out


def node_statement(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{quote(label)} {{iri: row.iri}}) SET n += row.props"


def edge_statement(rel: str, start: str, end: str, keyed: bool) -> str:
    """Collapsed intervals are keyed by their iri (two ownerships between one pair stay two)."""
    key = " {iri: row.props.iri}" if keyed else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{quote(start)} {{iri: row.start}}) MATCH (b:{quote(end)} {{iri: row.end}}) "
        f"MERGE (a)-[r:{quote(rel)}{key}]->(b) SET r += row.props"
    )


def edge_key(edge: PGEdge) -> str:
    return f"{edge.type}|{edge.start}|{edge.end}|{edge.props.get('iri') or ''}"


def _hash(value: Any) -> str:
    return hashlib.sha1(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def build_plan(
    graph: PropertyGraph, previous: dict[str, dict[str, str]] | None = None, batch_size: int = BATCH_SIZE
) -> Neo4jPlan:
    """Statements for the whole graph, or (given the previous state) only for what changed."""
    state: dict[str, dict[str, str]] = {}
    node_groups: dict[str, list[Row]] = {}
    for node in graph.nodes.values():
        row = node_row(node)
        state[f"node|{node.iri}"] = {"hash": _hash([node.label, row]), "label": node.label}
        if previous is None or previous.get(f"node|{node.iri}", {}).get("hash") != state[f"node|{node.iri}"]["hash"]:
            node_groups.setdefault(node.label, []).append(row)
    edge_groups: dict[tuple[str, str, str, bool], list[Row]] = {}
    for edge in graph.edges:
        start, end = graph.nodes[edge.start].label, graph.nodes[edge.end].label
        row, key = edge_row(edge), f"edge|{edge_key(edge)}"
        state[key] = {"hash": _hash(row), "type": edge.type, "start": start, "end": end}
        if previous is None or previous.get(key, {}).get("hash") != state[key]["hash"]:
            edge_groups.setdefault((edge.type, start, end, "iri" in edge.props), []).append(row)
    statements = schema_statements(graph)
    statements += [
        PlannedStatement("nodes", node_statement(label), _batches(rows, batch_size))
        for label, rows in sorted(node_groups.items())
    ]
    statements += [
        PlannedStatement("relationships", edge_statement(*key), _batches(rows, batch_size))
        for key, rows in sorted(edge_groups.items())
    ]
    statements += _deletions(previous or {}, state, batch_size)
    return Neo4jPlan(statements, state)


def _deletions(
    previous: dict[str, dict[str, str]], state: dict[str, dict[str, str]], size: int
) -> list[PlannedStatement]:
    """What the last export wrote and the projection no longer has."""
    gone = [(k, v) for k, v in sorted(previous.items()) if k not in state]
    out: list[PlannedStatement] = []
    edges: dict[tuple[str, str, str], list[Row]] = {}
    for key, meta in gone:
        if key.startswith("edge|"):
            _type, start, end, iri = key.split("|", 4)[1:]
            edges.setdefault((meta["type"], meta["start"], meta["end"]), []).append(
                {"start": start, "end": end, "iri": iri}
            )
    for (rel, start, end), rows in sorted(edges.items()):
        text = (
            f"UNWIND $rows AS row MATCH (a:{quote(start)} {{iri: row.start}})-[r:{quote(rel)}]->"
            f"(b:{quote(end)} {{iri: row.end}}) WHERE coalesce(r.iri, '') = row.iri DELETE r"
        )
        out.append(PlannedStatement("delete", text, _batches(rows, size)))
    nodes: dict[str, list[Row]] = {}
    for key, meta in gone:
        if key.startswith("node|"):
            nodes.setdefault(meta["label"], []).append({"iri": key.split("|", 1)[1]})
    for label, rows in sorted(nodes.items()):
        text = f"UNWIND $rows AS row MATCH (n:{quote(label)} {{iri: row.iri}}) DETACH DELETE n"
        out.append(PlannedStatement("delete", text, _batches(rows, size)))
    return out


def _batches(rows: list[Row], size: int) -> list[list[Row]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


# state file ------------------------------------------------------------------------------


def state_path(store_path: Path | None) -> Path:
    """The state file beside the store folder (the working directory for an in-memory store)."""
    return (store_path.parent if store_path is not None else Path(".")) / STATE_NAME


def read_state(path: Path) -> dict[str, dict[str, str]] | None:
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"unreadable Neo4j export state {path}: {exc}; delete it to export everything") from exc


def write_state(path: Path, state: dict[str, dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


# running ---------------------------------------------------------------------------------


def iter_batches(plan: Neo4jPlan) -> Iterator[tuple[PlannedStatement, list[Row] | None]]:
    """(statement, batch) pairs in order; schema statements come once with no batch."""
    for statement in plan.statements:
        if not statement.batches:
            yield statement, None
        for batch in statement.batches:
            yield statement, batch


def run_plan(plan: Neo4jPlan, settings: Neo4jSettings, progress: Callable[[int, int], None] | None = None) -> int:
    """Send the plan to Neo4j; execute_write retries transient errors. Returns rows written."""
    import neo4j
    from neo4j.exceptions import DriverError, Neo4jError

    total = sum(s.rows for s in plan.statements)
    done = 0
    try:
        with neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
            driver.verify_connectivity()
            with driver.session(database=settings.database) as session:
                for statement, batch in iter_batches(plan):
                    if batch is None:
                        session.run(statement.text).consume()
                        continue
                    session.execute_write(_write_batch, statement.text, batch)
                    done += len(batch)
                    if progress is not None:
                        progress(done, total)
    except (Neo4jError, DriverError, OSError, ValueError) as exc:
        # The driver's messages name the server, never the password.
        raise StoreError(f"Neo4j export to {settings.uri} failed: {exc}") from exc
    return done


def _write_batch(tx: Any, text: str, rows: list[Row]) -> None:
    tx.run(text, rows=rows).consume()
