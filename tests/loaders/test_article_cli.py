"""`sanctiongraph extract`: the extraction printed as JSON or a table, without loading."""

from __future__ import annotations

import gc
import json
from pathlib import Path

from typer.testing import CliRunner

from sanctiongraph.cli.main import app
from sanctiongraph.errors import SourceFormatError
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology.ids import derived_iri

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"
DIGEST = DEMO / "2021-01-14_press-digest.txt"
XIAOMI = str(derived_iri("company", "us-dod", "Xiaomi Corporation"))
runner = CliRunner()


def extract_json(*args: str) -> dict:
    result = runner.invoke(app, ["extract", str(DIGEST), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_schema_with_no_store(tmp_path: Path) -> None:
    store = tmp_path / "none"
    data = extract_json("--store", str(store))
    assert not store.exists()  # extracting never creates a store
    assert data["schema_version"] == 2
    assert set(data) == {"schema_version", "document", "mentions", "statutes", "reported_actions", "statements"}
    assert data["document"]["published"] == "2021-01-15"
    assert data["document"]["header"]["publisher"] == "sanctiongraph demo desk"
    # Without the DoD list the firm is found by its legal form but not resolved.
    xiaomi = [m for m in data["mentions"] if m["text"] == "Xiaomi Corporation"]
    assert xiaomi and xiaomi[0]["entities"] == []
    kinds = [(a["kind"], a["list"].rsplit("/", 1)[-1]) for a in data["reported_actions"]]
    assert kinds == [
        ("designation", "us-dod-1237"),
        ("designation", "us-bis-entity-list"),
        ("designation", "us-bis-entity-list"),
    ]


def test_options_override_the_header(tmp_path: Path) -> None:
    data = extract_json(
        "--store",
        str(tmp_path / "none"),
        "--published",
        "2021-01-20",
        "--publisher",
        "Desk B",
        "--url",
        "https://x.test/a",
    )
    assert (data["document"]["published"], data["document"]["publisher"], data["document"]["url"]) == (
        "2021-01-20",
        "Desk B",
        "https://x.test/a",
    )


def test_names_resolve_against_the_store(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = GraphStore(path)
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    store.flush()
    del store
    gc.collect()  # release the store's lock before the command opens it read-only
    data = extract_json("--store", str(path))
    denial = [s for s in data["statements"] if s["stance"] == "denies"]
    assert [s["speaker"]["entity"] for s in denial] == [XIAOMI]
    targets = [t["entity"] for a in data["reported_actions"] for t in a["targets"]]
    assert targets[:2] == [XIAOMI, XIAOMI]


def test_table_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(DIGEST), "--store", str(tmp_path / "none")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "reported action" in result.stdout
    assert "list/us-dod-1237" in result.stdout


def test_bad_file_is_a_source_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Date: 2021-01-15\n\n\xff\xfe broken\n")
    result = runner.invoke(app, ["extract", str(bad), "--store", str(tmp_path / "none")])
    assert result.exit_code != 0
    assert isinstance(result.exception, SourceFormatError)
    assert result.exception.line == 3


def test_explain_lists_the_names_hygiene_dropped(tmp_path: Path) -> None:
    """A list alias that is an ordinary word ("and") is dropped, and --explain says why."""
    store_path = tmp_path / "store"
    store = GraphStore(store_path)
    csv = tmp_path / "aliases.csv"
    csv.write_text(
        "statute_section,release_date,tranche,name,acronym,removal_date,removal_basis,source_url\n"
        "1237,2021-01-14,5,Xiaomi Corporation,and,,,https://example.org\n",
        encoding="utf-8",
    )
    load_paths(store, "dod-1237-csv", [csv])
    del store
    gc.collect()
    data = extract_json("--store", str(store_path), "--explain")
    assert not [m for m in data["mentions"] if m["text"] == "and"]
    dropped = [r for r in data["rejected"] if r["text"] == "and"]
    assert dropped and dropped[0]["reason"] == "stop word"
    assert "rejected" not in extract_json("--store", str(store_path))
