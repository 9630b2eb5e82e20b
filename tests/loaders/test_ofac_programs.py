"""The OFAC program table and the program nodes it yields."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib import RDF, Literal

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders._ofac import split_programs
from sanctiongraph.loaders._ofac_programs import find_program, ofac_program, ofac_programs, program_iri
from sanctiongraph.loaders.base import LoadContext, SourceInfo
from sanctiongraph.ontology import KG, KGR
from sanctiongraph.ontology.ids import reference_iri

OFAC_DATA = ("official", "ofac")


def context(tmp_path: Path) -> LoadContext:
    source = SourceInfo(paths=[tmp_path / "x.csv"], sha256="0" * 64, iri=KGR["doc/test"])
    return LoadContext(source, loader_name="test")


def law(key: str) -> str:
    return str(reference_iri("law", f"us/{key}"))


def test_legal_bases_of_well_known_programs() -> None:
    def bases(code: str) -> set[str]:
        program = find_program(code)
        assert program is not None, code
        return {str(i) for i in program.law_iris}

    assert bases("SDGT") == {law("eo/13224")}
    assert bases("SDNTK") == {law("pl/106/120")}  # Kingpin Act
    assert bases("IRAN") == {law("eo/12957"), law("eo/12959"), law("eo/13599")}
    assert bases("CMIC-EO13959") == {law("eo/13959"), law("eo/14032")}
    assert bases("CAATSA - RUSSIA") == {law("pl/115/44")}
    assert bases("HK-EO13936") == {law("eo/13936")}


def test_program_iris_match_the_reference_data_and_tolerate_spacing() -> None:
    assert program_iri("CMIC-EO13959") == reference_iri("program", "us-CMIC-EO13959")
    assert program_iri("CAATSA - RUSSIA") == reference_iri("program", "us-CAATSA-RUSSIA")
    assert find_program("caatsa-russia") == find_program("CAATSA - RUSSIA")


def test_program_node_with_its_executive_order_emitted_once_per_document(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    iri = ofac_program(ctx, "SDGT")
    assert ofac_program(ctx, "SDGT") == iri
    triples = set(ctx.triples)
    eo = reference_iri("law", "us/eo/13224")
    assert {
        (iri, RDF.type, KG.SanctionsProgram),
        (iri, KG.programKey, Literal("SDGT")),
        (iri, KG.administeredBy, reference_iri("agency", "us-ofac")),
        (iri, KG.legalBasis, eo),
        (eo, RDF.type, KG.Statute),
        (eo, KG.name, Literal("Executive Order 13224")),
        (eo, KG.number, Literal("13224")),
    } <= triples
    assert len(ctx.triples) == len(triples)  # nothing emitted twice


def test_an_unknown_program_still_gets_a_node_and_is_audited(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    iri = ofac_program(ctx, "MARS-EO99999")
    assert (iri, KG.programKey, Literal("MARS-EO99999")) in set(ctx.triples)
    assert ctx.stats.unmapped["unknown OFAC program"] == 1


def test_every_public_law_in_the_table_is_a_reference_statute(store: GraphStore) -> None:
    laws = {i for p in ofac_programs().values() for i in p.law_iris if "/pl/" in str(i)}
    rows = store.select(
        "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> SELECT ?law WHERE { ?law a kg:Statute ; kg:name ?n }"
    )
    assert laws and laws <= {r["law"] for r in rows}


def test_the_table_covers_every_program_in_the_real_legacy_files(shared: type) -> None:
    files = [
        shared.path(*OFAC_DATA, "sdn_legacy_csv_2018-12", "sdn.csv"),
        shared.path(*OFAC_DATA, "sdn_legacy_csv_2021-07", "sdn.csv"),
        shared.path(*OFAC_DATA, "consolidated_legacy_csv_2025-12", "cons_prim.csv"),
    ]
    codes = set()
    for path in files:
        text = path.read_text(encoding="ascii").rstrip("\x1a\r\n")
        codes |= {code for row in csv.reader(io.StringIO(text)) for code in split_programs(row[3])}
    assert len(codes) > 60
    assert sorted(c for c in codes if find_program(c) is None) == []
