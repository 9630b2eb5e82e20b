"""Tests of the safe streaming XML reader and the value helpers shared by the XML list loaders."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from rdflib import URIRef

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders._xml import (
    XmlStream,
    identifier_property,
    local_name,
    partial_date,
    script_language,
    script_of_text,
    text_of,
)
from sanctiongraph.ontology import KG

XML_LOADERS = ("ofac-enhanced-xml", "ofac-advanced-xml", "ofac-sdn-xml", "un-xml", "eu-fsf-xml", "uk-sanctions-xml")


def names_in(data: bytes, *names: str) -> list[str]:
    stream = XmlStream(data, path="test.xml")
    return [text_of(element, "name") for _line, element in stream.records(*names)]


def test_records_are_found_in_any_namespace_with_their_line() -> None:
    data = b'<?xml version="1.0"?>\n<list xmlns="urn:x">\n<item><name>A</name></item>\n'
    data += b"<item><name>B</name></item>\n</list>"
    stream = XmlStream(data, path="test.xml")
    found = [(line, local_name(e), text_of(e, "name")) for line, e in stream.records("item")]
    assert found == [(3, "item", "A"), (4, "item", "B")]


def test_finished_records_are_freed_while_streaming() -> None:
    items = b"".join(b"<item><name>n%d</name></item>" % i for i in range(2000))
    stream = XmlStream(b"<list><items>" + items + b"</items></list>", path="big.xml")
    before = [len(list(e.itersiblings(preceding=True))) for _line, e in stream.records("item")]
    # Without freeing, the 2000th item would still have 1999 siblings before it.
    assert max(before) <= 1
    assert len(before) == 2000


@pytest.mark.parametrize("name", ["billion_laughs.xml", "xxe.xml"])
def test_entity_declarations_are_refused(fixtures: Path, name: str) -> None:
    with pytest.raises(SourceFormatError, match="declares entities") as caught:
        list(XmlStream((fixtures / "xml" / name).read_bytes(), path=name).records("ENTITY"))
    assert caught.value.path == name


def test_entities_after_a_long_prolog_are_refused_by_the_parser_check() -> None:
    # A comment longer than the peeked prolog hides the DOCTYPE from the byte check;
    # the check on lxml's parsed DTD must still refuse it (and resolve nothing).
    padding = b"<!--" + b"x" * 70_000 + b"-->\n"
    data = padding + b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n<r><item><name>&e;</name></item></r>'
    with pytest.raises(SourceFormatError, match="declares entities"):
        names_in(data, "item")


def test_external_dtd_is_refused() -> None:
    data = b'<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "http://example.invalid/r.dtd">\n<r><item/></r>'
    with pytest.raises(SourceFormatError, match="external DTD"):
        names_in(data, "item")


def test_truncated_file_names_file_and_line(fixtures: Path) -> None:
    path = fixtures / "xml" / "un_truncated.xml"
    with pytest.raises(SourceFormatError, match="malformed XML") as caught:
        list(XmlStream(path.read_bytes(), path=str(path)).records("INDIVIDUAL", "ENTITY"))
    assert caught.value.path == str(path)
    assert caught.value.line == path.read_bytes().count(b"\n") + 1


def test_wrong_encoding_names_the_line(fixtures: Path) -> None:
    path = fixtures / "xml" / "un_latin1.xml"
    with pytest.raises(SourceFormatError, match="malformed XML") as caught:
        list(XmlStream(path.read_bytes(), path=str(path)).records("ENTITY"))
    assert caught.value.line == 5  # the line holding the Latin-1 byte


@pytest.mark.parametrize("data", [b"", b"  \n"])
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(SourceFormatError, match="empty"):
        names_in(data, "item")


def test_wrong_root_is_refused_at_once() -> None:
    stream = XmlStream(b"<other><item/></other>", path="x.xml", roots=("CONSOLIDATED_LIST",))
    with pytest.raises(SourceFormatError, match="expected a <CONSOLIDATED_LIST> document, found <other>"):
        list(stream.records("item"))


def test_a_stream_is_read_like_bytes() -> None:
    data = b"<list><item><name>A</name></item></list>"
    assert [text_of(e, "name") for _l, e in XmlStream(io.BytesIO(data), path="s.xml").records("item")] == ["A"]


BAD_FILES = ["billion_laughs.xml", "xxe.xml", "un_truncated.xml", "un_latin1.xml"]


@pytest.mark.parametrize("loader", XML_LOADERS)
@pytest.mark.parametrize("name", BAD_FILES)
def test_every_loader_refuses_bad_files_and_leaves_the_store_unchanged(
    store: GraphStore, fixtures: Path, loader: str, name: str
) -> None:
    before = (len(store), sorted(store.graph_names()))
    with pytest.raises(SourceFormatError) as caught:
        load_paths(store, loader, [fixtures / "xml" / name])
    assert name in str(caught.value)
    assert (len(store), sorted(store.graph_names())) == before


@pytest.mark.parametrize("loader", XML_LOADERS)
def test_every_loader_refuses_an_empty_file(store: GraphStore, tmp_path: Path, loader: str) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    before = len(store)
    with pytest.raises(SourceFormatError, match="empty"):
        load_paths(store, loader, [empty])
    assert len(store) == before


@pytest.mark.parametrize(
    ("loader", "other"),
    [("un-xml", "eu_fsf_small.xml"), ("eu-fsf-xml", "uk_sanctions_small.xml"), ("uk-sanctions-xml", "un_small.xml")],
)
def test_a_file_of_another_format_is_refused(store: GraphStore, fixtures: Path, loader: str, other: str) -> None:
    before = len(store)
    with pytest.raises(SourceFormatError, match="expected a <"):
        load_paths(store, loader, [fixtures / "xml" / other])
    assert len(store) == before


def test_a_zip_bomb_claim_is_refused(store: GraphStore, tmp_path: Path) -> None:
    archive = tmp_path / "CONS_ENHANCED_bomb.ZIP"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("CONS_ENHANCED.XML", b"<sanctionsData/>")
    data = bytearray(archive.read_bytes())
    # Patch the uncompressed size in the central directory to claim 4 GiB - 1.
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (0xFFFFFFFF).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    with pytest.raises(SourceFormatError, match="2 GiB"):
        load_paths(store, "ofac-enhanced-xml", [archive])


def test_a_zip_without_one_xml_is_refused(store: GraphStore, tmp_path: Path) -> None:
    archive = tmp_path / "CONS_ENHANCED_empty.ZIP"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme.txt", "no xml here")
    with pytest.raises(SourceFormatError, match=r"one \.xml file"):
        load_paths(store, "ofac-enhanced-xml", [archive])


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2026-02-27T00:00:09.554Z", True, "2026-02-27"),
        ("2015-07-01-04:00", True, "2015-07-01"),
        ("12/11/1967", True, "1967-11-12"),
        ("08/07/2026", False, "2026-08-07"),
        ("dd/mm/1968", True, "1968"),
        ("dd/09/1958", True, "1958-09"),
        ("10 Dec 1948", True, "1948-12-10"),
        ("Dec 1948", True, "1948-12"),
        ("1969", True, "1969"),
        ("31/02/2001", True, None),
        ("circa 1970", True, None),
    ],
)
def test_partial_dates(text: str, day_first: bool, expected: str | None) -> None:
    assert partial_date(text, day_first=day_first) == expected


@pytest.mark.parametrize(
    ("scheme", "prop"),
    [
        ("ISIN", KG.isin),
        ("Legal Entity Number", KG.leiCode),
        ("Unified Social Credit Code (USCC)", KG.registrationNumber),
        ("Registration ID", KG.registrationNumber),
        ("Tax ID No.", KG.taxNumber),
        ("V.A.T. Number", KG.taxNumber),
        ("National passport", KG.passportNumber),
        ("IMO", KG.imoNumber),
        ("Government Gazette Number", None),
        ("National ID No.", None),
    ],
)
def test_identifier_schemes(scheme: str, prop: URIRef | None) -> None:
    assert identifier_property(scheme) == prop


def test_scripts_become_language_tags() -> None:
    assert script_language("Chinese Simplified") == "zh-Hans"
    assert script_language("Cyrillic") == "und-Cyrl"
    assert script_language("Latin") is None
    assert script_language(script_of_text("عبد اللطيف")) == "und-Arab"
    assert script_of_text("Latin name") == ""
