"""Relations of record per loader on the real lists in ../shared, counted again from the files here.

Each expected count is computed from the source file with the standard library (csv, re, zipfile),
not from our loaders' output, so a loader that drops or invents relations fails.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore

pytestmark = pytest.mark.shared
PREFIX = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>\n"


def relationships(store: GraphStore) -> Counter[str]:
    rows = store.select(
        PREFIX + "SELECT ?kind (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a kg:Relationship ; kg:relationshipKind ?kind ;"
        " kg:sourceText ?text ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc } GROUP BY ?kind"
    )
    return Counter({str(r["kind"]): int(r["n"]) for r in rows})


def loaded(loader: str, path: Path) -> GraphStore:
    store = GraphStore(None)
    load_paths(store, loader, [path])
    return store


def name_key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def test_ofac_enhanced_xml_relationships(shared: type) -> None:
    path = shared.path("official", "ofac", "xml", "CONS_ENHANCED_2025-01-10.ZIP")
    with zipfile.ZipFile(path) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    ids = set(re.findall(r'<entity id="(\d+)"', text))
    expected: Counter[str] = Counter()
    for entity in re.finditer(r'<entity id="(\d+)">(.*?)</entity>', text, re.S):
        for kind, other in re.findall(r"<type[^>]*>([^<]*)</type>\s*<relatedEntity entityId=\"(\d+)\"", entity[2]):
            expected[kind] += other in ids  # a tie to a party outside the file is audited, not emitted
    assert sum(expected.values()) > 250
    assert relationships(loaded("ofac-enhanced-xml", path)) == +expected


def test_ofac_advanced_xml_relationships(shared: type) -> None:
    path = shared.path("official", "ofac", "xml", "cons_advanced_2020-03-17.xml")
    text = path.read_text(encoding="utf-8")
    parties = set(re.findall(r'<DistinctParty FixedRef="(\d+)"', text))
    ties = re.findall(r'<ProfileRelationship [^>]*From-ProfileID="(\d+)"[^>]*To-ProfileID="(\d+)"', text)
    expected = {(a, b) for a, b in ties if a in parties and b in parties}
    assert len(expected) == 276
    assert relationships(loaded("ofac-advanced-xml", path)) == Counter({"Owned or Controlled By": len(expected)})


def test_ofac_sdn_csv_linked_to_and_vessel_owners(shared: type) -> None:
    folder = shared.path("official", "ofac", "sdn_legacy_csv_2021-07")
    read = lambda name: list(csv.reader(io.StringIO((folder / name).read_text("latin-1").rstrip("\x1a"))))  # noqa: E731
    primary = [r for r in read("sdn.csv") if len(r) == 12]
    overflow = {r[0]: r[1] for r in read("sdn_comments.csv") if len(r) == 2}
    entries: dict[str, set[str]] = {}
    for row in primary:
        entries.setdefault(name_key(row[1]), set()).add(row[0])
    aliases: dict[str, set[str]] = {}
    for row in read("alt.csv"):
        if len(row) == 5:
            aliases.setdefault(name_key(row[3]), set()).add(row[0])

    def single_entry(name: str) -> str | None:
        found = entries.get(name_key(name)) or aliases.get(name_key(name)) or set()
        return next(iter(found)) if len(found) == 1 else None

    linked, owners, stated = set(), set(), 0
    for row in primary:
        remarks = row[11] + overflow.get(row[0], "")
        for part in remarks.split("; "):
            if part.startswith("Linked To: "):
                stated += 1
                other = single_entry(part.removeprefix("Linked To: "))
                if other and other != row[0]:
                    linked.add((row[0], other))
        owner = row[10].strip()
        if owner and owner != "-0-" and (other := single_entry(owner)) and other != row[0]:
            owners.add((row[0], other))
    assert stated > 2_700 and len(linked) > 0.9 * stated
    found = relationships(loaded("ofac-sdn-csv", folder))
    assert found == +Counter({"linked to": len(linked), "vessel owner": len(owners)})


def test_csl_names_and_remarks(shared: type) -> None:
    path = shared.path("official", "trade_gov_csl", "consolidated_2022-05.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    ofac = [r for r in rows if "Treasury Department" in r["source"]]
    others = [r for r in rows if "Treasury Department" not in r["source"]]
    by_name = Counter(" ".join(r["name"].split()) for r in others)
    affiliated = 0
    for row in others:
        if "Affiliated Entity:" in row["name"]:
            parent = " ".join(row["name"].split("Affiliated Entity:")[0].split()).removesuffix(".")
            affiliated += by_name[parent] or 1  # a parent no row bears gets a node of its own
    subordinate = sum("subordinate" in r["name"] for r in others)
    # "Linked To:" of OFAC rows, to a name one OFAC ent_num bears (primary or alias).
    names: dict[str, set[str]] = {}
    for row in ofac:
        for name in [row["name"], *row["alt_names"].split("; ")]:
            names.setdefault(name_key(name), set()).add(row["_id"])
    primaries: dict[str, set[str]] = {}
    for row in ofac:
        primaries.setdefault(name_key(row["name"]), set()).add(row["_id"])
    linked = set()
    for row in ofac:
        # The CSL ends OFAC's remarks with the ties in brackets: "...; (Linked To: A; Linked To: B)".
        start = row["remarks"].find("(Linked To: ")
        ties = row["remarks"][start + 1 :].strip().removesuffix(")") if start >= 0 else ""
        for other in [p.removeprefix("Linked To: ") for p in ties.split("; ") if p.startswith("Linked To: ")]:
            found = primaries.get(name_key(other)) or names.get(name_key(other), set())
            if len(found) == 1 and found != {row["_id"]}:
                linked.add((row["_id"], next(iter(found))))
    assert affiliated == 69 and subordinate == 6 and len(linked) > 4_000
    found = relationships(loaded("csl-csv", path))
    assert found == Counter({"affiliated entity": affiliated, "subordinate of": subordinate, "linked to": len(linked)})


def test_dod_1260h_parents(shared: type) -> None:
    path = shared.path("official", "dod_chinese_military_companies", "section_1260h_opensanctions_sanctions.csv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = {
        ((r["Clean Name"] or r["Name"]).strip().rstrip("*").strip(), r["Parent Name"].strip(), r["Start date"])
        for r in rows
        if r["Parent Name"].strip()
    }
    expected = {e for e in expected if e[0] != e[1]}
    assert len(expected) > 150
    assert relationships(loaded("dod-1260h-csv", path)) == Counter({"parent company": len(expected)})


def test_un_entries_cited_by_reference_number_in_the_narrative(shared: type) -> None:
    import xml.etree.ElementTree as ET

    path = shared.path("official", "un", "consolidated_2026-02-27.xml")
    entries = [e for e in ET.parse(path).getroot().iter() if e.tag in ("INDIVIDUAL", "ENTITY")]
    references = {e.findtext("REFERENCE_NUMBER") for e in entries}
    expected = {
        (e.findtext("REFERENCE_NUMBER"), cited)
        for e in entries
        for cited in re.findall(r"[A-Z][A-Za-z]{1,2}\.\d{3}", e.findtext("COMMENTS1") or "")
        if cited in references and cited != e.findtext("REFERENCE_NUMBER")
    }
    assert len(expected) > 100
    assert relationships(loaded("un-xml", path)) == Counter({"cited in UN narrative": len(expected)})
