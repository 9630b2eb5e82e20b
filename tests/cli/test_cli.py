"""The command line: commands work on a real on-disk store; errors are one line, never a traceback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanctiongraph.cli.main import app

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sanctiongraph" / "demo"
runner = CliRunner()


@pytest.fixture
def store_env(tmp_path: Path) -> dict[str, str]:
    return {"SANCTIONGRAPH_STORE": str(tmp_path / "store")}


def invoke(env: dict[str, str], *args: str) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_loaders_lists_registered_loaders_as_json(store_env: dict[str, str]) -> None:
    names = {row["name"] for row in json.loads(invoke(store_env, "loaders", "--format", "json"))}
    assert {"dod-1237-csv", "dod-1260h-csv", "reference"} <= names


def test_load_then_query_by_name(store_env: dict[str, str]) -> None:
    out = invoke(store_env, "load", "dod-1237-csv", str(DEMO / "dod_section_1237.csv"), "--format", "json")
    [loaded] = json.loads(out)
    assert loaded["read"] == loaded["loaded"] == 44
    out = invoke(store_env, "query", "actions_by_firm", "--param", "firm=Xiaomi Corporation", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["kind"].rsplit("#")[-1] for r in rows} == {"Designation", "Delisting"}
    assert {r["date"] for r in rows} == {"2021-01-14", "2021-05-25"}


def test_sparql_from_text_and_file(store_env: dict[str, str], tmp_path: Path) -> None:
    invoke(store_env, "load", "dod-1237-csv", str(DEMO / "dod_section_1237.csv"))
    text = (
        "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> "
        "SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Designation ; kg:onList ?l }"
    )
    answer = json.loads(invoke(store_env, "sparql", text, "-f", "json"))  # W3C SPARQL results JSON
    assert answer["head"]["vars"] == ["n"] and answer["results"]["bindings"][0]["n"]["value"] == "44"
    query_file = tmp_path / "q.rq"
    query_file.write_text(text, encoding="utf-8")
    assert json.loads(invoke(store_env, "sparql", "--file", str(query_file), "-f", "json")) == answer


def test_queries_lists_named_queries(store_env: dict[str, str]) -> None:
    names = {row["name"] for row in json.loads(invoke(store_env, "queries", "-f", "json"))}
    assert {"firm_profile", "actions_by_firm", "firms_under_statute", "claims_about_firm"} <= names


def test_validate_passes_on_loaded_list(store_env: dict[str, str]) -> None:
    invoke(store_env, "load", "dod-1237-csv", str(DEMO / "dod_section_1237.csv"))
    result = runner.invoke(app, ["validate"], env=store_env)
    assert result.exit_code == 0, result.output


def test_demo_shows_designation_denial_and_contradicted_claim(store_env: dict[str, str]) -> None:
    report = invoke(store_env, "demo")
    assert "| 2021-01-14 | Designation | U.S. Department of Defense |" in report
    assert "Section 1237" in report
    statements = report.split("## Statements", 1)[1].split("\n## ", 1)[0]
    assert "denies" in statements and "Xiaomi" in statements
    claims = report.split("## Claims checked against the record", 1)[1].split("\n## ", 1)[0]
    contradicted = [line for line in claims.splitlines() if "**contradicted**" in line]
    assert contradicted and any("Justice" in line for line in contradicted)
    assert "[^" in contradicted[0]


def test_report_writes_a_file(store_env: dict[str, str], tmp_path: Path) -> None:
    invoke(store_env, "load", "dod-1237-csv", str(DEMO / "dod_section_1237.csv"))
    out = tmp_path / "smic.md"
    invoke(store_env, "report", "SMIC", "--output", str(out))
    assert "Semiconductor Manufacturing International Corp." in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("load", "no-such-loader", "x.csv"), "no loader named 'no-such-loader'"),
        (("load", "dod-1237-csv", "missing.csv"), "no such file"),
        (("query", "no_such_query"), "no sparql query named"),
        (("sparql", "SELEKT"), "SPARQL syntax error"),
        (("report", "Nobody Whatsoever Ltd"), "nothing named"),
    ],
)
def test_errors_are_one_line_without_traceback(
    store_env: dict[str, str], args: tuple[str, ...], expected: str, run_cli
) -> None:
    result = run_cli(store_env, *args)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_bad_file_error_names_file_and_line(store_env: dict[str, str], run_cli) -> None:
    bad = REPO / "tests" / "fixtures" / "dod" / "truncated.csv"
    result = run_cli(store_env, "load", "dod-1237-csv", str(bad))
    assert result.returncode == 1
    assert "truncated.csv:3" in result.stderr and "Traceback" not in result.stderr


def test_usage_errors_are_reported_without_traceback(store_env: dict[str, str], run_cli) -> None:
    result = run_cli(store_env, "load")
    assert result.returncode == 2
    assert "Missing argument" in result.stderr and "Traceback" not in result.stderr
