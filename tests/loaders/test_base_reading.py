"""The shared readers of loaders/base.py: cut-short records, NUL bytes, size limits, JSON lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.graph.ingest import load_paths, source_info
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders.base import LoadContext

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dod" / "small_1237.csv"


def _snapshot(store: GraphStore) -> set:
    return set(store.triples())


def _fails_unchanged(store: GraphStore, loader: str, path: Path, *expected: str) -> str:
    before = _snapshot(store)
    with pytest.raises(SourceFormatError) as info:
        load_paths(store, loader, [path])
    assert _snapshot(store) == before
    message = str(info.value)
    for text in expected:
        assert text in message, message
    return message


def _ctx(path: Path, loader: str = "dod-1237-csv") -> LoadContext:
    return LoadContext(source_info([path]), loader_name=loader)


def test_csv_cut_inside_its_last_cell_is_a_structural_error(store: GraphStore, tmp_path: Path) -> None:
    # Every cell is there, the URL is cut: before, this loaded "read N, skipped 0".
    text = FIXTURE.read_text(encoding="utf-8").rstrip("\n")
    path = tmp_path / "cut.csv"
    path.write_text(text[:-5], encoding="utf-8")
    last_line = text.count("\n") + 1
    _fails_unchanged(store, "dod-1237-csv", path, f"cut.csv:{last_line}", "cut short")


def test_csv_ending_with_a_quoted_cell_needs_no_newline(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text('a,b\n1,"two"', encoding="utf-8")
    assert list(_ctx(path).csv_records()) == [(2, {"a": "1", "b": "two"})]


def test_csv_null_cells_read_as_empty_and_cells_are_stripped(tmp_path: Path) -> None:
    path = tmp_path / "nulls.csv"
    path.write_text("a,b,c\n -0- , x ,-0-x\n", encoding="utf-8")
    assert list(_ctx(path).csv_records(null="-0-")) == [(2, {"a": "", "b": "x", "c": "-0-x"})]
    assert list(_ctx(path).csv_records()) == [(2, {"a": " -0- ", "b": " x ", "c": "-0-x"})]


@pytest.mark.parametrize("where", ["header", "middle", "end"])
def test_nul_bytes_are_refused_naming_the_line(store: GraphStore, tmp_path: Path, where: str) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    index = {"header": 0, "middle": 2, "end": len(lines) - 1}[where]
    lines[index] = lines[index].replace(",", ",\x00", 1)
    path = tmp_path / "nul.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _fails_unchanged(store, "dod-1237-csv", path, f"nul.csv:{index + 1}", "NUL")


def test_a_file_over_the_size_limit_fails_before_reading(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANCTIONGRAPH_MAX_DOCUMENT_BYTES", str(FIXTURE.stat().st_size - 1))
    _fails_unchanged(store, "dod-1237-csv", FIXTURE, "over the limit")


def test_articles_have_a_smaller_limit(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_text("Source: x\n\n" + "Xiaomi " * (3 << 18), encoding="utf-8")  # ~5.5 MB of prose
    _fails_unchanged(store, "article", path, "over the limit of 1.0 MiB")


def test_json_lines_cut_short_and_malformed(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"a": 1}\n\n{"b": 2}\n{"c": [1, 2', encoding="utf-8")
    records = _ctx(path).json_lines()
    assert next(records) == (1, {"a": 1}) and next(records) == (3, {"b": 2})
    with pytest.raises(SourceFormatError, match=r"x.json:4: .*cut short"):
        next(records)
    path.write_text('{"a": 1}\n{"b" 2}\n{"c": 3}\n', encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"x.json:2: not valid JSON"):
        list(_ctx(path).json_lines())
    path.write_text('{"a": 1}\n{"b": 2}', encoding="utf-8")  # whole last record, no newline: fine
    assert [n for n, _ in _ctx(path).json_lines()] == [1, 2]


def test_json_document_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"results": [\n {"a": 1},\n {"b"', encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"x.json:3: the document is cut short"):
        _ctx(path).json_document()
    path.write_text('{"results": [}\n]}', encoding="utf-8")
    with pytest.raises(SourceFormatError, match="not valid JSON"):
        _ctx(path).json_document()


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_an_article_with_a_blob_for_a_word_fails_before_extraction(
    store: GraphStore, tmp_path: Path, suffix: str
) -> None:
    # The extractor's work grows with the square of a word's length: 50,000 characters took ~40 s.
    path = tmp_path / f"blob{suffix}"
    body = "Xiaomi said on Friday. " + "A" * 50_000 + " The end."
    path.write_text(
        f"Source: x\n\n<p>{body}</p>\n" if suffix == ".html" else f"Source: x\n\n{body}\n", encoding="utf-8"
    )
    _fails_unchanged(store, "article", path, "without a space")


def test_html_attributes_and_scripts_do_not_count_as_words(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    blob = "x" * 10_000
    path.write_text(f'<img src="data:image/png;base64,{blob}"><script>var a="{blob}";</script><p>Prose.</p>\n')
    assert "Prose." in _ctx(path, loader="article").read_text()
