"""The loaders' per-value caches (dates, ids, programs) never give two source values one term.

Each list's dates are computed here from the source file with the standard library alone
(csv, gzip, xml.etree, strptime) and compared, record by record, with what the mapping emits:
a cache keyed wrongly would hand one record the date of another. The real files are read from
../shared and the tests skip when they are absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctiongraph.graph.ingest import source_info
from sanctiongraph.graph.terms import cached_ox_date, ox_date
from sanctiongraph.loaders import get_loader
from sanctiongraph.loaders.base import LoadContext
from sanctiongraph.ontology.ids import authority_iri, authority_node, slug

KG = "https://w3id.org/sanctiongraph/ontology#"
ID = "https://w3id.org/sanctiongraph/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
OFAC_DATES = (("%d %b %Y", "%Y-%m-%d", "date"), ("%b %Y", "%Y-%m", "gYearMonth"), ("%Y", "%Y", "gYear"))


def mapped(loader_name: str, path: Path, published: dt.date | None = None) -> list[tuple]:
    """The triples one document's mapping emits (no store involved)."""
    loader = get_loader(loader_name)
    [files] = loader.documents([path])
    ctx = LoadContext(source_info(files, published=published), loader_name=loader.name)
    loader.load(ctx)
    return ctx.ox_triples


