"""Embedded Cypher: a LadybugDB database built from the projection and kept in step with the store.

LadybugDB needs a schema (one node table per label, one rel table per relationship type with
its FROM/TO label pairs), generated here from the ontology mapping and the projection. Node
tables are filled with LOAD FROM (it can split our list columns), rel tables with COPY. The
database lives beside the store and is rebuilt when the store's fingerprint changes.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ladybug

from sanctiongraph.errors import QueryError, StoreError
from sanctiongraph.graph.projection import PGEdge, PGNode, PropertyGraph, project, store_fingerprint
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology.pg_schema import (
    EDGE_BASE_COLUMNS,
    LIST_OF_STRING,
    NODE_BASE_COLUMNS,
    column_type,
    pg_mapping,
)
from sanctiongraph.pg import LIST_SEPARATOR, csv_cell

DB_NAME = "ladybug.db"
FINGERPRINT_SUFFIX = ".fingerprint"
# Lists travel through CSV joined by LIST_SEPARATOR; LOAD FROM splits them back with string_split.
# Stated, not sniffed: sniffing the first rows missed quoting that starts further down.
# Not parallel: parallel reading refuses quoted newlines (notes span lines).
CSV_DIALECT = "parallel=false, auto_detect=false, delim=',', quote='\"', escape='\"'"
Row = dict[str, Any]
# The ends an interval (OWNS, DIRECTS, RELATED_TO) may join when the data has none of its kind.
AGENT_LABELS = frozenset({"Company", "Person", "Organization", "GovernmentAgency", "Government"})
ASSET_LABELS = frozenset({"Vessel", "Aircraft"})


@dataclass
class LadybugSchema:
    """Node tables (label -> columns) and rel tables (type -> FROM/TO pairs, columns)."""

    nodes: dict[str, dict[str, str]]
    rels: dict[str, tuple[list[tuple[str, str]], dict[str, str]]]

    def ddl(self) -> list[str]:
        """CREATE NODE TABLE / CREATE REL TABLE statements, every identifier quoted."""
        statements = []
        for label, columns in self.nodes.items():
            cols = ", ".join(f"`{name}` {kind}" for name, kind in columns.items())
            statements.append(f"CREATE NODE TABLE `{label}`({cols}, PRIMARY KEY(`iri`))")
        for rel, (pairs, columns) in self.rels.items():
            ends = ", ".join(f"FROM `{a}` TO `{b}`" for a, b in pairs)
            cols = "".join(f", `{name}` {kind}" for name, kind in columns.items())
            statements.append(f"CREATE REL TABLE `{rel}`({ends}{cols})")
        return statements


def ladybug_schema(graph: PropertyGraph) -> LadybugSchema:
    """Every ontology label and relationship type gets a table, so named queries bind even when
    the data has none of a kind; columns are what the ontology allows plus what the data holds."""
    mapping = pg_mapping()
    data_nodes = graph.node_columns()
    nodes: dict[str, dict[str, str]] = {}
    for label in sorted(mapping.label_properties):
        columns = dict(NODE_BASE_COLUMNS)
        columns.update({p: column_type(p) for p in sorted(mapping.label_properties[label])})
        columns.update(data_nodes.get(label, {}))
        nodes[label] = columns
    data_pairs, data_rels = graph.edge_pairs(), graph.edge_columns()
    rels: dict[str, tuple[list[tuple[str, str]], dict[str, str]]] = {}
    collapsed_columns = {c.rel_type: c.properties for c in mapping.collapsed.values()}
    for rel in sorted(set(mapping.rel_ends) | set(data_rels) | set(collapsed_columns)):
        pairs = set(data_pairs.get(rel, [])) | _ontology_pairs(rel, set(nodes))
        if not pairs and rel in collapsed_columns:
            # An interval kind the data lacks still gets its table, or `MATCH ()-[:OWNS]->()`
            # fails with "Table OWNS does not exist" instead of returning no rows.
            pairs = {(a, b) for a in AGENT_LABELS & set(nodes) for b in (AGENT_LABELS | ASSET_LABELS) & set(nodes)}
        if pairs:
            columns = dict(EDGE_BASE_COLUMNS)
            columns.update({p: column_type(p) for p in collapsed_columns.get(rel, ())})
            columns.update(data_rels.get(rel, {}))
            rels[rel] = (sorted(pairs), columns)
    return LadybugSchema(nodes, rels)


def _ontology_pairs(rel: str, labels: set[str]) -> set[tuple[str, str]]:
    """FROM/TO pairs the ontology's domain and range allow; an unstated side allows any label,
    and a relationship with neither stated gets pairs only from the data."""
    domain, range_ = pg_mapping().rel_ends.get(rel, (frozenset(), frozenset()))
    if not domain and not range_:
        return set()
    return {(a, b) for a in (domain or labels) for b in (range_ or labels)}


def default_db_path(store: GraphStore) -> Path | None:
    """ladybug.db beside the store folder (None for an in-memory store: the DB is in memory too)."""
    return store.path.parent / DB_NAME if store.path is not None else None


def build_database(graph: PropertyGraph, path: Path | None) -> ladybug.Database:
    """Create a fresh database at path (or in memory) holding the property graph."""
    schema = ladybug_schema(graph)
    database = ladybug.Database(str(path) if path else None)
    connection = ladybug.Connection(database)
    for statement in schema.ddl():
        connection.execute(statement)
    with tempfile.TemporaryDirectory(prefix="sanctiongraph-pg-") as folder:
        _load_nodes(connection, graph, schema, Path(folder))
        _load_rels(connection, graph, schema, Path(folder))
    connection.close()
    return database


def _load_nodes(connection: ladybug.Connection, graph: PropertyGraph, schema: LadybugSchema, folder: Path) -> None:
    by_label: dict[str, list[PGNode]] = {}
    for node in graph.nodes.values():
        by_label.setdefault(node.label, []).append(node)
    for label, nodes in by_label.items():
        columns = _used_node_columns(nodes)
        path = folder / f"node-{label}.csv"
        _write_csv(path, ([csv_cell(_node_value(n, c)) for c in columns] for n in nodes), len(columns))
        types = schema.nodes[label]
        assignments = ", ".join(f"`{c}`: {_cast(f'c{i}', types[c])}" for i, c in enumerate(columns))
        # Every CSV column is declared STRING: LadybugDB otherwise guesses types from the values
        # (an IMO number "9167148" became an integer and broke string_split).
        headers = ", ".join(f"c{i} STRING" for i in range(len(columns)))
        options = f"header=true, {CSV_DIALECT}"
        _execute(
            connection,
            f"LOAD WITH HEADERS ({headers}) FROM '{path}' ({options}) CREATE (n:`{label}` {{{assignments}}})",
        )


def _used_node_columns(nodes: list[PGNode]) -> list[str]:
    used = {"iri", "sources"} | {p for n in nodes for p in n.props}
    return [c for c in NODE_BASE_COLUMNS if c in used] + sorted(used - set(NODE_BASE_COLUMNS))


def _node_value(node: PGNode, column: str) -> Any:
    if column == "iri":
        return node.iri
    if column == "sources":
        return node.sources
    return node.props.get(column)


def _load_rels(connection: ladybug.Connection, graph: PropertyGraph, schema: LadybugSchema, folder: Path) -> None:
    groups: dict[tuple[str, str, str], list[PGEdge]] = {}
    for edge in graph.edges:
        key = (edge.type, graph.nodes[edge.start].label, graph.nodes[edge.end].label)
        groups.setdefault(key, []).append(edge)
    for (rel, start, end), edges in sorted(groups.items()):
        columns = list(schema.rels[rel][1])
        path = folder / f"rel-{rel}-{start}-{end}.csv"
        if all(_copy_safe(_edge_value(e, c)) for e in edges for c in columns):
            rows = ([e.start, e.end, *(_copy_cell(_edge_value(e, c)) for c in columns)] for e in edges)
            _write_csv(path, rows, len(columns) + 2)
            options = f"header=true, {CSV_DIALECT}, from='{start}', to='{end}'"
            _execute(connection, f"COPY `{rel}` FROM '{path}' ({options})")
        else:
            _load_rels_by_match(connection, (rel, start, end), edges, schema.rels[rel][1], path)


def _load_rels_by_match(
    connection: ladybug.Connection, ends: tuple[str, str, str], edges: list[PGEdge], types: dict[str, str], path: Path
) -> None:
    """Rels whose list values hold text COPY's [a,b] syntax cannot carry: LOAD FROM splits them
    like node lists, then each rel is created between its two nodes (slower, so only then)."""
    rel, start, end = ends
    columns = list(types)
    _write_csv(
        path, ([e.start, e.end, *(csv_cell(_edge_value(e, c)) for c in columns)] for e in edges), len(columns) + 2
    )
    headers = ", ".join(f"c{i} STRING" for i in range(len(columns) + 2))
    assignments = ", ".join(f"`{c}`: {_cast(f'c{i + 2}', types[c])}" for i, c in enumerate(columns))
    _execute(
        connection,
        f"LOAD WITH HEADERS ({headers}) FROM '{path}' (header=true, {CSV_DIALECT}) "
        f"MATCH (a:`{start}` {{iri: c0}}), (b:`{end}` {{iri: c1}}) CREATE (a)-[:`{rel}` {{{assignments}}}]->(b)",
    )


def _copy_safe(value: Any) -> bool:
    return not isinstance(value, list) or not any(ch in str(v) for v in value for ch in ",[]\"' ")


def _edge_value(edge: PGEdge, column: str) -> Any:
    if column == "sources":
        return edge.sources
    if column == "derived":
        return edge.derived
    return edge.props.get(column)


def _write_csv(path: Path, rows: Iterator[list[str]], width: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([f"c{i}" for i in range(width)])
        writer.writerows(rows)


def _copy_cell(value: Any) -> str:
    """CSV text for COPY, whose list syntax is [a,b]: only safe for IRI lists (sources), which
    hold no commas, quotes or brackets; other list values are refused rather than mangled."""
    if isinstance(value, list):
        if any(ch in str(v) for v in value for ch in ",[]\"' "):
            raise StoreError(f"cannot write list value {value!r} to a LadybugDB rel table")
        return "[" + ",".join(map(str, value)) + "]"
    return csv_cell(value)


def _cast(column: str, kind: str) -> str:
    if kind == LIST_OF_STRING:
        return f"string_split({column}, '{LIST_SEPARATOR}')"
    if kind == "STRING":
        return column
    return f"CAST({column} AS {kind})"


def _execute(connection: ladybug.Connection, statement: str, params: Row | None = None) -> Any:
    try:
        return connection.execute(statement, params or {})
    except RuntimeError as exc:
        raise QueryError(f"LadybugDB: {exc}") from exc


# keeping the database in step with the store ---------------------------------------------


def open_database(
    store: GraphStore, path: Path | None = None, *, on_rebuild: Callable[[], None] | None = None
) -> ladybug.Database:
    """The database for the store, rebuilt first if the store changed since it was built.

    Opened read-only: it is a derived copy (writes would vanish at the next rebuild), and
    read-only opens let several processes query it at once.
    """
    path = path or default_db_path(store)
    fingerprint = store_fingerprint(store)
    if path is not None and path.exists() and _stamp(path).is_file() and _stamp(path).read_text() == fingerprint:
        return ladybug.Database(str(path), read_only=True)
    if on_rebuild is not None:
        on_rebuild()
    graph = project(store)
    if path is None:
        return build_database(graph, None)
    return _rebuild_on_disk(graph, path, fingerprint)


def _rebuild_on_disk(graph: PropertyGraph, path: Path, fingerprint: str) -> ladybug.Database:
    """Build beside the old database and swap it in, so a failed build leaves the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(path.name + ".building")
    _remove_database(staging)
    database = build_database(graph, staging)
    database.close()
    _remove_database(path)
    for suffix in ("", ".wal"):
        if Path(str(staging) + suffix).exists():
            os.replace(str(staging) + suffix, str(path) + suffix)
    _stamp(path).write_text(fingerprint)
    return ladybug.Database(str(path), read_only=True)


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + FINGERPRINT_SUFFIX)


