"""CLI conventions as a user meets them in a real process: quiet broken pipes, plain flags, completion."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo" / "dod_section_1237.csv"


def test_a_reader_that_stops_early_ends_the_command_quietly(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"SANCTIONGRAPH_STORE": str(tmp_path / "store")}
    assert run_cli(env, "load", "dod-1237-csv", str(DEMO)).returncode == 0
    # As `sanctiongraph export rdf - --syntax ntriples | head -1`: far more than a pipe buffer of output.
    process = subprocess.Popen(
        [sys.executable, "-m", "sanctiongraph", "export", "rdf", "-", "--syntax", "ntriples"],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) == 0, error
    assert first.startswith(b"<")
    assert "Traceback" not in error and "Broken pipe" not in error


def test_help_shows_flags_without_a_value_type(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli({"COLUMNS": "120"}, "export", "neo4j", "--help")
    assert result.returncode == 0
    line = next(line for line in result.stdout.splitlines() if "--dry-run" in line)
    assert "<bool>" not in line and "BOOLEAN" not in line
    assert "<int>" in next(line for line in result.stdout.splitlines() if "--batch-size" in line)


def test_help_shows_the_help_flag_without_a_value_type(run_cli) -> None:  # type: ignore[no-untyped-def]
    for args in (("--help",), ("report", "--help"), ("resolve", "run", "--help")):
        result = run_cli({"COLUMNS": "120"}, *args)
        assert result.returncode == 0, result.stderr
        line = next(line for line in result.stdout.splitlines() if "--help" in line)
        assert "<bool>" not in line and "BOOLEAN" not in line, (args, line)


def test_loader_names_complete_in_the_shell(run_cli) -> None:  # type: ignore[no-untyped-def]
    env = {"_SANCTIONGRAPH_COMPLETE": "complete_bash", "COMP_WORDS": "sanctiongraph load ofac-s", "COMP_CWORD": "2"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv[0] = 'sanctiongraph'; from sanctiongraph.cli.main import run; run()",
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert set(result.stdout.split()) == {"ofac-sdn-csv", "ofac-sdn-xml"}, result.stderr


def test_neo4j_doc_shows_the_commands_as_they_are_spelled_now() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "neo4j.md").read_text(encoding="utf-8")
    for command in ("neo4j-admin -o", "export cypher -o", "export rdf -o", "export graphml -o", "export ftm -o"):
        assert f"sanctiongraph {command if command.startswith('export') else 'export ' + command}" in doc
    assert "--syntax" in doc and "cypher" in doc and "--database FILE" in doc
    # Old spellings appear only where the doc says they are deprecated.
    for paragraph in doc.split("\n\n"):
        text = paragraph.replace("\n", " ")
        if "--db" in text.replace("--database", "") or "rdf --format" in text:
            assert "deprecat" in text or "old name" in text, text
