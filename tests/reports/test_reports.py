"""The report engine: four subjects in three formats, read back through the JSON."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from markupsafe import escape
from rdflib import RDF, Literal, URIRef

from sanctiongraph.analysis.lookup import find_entity
from sanctiongraph.graph.ingest import load_paths, sha256_of
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG, KGR
from sanctiongraph.reports import article, firm, listing, pair, render

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"
DEMO_CSV = DEMO / "dod_section_1237.csv"
DIGEST = DEMO / "2021-01-14_press-digest.txt"


@pytest.fixture
def demo(store: GraphStore) -> GraphStore:
    load_paths(store, "dod-1237-csv", [DEMO_CSV])
    load_paths(store, "article", [DIGEST])
    return store


def _demo_rows() -> list[dict[str, str]]:
    with DEMO_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _json(report) -> dict:
    data = json.loads(render(report, "json"))
    assert data["schema_version"] == "1.0" and data["kind"] == report.kind
    cited = {n for s in data["sections"] for r in s["rows"] for n in r["sources"]}
    assert cited <= {s["number"] for s in data["sources"]}, "every footnote resolves to a source"
    return data


def _section(data: dict, section_id: str) -> dict:
    return next(s for s in data["sections"] if s["id"] == section_id)


def test_firm_report_says_where_the_firm_is_not_listed(demo: GraphStore) -> None:
    row = next(r for r in _demo_rows() if r["name"] == "Xiaomi Corporation")
    data = _json(firm.build(demo, find_entity(demo, "Xiaomi Corporation")))
    status = _section(data, "status")["rows"]
    (line,) = [r["cells"] for r in status if "1237" in r["cells"]["list"]]
    assert line["status"] == ("NOT listed" if row["removal_date"] else "listed")
    assert any(s.startswith("NOT listed on DoD list") for s in data["summary"])
    timeline = _section(data, "timeline")["rows"]
    assert [(r["cells"]["date"], r["cells"]["action"]) for r in timeline] == [
        (row["release_date"], "Designation"),
        (row["removal_date"], "Delisting"),
    ]
    assert all(r["sources"] for r in timeline)
    assert {e["kind"] for e in data["timeline"]} == {"designation", "delisting"}
    first = data["sources"][0]
    assert first["iri"].endswith(sha256_of([DEMO_CSV]))


def test_a_firm_still_listed_is_listed(demo: GraphStore) -> None:
    row = next(r for r in _demo_rows() if not r["removal_date"])
    data = _json(firm.build(demo, find_entity(demo, row["name"])))
    (line,) = [r["cells"] for r in _section(data, "status")["rows"] if "1237" in r["cells"]["list"]]
    assert line["status"] == "listed"


def test_claims_carry_verdicts_and_statements_their_speakers(demo: GraphStore) -> None:
    data = _json(firm.build(demo, find_entity(demo, "Xiaomi Corporation")))
    verdicts = {r["cells"]["verdict"] for r in _section(data, "claims")["rows"]}
    assert "contradicted" in verdicts and "supported" in verdicts
    speakers = {r["cells"]["speaker"] for r in _section(data, "statements")["rows"]}
    assert "Xiaomi Corporation" in speakers


def test_timeline_tells_records_apart(store: GraphStore) -> None:
    """Two records on one list on one day: each row names its own record and address."""
    a, b = KGR["company/test/huawei-a"], KGR["company/test/huawei-b"]
    cluster = KGR["cluster/test/huawei"]
    triples = []
    for record, address, day_id in ((a, "Shenzhen", "1"), (b, "Beijing", "2")):
        action = KGR[f"action/test/{day_id}"]
        triples += [
            (record, KG.name, Literal("Huawei Technologies Co., Ltd.")),
            (record, KG.address, Literal(address)),
            (action, KG.target, record),
            (action, KG.actionDate, Literal("2019-05-21", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))),
            (action, KG.onList, KGR["list/us-bis-entity-list"]),
            (action, KG.authorityId, Literal(f"EL-{day_id}")),
        ]
        triples.append((action, RDF.type, KG.Designation))
    store.replace_graphs(
        {
            KGR["graph/test/huawei"]: triples,
            KGR["graph/resolution"]: [(cluster, KG.member, a), (cluster, KG.member, b),
                                      (a, KG.canonical, cluster), (b, KG.canonical, cluster),
                                      (cluster, RDF.type, KG.Cluster)],
        }
    )  # fmt: skip
    data = _json(firm.build(store, cluster))
    records = [r["cells"]["record"] for r in _section(data, "timeline")["rows"]]
    assert len(records) == 2 and len(set(records)) == 2
    assert any("Shenzhen" in r and "EL-1" in r for r in records)
    assert any("Beijing" in r and "EL-2" in r for r in records)


def test_pair_report_finds_the_shared_designation(demo: GraphStore) -> None:
    rows = _demo_rows()
    xiaomi = next(r for r in rows if r["name"] == "Xiaomi Corporation")
    peer = next(r for r in rows if r["release_date"] == xiaomi["release_date"] and r["name"] != xiaomi["name"])
    data = _json(pair.build(demo, find_entity(demo, xiaomi["name"]), find_entity(demo, peer["name"])))
    shared = _section(data, "shared")["rows"]
    assert [r["cells"]["date"] for r in shared] == [xiaomi["release_date"]]
    assert _section(data, "ties")["rows"], "a tie path is reported"
    firms = {r["cells"]["firm"] for r in _section(data, "timeline")["rows"]}
    assert firms == {xiaomi["name"], peer["name"]}
    ids = {n["id"] for n in data["graph"]["nodes"] if n["kind"] == "subject"}
    assert len(ids) == 2


def test_list_report_members_on_a_day(demo: GraphStore) -> None:
    import datetime as dt

    day = dt.date(2021, 3, 1)
    expected = {
        r["name"] for r in _demo_rows()
        if r["release_date"] <= day.isoformat() and not (r["removal_date"] and r["removal_date"] <= day.isoformat())
    }  # fmt: skip
    data = _json(listing.build(demo, "us-dod-1237", on=day))
    assert {r["cells"]["name"] for r in _section(data, "members")["rows"]} == expected


def test_list_report_shows_a_firm_listed_in_several_tranches_once(demo: GraphStore, monkeypatch) -> None:
    from sanctiongraph.graph import releases

    day = dt.date.today()
    rows = releases.members_on(demo, "us-dod-1237", day)
    assert rows, "the demo list has members today"
    twice = [*rows, dict(rows[0], designation=URIRef("https://example.org/action/again"))]
    monkeypatch.setattr(releases, "members_on", lambda *_a, **_k: twice)
    data = _json(listing.build(demo, "us-dod-1237", on=day))
    members = _section(data, "members")["rows"]
    assert len(members) == len({(str(r["name"]), str(r.get("authority_id") or "")) for r in rows})
    first = next(m["cells"] for m in members if m["cells"]["name"] == str(rows[0]["name"]))
    assert first["designations"] == "2"


def test_article_report_lists_each_claim_with_its_verdict(demo: GraphStore) -> None:
    doc = article.document_of(demo, str(DIGEST))
    data = _json(article.build(demo, doc))
    claims = _section(data, "claims")["rows"]
    assert claims and all(r["cells"]["verdict"] for r in claims)
    text = DIGEST.read_text(encoding="utf-8")
    for row in claims:
        assert row["cells"]["the text says"][:40] in text  # quotes come from the document


def test_html_is_self_contained_and_escapes_quotes(store: GraphStore) -> None:
    """A quote holding <script> is shown as text: no script runs, no network is used."""
    firm_iri = KGR["company/test/evil"]
    claim = KGR["claim/test/evil"]
    doc = KGR["doc/test"]

    store.replace_graphs(
        {
            KGR["graph/test/evil"]: [
                (firm_iri, RDF.type, KG.Company),
                (firm_iri, KG.name, Literal("Evil <b>Corp</b>")),
                (claim, RDF.type, KG.Claim),
                (claim, KG.claimKind, Literal("statement")),
                (claim, KG.about, firm_iri),
                (claim, KG.speaker, firm_iri),
                (claim, KG.statedIn, doc),
                (claim, KG.quote, Literal('<script>alert("x")</script>')),
            ]
        }
    )
    text = render(firm.build(store, firm_iri), "html")
    assert "<script" not in text.lower().replace("&lt;script", "")
    assert "&lt;script&gt;alert(" in text
    assert not re.search(r"""(src|href)=["']https?://""", text), "no external resources"
    assert "@media print" in text


