"""The claims check: reported actions against actions of record."""

from __future__ import annotations

from datetime import date
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
    """Emulate what the article loader writes for one reported action (a designation unless kind= says)."""
    claim, action = KGR[f"claim/test/{n}"], KGR[f"reported/test/{n}"]
    triples = [
        (claim, RDF.type, KG.Claim),
        (claim, KG.claimKind, Literal("reported-action")),
        (claim, KG.about, action),
        (claim, KG.statedIn, ARTICLE),
        (claim, KG.quote, Literal(str(fields.pop("quote", f"sentence {n}")))),
        (action, RDF.type, KG.ReportedAction),
        (action, KG.actionKind, Literal(str(fields.pop("kind", "designation")))),
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
    claim = _report(record, 4, xiaomi, agency=KGR["agency/us-dod"], list=KGR["list/us-dod-1237"], date="2020-06-24")
    verdict, reasons = _verdicts(record)[claim]
    assert verdict == "contradicted" and reasons[0].startswith("date:")


def test_another_date_with_no_list_named_is_unverified(record: GraphStore) -> None:
    """'DoD listed Huawei on June 24, 2020' against a DoD designation of 2021 on another list: no
    contradiction, the record may hold another action (the firm's 1237 and 1260H records)."""
    xiaomi = find_entity(record, "Xiaomi Corporation")
    claim = _report(record, 9, xiaomi, agency=KGR["agency/us-dod"], date="2020-06-24")
    verdict, reasons = _verdicts(record)[claim]
    assert verdict == "unverified" and reasons[0].startswith("date:")


def test_a_loaded_list_lacking_the_firm_with_another_authoritys_action_that_day(record: GraphStore) -> None:
    """The seed article with the Entity List loaded: BIS lists others, not Xiaomi; the DoD listed
    Xiaomi the day before. The text misattributes the record's action."""
    _record(record, 30, KG.Designation, KGR["company/test/other"], agency="agency/us-bis",
            list="list/us-bis-entity-list", date="2020-12-18")  # fmt: skip
    xiaomi = find_entity(record, "Xiaomi Corporation")
    claim = _report(record, 30, xiaomi, agency=KGR["agency/us-doj"], list=KGR["list/us-bis-entity-list"],
                    date="2021-01-15")  # fmt: skip
    verdict, reasons = _verdicts(record)[claim]
    assert verdict == "contradicted"
    assert any(r.startswith("list:") for r in reasons)


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


XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def _record(store: GraphStore, n: int, kind: URIRef, target: URIRef, **fields: str) -> None:
    """An action of record as a list loader writes it (agency, list, basis, date, reason)."""
    action = KGR[f"action/test/{n}"]
    triples = [(action, RDF.type, kind), (action, KG.target, target)]
    for key, prop in (("agency", KG.imposedBy), ("list", KG.onList), ("basis", KG.legalBasis)):
        if key in fields:
            triples.append((action, prop, KGR[fields[key]]))
    if "date" in fields:
        triples.append((action, KG.actionDate, Literal(fields["date"], datatype=XSD_DATE)))
    if "reason" in fields:
        triples.append((action, KG.reason, Literal(fields["reason"])))
    store.replace_graphs({KGR[f"graph/record/{n}"]: triples})


# The wrong verdicts of issue 9, each with the record that showed it (and the right grade).


def test_a_court_vacatur_matches_the_delisting_that_cites_it(record: GraphStore) -> None:
    xiaomi = find_entity(record, "Xiaomi Corporation")  # the demo list records the D.D.C. order as reason
    claim = _report(record, 20, xiaomi, kind="delisting", agency=KGR["agency/us-dcd"], date="2021-05-25")
    assert _verdicts(record)[claim][0] == "supported"


def test_an_announcement_before_the_federal_register_is_the_same_action(store: GraphStore) -> None:
    huawei = KGR["company/test/huawei"]
    _record(store, 21, KG.Designation, huawei, agency="agency/us-bis", list="list/us-bis-entity-list",
            date="2019-05-21")  # fmt: skip
    claim = _report(store, 21, huawei, agency=KGR["agency/us-doc"], list=KGR["list/us-bis-entity-list"],
                    date="2019-05-15")  # fmt: skip
    verdict, reasons = _verdicts(store)[claim]
    assert verdict == "supported, different date"
    assert reasons == ["date: the text says 2019-05-15; the record says 2019-05-21"]


def test_no_record_of_that_agency_leaves_the_claim_unverified(store: GraphStore) -> None:
    huawei = KGR["company/test/huawei"]  # a BIS listing is loaded; no FCC record is
    _record(store, 22, KG.Designation, huawei, agency="agency/us-bis", list="list/us-bis-entity-list",
            date="2019-05-21")  # fmt: skip
    claim = _report(store, 22, huawei, agency=KGR["agency/us-fcc"], list=KGR["list/us-fcc-covered"])
    verdict, reasons = _verdicts(store)[claim]
    assert verdict == "unverified"
    assert reasons and reasons[0].startswith("no record of")


def test_an_order_section_that_adopts_a_list_matches_its_designations(record: GraphStore) -> None:
    xiaomi = find_entity(record, "Xiaomi Corporation")  # "listed pursuant to section 4(a)(ii) of E.O. 13959"
    claim = _report(record, 23, xiaomi, basis=KGR["law/us/eo/13959/s4"], date="2021-01-14")
    assert _verdicts(record)[claim][0] == "supported"


def test_kinds_no_list_records_are_unverified(record: GraphStore) -> None:
    xiaomi = find_entity(record, "Xiaomi Corporation")
    claim = _report(record, 24, xiaomi, kind="court_injunction", date="2021-03-12")
    assert _verdicts(record)[claim][0] == "unverified"


def test_the_record_of_the_same_list_still_contradicts(store: GraphStore) -> None:
    huawei = KGR["company/test/huawei"]
    _record(store, 25, KG.Designation, huawei, agency="agency/us-bis", list="list/us-bis-entity-list",
            date="2019-05-21")  # fmt: skip
    claim = _report(store, 25, huawei, list=KGR["list/us-bis-entity-list"], date="2017-01-10")
    assert _verdicts(store)[claim][0] == "contradicted"


def _firm(store: GraphStore, key: str, name: str, country: str | None = None) -> URIRef:
    """A firm record as a list loader writes it: its name and, when known, its country."""
    firm = KGR[f"company/test/{key}"]
    triples = [(firm, RDF.type, KG.Company), (firm, KG.name, Literal(name))]
    if country is not None:
        triples.append((firm, KG.country, KGR[f"country/{country}"]))
    store.replace_graphs({KGR[f"graph/firm/{key}"]: triples})
    return firm


def test_a_record_of_the_same_name_answers_for_the_article_s_firm(store: GraphStore) -> None:
    """Before `resolve run`, the article's Huawei may be the DoD's record while BIS's is another:
    the record bearing the same name and in the same country answers for the Entity List."""
    dod = _firm(store, "huawei-dod", "Huawei Technologies Co., Ltd.", "cn")
    bis = _firm(store, "huawei-bis", "Huawei Technologies Co. Ltd.", "cn")
    _record(store, 30, KG.Designation, dod, agency="agency/us-dod", list="list/us-dod-1260h", date="2021-06-03")
    _record(store, 31, KG.Designation, bis, agency="agency/us-bis", list="list/us-bis-entity-list",
            date="2019-05-21")  # fmt: skip
    claim = _report(store, 30, dod, agency=KGR["agency/us-doc"], list=KGR["list/us-bis-entity-list"],
                    date="2019-05-15")  # fmt: skip
    [check] = [c for c in check_claims(store) if c.claim == claim]
    assert check.verdict == "supported, different date"
    assert check.record is not None and check.record.namesake == bis
    assert any("a record of the same name" in r for r in check.reasons)


def test_a_record_of_the_same_name_in_another_country_is_another_firm(store: GraphStore) -> None:
    dod = _firm(store, "acme-dod", "Acme Cloud Co., Ltd.", "cn")
    other = _firm(store, "acme-br", "Acme Cloud Co., Ltd.", "br")
    _record(store, 32, KG.Designation, other, agency="agency/us-bis", list="list/us-bis-entity-list",
            date="2020-08-20")  # fmt: skip
    claim = _report(store, 32, dod, list=KGR["list/us-bis-entity-list"], date="2020-08-20")
    verdict, reasons = _verdicts(store)[claim]
    assert verdict == "unverified"
    assert reasons[0].startswith("the record holds no designation"), reasons


def test_records_of_one_name_in_several_countries_leave_the_claim_unverified(store: GraphStore) -> None:
    """The article's firm has no country; its namesakes are two legal entities: which one is unclear."""
    article_firm = _firm(store, "acme-news", "Acme Cloud Co., Ltd.")
    for n, country in ((33, "cn"), (34, "br")):
        firm = _firm(store, f"acme-{country}", "Acme Cloud Co., Ltd.", country)
        _record(store, n, KG.Designation, firm, agency="agency/us-bis", list="list/us-bis-entity-list",
                date="2020-08-20")  # fmt: skip
    claim = _report(store, 33, article_firm, list=KGR["list/us-bis-entity-list"], date="2020-08-20")
    verdict, reasons = _verdicts(store)[claim]
    assert verdict == "unverified"
    assert any("different countries" in r for r in reasons)


def test_a_correction_notice_does_not_contradict_the_listing_it_corrects(store: GraphStore) -> None:
    """FR 2022-07643 corrects the February 2022 revision of an entry listed in 2020: no contradiction."""
    firm = _firm(store, "cloud", "Acme Cloud Brazil", "br")
    _record(store, 35, KG.Designation, firm, agency="agency/us-bis", list="list/us-bis-entity-list",
            date="2020-08-20")  # fmt: skip
    quote = "BIS publishes these amendments to correct three errors in the revisions published on February 14, 2022."
    claim = _report(store, 35, firm, agency=KGR["agency/us-bis"], list=KGR["list/us-bis-entity-list"],
                    date="2022-02-14", quote=quote)  # fmt: skip
    plain = _report(store, 36, firm, agency=KGR["agency/us-bis"], list=KGR["list/us-bis-entity-list"],
                    date="2022-02-14")  # fmt: skip
    verdicts = _verdicts(store)
    assert verdicts[claim][0] == "unverified"
    assert any("correction notice" in r for r in verdicts[claim][1])
    assert verdicts[plain][0] == "contradicted", "a new listing dated otherwise is still contradicted"


def test_a_claim_two_files_of_one_list_support_cites_the_same_one_whatever_their_order() -> None:
    """Two records that agree equally well (the same designation in two files of a list) used to
    be chosen by the order the store gave them, so a report's footnote changed between runs."""
    from itertools import permutations

    from sanctiongraph.analysis.claims import RecordAction, ReportedAction, _Hierarchy, _verdict

    dod, section = KGR["agency/us-dod"], KGR["list/us-dod-1237"]
    day = date(2021, 1, 14)
    reported = ReportedAction(
        claim=KGR["claim/x"], node=KGR["reported/x"], kind="designation", document=KGR["doc/article"],
        targets={KGR["firm/x"]}, agencies={dod}, lists={section}, dates={day},
    )  # fmt: skip
    records = [
        RecordAction(KGR[f"action/{n}"], dod, section, None, day, KGR[f"doc/{n}"]) for n in ("b-file", "a-file", "c")
    ]
    chosen = {
        _verdict(reported, KGR["firm/x"], list(order), _Hierarchy(GraphStore(None)), {}).record.iri
        for order in permutations(records)
    }
    assert len(chosen) == 1


def test_an_action_derived_from_several_files_cites_the_same_one_in_every_store() -> None:
    """The row order of an action derived from several documents was the engine's: the
    source a claim check cited changed between runs. Whatever order the documents are
    written in, the check cites the first document IRI."""
    from random import Random

    from rdflib.namespace import PROV, XSD

    from sanctiongraph.analysis.claims import record_actions

    firm, action = KGR["company/test/firm"], KGR["action/test/designation"]
    documents = [KGR[f"doc/{n:064x}"] for n in Random(7).sample(range(10**9), 6)]
    chosen = set()
    for seed in range(5):
        store = GraphStore(None)
        shuffled = documents[:]
        Random(seed).shuffle(shuffled)
        triples = [
            (action, RDF.type, KG.Designation),
            (action, KG.target, firm),
            (action, KG.actionDate, Literal("2021-01-14", datatype=XSD.date)),
        ]
        for document in shuffled:
            triples += [(document, RDF.type, KG.SourceDocument), (action, PROV.wasDerivedFrom, document)]
            store.replace_graphs({URIRef(f"{document}/graph"): triples[-2:]})
        store.replace_graphs({KGR["graph/test"]: triples[:3]})
        (record,) = record_actions(store, firm, "designation")
        chosen.add(record.document)
    assert chosen == {min(documents, key=str)}
