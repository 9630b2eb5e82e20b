"""neo4j-admin CSV files: typed headers, and read back they give the projection again."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sanctiongraph.graph.projection import PropertyGraph, project
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.pg.neo4j_admin import ARRAY_DELIMITER, export_neo4j_admin


@pytest.fixture(scope="module")
def graph(small: GraphStore) -> PropertyGraph:
    return project(small)


@pytest.fixture(scope="module")
def export(graph: PropertyGraph, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return export_neo4j_admin(graph, tmp_path_factory.mktemp("admin"))


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def typed(header: str, cell: str):  # type: ignore[no-untyped-def]
    """Parse a cell as neo4j-admin would from its header type."""
    kind = header.split(":", 1)[1] if ":" in header else "string"
    if cell == "":
        return None
    return {
        "string[]": lambda c: c.split(ARRAY_DELIMITER),
        "float": float,
        "long": int,
        "boolean": lambda c: c == "true",
    }.get(kind, str)(cell)


def test_headers_are_typed(export: dict) -> None:
    header, _ = read(next(p for p in export["nodes"] if p.name == "nodes-Company.csv"))
    assert header[:2] == ["iri:ID", ":LABEL"] and "name" in header and "sources:string[]" in header
    header, _ = read(next(p for p in export["relationships"] if p.name == "relationships-OWNS.csv"))
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"percentage:float", "derived:boolean", "sources:string[]"} <= set(header)


def test_nodes_read_back_equal_the_projection(graph: PropertyGraph, export: dict) -> None:
    seen = {}
    for path in export["nodes"]:
        header, rows = read(path)
        for row in rows:
            values = {h.split(":")[0]: typed(h, c) for h, c in zip(header[2:], row[2:], strict=True)}
            values = {k: v for k, v in values.items() if v is not None}
            seen[row[0]] = (row[1], values)
    expected = {
        iri: (n.label, {**n.props, "sources": n.sources} if n.sources else dict(n.props))
        for iri, n in graph.nodes.items()
    }
    assert seen == expected


def test_relationships_join_exported_nodes_and_keep_properties(graph: PropertyGraph, export: dict) -> None:
    ids = {row[0] for path in export["nodes"] for row in read(path)[1]}
    found = []
    for path in export["relationships"]:
        header, rows = read(path)
        for row in rows:
            assert row[0] in ids and row[1] in ids
            props = {h.split(":")[0]: typed(h, c) for h, c in zip(header[3:], row[3:], strict=True)}
            found.append((row[2], row[0], row[1], props.get("derived"), props.get("percentage")))
    expected = [(e.type, e.start, e.end, e.derived, e.props.get("percentage")) for e in graph.edges]
    assert sorted(found) == sorted(expected)


def test_readme_gives_the_import_command(export: dict) -> None:
    readme = (export["nodes"][0].parent / "README.md").read_text(encoding="utf-8")
    assert export["command"] in readme
    assert export["command"].startswith("neo4j-admin database import full")
    assert "--array-delimiter=U+001F" in export["command"] and "--nodes=nodes-Company.csv" in export["command"]


def test_database_name_comes_before_the_named_arguments(export: dict) -> None:
    # Neo4j >= 5.19 reads the first positional argument as the database; after --nodes it is a file.
    words = export["command"].split()
    assert words[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    assert all(w.startswith("--") for w in words[5:])
    assert "neo4j-admin import --database=" in (export["nodes"][0].parent / "README.md").read_text(encoding="utf-8")
