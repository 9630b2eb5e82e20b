"""Property-based fuzzing of every loader: mutated fixtures load cleanly or fail cleanly.

Each example takes one loader's fixture, mutates it (truncation at a random point, byte flips,
NUL bytes, a huge field, another encoding, a dropped or repeated line, another format) and
loads it into a store holding the reference data. Allowed outcomes: one of our errors (a
SanctiongraphError, shown as one line) with the store exactly as before, or a load whose counts
add up (read = loaded + skipped). Anything else (a traceback) fails.

CI runs the bounded "ci" profile; `pytest tests/fuzz --hypothesis-profile=deep` runs longer.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctiongraph.errors import SanctiongraphError
from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders import all_loaders
from sanctiongraph.loaders.base import TRUNCATED

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# loader -> (fixture file or folder, files of it the mutation may hit)
CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "dod-1237-csv": ("dod/small_1237.csv", ()),
    "dod-1260h-csv": ("dod/small_1260h.csv", ()),
    "article": ("articles/2020-12-04_smic-responds.md", ()),
    "ofac-sdn-csv": ("ofac/sdn_2020", ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")),
    "ofac-cons-csv": ("ofac/cons_2021", ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")),
    "ofac-enhanced-xml": ("xml/CONS_ENHANCED_small.ZIP", ()),
    "ofac-advanced-xml": ("xml/cons_advanced_small.xml", ()),
    "ofac-sdn-xml": ("xml/sdn_small.xml", ()),
    "csl-csv": ("csl/csl_small.csv", ()),
    "csl-json": ("csl/csl_api_small.json", ()),
    "bis-dpl": ("bis/dpl_small.txt", ()),
    "un-xml": ("xml/un_small.xml", ()),
    "eu-fsf-xml": ("xml/eu_fsf_small.xml", ()),
    "uk-sanctions-xml": ("xml/uk_sanctions_small.xml", ()),
    "ftm-json": ("ftm/entities_small.ftm.json", ()),
}
EXTRA_CASES = {
    "article-html": ("article", "articles/2021-01-14_commerce-adds-cnooc.html"),
    "csl-csv-gz": ("csl-csv", "csl/csl_small.csv.gz"),
}
OTHER_FORMATS = sorted({FIXTURES / path for path, members in CASES.values() if not members})

Mutation = Callable[[bytes, st.DataObject], bytes]


def _truncate(data: bytes, draw: st.DataObject) -> bytes:
    return data[: draw.draw(st.integers(0, max(len(data) - 1, 0)), label="cut at")]


def _flip(data: bytes, draw: st.DataObject) -> bytes:
    out = bytearray(data)
    for _ in range(draw.draw(st.integers(1, 4), label="flips")):
        i = draw.draw(st.integers(0, len(out) - 1), label="at")
        out[i] = draw.draw(st.integers(0, 255), label="byte")
    return bytes(out)


def _insert(piece: st.SearchStrategy[bytes]) -> Mutation:
    def mutate(data: bytes, draw: st.DataObject) -> bytes:
        i = draw.draw(st.integers(0, len(data)), label="insert at")
        return data[:i] + draw.draw(piece, label="piece") + data[i:]

    return mutate


def _encode(data: bytes, draw: st.DataObject) -> bytes:
    encoding = draw.draw(st.sampled_from(["utf-16", "utf-16-be", "latin-1", "cp1252", "utf-8-sig"]), label="enc")
    return data.decode("utf-8", errors="replace").encode(encoding, errors="replace")


def _lines(kind: str) -> Mutation:
    def mutate(data: bytes, draw: st.DataObject) -> bytes:
        lines = data.splitlines(keepends=True)
        if len(lines) < 2:
            return data
        i = draw.draw(st.integers(0, len(lines) - 1), label="line")
        lines[i : i + 1] = [] if kind == "drop" else [lines[i], lines[i]]
        return b"".join(lines)

    return mutate


def _other_format(data: bytes, draw: st.DataObject) -> bytes:
    return draw.draw(st.sampled_from(OTHER_FORMATS), label="other format").read_bytes()


MUTATIONS: dict[str, Mutation] = {
    "truncate": _truncate,
    "flip": _flip,
    "nul": _insert(st.just(b"\x00")),
    "huge field": _insert(st.integers(1, 400).map(lambda k: b"A" * (k * 1000))),
    "junk": _insert(st.binary(min_size=1, max_size=40)),
    "quote": _insert(st.sampled_from([b'"', b"'", b"<", b"&", b"{", b"\t", b"\r", b"\n"])),
    "encoding": _encode,
    "drop line": _lines("drop"),
    "repeat line": _lines("repeat"),
    "other format": _other_format,
}


class Reference(list):
    """The reference data's quads, with a short repr (hypothesis prints its arguments)."""

    def __repr__(self) -> str:
        return f"<{len(self)} reference quads>"


@pytest.fixture(scope="module")
def reference_quads() -> Reference:
    store = GraphStore(None)
    ensure_reference(store)
    return Reference(store.oxigraph.quads_for_pattern(None, None, None, None))


def _fresh_store(quads: list[ox.Quad]) -> GraphStore:
    store = GraphStore(None)
    store.oxigraph.extend(quads)
    return store


def _snapshot(store: GraphStore) -> set[ox.Quad]:
    return set(store.oxigraph.quads_for_pattern(None, None, None, None))


