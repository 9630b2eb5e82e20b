"""The firm report: identity, listed / not listed, timeline, relations, statements, claims."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from rdflib import URIRef

from sanctiongraph.analysis.labels import labels
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.queries import get_query
from sanctiongraph.reports import common, relations
from sanctiongraph.reports.model import Footnotes, Report, Row, Section, TimelineEvent, today_iso
from sanctiongraph.reports.status import ListStatus, flag_same_names, list_status

IDENTITY_ORDER = (
    "name",
    "alias",
    "acronym",
    "previousName",
    "weakAlias",
    "country",
    "jurisdiction",
    "address",
    "registrationNumber",
    "leiCode",
    "isin",
    "ticker",
    "taxNumber",
    "imoNumber",
    "idNumber",
    "website",
    "parentCompany",
    "sector",
    "ftmId",
    "wikidataId",
)
_AUTHORITY_IDS = common.PREFIXES + "SELECT ?action ?id WHERE { VALUES ?action { %s } ?action kg:authorityId ?id }"
_DECISIONS = (
    common.PREFIXES
    + """SELECT ?left ?right ?score ?method (GROUP_CONCAT(DISTINCT ?feature; SEPARATOR="; ") AS ?features) WHERE {
  VALUES ?left { %s } VALUES ?right { %s }
  ?d a kg:MatchDecision ; kg:left ?left ; kg:right ?right ; kg:score ?score ; kg:method ?method .
  OPTIONAL { ?d kg:feature ?feature } } GROUP BY ?left ?right ?score ?method"""
)


def firm_actions(store: GraphStore, firm: URIRef) -> list[dict[str, Any]]:
    """The actions of record on the firm's records (named query actions_by_firm)."""
    return common.select_for_records(store, get_query("actions_by_firm").text, firm)


def identity(store: GraphStore, firm: URIRef, notes: Footnotes) -> tuple[Section, list[str]]:
    rows = common.select_for_records(store, get_query("firm_profile").text, firm)
    names = labels(store, [r["value"] for r in rows if isinstance(r["value"], URIRef)])
    values: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    records: set[str] = set()
    for row in rows:
        records.add(str(row["record"]))
        value = row["value"]
        shown = names.get(value, str(value)) if isinstance(value, URIRef) else common.text(value)
        values[common.local(row["property"])][shown].append(row["document"])
    section = Section("identity", "Identity", ["field", "value"], empty="no names or identifiers on record")
    for prop in IDENTITY_ORDER:
        for value, docs in sorted(values.get(prop, {}).items()):
            section.rows.append(Row({"field": prop, "value": value}, notes.cite(*docs)))
    return section, sorted(records)


def records_section(store: GraphStore, records: list[str], actions: list[dict], notes: Footnotes) -> Section:
    infos = common.record_infos(store, [URIRef(r) for r in records])
    lists: dict[str, set[str]] = defaultdict(set)
    docs: dict[str, list] = defaultdict(list)
    for row in actions:
        if row.get("record") is not None:
            lists[str(row["record"])].add(common.text(row.get("listName")) or common.local(row.get("list") or ""))
            docs[str(row["record"])].append(row.get("document"))
    section = Section(
        "records",
        "Records in this entity",
        ["record", "name", "address or country", "lists"],
        note="Each record is one entry of one source; entity resolution joined them (evidence below).",
    )
    for record in records:
        info = infos.get(record, common.RecordInfo(record))
        section.rows.append(
            Row(
                {
                    "record": record,
                    "name": info.name,
                    "address or country": info.address or info.country,
                    "lists": ", ".join(sorted(x for x in lists.get(record, ()) if x)),
                },
                notes.cite(*docs.get(record, [])),
                link=record,
            )
        )
    return section


def evidence_section(store: GraphStore, records: list[str]) -> Section:
    section = Section(
        "resolution",
        "Why these records are one entity",
        ["left", "right", "score", "method", "evidence"],
        empty="one record, or no resolution decisions stored",
    )
    if len(records) < 2 or len(records) > 400:
        return section
    values = " ".join(f"<{r}>" for r in records)
    infos = common.record_infos(store, [URIRef(r) for r in records])
    for row in store.select(_DECISIONS % (values, values)):
        section.rows.append(
            Row(
                {
                    "left": infos.get(str(row["left"]), common.RecordInfo(str(row["left"]))).describe(),
                    "right": infos.get(str(row["right"]), common.RecordInfo(str(row["right"]))).describe(),
                    "score": common.text(row["score"]),
                    "method": common.text(row["method"]),
                    "evidence": common.text(row["features"]),
                }
            )
        )
    return section


