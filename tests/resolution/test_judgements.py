"""The judgements file: format, order-insensitive pairs, last line wins, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctiongraph.errors import ConfigError, SourceFormatError
from sanctiongraph.resolution.judgements import Judgements, default_judgements_path


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "judgements.tsv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_pairs_are_order_insensitive_and_the_last_line_wins(tmp_path: Path) -> None:
    path = write(tmp_path, "# comment\nurn:b\turn:a\tyes\tsame LEI\n\nurn:a\turn:b\tno\n")
    judgements = Judgements(path)
    assert len(judgements) == 1
    judged = judgements.get("urn:b", "urn:a")
    assert judged is not None and judged.verdict == "no"


def test_notes_are_kept(tmp_path: Path) -> None:
    judgements = Judgements(write(tmp_path, "urn:a\turn:b\tunsure\tparent or subsidiary?\n"))
    judged = judgements.get("urn:a", "urn:b")
    assert judged is not None and judged.note == "parent or subsidiary?"


def test_recorded_judgements_survive_a_reload(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "judgements.tsv"
    Judgements(path).record("urn:a", "urn:b", "yes", "checked\tby hand")
    Judgements(path).record("urn:c", "urn:a", "no")
    reloaded = Judgements(path)
    assert reloaded.with_verdict("yes") == [("urn:a", "urn:b")]
    assert reloaded.with_verdict("no") == [("urn:a", "urn:c")]
    assert reloaded.get("urn:a", "urn:b").note == "checked by hand"  # type: ignore[union-attr]


def test_absent_file_means_no_judgements(tmp_path: Path) -> None:
    assert len(Judgements(tmp_path / "none.tsv")) == 0


def test_default_file_sits_beside_the_store(tmp_path: Path) -> None:
    folder = tmp_path / ".sanctiongraph"
    assert default_judgements_path(folder / "store") == folder / "judgements.tsv"
    assert default_judgements_path(None) is None


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("urn:a\turn:b\tyes\nurn:a\turn:c\tmaybe\n", 2, "verdict"),
        ("urn:a\turn:b\n", 1, "expected"),
        ("urn:a urn:b yes\n", 1, "expected"),
        ("urn:a\turn:a\tyes\n", 1, "two different"),
    ],
)
def test_bad_lines_name_the_file_and_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourceFormatError) as error:
        Judgements(path)
    assert f"{path}:{line}" in str(error.value)
    assert problem in str(error.value)


def test_wrong_encoding_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "urn:a\turn:b\tyes\tR\xe9sum\xe9\n".encode("latin-1"))
    with pytest.raises(SourceFormatError, match="UTF-8"):
        Judgements(path)


def test_recording_a_bad_verdict_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "judgements.tsv"
    with pytest.raises(ConfigError):
        Judgements(path).record("urn:a", "urn:b", "perhaps")
    assert not path.exists()
