"""Judgements cannot be lost or poisoned: open last lines, bad IRIs, BOMs, folders, unknown records."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

from sanctiongraph.errors import ConfigError, SourceFormatError
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG, KGR
from sanctiongraph.resolution.judgements import Judgements, in_store


def test_appending_after_a_last_line_without_newline_keeps_both(tmp_path: Path) -> None:
    path = tmp_path / "judgements.tsv"
    path.write_text("urn:a\turn:b\tyes\tsame LEI", encoding="utf-8")  # hand-edited, no newline
    Judgements(path).record("urn:c", "urn:d", "no")
    reloaded = Judgements(path)
    assert len(reloaded) == 2
    assert reloaded.get("urn:a", "urn:b").note == "same LEI"  # type: ignore[union-attr]
    assert reloaded.get("urn:c", "urn:d").verdict == "no"  # type: ignore[union-attr]


@pytest.mark.parametrize("iri", ["urn:a\nurn:x\tyes", "http://ex.org/a b", "not an iri", "urn:a\tb", ""])
def test_a_malformed_iri_is_refused_and_the_file_untouched(tmp_path: Path, iri: str) -> None:
    path = tmp_path / "judgements.tsv"
    Judgements(path).record("urn:a", "urn:b", "yes")
    before = path.read_bytes()
    with pytest.raises(ConfigError):
        Judgements(path).record(iri, "urn:b", "no")
    assert path.read_bytes() == before
    assert len(Judgements(path)) == 1  # later runs still read the file


def test_a_bom_does_not_drop_the_first_judgement(tmp_path: Path) -> None:
    path = tmp_path / "judgements.tsv"
    path.write_bytes("\ufeffurn:a\turn:b\tno\n".encode())
    judged = Judgements(path).get("urn:a", "urn:b")
    assert judged is not None and judged.verdict == "no"


def test_a_folder_at_the_path_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "judgements.tsv"
    path.mkdir()
    with pytest.raises(SourceFormatError, match="folder"):
        Judgements(path)


def test_a_bad_iri_in_the_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "judgements.tsv"
    path.write_text("urn:a\turn:b\tyes\nhttp://ex.org/a b\turn:c\tno\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"judgements.tsv:2: .*not an IRI"):
        Judgements(path)


def test_records_not_in_the_store_are_refused(tmp_path: Path, memory_store: GraphStore) -> None:
    acme, other = KGR["company/test/acme"], KGR["company/test/other"]
    memory_store.replace_graphs({KGR["graph/t"]: [(acme, KG.name, Literal("ACME")), (other, KG.name, Literal("O"))]})
    judgements = Judgements(tmp_path / "judgements.tsv")
    judgements.record(str(acme), str(other), "yes", known=in_store(memory_store))
    with pytest.raises(ConfigError, match="not in the store"):
        judgements.record(str(acme), str(KGR["company/test/typo"]), "no", known=in_store(memory_store))
    assert len(Judgements(tmp_path / "judgements.tsv")) == 1


def test_judge_command_refuses_an_unknown_record(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    result = run_cli({"SANCTIONGRAPH_STORE": str(store)}, "resolve", "judge", "company/x/a", "company/x/b", "yes")
    assert result.returncode == 1 and "not in the store" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "judgements.tsv").exists()