def firm_statuses(store: GraphStore, actions: list[dict], names: list[str], records: list[str]) -> list[ListStatus]:
    """Each list's status for the firm, "unresolved" where a same-named record outside it is listed."""
    statuses = list_status(store, actions)
    flag_same_names(store, statuses, names, {str(r) for r in records})
    return statuses


def identity_names(section: Section) -> list[str]:
    """The firm's names and former names, as the identity section shows them."""
    return [r.cells["value"] for r in section.rows if r.cells["field"] in ("name", "previousName")]


def status_section(
    store: GraphStore, actions: list[dict], notes: Footnotes, names: list[str], records: list[str]
) -> tuple[Section, list[str]]:
    section = Section(
        "status",
        "Listed or not, as of each list's latest loaded release",
        ["list", "status", "as of", "note"],
        empty="no list release is loaded",
    )
    summary = []
    for status in firm_statuses(store, actions, names, records):
        word, note = status.word, status.note
        if status.same_name:
            same = "; ".join(status.same_name)
            note = "; ".join(
                x for x in (f"a record with the same name ({same}) is listed in this release, but entity "
                            "resolution did not join it to this entity: check before saying not listed", note) if x
            )  # fmt: skip
        section.rows.append(
            Row(
                {"list": status.name, "status": word, "as of": status.as_of or status.dated, "note": note},
                notes.cite(*(status.evidence or [status.release])),
                link=status.list,
            )
        )
        tail = "; a record with the same name is listed there, not joined to this entity" if status.same_name else ""
        summary.append(f"{word} on {status.name} as of the {status.dated}{tail}")
    return section, summary


def timeline(store: GraphStore, actions: list[dict], notes: Footnotes) -> tuple[Section, list[TimelineEvent]]:
    """One row per action, with the record it targets told apart by name, address and record id."""
    grouped: dict[str, dict[str, Any]] = {}
    for row in actions:
        entry = grouped.setdefault(
            str(row["action"]), {"row": row, "docs": [], "agency": {}, "list": {}, "basis": {}, "records": set()}
        )
        entry["docs"].append(row.get("document"))
        if row.get("record") is not None:
            entry["records"].add(str(row["record"]))
        for key in ("agency", "list", "basis"):
            if row.get(key) is not None:  # an action may sit on a list and its sub-list, cite two bases
                entry[key][str(row[key])] = common.text(row.get(f"{key}Name")) or common.local(row[key])
    ids: dict[str, str] = {}
    if grouped:
        values = " ".join(f"<{a}>" for a in grouped)
        ids = {str(r["action"]): str(r["id"]) for r in store.select(_AUTHORITY_IDS % values)}
    infos = common.record_infos(store, [URIRef(r) for e in grouped.values() for r in e["records"]])
    section = Section(
        "timeline",
        "Timeline of actions of record",
        ["date", "action", "agency", "list", "record", "legal basis", "note"],
        empty="no action of record",
    )
    events = []
    for action, entry in sorted(grouped.items(), key=lambda kv: (common.sort_day(kv[1]["row"]), kv[0])):
        row = entry["row"]
        record = "; ".join(
            infos.get(r, common.RecordInfo(r)).describe(ids.get(action)) for r in sorted(entry["records"])
        )
        list_name = " / ".join(sorted(entry["list"].values()))
        cites = notes.cite(*entry["docs"])
        section.rows.append(
            Row(
                {
                    "date": common.when(row),
                    "action": common.local(row["kind"]),
                    "list": list_name,
                    "record": record,
                    "agency": " / ".join(sorted(entry["agency"].values())),
                    "legal basis": " / ".join(sorted(entry["basis"].values())),
                    "note": common.text(row.get("reason")),
                },
                cites,
            )
        )
        day = common.sort_day(row)
        if day != "9999":
            events.append(
                TimelineEvent(
                    day[:10],
                    common.local(row["kind"]),
                    common.local(row["kind"]).lower(),
                    list_name or "unknown list",
                    cites,
                )
            )
    return section, events


