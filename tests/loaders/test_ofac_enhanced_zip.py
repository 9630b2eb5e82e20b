"""A corrupt or bomb zip given to ofac-enhanced-xml fails as one clear error, checked before inflating."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore

ZIP = Path(__file__).resolve().parents[1] / "fixtures" / "xml" / "CONS_ENHANCED_small.ZIP"


def _fails_unchanged(store: GraphStore, path: Path, problem: str) -> None:
    before = set(store.triples())
    with pytest.raises(SourceFormatError, match=problem):
        load_paths(store, "ofac-enhanced-xml", [path])
    assert set(store.triples()) == before


@pytest.mark.parametrize("offset", [100, 500, 1000, 1500])
def test_a_flipped_byte_in_the_deflate_stream_is_a_clear_error(store: GraphStore, tmp_path: Path, offset: int) -> None:
    data = bytearray(ZIP.read_bytes())
    data[offset] ^= 0xFF
    path = tmp_path / "broken.zip"
    path.write_bytes(bytes(data))
    _fails_unchanged(store, path, "zip is corrupt|not a readable zip|not well-formed|XML")


def _zip_of_zeros(path: Path, megabytes: int) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("CONS_ENHANCED.XML", "w") as f:
        for _ in range(megabytes):
            f.write(b"\0" * (1 << 20))
    path.write_bytes(buffer.getvalue())
    return path


def test_a_zip_bomb_is_refused_by_its_ratio_before_inflating(store: GraphStore, tmp_path: Path) -> None:
    _fails_unchanged(store, _zip_of_zeros(tmp_path / "bomb.zip", 16), "zip bomb")


def test_a_zip_over_the_document_limit_is_refused(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANCTIONGRAPH_MAX_DOCUMENT_BYTES", str(1 << 20))
    _fails_unchanged(store, _zip_of_zeros(tmp_path / "big.zip", 2), "claims 2,097,152 bytes, over 1,048,576")
