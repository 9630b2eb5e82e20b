"""The hand-written name key equals normality's, on arbitrary text and on the real lists."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from normality import normalize

from sanctiongraph.graph.name_keys import name_key

OFFICIAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "official"


def normality_key(text: str) -> str:
    """What graph/names.py computed before the key was hand-written."""
    return normalize(text, lowercase=True, ascii=False) or ""


# Every character Python can hold, lone surrogates and unassigned code points included.
ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())


@settings(max_examples=2000)
@given(st.text(alphabet=ANY_CHARACTER, max_size=40))
def test_key_equals_normality_on_any_text(text: str) -> None:
    assert name_key(text) == normality_key(text)


@given(st.lists(st.sampled_from([" ", "\u00a0", "\u200b", "\u3000", "-", ".", "é", "E\u0301", "ﬁ", "A", "1", "$"])))
def test_key_equals_normality_on_spaces_marks_and_punctuation(parts: list[str]) -> None:
    text = "".join(parts)
    assert name_key(text) == normality_key(text)


def test_key_examples() -> None:
    assert name_key("  Huawei Technologies Co., Ltd.  ") == "huawei technologies co ltd"
    assert name_key("Société\u00a0Générale") == "societe generale"
    assert name_key("華為技術有限公司") == "華為技術有限公司"
    assert name_key(" \u200b ") == ""


def official_texts() -> Iterator[str]:
    """Every cell of the official CSV lists and every text of the XML lists: the names among them."""
    for path in sorted(OFFICIAL.rglob("*")):
        if path.suffix.lower() == ".csv" or path.name.endswith(".csv.gz"):
            raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            for row in csv.reader(io.StringIO(raw.decode("utf-8", "replace"))):
                yield from row
        elif path.suffix.lower() == ".xml":
            for element in ElementTree.parse(path).iter():
                yield from (t for t in (element.text, *element.attrib.values()) if t)


@pytest.mark.skipif(not OFFICIAL.is_dir(), reason=f"no shared official lists at {OFFICIAL}")
def test_key_equals_normality_on_every_text_of_the_real_lists() -> None:
    texts = set(official_texts())
    assert len(texts) > 10_000  # the lists were read
    differ = [t for t in texts if name_key(t) != normality_key(t)]
    assert differ == []
