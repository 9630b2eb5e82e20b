"""The relationship report of a firm: identity, actions of record, statements, claims check,
every fact footnoted with the source document it comes from."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from sanctiongraph.analysis.claims import ClaimCheck, check_claims
from sanctiongraph.analysis.labels import DocumentInfo, documents, labels
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.queries import get_query

KG = "https://w3id.org/sanctiongraph/ontology#"
_IDENTITY_ORDER = (
    "name", "alias", "acronym", "previousName", "weakAlias", "country", "jurisdiction", "address",
    "registrationNumber", "leiCode", "isin", "ticker", "taxNumber", "imoNumber", "idNumber",
    "website", "parentCompany", "sector", "ftmId", "wikidataId",
)  # fmt: skip


@dataclass
class Footnotes:
    """Numbers source documents in order of first citation."""

    order: list[URIRef] = field(default_factory=list)

    def cite(self, *docs: URIRef | None) -> str:
        marks = []
        for doc in docs:
            if doc is None:
                continue
            if doc not in self.order:
                self.order.append(doc)
            marks.append(f"[^{self.order.index(doc) + 1}]")
        return "".join(dict.fromkeys(marks)) or "(no source)"


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def _value(value: object, names: dict[URIRef, str]) -> str:
    if isinstance(value, URIRef):
        return names.get(value, str(value))
    if isinstance(value, Literal):
        return str(value)
    return "" if value is None else str(value)


def identity_section(store: GraphStore, firm: URIRef, notes: Footnotes) -> tuple[str, list[str]]:
    query = get_query("firm_profile")
    rows = store.select(query.text, {"firm": firm})
    names = labels(store, [r["value"] for r in rows if isinstance(r["value"], URIRef)])
    values: dict[str, dict[str, list[URIRef]]] = defaultdict(lambda: defaultdict(list))
    records: set[str] = set()
    for row in rows:
        records.add(str(row["record"]))
        values[_local(row["property"])][_value(row["value"], names)].append(row["document"])
    primary = next(iter(values.get("name", {})), _local(firm))
    lines = ["## Identity", "", "| field | value | sources |", "|---|---|---|"]
    for prop in _IDENTITY_ORDER:
        for text, docs in sorted(values.get(prop, {}).items()):
            lines.append(f"| {prop} | {_cell(text)} | {notes.cite(*docs)} |")
    lines += ["", f"Records in this entity: {len(records)}"]
    lines += [f"- <{r}>" for r in sorted(records)]
    return primary, lines


def timeline_section(store: GraphStore, firm: URIRef, notes: Footnotes) -> list[str]:
    query = get_query("actions_by_firm")
    rows = store.select(query.text, {"firm": firm})
    lines = [
        "## Timeline of actions of record",
        "",
        "| date | action | agency | list | legal basis | note | sources |",
        "|---|---|---|---|---|---|---|",
    ]
    seen: dict[URIRef, dict] = {}
    for row in rows:
        entry = seen.setdefault(row["action"], {"row": row, "docs": [], "agency": {}, "list": {}, "basis": {}})
        entry["docs"].append(row["document"])
        for key in ("agency", "list", "basis"):
            if row[key] is not None:  # an action may sit on a list and its sub-list, cite two bases
                entry[key][row[key]] = row[f"{key}Name"] or _value(row[key], {})
    for entry in sorted(seen.values(), key=lambda e: _when(e["row"])):
        row = entry["row"]
        lines.append(
            "| {} | {} | {} | {} | {} | {} | {} |".format(
                _cell(_when(row)),
                _local(row["kind"]),
                _cell(" / ".join(sorted(entry["agency"].values()))),
                _cell(" / ".join(sorted(entry["list"].values()))),
                _cell(" / ".join(sorted(entry["basis"].values()))),
                _cell(row["reason"] or ""),
                notes.cite(*entry["docs"]),
            )
        )
    if not seen:
        lines.append("| | no action of record | | | | | |")
    return lines


def _when(row: dict) -> str:
    if row.get("date") is not None:
        return str(row["date"])
    if row.get("notBefore") is not None or row.get("notAfter") is not None:
        return f"between {row.get('notBefore') or '?'} and {row.get('notAfter') or '?'}"
    return "date unknown"


def statements_section(store: GraphStore, firm: URIRef, notes: Footnotes) -> list[str]:
    query = get_query("claims_about_firm")
    rows = [r for r in store.select(query.text, {"firm": firm}) if str(r["claimKind"]) == "statement"]
    lines = [
        "## Statements (claims made in documents, not official record)",
        "",
        "| date | speaker | stance | statement | sources |",
        "|---|---|---|---|---|",
    ]
    seen = set()
    for row in rows:
        if row["claim"] in seen:
            continue
        seen.add(row["claim"])
        lines.append(
            "| {} | {} | {} | “{}” | {} |".format(
                _cell(row["statedOn"] or ""),
                _cell(row["speakerName"] or _value(row["speaker"], {}) or "unattributed"),
                _local(row["stance"]) if row["stance"] else "",
                _cell(row["quote"] or ""),
                notes.cite(row["document"]),
            )
        )
    if not seen:
        lines.append("| | | | no statements found | |")
    return lines


def claims_section(store: GraphStore, checks: list[ClaimCheck], notes: Footnotes) -> list[str]:
    lines = [
        "## Claims checked against the record",
        "",
        "| the text says | verdict | why | record compared | sources |",
        "|---|---|---|---|---|",
    ]
    for check in checks:
        record = check.record
        compared = ""
        if record is not None:
            names = labels(store, [record.agency, record.list, record.basis])
            compared = ", ".join(
                x for x in (
                    names.get(record.agency) if record.agency else None,
                    names.get(record.list) if record.list else None,
                    names.get(record.basis) if record.basis else None,
                    record.date.isoformat() if record.date else None,
                ) if x
            )  # fmt: skip
            compared += " " + notes.cite(record.document)
        lines.append(
            "| “{}” | **{}** | {} | {} | {} |".format(
                _cell(check.quote[:300]),
                check.verdict,
                _cell("; ".join(check.reasons)),
                _cell(compared),
                notes.cite(check.document),
            )
        )
    if not checks:
        lines.append("| no reported actions about this firm | | | | |")
    return lines


def sources_section(store: GraphStore, notes: Footnotes) -> list[str]:
    infos: dict[URIRef, DocumentInfo] = documents(store, notes.order)
    lines = ["## Sources", ""]
    for n, doc in enumerate(notes.order, 1):
        info = infos.get(doc)
        lines.append(f"[^{n}]: {info.citation() if info else doc} — <{doc}>")
    return lines


def firm_report(store: GraphStore, firm: URIRef, *, today: dt.date | None = None) -> str:
    """The Markdown report for one firm (or cluster)."""
    notes = Footnotes()
    primary, identity = identity_section(store, firm, notes)
    timeline = timeline_section(store, firm, notes)
    statements = statements_section(store, firm, notes)
    claims = claims_section(store, check_claims(store, target=firm), notes)
    header = [
        f"# {primary}: relationship report",
        "",
        f"Entity <{firm}>. Generated {(today or dt.date.today()).isoformat()} by sanctiongraph. "
        "Actions of record come only from official documents; statements and reported actions are "
        "claims made in the cited documents.",
        "",
    ]
    body = [*identity, "", *timeline, "", *statements, "", *claims, "", *sources_section(store, notes)]
    return "\n".join(header + body) + "\n"