def test_markdown_and_html_show_the_same_facts(demo: GraphStore) -> None:
    report = firm.build(demo, find_entity(demo, "Xiaomi Corporation"))
    markdown, html = render(report, "md"), render(report, "html")
    for section in report.sections:
        assert f"## {section.title}" in markdown
        assert str(escape(section.title)) in html
    assert "<svg" in html and 'class="timeline"' in html and 'class="relation-graph"' in html


def test_report_cli_writes_three_formats_and_pictures(demo: GraphStore, tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from sanctiongraph.cli.main import app

    store_dir = tmp_path / "store"
    runner = CliRunner()
    env = {"SANCTIONGRAPH_STORE": str(store_dir)}
    assert runner.invoke(app, ["load", "dod-1237-csv", str(DEMO_CSV)], env=env).exit_code == 0
    out = tmp_path / "xiaomi.md"
    result = runner.invoke(app, ["report", "Xiaomi", "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "xiaomi.timeline.svg").exists() and "xiaomi.timeline.svg" in out.read_text()
    result = runner.invoke(app, ["report", "Xiaomi", "-f", "json"], env=env)
    assert json.loads(result.stdout)["subject"]["name"] == "Xiaomi Corporation"
    result = runner.invoke(app, ["report", "--list", "us-dod-1237", "-f", "html", "-o", "-"], env=env)
    assert result.stdout.startswith("<!DOCTYPE html>")
    result = runner.invoke(app, ["report", "Xiaomi", "--list", "us-dod-1237"], env=env)
    assert result.exit_code != 0


def test_relations_of_record_both_ways(store: GraphStore) -> None:
    """Parent companies, ownerships and stated relationships, whichever side the firm is on."""
    from sanctiongraph.reports import relations

    firm_iri, parent, child, owner, linked = (KGR[f"company/test/{n}"] for n in ("f", "p", "c", "o", "l"))
    ownership, relationship = KGR["ownership/test/1"], KGR["relationship/test/1"]
    store.replace_graphs(
        {
            KGR["graph/test/rel"]: [
                *((iri, KG.name, Literal(name)) for iri, name in
                  ((firm_iri, "Firm"), (parent, "Parent"), (child, "Child"), (owner, "Owner"), (linked, "Linked"))),
                (firm_iri, KG.parentCompany, parent),
                (child, KG.parentCompany, firm_iri),
                (ownership, RDF.type, KG.Ownership), (ownership, KG.owner, owner), (ownership, KG.asset, firm_iri),
                (ownership, KG.percentage, Literal(51)),
                (relationship, RDF.type, KG.Relationship), (relationship, KG.subject, firm_iri),
                (relationship, KG.object, linked), (relationship, KG.relationshipKind, Literal("linked to")),
            ]
        }
    )  # fmt: skip
    hops = {(h.kind, h.source_name, h.target_name, h.evidence[0].text if h.evidence else None)
            for h in relations.stated_relations(store, firm_iri)}  # fmt: skip
    assert {(k, s, t) for k, s, t, _ in hops} == {
        ("ownership", "Parent", "Firm"),
        ("ownership", "Firm", "Child"),
        ("ownership", "Owner", "Firm"),
        ("affiliation", "Firm", "Linked"),
    }


def test_pair_report_shows_each_merge_hop_once(store: GraphStore) -> None:
    """Paths from a cluster all start with the hop to the record they use: one row, one line."""
    from sanctiongraph.graph.projection import RESOLUTION_GRAPH
    from sanctiongraph.reports import relations

    names = {"r1": "Acme Holdings", "r2": "Acme Chengdu", "x1": "Xeno One", "x2": "Xeno Two", "t": "Target Corp"}
    firms = {key: KGR[f"company/test/{key}"] for key in names}
    cluster = KGR["cluster/test/acme"]
    triples = [(firms[k], RDF.type, KG.Company) for k in names]
    triples += [(firms[k], KG.name, Literal(n)) for k, n in names.items()]
    for number, (one, other) in enumerate((("r1", "x1"), ("r1", "x2"), ("x1", "t"), ("x2", "t")), 1):
        tie = KGR[f"relationship/test/{number}"]
        triples += [(tie, RDF.type, KG.Relationship), (tie, KG.subject, firms[one]), (tie, KG.object, firms[other]),
                    (tie, KG.relationshipKind, Literal("linked to"))]  # fmt: skip
    merged = [(cluster, RDF.type, KG.Cluster), (cluster, KG.name, Literal("Acme"))]
    merged += [(cluster, KG.member, firms[k]) for k in ("r1", "r2")]
    merged += [(firms[k], KG.canonical, cluster) for k in ("r1", "r2")]
    store.replace_graphs({KGR["graph/test/ties"]: triples, URIRef(RESOLUTION_GRAPH): merged})

    paths = relations.ties_between(store, cluster, firms["t"])
    merge_hops = [(h.source, h.target) for p in paths for h in p.hops if h.kind == "same-cluster"]
    assert len(merge_hops) > len(set(merge_hops)) >= 1, "the paths share a merge hop"
    data = _json(pair.build(store, cluster, firms["t"]))
    rows = [r["cells"] for r in _section(data, "ties")["rows"]]
    shown = [(r["from"], r["to"]) for r in rows if r["tie"] == "same-cluster"]
    assert len(shown) == len(set(shown)) == len(set(merge_hops))
    other_hops = [h for p in paths for h in p.hops if h.kind != "same-cluster"]
    assert len(rows) - len(shown) == len(other_hops), "every other hop of every path is still shown"
    assert {r["path"] for r in rows} == set(range(1, len(paths) + 1))
    lines = [(e["source"], e["target"], e["kind"]) for e in data["graph"]["edges"]]
    assert len(lines) == len(set(lines))
