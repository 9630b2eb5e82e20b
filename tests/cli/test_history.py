"""The time commands: members on a date, a firm's history, changes between dates, releases."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanctiongraph.cli.main import app
from sanctiongraph.loaders.ofac_sdn_csv import OfacSdnCsvLoader

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"
runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A store holding our two small SDN releases, loaded through the CLI."""
    monkeypatch.setattr(OfacSdnCsvLoader, "expected_records", (1, None))
    store_env = {"SANCTIONGRAPH_STORE": str(tmp_path / "store")}
    invoke(store_env, "load", "ofac-sdn-csv", str(FIXTURES / "sdn_2020"), "--published", "2020-01-01")
    invoke(store_env, "load", "ofac-sdn-csv", str(FIXTURES / "sdn_2019"), "--published", "2019-01-01")
    return store_env


def invoke(env: dict[str, str], *args: str) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_releases_lists_both_releases_with_the_newer_ones_changes(env: dict[str, str]) -> None:
    rows = json.loads(invoke(env, "releases", "us-ofac-sdn", "--format", "json"))
    assert [(r["issued"], r["records"]) for r in rows] == [("2019-01-01", 6), ("2020-01-01", 6)]
    assert (rows[1]["added"], rows[1]["removed"], rows[1]["amended"]) == (1, 1, 1)
    assert rows[1]["previous"] == rows[0]["document"]


def test_members_on_a_date(env: dict[str, str]) -> None:
    rows = json.loads(invoke(env, "members", "us-ofac-sdn", "--on", "2019-06-30", "--format", "json"))
    assert sorted(r["authority_id"] for r in rows) == ["10", "11", "12", "13", "14", "15"]
    assert "OLD FIRM LTD" in {r["name"] for r in rows}


def test_changes_between_dates_as_csv(env: dict[str, str]) -> None:
    out = invoke(env, "changes", "us-ofac-sdn", "--since", "2018-12-31", "--until", "2020-01-01", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["change"], r["authority_id"]) for r in rows} == {("added", "16"), ("removed", "14"), ("amended", "10")}
    assert next(r for r in rows if r["change"] == "amended")["changed"] == "alias, program"


def test_history_of_a_firm_by_name(env: dict[str, str]) -> None:
    rows = json.loads(invoke(env, "history", "OLD FIRM LTD", "--format", "json"))
    assert [(r["kind"], r["not_after"]) for r in rows] == [("designation", None), ("delisting", "2020-01-01")]


def test_table_output_shortens_iris(env: dict[str, str]) -> None:
    out = invoke({**env, "COLUMNS": "400"}, "history", "OLD FIRM LTD")
    assert "list/us-ofac-sdn" in out and "https://w3id.org" not in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("members", "us-ofac-sdn", "--on", "June 2020"), "--on must be a date"),
        (("changes", "us-ofac-sdn", "--since", "2021-01-01", "--until", "2020-01-01"), "must be before"),
        (("history", "Nobody Whatsoever Ltd"), "nothing named"),
    ],
)
def test_errors_are_one_line(tmp_path: Path, args: tuple[str, ...], expected: str, run_cli) -> None:
    result = run_cli({"SANCTIONGRAPH_STORE": str(tmp_path / "store")}, *args)
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_history_uses_the_same_fuzzy_lookup_as_report(tmp_path: Path) -> None:
    """`history Xiaomi` finds what `report Xiaomi` finds (it used to demand the exact name)."""
    store_env = {"SANCTIONGRAPH_STORE": str(tmp_path / "store")}
    demo = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo" / "dod_section_1237.csv"
    invoke(store_env, "load", "dod-1237-csv", str(demo))
    rows = json.loads(invoke(store_env, "history", "Xiaomi", "--format", "json"))
    expected = []
    with demo.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            if record["name"].startswith("Xiaomi"):
                expected = [("designation", record["release_date"]), ("delisting", record["removal_date"])]
    assert [(r["kind"], r["date"]) for r in rows] == expected


def test_changes_says_why_it_finds_nothing_when_releases_have_no_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(OfacSdnCsvLoader, "expected_records", (1, None))
    store_env = {"SANCTIONGRAPH_STORE": str(tmp_path / "store")}
    invoke(store_env, "load", "ofac-sdn-csv", str(FIXTURES / "sdn_2019"))
    args = ["changes", "us-ofac-sdn", "--since", "2018-01-01", "--until", "2021-01-01"]
    result = runner.invoke(app, args, env=store_env)
    assert result.exit_code == 0
    assert "without a date" in result.stderr and "--published" in result.stderr


def test_a_release_loaded_without_a_date_warns_at_load_time(
    store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from sanctiongraph.graph.ingest import load_paths

    monkeypatch.setattr(OfacSdnCsvLoader, "expected_records", (1, None))
    with caplog.at_level("WARNING"):
        load_paths(store, "ofac-sdn-csv", [FIXTURES / "sdn_2019"])
    assert any("without a date" in r.getMessage() and "--published" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level("WARNING"):
        load_paths(store, "ofac-sdn-csv", [FIXTURES / "sdn_2020"], published=dt.date(2020, 1, 1))
    assert not any("without a date" in r.getMessage() for r in caplog.records)


def test_tables_fit_an_80_column_terminal(env: dict[str, str], run_cli) -> None:
    result = run_cli({**env, "COLUMNS": "80"}, "history", "OLD FIRM LTD")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 80
    assert "list/us-ofac-sdn" in result.stdout  # IRIs shortened, not folded into slivers
    assert "https://w3id.org" not in result.stdout
