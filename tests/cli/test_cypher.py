"""`sanctiongraph cypher`: text and named queries on the embedded property graph of an on-disk store."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanctiongraph.cli.main import app
from sanctiongraph.errors import NotFoundError, QueryError

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo" / "dod_section_1237.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {"SANCTIONGRAPH_STORE": str(tmp_path_factory.mktemp("cli") / "store")}
    assert runner.invoke(app, ["load", "dod-1237-csv", str(DEMO)], env=env).exit_code == 0
    return env


def run(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["cypher", *args], env=env)


def error_of(env: dict[str, str], *args: str) -> BaseException:
    """The exception a failing command raised, with its traceback dropped so the frames that
    still hold the store (and its lock) are freed before the next command opens it."""
    result = run(env, *args)
    assert result.exit_code != 0
    error = result.exception
    assert error is not None
    link: BaseException | None = error
    while link is not None:
        link.__traceback__ = None
        link = link.__cause__ or link.__context__
    del result
    gc.collect()
    return error


def test_text_query_with_a_parameter_as_json(env: dict[str, str]) -> None:
    result = run(
        env,
        "MATCH (c:Company) WHERE c.name = $name RETURN c.name AS name",
        "-p",
        "name=Xiaomi Corporation",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"name": "Xiaomi Corporation"}]


def test_named_query_looks_up_the_firm_by_name(env: dict[str, str]) -> None:
    result = run(env, "actions_by_firm", "--param", "firm=Xiaomi Corporation", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("action,kind,date")
    assert sorted(line.split(",")[1] for line in lines[1:]) == ["Delisting", "Designation"]


def test_counts_match_the_store(env: dict[str, str]) -> None:
    result = run(env, "MATCH (c:Company)-[:SANCTIONED_BY]->(a) RETURN count(*) AS n", "-f", "json")
    (row,) = json.loads(result.stdout)
    # The demo CSV lists 44 firms; each firm whose DoD listing was not removed is SANCTIONED_BY DoD.
    query = (
        "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> SELECT (COUNT(DISTINCT ?f) AS ?n) "
        "WHERE { ?d a kg:Designation ; kg:target ?f . FILTER NOT EXISTS { ?x kg:ends ?d } }"
    )
    sparql = runner.invoke(app, ["sparql", query, "-f", "json"], env=env)
    assert row["n"] == int(json.loads(sparql.stdout)["results"]["bindings"][0]["n"]["value"])


def test_bad_cypher_and_unknown_parameters_are_errors(env: dict[str, str]) -> None:
    assert isinstance(error_of(env, "MATCH (n:NoSuchLabel) RETURN n"), QueryError)
    error = error_of(env, "actions_by_firm", "-p", "company=x")
    assert isinstance(error, QueryError) and "firm" in str(error)
    assert isinstance(error_of(env, "actions_by_firm", "-p", "firm=No Such Firm Anywhere"), NotFoundError)


def test_named_queries_are_listed(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["cypher-queries", "-f", "json"], env=env)
    names = {q["name"] for q in json.loads(result.stdout)}
    assert {"actions_by_firm", "firm_profile", "members_on_date"} <= names


def test_database_option_is_spelled_out_and_db_still_works_with_a_warning(env: dict[str, str], tmp_path: Path) -> None:
    query = ["MATCH (c:Company) RETURN count(*) AS n", "-f", "json"]
    new = run(env, *query, "--database", str(tmp_path / "new.db"))
    assert new.exit_code == 0, new.output
    assert "deprecated" not in new.stderr
    assert (tmp_path / "new.db").exists()
    old = run(env, *query, "--db", str(tmp_path / "old.db"))
    assert old.exit_code == 0, old.output
    assert "--db is deprecated" in old.stderr and "--database" in old.stderr
    assert (tmp_path / "old.db").exists()
    assert json.loads(old.stdout) == json.loads(new.stdout)
    both = run(env, *query, "--db", str(tmp_path / "a.db"), "--database", str(tmp_path / "b.db"))
    assert both.exit_code != 0


def test_rows_go_to_the_output_file(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "rows.csv"
    result = run(env, "MATCH (c:Company) RETURN c.name AS name ORDER BY name LIMIT 3", "-f", "csv", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "name" and len(lines) == 4