def check_mutated_load(quads: list[ox.Quad], loader: str, fixture: Path, members: tuple[str, ...], data) -> None:  # type: ignore[no-untyped-def]
    """Mutate one file of the fixture, load it, and check the outcome is clean."""
    name = data.draw(st.sampled_from(sorted(MUTATIONS)), label="mutation")
    with tempfile.TemporaryDirectory(prefix="sg-fuzz-") as folder:
        work = Path(folder) / fixture.name
        if fixture.is_dir():
            shutil.copytree(fixture, work)
            target = work / data.draw(st.sampled_from(members), label="member")
        else:
            shutil.copyfile(fixture, work)
            target = work
        target.write_bytes(MUTATIONS[name](target.read_bytes(), data))
        store = _fresh_store(quads)
        before = _snapshot(store)
        try:
            reports = load_paths(store, loader, [work])
        except SanctiongraphError as exc:
            assert str(exc).strip(), "an error without a message"
            assert "Traceback" not in str(exc)
            assert _snapshot(store) == before, f"a failed load ({exc}) changed the store"
            return
        for report in reports:
            assert report.read == report.loaded + sum(report.skipped.values()), report.as_dict()
            assert TRUNCATED not in report.skipped, "a record cut short was skipped instead of failing the load"


FUZZ_SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.mark.parametrize("loader", sorted(CASES))
@FUZZ_SETTINGS
@given(data=st.data())
def test_mutated_fixture_loads_or_fails_cleanly(reference_quads: list[ox.Quad], loader: str, data) -> None:  # type: ignore[no-untyped-def]
    path, members = CASES[loader]
    check_mutated_load(reference_quads, loader, FIXTURES / path, members, data)


@pytest.mark.parametrize("case", sorted(EXTRA_CASES))
@FUZZ_SETTINGS
@given(data=st.data())
def test_mutated_extra_fixture_loads_or_fails_cleanly(reference_quads: list[ox.Quad], case: str, data) -> None:  # type: ignore[no-untyped-def]
    loader, path = EXTRA_CASES[case]
    check_mutated_load(reference_quads, loader, FIXTURES / path, (), data)


# Loaders whose shared strict reader must refuse a file cut inside a record: (loader, fixture,
# bytes after which a cut leaves whole records: a line end, or what can close a last record).
CUT_CASES = {
    "csl-csv": ("csl/csl_small.csv", b'\n"'),
    "bis-dpl": ("bis/dpl_small.txt", b'\n"'),
    "dod-1237-csv": ("dod/small_1237.csv", b'\n"'),
    "dod-1260h-csv": ("dod/small_1260h.csv", b'\n"'),
    "ftm-json": ("ftm/entities_small.ftm.json", b"\n}"),
}


@pytest.mark.parametrize("loader", sorted(CUT_CASES))
@FUZZ_SETTINGS
@given(data=st.data())
def test_a_file_cut_inside_a_record_fails_naming_file_and_line(
    reference_quads: Reference, loader: str, data  # type: ignore[no-untyped-def]
) -> None:
    fixture, whole_after = CUT_CASES[loader]
    source = (FIXTURES / fixture).read_bytes()
    first_record = source.index(b"\n") + 1 if loader != "ftm-json" else 0  # after a CSV header
    cut = data.draw(st.integers(first_record + 1, len(source) - 1).filter(lambda i: source[i - 1] not in whole_after))
    with tempfile.TemporaryDirectory(prefix="sg-fuzz-") as folder:
        path = Path(folder) / Path(fixture).name
        path.write_bytes(source[:cut])
        store = _fresh_store(reference_quads)
        before = _snapshot(store)
        with pytest.raises(SanctiongraphError) as caught:
            load_paths(store, loader, [path])
        assert re.search(rf"{re.escape(path.name)}:\d+:", str(caught.value)), str(caught.value)  # file and line
        assert _snapshot(store) == before


def test_every_loader_is_fuzzed() -> None:
    assert set(CASES) == set(all_loaders()) - {"reference"}


def test_found_by_fuzzing_a_repeated_header_row_in_1260h(reference_quads: Reference, tmp_path: Path) -> None:
    # The deep profile found this: the header repeated as a row raised ValueError (a traceback).
    lines = (FIXTURES / "dod" / "small_1260h.csv").read_bytes().splitlines(keepends=True)
    path = tmp_path / "repeated.csv"
    path.write_bytes(lines[0] + b"".join(lines))
    store = _fresh_store(reference_quads)
    (report,) = load_paths(store, "dod-1260h-csv", [path])
    assert report.read == report.loaded + sum(report.skipped.values()) == len(lines)


def test_found_by_fuzzing_a_last_change_that_is_not_a_date(reference_quads: Reference, tmp_path: Path) -> None:
    # The deep profile found this: 'A' * 1000 pasted into last_change became the release date
    # and raised ValueError (a traceback). It is now audited as unmapped and the load goes on.
    source = (FIXTURES / "ftm" / "entities_small.ftm.json").read_text(encoding="utf-8")
    assert '"last_change": "' in source
    path = tmp_path / "entities.ftm.json"
    path.write_text(source.replace('"last_change": "', '"last_change": "' + "A" * 1000, 1), encoding="utf-8")
    store = _fresh_store(reference_quads)
    (report,) = load_paths(store, "ftm-json", [path])
    assert report.read == report.loaded + sum(report.skipped.values())
    assert report.unmapped["last_change (not a date)"] == 1
