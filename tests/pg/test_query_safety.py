"""The Cypher surface only reads: file, network, extension and write statements are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctiongraph.errors import ConfigError, QueryError
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.pg.ladybug_db import cypher_session, refused_cypher, run_cypher
from sanctiongraph.pg.neo4j_export import Neo4jSettings


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("COPY (MATCH (n) RETURN n.iri) TO '{out}'", "COPY"),
        ("LOAD FROM '/etc/passwd' RETURN *", "LOAD"),
        ("load extension httpfs", "LOAD"),
        ("INSTALL httpfs", "INSTALL"),
        ("ATTACH '/tmp/other.db' AS other (dbtype ladybug)", "ATTACH"),
        ("EXPORT DATABASE '{out}'", "EXPORT"),
        ("IMPORT DATABASE '/tmp/x'", "IMPORT"),
        ("MATCH (n) RETURN n.iri; COPY (MATCH (n) RETURN n) TO '{out}'", "several statements"),
        ("MATCH (n:Company) SET n.name = 'x'", "SET"),
        ("CREATE (n:Company {iri: 'x'})", "CREATE"),
        ("CALL show_tables() RETURN *", "CALL"),
    ],
)
def test_refused_statements_do_nothing(memory_store: GraphStore, tmp_path: Path, text: str, keyword: str) -> None:
    out = tmp_path / "out.csv"
    statement = text.replace("{out}", str(out))
    assert refused_cypher(statement) == keyword
    with cypher_session(memory_store) as connection, pytest.raises(QueryError, match="refused"):
        run_cypher(connection, statement)
    assert not out.exists()


@pytest.mark.parametrize(
    "text",
    [
        "MATCH (n) WHERE n.name = 'COPY TO' RETURN n.iri",
        "MATCH (n) RETURN n.`load` // LOAD FROM",
        "MATCH (c:Company)<-[:TARGET]-(a:Designation) RETURN c.name, a.actionDate;",
    ],
)
def test_reads_that_mention_the_words_run(memory_store: GraphStore, text: str) -> None:
    assert refused_cypher(text) is None


def test_a_neo4j_uri_with_a_password_never_shows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://user:s3cret@host:7687")
    with pytest.raises(ConfigError) as error:
        Neo4jSettings.resolve(None, None, None)
    assert "s3cret" not in str(error.value) and "NEO4J_PASSWORD" in str(error.value)


def test_cli_export_with_a_password_in_the_uri_is_one_clean_line(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"SANCTIONGRAPH_STORE": str(tmp_path / "store"), "NEO4J_URI": "bolt://user:s3cret@127.0.0.1:1"}
    result = run_cli(env, "export", "neo4j")
    assert result.returncode == 1
    assert "s3cret" not in result.stderr + result.stdout and "Traceback" not in result.stderr
