"""The claims check: reported actions against actions of record."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

from sanctiongraph.analysis.claims import check_claims
from sanctiongraph.analysis.lookup import find_entity
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG, KGR

DEMO_LIST = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo" / "dod_section_1237.csv"
ARTICLE = KGR["doc/" + "a" * 64]


@pytest.fixture
def record(store: GraphStore) -> GraphStore:
    load_paths(store, "dod-1237-csv", [DEMO_LIST])
    return store


def _report(store: GraphStore, n: int, target: URIRef | None, **fields: URIRef | str) -> URIRef:
    """Emulate what the article loader writes for one reported designation."""
    claim, action = KGR[f"claim/test/{n}"], KGR[f"reported/test/{n}"]
    triples = [
        (claim, RDF.type, KG.Claim),
        (claim, KG.claimKind, Literal("reported-action")),
        (claim, KG.about, action),
        (claim, KG.statedIn, ARTICLE),
        (claim, KG.quote, Literal(f"sentence {n}")),
        (action, RDF.type, KG.ReportedAction),
        (action, KG.actionKind, Literal("designation")),
    ]
    if target is not None:
        triples.append((action, KG.target, target))
    for key, value in fields.items():
        prop = {"agency": KG.imposedBy, "list": KG.onList, "basis": KG.legalBasis}.get(key)
        if prop is not None:
            triples.append((action, prop, URIRef(str(value))))
        elif key == "date":
            triples.append(
                (action, KG.actionDate, Literal(str(value), datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")))
            )
    store.replace_graphs({KGR[f"graph/test/{n}"]: triples})
    return claim


def _verdicts(store: GraphStore) -> dict[URIRef, tuple[str, list[str]]]:
    return {c.claim: (c.verdict, c.reasons) for c in check_claims(store)}


def test_doj_entity_list_claim_is_contradicted(record: GraphStore) -> None:
    xiaomi = find_entity(record, "Xiaomi Corporation")
    claim = _report(
        record, 1, xiaomi, agency=KGR["agency/us-doj"], list=KGR["list/us-bis-entity-list"], date="2021-01-15"
    )
    verdict, reasons = _verdicts(record)[claim]
    assert verdict == "contradicted"
    assert any(r.startswith("agency:") and "Justice" in r and "Defense" in r for r in reasons)
    assert any(r.startswith("list:") and "Entity List" in r and "Section 1237" in r for r in reasons)
    assert not any(r.startswith("date:") for r in reasons), "one day after, 'today' in a next-day article"


def test_dod_section_1237_claim_is_supported(record: GraphStore) -> None:
    xiaomi = find_entity(record, "Xiaomi Corporation")
    claim = _report(
        record,
        2,
        xiaomi,
        agency=KGR["agency/us-dod"],
        list=KGR["list/us-dod-1237"],
        basis=KGR["law/us/pl/105/261"],  # the act; the record cites its section 1237
        date="2021-01-14",
    )
    [check] = [c for c in check_claims(record) if c.claim == claim]
    assert check.verdict == "supported"
    assert check.record is not None and str(check.record.date) == "2021-01-14"


def test_parent_agency_is_not_a_contradiction(record: GraphStore) -> None:
    xiaomi = find_entity(record, "Xiaomi Corporation")
    record.replace_graphs(
        {KGR["graph/test/bis"]: [(KGR["company/us-dod/" + "x"], RDF.type, KG.Company)]}
    )  # unrelated noise
    claim = _report(record, 3, xiaomi, agency=KGR["agency/us-dod"], date="2021-01-14")
    assert _verdicts(record)[claim][0] == "supported"


def test_wrong_date_is_a_contradiction(record: GraphStore) -> None:
    xiaomi = find_entity(record, "Xiaomi Corporation")
    claim = _report(record, 4, xiaomi, agency=KGR["agency/us-dod"], date="2020-06-24")
    verdict, reasons = _verdicts(record)[claim]
    assert verdict == "contradicted" and reasons[0].startswith("date:")


def test_firm_without_record_is_unverified(record: GraphStore) -> None:
    claim = _report(record, 5, KGR["company/test/unknown"], agency=KGR["agency/us-doj"])
    claim_without_target = _report(record, 6, None, agency=KGR["agency/us-doj"])
    verdicts = _verdicts(record)
    assert verdicts[claim][0] == "unverified"
    assert verdicts[claim_without_target][0] == "unverified"


def test_check_can_be_limited_to_one_firm(record: GraphStore) -> None:
    xiaomi = find_entity(record, "Xiaomi Corporation")
    smic = find_entity(record, "SMIC")
    _report(record, 7, xiaomi, agency=KGR["agency/us-dod"])
    _report(record, 8, smic, agency=KGR["agency/us-dod"])
    assert {c.target for c in check_claims(record, target=smic)} == {smic}


def test_seed_article_lead_is_contradicted_by_the_record(record: GraphStore, shared) -> None:
    [seed] = sorted(shared.path("articles").glob("2021-01-15_thurrott-*.txt"))
    load_paths(record, "article", [seed])
    xiaomi = find_entity(record, "Xiaomi Corporation")
    checks = [c for c in check_claims(record, target=xiaomi) if "entity list" in c.quote]
    assert checks, "the seed article's lead (DOJ, entity list) is a reported action about Xiaomi"
    [lead] = checks
    assert lead.verdict == "contradicted"
    reasons = " ".join(lead.reasons)
    assert "Department of Justice" in reasons and "Department of Defense" in reasons
    assert "Entity List" in reasons and "Section 1237" in reasons
    assert lead.record is not None and lead.record.date is not None and lead.record.date.isoformat() == "2021-01-14"
