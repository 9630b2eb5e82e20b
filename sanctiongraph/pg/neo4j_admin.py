"""CSV files with typed headers for `neo4j-admin database import full`, and a README with the command.

One node file per label (iri:ID, :LABEL, typed properties) and one relationship file per type
(:START_ID, :END_ID, :TYPE, typed properties), all from the one projection. Lists are joined
with U+001F, which the import is told with --array-delimiter, so no text value can split.
"""

from __future__ import annotations

import csv
import shlex
from pathlib import Path
from typing import Any

from sanctiongraph.graph.projection import PropertyGraph
from sanctiongraph.ontology.pg_schema import LIST_OF_STRING
from sanctiongraph.pg import LIST_SEPARATOR, csv_cell

ARRAY_DELIMITER = LIST_SEPARATOR
ARRAY_DELIMITER_OPTION = "U+001F"
# Our column types -> neo4j-admin header types.
HEADER_TYPES = {
    "STRING": "string",
    LIST_OF_STRING: "string[]",
    "DOUBLE": "float",
    "INT64": "long",
    "BOOLEAN": "boolean",
}


def header_name(prop: str, kind: str) -> str:
    """`name` for plain strings (the import's default type), `prop:type` otherwise."""
    neo_type = HEADER_TYPES[kind]
    return prop if neo_type == "string" else f"{prop}:{neo_type}"


def write_node_files(graph: PropertyGraph, folder: Path) -> list[Path]:
    paths = []
    for label, columns in graph.node_columns().items():
        props = [c for c in columns if c != "iri"]
        path = folder / f"nodes-{label}.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["iri:ID", ":LABEL", *(header_name(p, columns[p]) for p in props)])
            for node in graph.nodes.values():
                if node.label == label:
                    values = {**node.props, "sources": node.sources}
                    writer.writerow([node.iri, label, *(csv_cell(values.get(p)) for p in props)])
        paths.append(path)
    return paths


def write_relationship_files(graph: PropertyGraph, folder: Path) -> list[Path]:
    paths = []
    for rel, columns in graph.edge_columns().items():
        path = folder / f"relationships-{rel}.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow([":START_ID", ":END_ID", ":TYPE", *(header_name(p, k) for p, k in columns.items())])
            for edge in graph.edges:
                if edge.type == rel:
                    values = {**edge.props, "sources": edge.sources, "derived": edge.derived}
                    writer.writerow([edge.start, edge.end, rel, *(csv_cell(values.get(p)) for p in columns)])
        paths.append(path)
    return paths


def import_command(nodes: list[Path], relationships: list[Path], database: str = "neo4j") -> str:
    """The neo4j-admin (Neo4j >= 5.19) command line, run from the export folder.

    Neo4j 5.19 and later parse the database name as the first positional argument: written after
    the named arguments it is taken for one more file ("File 'neo4j' doesn't exist").
    """
    parts = [
        "neo4j-admin",
        "database",
        "import",
        "full",
        database,
        "--overwrite-destination",
        f"--array-delimiter={ARRAY_DELIMITER_OPTION}",
        "--multiline-fields=true",
        *(f"--nodes={p.name}" for p in nodes),
        *(f"--relationships={p.name}" for p in relationships),
    ]
    return " ".join(shlex.quote(p) for p in parts)


def export_neo4j_admin(graph: PropertyGraph, folder: Path, database: str = "neo4j") -> dict[str, Any]:
    """Write the CSV files and README.md into folder; returns the file lists and the command."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes = write_node_files(graph, folder)
    relationships = write_relationship_files(graph, folder)
    command = import_command(nodes, relationships, database)
    (folder / "README.md").write_text(_readme(command, len(graph.nodes), len(graph.edges)), encoding="utf-8")
    return {"nodes": nodes, "relationships": relationships, "command": command}


def _readme(command: str, nodes: int, edges: int) -> str:
    return f"""# sanctiongraph property graph for neo4j-admin

{nodes} nodes and {edges} relationships, written by `sanctiongraph export neo4j-admin`.

Stop the database (or use a new one), copy this folder next to the Neo4j installation, and run
from inside it (Neo4j 5.19 or later: the database name comes before the named arguments; the
target database is replaced):

```sh
{command}
```

Neo4j 4.x has no `database import full`: use `neo4j-admin import --database=NAME` with the same
`--nodes`, `--relationships`, `--array-delimiter` and `--multiline-fields` arguments.

Lists (aliases, sources, records) are joined with the ASCII unit separator U+001F, hence
`--array-delimiter`. Dates are ISO text because sources give partial dates (2021, 2021-05).
Then create the constraints the driver export would create, for example:

```cypher
CREATE CONSTRAINT Company_iri IF NOT EXISTS FOR (n:Company) REQUIRE n.iri IS UNIQUE;
```

`sanctiongraph export cypher FILE` writes every constraint in one script.
"""
