"""The SDN CSV loader on the real 2021-07 release: what it emits, checked against the files.

The loader builds pyoxigraph terms directly (no rdflib on its per-row path). The facts it must
emit are computed here from sdn.csv and alt.csv with the csv module alone: every one of them
must be among the quads the load wrote, and on the core predicates nothing else (aliases may
also come from the remarks' "a.k.a." parts, so for them the files' set must be contained).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "official" / "ofac"
RELEASE = SHARED / "sdn_legacy_csv_2021-07"
KG = "https://w3id.org/sanctiongraph/ontology#"
ID = "https://w3id.org/sanctiongraph/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KINDS = {"-0-": ("company", "Company"), "individual": ("person", "Person"), "vessel": ("vessel", "Vessel")}
KINDS["aircraft"] = ("aircraft", "Aircraft")
ALIASES = {"aka": "alias", "nka": "alias", "fka": "previousName", "weak aka": "weakAlias"}


def _rows(name: str) -> list[list[str]]:
    text = (RELEASE / name).read_text(encoding="ascii").rstrip("\x1a\r\n")
    return [[("" if c.strip() == "-0-" else c.strip()) for c in row] for row in csv.reader(io.StringIO(text))]


def expected_facts() -> set[tuple[str, str, str]]:
    """(subject, predicate, object text) the files state, by our mapping rules (ID_POLICY.md)."""
    facts = set()
    entities = {}
    for row in _rows("sdn.csv"):
        ent_num, name, sdn_type = row[0], row[1], row[2] or "-0-"
        kind, cls = KINDS[sdn_type]
        entity = entities[ent_num] = f"{ID}{kind}/us-ofac/{ent_num}"
        designation = f"{ID}action/us-ofac-sdn/{ent_num}"
        facts |= {
            (entity, RDF_TYPE, KG + cls),
            (entity, KG + "name", name),
            (entity, KG + "authorityId", ent_num),
            (designation, RDF_TYPE, KG + "Designation"),
            (designation, KG + "target", entity),
            (designation, KG + "authorityId", ent_num),
            (designation, KG + "imposedBy", f"{ID}agency/us-ofac"),
            (designation, KG + "onList", f"{ID}list/us-ofac-sdn"),
        }
    for ent_num, _, alt_type, alt_name, _ in _rows("alt.csv"):
        facts.add((entities[ent_num], KG + ALIASES[alt_type.lower()], alt_name))
    return facts


CORE = {KG + p for p in ("name", "authorityId", "target", "imposedBy", "onList")} | {RDF_TYPE}
ALIAS_PREDICATES = {KG + p for p in set(ALIASES.values())}


def test_real_sdn_release_emits_what_the_files_state() -> None:
    if not RELEASE.exists():
        pytest.skip(f"real data not available: {RELEASE} is absent (fresh clone)")
    store = GraphStore(None)
    [report] = load_paths(store, "ofac-sdn-csv", [RELEASE], published=dt.date(2021, 7, 7))
    graph = ox.NamedNode(str(report.graph))
    expected = expected_facts()
    subjects = {s for s, _, _ in expected}
    written = {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in store.oxigraph.quads_for_pattern(None, None, None, graph)
        if q.subject.value in subjects
    }
    core = {fact for fact in written if fact[1] in CORE}
    assert {fact for fact in expected if fact[1] in CORE} == core
    aliases = {fact for fact in expected if fact[1] in ALIAS_PREDICATES}
    assert aliases and aliases <= written
    assert report.read == report.loaded == len(_rows("sdn.csv"))