def statements(store: GraphStore, firm: URIRef, notes: Footnotes) -> Section:
    rows = [
        r
        for r in store.select(get_query("claims_about_firm").text, {"firm": firm})
        if str(r["claimKind"]) == "statement"
    ]
    section = Section(
        "statements",
        "Statements (claims made in documents, not official record)",
        ["date", "speaker", "stance", "statement"],
        empty="no statements found",
    )
    seen = set()
    for row in rows:
        if row["claim"] in seen:
            continue
        seen.add(row["claim"])
        section.rows.append(
            Row(
                {
                    "date": common.text(row["statedOn"]),
                    "speaker": common.text(row["speakerName"]) or common.text(row["speaker"]) or "unattributed",
                    "stance": common.local(row["stance"]) if row["stance"] else "",
                    "statement": common.text(row["quote"]),
                },
                notes.cite(row["document"]),
                link=str(row["speaker"]) if row["speaker"] else None,
            )
        )
    return section


def claims(
    store: GraphStore, checks: list, notes: Footnotes, title: str = "Claims checked against the record"
) -> Section:
    section = Section(
        "claims",
        title,
        ["the text says", "verdict", "why", "record compared"],
        empty="no reported actions about this subject",
    )
    for check in checks:
        record = check.record
        compared = ""
        cites = notes.cite(check.document)
        if record is not None:
            names = labels(store, [record.agency, record.list, record.basis])
            compared = ", ".join(
                x
                for x in (
                    names.get(record.agency) if record.agency else None,
                    names.get(record.list) if record.list else None,
                    names.get(record.basis) if record.basis else None,
                    record.date.isoformat() if record.date else None,
                )
                if x
            )
            cites += [n for n in notes.cite(record.document) if n not in cites]
        section.rows.append(
            Row(
                {
                    "the text says": check.quote[:300],
                    "verdict": str(check.verdict),  # a string: the grades may change
                    "why": "; ".join(check.reasons),
                    "record compared": compared,
                },
                cites,
                link=str(check.target) if check.target else None,
            )
        )
    return section


def relations_section(store: GraphStore, firm: URIRef, notes: Footnotes, report: Report) -> Section:
    hops = relations.neighbours(store, firm)
    section = Section(
        "relations",
        "Relations",
        ["tie", "from", "to", "stated as", "standing"],
        empty="no relations of record",
        note="Ties come from the ties engine when installed, else relations of record.",
    )
    for row in common.hop_rows(hops, notes):
        section.rows.append(Row(row["cells"], row["sources"], row["link"]))
    records = {str(r) for r in relations.records_of(store, firm)} | {str(firm)}
    nodes, edges = common.graph_from_hops(hops, notes, records)
    if not any(n.id in records for n in nodes):
        nodes.insert(0, common.GraphNode(str(firm), report.subject["name"], "subject"))
    report.graph_nodes, report.graph_edges = nodes, edges
    return section


_REPORTED_TARGETS = (
    common.PREFIXES
    + """SELECT DISTINCT ?target ?record WHERE { ?ra a kg:ReportedAction ; kg:target ?target .
  ?target (kg:member|kg:canonical/kg:member)? ?record }"""
)


def _reported_about(store: GraphStore, firm: URIRef, records: list[str]) -> bool:
    """Whether any article reports an action on the firm's records or cluster.

    The claims check first reads which agencies and lists hold any action of record (a scan of
    every action, a quarter second on the real lists); a firm no text reports on skips it. The
    test is wider than the check's own (a target, its members and its cluster's members), so it
    never skips a claim the check would find.
    """
    mine = {str(firm), *records, *(str(r) for r in relations.records_of(store, firm))}
    return any(str(row["record"]) in mine for row in store.select(_REPORTED_TARGETS))


def build(store: GraphStore, firm: URIRef, *, today: dt.date | None = None, with_claims: bool = True) -> Report:
    """The report of one firm (or cluster)."""
    notes = Footnotes()
    name = common.firm_name(store, firm)
    report = Report("firm", f"{name}: relationship report", {"iri": str(firm), "name": name}, today_iso(today))
    identity_section, records = identity(store, firm, notes)
    actions = firm_actions(store, firm)
    names = identity_names(identity_section)
    status, summary = status_section(store, actions, notes, names, records)
    time_section, events = timeline(store, actions, notes)
    report.sections = [
        status,
        identity_section,
        records_section(store, records, actions, notes),
        evidence_section(store, records),
        time_section,
        relations_section(store, firm, notes, report),
        statements(store, firm, notes),
    ]
    if with_claims:
        checks = []
        if _reported_about(store, firm, records):
            from sanctiongraph.analysis.claims import check_claims  # only then: a fiftieth of a second to import

            checks = check_claims(store, target=firm)
        report.sections.append(claims(store, checks, notes))
    report.summary = [
        *summary,
        f"{len(records)} record(s) in this entity; {len(time_section.rows)} action(s) of record",
    ]
    report.timeline = events
    report.sources = common.sources(store, notes)
    return report