def _remove_database(path: Path) -> None:
    for candidate in (path, Path(str(path) + ".wal"), _stamp(path)):
        if candidate.is_dir():
            shutil.rmtree(candidate)
        elif candidate.exists():
            candidate.unlink()


@contextmanager
def cypher_session(store: GraphStore, path: Path | None = None) -> Iterator[ladybug.Connection]:
    """A connection to the up-to-date database for the store."""
    database = open_database(store, path)
    connection = ladybug.Connection(database)
    try:
        yield connection
    finally:
        connection.close()
        database.close()


# Statements that read or write files, reach the network, load code or change the database:
# the query surface is read-only and local (the database is read-only on disk, not in memory,
# and COPY TO / EXPORT would write files even from a read-only database).
REFUSED_CYPHER = (
    "COPY", "LOAD", "ATTACH", "DETACH", "USE", "INSTALL", "UNINSTALL", "EXPORT", "IMPORT", "CHECKPOINT",
    "CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DROP", "ALTER", "BEGIN", "COMMIT", "ROLLBACK", "CALL",
)  # fmt: skip
_CYPHER_NOISE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)
_CYPHER_WORD = re.compile(r"(?<![\w.$])(" + "|".join(REFUSED_CYPHER) + r")(?![\w])", re.IGNORECASE)


def refused_cypher(text: str) -> str | None:
    """The first keyword that makes a statement more than a local read (None when it is a read)."""
    bare = _CYPHER_NOISE.sub(" ", text)
    if ";" in bare.strip().rstrip(";"):
        return "several statements"
    found = _CYPHER_WORD.search(bare)
    return found.group(1).upper() if found else None


def run_cypher(connection: ladybug.Connection, text: str, params: Row | None = None) -> list[Row]:
    """Run one read-only Cypher statement; rows map the RETURN column names to plain Python values."""
    if keyword := refused_cypher(text):
        raise QueryError(
            f"refused: {keyword} is not allowed here; cypher only reads the graph "
            "(no COPY, LOAD, ATTACH, INSTALL, EXPORT, IMPORT, CALL or writes)"
        )
    result = _execute(connection, text, params)
    columns = result.get_column_names()
    rows = [dict(zip(columns, values, strict=True)) for values in result.get_all()]
    result.close()
    return rows
