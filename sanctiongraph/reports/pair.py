"""The pair report: ties between two firms with evidence, shared designations, what each said
about the other, and their timelines side by side."""

from __future__ import annotations

import datetime as dt

from rdflib import URIRef

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.queries import get_query
from sanctiongraph.reports import common, firm, relations
from sanctiongraph.reports.model import Footnotes, Report, Row, Section, TimelineEvent, today_iso


def _ties(store: GraphStore, a: URIRef, b: URIRef, notes: Footnotes, report: Report) -> Section:
    paths = relations.ties_between(store, a, b)
    section = Section(
        "ties",
        "Ties between them",
        ["path", "score", "tie", "from", "to", "stated as", "standing"],
        empty="no tie found within the search limits",
        note="Each path is a chain of hops; every hop cites the documents that state it. A merge of "
        "records into one entity (same-cluster) is shown once, in the first path through it.",
    )
    hops = []
    merges: set[tuple[str, str]] = set()
    for number, path in enumerate(paths, 1):
        for hop_row, hop in zip(common.hop_rows(path.hops, notes), path.hops, strict=True):
            if hop.kind == "same-cluster":
                # Every path from a cluster starts with the hop to the record it uses: said once.
                if (hop.source, hop.target) in merges:
                    continue
                merges.add((hop.source, hop.target))
            hops.append(hop)
            section.rows.append(
                Row(
                    {"path": number, "score": round(path.score, 3), **hop_row["cells"]},
                    hop_row["sources"],
                    hop_row["link"],
                )
            )
    records = {iri: {str(r) for r in relations.records_of(store, iri)} | {str(iri)} for iri in (a, b)}
    nodes, edges = common.graph_from_hops(hops, notes, records[a] | records[b])
    known = {n.id for n in nodes}
    for iri in (a, b):
        if not records[iri] & known:
            nodes.insert(0, common.GraphNode(str(iri), common.firm_name(store, iri), "subject"))
    report.graph_nodes, report.graph_edges = nodes, edges
    return section


def _shared(store: GraphStore, a: URIRef, b: URIRef, notes: Footnotes) -> Section:
    section = Section(
        "shared",
        "Shared designations (same list, same day)",
        ["list", "date", "stated as"],
        empty="no designation on the same list on the same day",
    )
    for hop in relations.shared_designations(store, a, b):
        text = hop.evidence[0].text if hop.evidence else ""
        section.rows.append(
            Row(
                {
                    "list": text.split(" on ")[1] if " on " in text else "",
                    "date": text.rsplit(" ", 1)[-1],
                    "stated as": text,
                },
                notes.cite(*(e.document for e in hop.evidence)),
            )
        )
    return section


def _said(store: GraphStore, speaker: URIRef, about: URIRef, notes: Footnotes, names: tuple[str, str]) -> list[Row]:
    speakers = {str(r) for r in relations.records_of(store, speaker)} | {str(speaker)}
    rows = []
    seen = set()
    for row in store.select(get_query("claims_about_firm").text, {"firm": about}):
        if row["speaker"] is None or str(row["speaker"]) not in speakers or row["claim"] in seen:
            continue
        seen.add(row["claim"])
        rows.append(
            Row(
                {
                    "who": names[0],
                    "about": names[1],
                    "date": common.text(row["statedOn"]),
                    "stance": common.local(row["stance"]) if row["stance"] else "",
                    "statement": common.text(row["quote"]),
                },
                notes.cite(row["document"]),
            )
        )
    return rows


def build(store: GraphStore, a: URIRef, b: URIRef, *, today: dt.date | None = None) -> Report:
    notes = Footnotes()
    name_a, name_b = common.firm_name(store, a), common.firm_name(store, b)
    report = Report(
        "pair",
        f"{name_a} and {name_b}: relationship report",
        {"iri": str(a), "name": name_a, "with": {"iri": str(b), "name": name_b}},
        today_iso(today),
    )
    ties = _ties(store, a, b, notes, report)
    said = Section(
        "said",
        "What each said about the other",
        ["who", "about", "date", "stance", "statement"],
        empty="neither is recorded saying anything about the other",
    )
    said.rows = _said(store, a, b, notes, (name_a, name_b)) + _said(store, b, a, notes, (name_b, name_a))
    status = Section(
        "status", "Listed or not, side by side", ["list", name_a, name_b, "as of"], empty="no list release is loaded"
    )
    timeline = Section(
        "timeline",
        "Timelines side by side",
        ["date", "firm", "action", "list", "record"],
        empty="no action of record on either",
    )
    by_list: dict[str, dict[str, object]] = {}
    for iri, name in ((a, name_a), (b, name_b)):
        actions = firm.firm_actions(store, iri)
        identity_section, records = firm.identity(store, iri, Footnotes())  # its footnotes are not shown
        for st in firm.firm_statuses(store, actions, firm.identity_names(identity_section), records):
            row = by_list.setdefault(
                st.list, {"list": st.name, name_a: "", name_b: "", "as of": st.as_of or st.dated, "_docs": []}
            )
            row[name] = st.word
            row["_docs"] += st.evidence or [st.release]
        section, _events = firm.timeline(store, actions, notes)
        for r in section.rows:
            timeline.rows.append(
                Row(
                    {
                        "date": r.cells["date"],
                        "firm": name,
                        "action": r.cells["action"],
                        "list": r.cells["list"],
                        "record": r.cells["record"],
                    },
                    r.sources,
                    r.link,
                )
            )
            report.timeline.append(
                TimelineEvent(
                    r.cells["date"][:10],
                    f"{r.cells['action']} ({r.cells['list']})",
                    r.cells["action"].lower(),
                    name,
                    r.sources,
                )
            )
    for row in sorted(by_list.values(), key=lambda r: str(r["list"])):
        docs = row.pop("_docs")
        status.rows.append(Row(row, notes.cite(*docs)))  # type: ignore[arg-type]
    timeline.rows.sort(key=lambda r: (str(r.cells["date"]), str(r.cells["firm"])))
    shared = _shared(store, a, b, notes)
    report.sections = [ties, shared, said, status, timeline]
    report.summary = [
        f"{len({r.cells['path'] for r in ties.rows})} tie path(s) found between {name_a} and {name_b}",
        f"{len(shared.rows)} shared designation(s); {len(said.rows)} statement(s) by one about the other",
    ]
    report.sources = common.sources(store, notes)
    return report