def values(triples: list[tuple], predicate: str) -> dict[str, set[tuple[str, str]]]:
    """subject IRI -> {(lexical form, datatype local name)} of one date predicate."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for s, p, o in triples:
        if p.value == KG + predicate:
            found[s.value].add((o.value, o.datatype.value.removeprefix(XSD)))
    return dict(found)


def tail(iri: str) -> str:
    return unquote(iri.rsplit("/", 1)[1])


# SDN legacy CSV: dates of birth in the remarks ---------------------------------------------


def ofac_day(text: str) -> tuple[str, str] | None:
    text = text.removeprefix("circa ").strip().rstrip(".")
    for pattern, out, datatype in OFAC_DATES:
        try:
            return dt.datetime.strptime(text, pattern).strftime(out), datatype
        except ValueError:
            continue
    return None


def sdn_birth_dates(folder: Path) -> dict[str, set[tuple[str, str]]]:
    """Person IRI -> the dates of birth its remarks state (overflow from sdn_comments.csv included)."""

    def rows(name: str) -> list[list[str]]:
        text = (folder / name).read_text(encoding="utf-8").rstrip("\x1a\r\n")
        return [[("" if c.strip() == "-0-" else c.strip()) for c in row] for row in csv.reader(io.StringIO(text))]

    overflow = {row[0]: row[1] for row in rows("sdn_comments.csv")} if (folder / "sdn_comments.csv").exists() else {}
    expected: dict[str, set[tuple[str, str]]] = {}
    for row in rows("sdn.csv"):
        ent_num, kind, remarks = row[0], row[2].lower(), row[11] + overflow.get(row[0], "")
        if kind != "individual":
            continue
        parts = [p.strip().removeprefix("alt. ").strip() for p in remarks.strip().split("; ")]
        days = {ofac_day(p[4:].strip()) for p in parts if p.lower().startswith("dob ")}
        expected[f"{ID}person/us-ofac/{ent_num}"] = {d for d in days if d}
    return expected


def test_sdn_birth_dates_are_each_persons_own(shared: type) -> None:
    folder = shared.path("official", "ofac", "sdn_legacy_csv_2021-07")
    expected = sdn_birth_dates(folder)
    triples = mapped("ofac-sdn-csv", folder, dt.date(2021, 7, 7))
    loaded = {s.value for s, p, _ in triples if p.value == KG + "name" and s.value in expected}
    births = values(triples, "birthDate")
    assert len({d for days in expected.values() for d in days}) > 1_000  # many distinct dates to confuse
    assert loaded and loaded <= set(expected)
    for person in loaded:
        assert births.get(person, set()) == expected[person], person


# CSL: start dates and dates of birth -------------------------------------------------------


def csl_day(text: str) -> str | None:
    text = text.strip()
    try:
        return dt.datetime.strptime(text, "%d %b %Y").date().isoformat()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


def test_csl_listing_and_birth_dates_are_each_rows_own(shared: type) -> None:
    path = shared.path("official", "trade_gov_csl", "consolidated_2022-05.csv.gz")
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(path.read_bytes()).decode("utf-8"))))
    expected_start = {(r["_id"], day) for r in rows if (day := csl_day(r["start_date"]))}
    for row in rows:  # OFAC's CMIC rows state a listing date among their ids too
        for entry in row["ids"].split("; "):
            if "listing date (cmic)" in entry.casefold():
                expected_start |= {(row["_id"], d) for piece in entry.split(", ") if (d := csl_day(piece))}
    expected_births: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        days = {csl_day(d) for d in row["dates_of_birth"].split(";") if d.strip()}
        expected_births[row["_id"]] |= {d for d in days if d}
    triples = mapped("csl-csv", path)
    listed = {(tail(s), value) for s, values_ in values(triples, "listingDate").items() for value, _ in values_}
    # Rows whose start date is only partial or carries CMIC dates among the ids add more: compare the full-day ones.
    assert {x for x in listed if len(x[1]) == 10} == expected_start
    targets = {(s.value, o.value) for s, p, o in triples if p.value == KG + "target"}
    births = values(triples, "birthDate")
    for designation, entity in targets:
        full_days = {value for value, datatype in births.get(entity, set()) if datatype == "date"}
        assert full_days == expected_births[tail(designation)], designation
    assert sum(len(days) for days in expected_births.values()) > 100


# UN XML: listing dates ---------------------------------------------------------------------


def test_un_listing_dates_are_each_entrys_own(shared: type) -> None:
    path = shared.path("official", "un", "consolidated_2026-02-27.xml")
    expected = set()
    for element in ET.parse(path).getroot().iter():
        if element.tag in ("INDIVIDUAL", "ENTITY"):
            listed = (element.findtext("LISTED_ON") or "").strip()[:10]
            expected.add((element.findtext("REFERENCE_NUMBER").strip(), dt.date.fromisoformat(listed).isoformat()))
    found = values(mapped("un-xml", path), "listingDate")
    assert {(tail(s), value) for s, days in found.items() for value, _ in days} == expected
    assert len({value for _, value in expected}) > 100


# the caches themselves ---------------------------------------------------------------------


@given(st.dates(min_value=dt.date(1000, 1, 1)) | st.datetimes(min_value=dt.datetime(1000, 1, 1)))
def test_cached_dates_are_the_dates(value: dt.date) -> None:
    """A date, a datetime at midnight of that day and its ISO text are three keys, not one."""
    for key in (value, value.isoformat()[:10], value.isoformat()[:7], value.isoformat()[:4]):
        assert cached_ox_date(key) == ox_date(key)


@given(st.text(max_size=12))
def test_authority_node_quotes_as_authority_iri_does(key: str) -> None:
    """The ASCII-alphanumeric shortcut agrees with percent-encoding on every id."""
    assert authority_node("company", "us-ofac", key) == ox.NamedNode(authority_iri("company", "us-ofac", key))


def normality_slug(text: str, length: int) -> str:
    from normality import slugify

    return (slugify(text, sep="-") or "x")[:length].strip("-") or "x"


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60) | st.text(max_size=20))
def test_slug_agrees_with_normality(text: str) -> None:
    """The ASCII shortcut (a table probed from normality) slugs exactly as normality does."""
    for length in (48, 5):
        assert slug(text, length) == normality_slug(text, length)


def test_slug_agrees_with_normality_on_every_ascii_character() -> None:
    for code in range(128):
        for text in (f"Ab{chr(code)}cD", f"{chr(code)} x", f"x {chr(code)}", f"x{chr(code) * 3}y"):
            assert slug(text) == normality_slug(text, 48), repr(text)


XML_FIXTURES = [
    "cons_advanced_small.xml",
    "eu_fsf_small.xml",
    "sdn_small.xml",
    "uk_sanctions_small.xml",
    "un_small.xml",
]


@pytest.mark.parametrize("name", XML_FIXTURES)
def test_xml_child_walk_finds_what_elementpath_finds(fixtures: Path, name: str) -> None:
    """find/find_all walk plain paths child by child: the same elements, in the same order, as
    lxml's ElementPath on the namespace-wildcard path, for every path of one to three names."""
    from lxml import etree

    from sanctiongraph.loaders._xml import _any_namespace, find, find_all, local_name

    root = etree.parse(str(fixtures / "xml" / name)).getroot()
    checked = 0
    for element in root.iter(etree.Element):
        paths = {"NO_SUCH_NAME", "NO/SUCH"}
        for child in element:
            paths.add(local_name(child))
            for grandchild in child:
                paths.add(f"{local_name(child)}/{local_name(grandchild)}")
                paths |= {f"{local_name(child)}/{local_name(grandchild)}/{local_name(g)}" for g in grandchild}
        for path in paths - {""}:
            wanted = element.findall(_any_namespace(path))
            assert find_all(element, path) == wanted, path
            assert find(element, path) is (wanted[0] if wanted else None), path
            checked += 1
    assert checked > 100
