"""The Markdown firm report: every fact footnoted with its source document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF

from sanctiongraph.analysis.lookup import find_entity
from sanctiongraph.analysis.report import firm_report
from sanctiongraph.graph.ingest import load_paths, sha256_of
from sanctiongraph.graph.store import GraphStore

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"


def _table_rows(report: str, heading: str) -> list[str]:
    section = report.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| field")]


def test_report_footnotes_every_fact(store: GraphStore) -> None:
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    report = firm_report(store, find_entity(store, "Xiaomi Corporation"))
    timeline = _table_rows(report, "Timeline of actions of record")
    designation = next(row for row in timeline if "Designation" in row)
    assert "2021-01-14" in designation and "Department of Defense" in designation and "Section 1237" in designation
    delisting = next(row for row in timeline if "Delisting" in row)
    assert "2021-05-25" in delisting
    for row in _table_rows(report, "Identity") + timeline[1:]:
        assert re.search(r"\[\^\d+\]", row), f"fact without a footnote: {row}"
    footnotes = dict(re.findall(r"^\[\^(\d+)\]: (.+)$", report, flags=re.M))
    assert footnotes, "the report lists its sources"
    assert sha256_of([DEMO / "dod_section_1237.csv"])[:16] in footnotes["1"]
    cited = set(re.findall(r"\[\^(\d+)\](?!:)", report))
    assert cited == set(footnotes)


def test_report_aggregates_a_resolution_cluster(store: GraphStore) -> None:
    from rdflib import Literal

    from sanctiongraph.ontology import KG, KGR

    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    xiaomi = find_entity(store, "Xiaomi Corporation")
    other = KGR["company/test/xiaomi-corp"]
    cluster = KGR["cluster/test"]
    store.replace_graphs(
        {
            KGR["graph/test/other"]: [(other, KG.name, Literal("XIAOMI CORP."))],
            KGR["graph/resolution"]: [
                (cluster, KG.member, xiaomi),
                (cluster, KG.member, other),
                (xiaomi, KG.canonical, cluster),
                (other, KG.canonical, cluster),
            ],
        }
    )
    report = firm_report(store, cluster)
    assert "XIAOMI CORP." in report and "Xiaomi Corporation" in report
    records = [r for r in _table_rows(report, "Records in this entity") if not r.startswith("| record |")]
    assert len(records) == 2, records
    assert "2021-01-14" in report


def test_lookup_by_name_answers_with_the_cluster(store: GraphStore) -> None:
    from rdflib import Literal

    from sanctiongraph.analysis.lookup import find_entity
    from sanctiongraph.errors import NotFoundError
    from sanctiongraph.ontology import KG, KGR

    a, b, cluster = KGR["company/test/a"], KGR["company/test/b"], KGR["cluster/test"]
    store.replace_graphs({KGR["graph/test/ab"]: [(a, KG.name, Literal("Acme")), (b, KG.name, Literal("ACME"))]})
    store.replace_graphs({KGR["graph/test/types"]: [(a, RDF.type, KG.Company), (b, RDF.type, KG.Company)]})
    with pytest.raises(NotFoundError, match="ambiguous"):
        find_entity(store, "acme")
    store.replace_graphs({KGR["graph/resolution"]: [(a, KG.canonical, cluster), (b, KG.canonical, cluster)]})
    assert find_entity(store, "acme") == cluster


def test_report_shows_designations_from_every_list_after_resolution(store: GraphStore, shared) -> None:
    from sanctiongraph.resolution import run_resolution

    official = shared.path("official")
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    load_paths(
        store,
        "dod-1260h-csv",
        [official / "dod_chinese_military_companies" / "section_1260h_opensanctions_sanctions.csv"],
    )
    load_paths(store, "ofac-cons-csv", [official / "ofac" / "consolidated_legacy_csv_2025-12"])
    run_resolution(store)
    report = firm_report(store, find_entity(store, "Hangzhou Hikvision Digital Technology Co., Ltd."))
    timeline = "\n".join(_table_rows(report, "Timeline of actions of record"))
    assert "Section 1237" in timeline
    assert "Section 1260H" in timeline
    assert "Chinese Military-Industrial Complex" in timeline
    assert len(_table_rows(report, "Records in this entity")) > 2  # header and two records or more
