"""Queries and helpers several report subjects share: sources, record descriptions, list status."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from sanctiongraph.analysis.labels import documents
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.reports.model import Footnotes, GraphEdge, GraphNode, Source
from sanctiongraph.reports.relations import RECORDS

PREFIXES = """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        return str(value)
    return str(value)


def sources(store: GraphStore, notes: Footnotes) -> list[Source]:
    """The numbered source list, with each document's provenance."""
    infos = documents(store, notes.order)
    found = []
    for number, doc in enumerate(notes.order, 1):
        info = infos.get(doc)
        if info is None:
            found.append(Source(number, str(doc), str(doc)))
            continue
        found.append(
            Source(
                number,
                str(doc),
                info.citation(),
                title=info.title or (", ".join(info.paths) or None),
                published=info.issued,
                kind=info.kind,
                loader=info.loader,
                url=info.url,
            )
        )
    return found


@dataclass
class RecordInfo:
    """How a report tells one record apart from its siblings: name, address, country, ids."""

    iri: str
    name: str = ""
    address: str = ""
    country: str = ""

    def describe(self, authority_id: str | None = None) -> str:
        parts = [self.name or local(self.iri)]
        if self.address:
            parts.append(self.address)
        elif self.country:
            parts.append(self.country)
        parts.append(f"record {authority_id}" if authority_id else f"record {local(self.iri)[:24]}")
        return "; ".join(parts)


_RECORD_INFO = (
    PREFIXES
    + """SELECT ?record (SAMPLE(?n) AS ?name) (SAMPLE(?a) AS ?address) (SAMPLE(?cn) AS ?country) WHERE {
  VALUES ?record { %s }
  OPTIONAL { ?record kg:name ?n }
  OPTIONAL { ?record kg:address ?a }
  OPTIONAL { ?record kg:country ?c . OPTIONAL { ?c kg:name ?cname } BIND(COALESCE(?cname, STR(?c)) AS ?cn) }
} GROUP BY ?record"""
)


def record_infos(store: GraphStore, records: Iterable[URIRef]) -> dict[str, RecordInfo]:
    wanted = sorted({str(r) for r in records})
    if not wanted:
        return {}
    rows = store.select(_RECORD_INFO % " ".join(f"<{r}>" for r in wanted))
    found = {}
    for row in rows:
        address = text(row["address"])
        if address and not isinstance(row["address"], Literal):  # an address node: describe it
            address = ""
        found[str(row["record"])] = RecordInfo(
            str(row["record"]), text(row["name"]), address, local(text(row["country"])) if row["country"] else ""
        )
    return found


def firm_name(store: GraphStore, firm: URIRef) -> str:
    rows = store.select(
        PREFIXES + "SELECT ?name WHERE { " + RECORDS + " ?record kg:name ?name } ORDER BY ?name LIMIT 1",
        {"firm": firm},
    )
    direct = store.select(PREFIXES + "SELECT ?name WHERE { ?firm kg:name ?name } LIMIT 1", {"firm": firm})
    for found in (direct, rows):
        if found:
            return str(found[0]["name"])
    return local(firm)


def when(row: dict[str, Any]) -> str:
    if row.get("date") is not None:
        return str(row["date"])
    if row.get("notBefore") is not None or row.get("notAfter") is not None:
        return f"between {row.get('notBefore') or '?'} and {row.get('notAfter') or '?'}"
    return "date unknown"


def sort_day(row: dict[str, Any]) -> str:
    for key in ("date", "notAfter", "notBefore", "issued"):
        if row.get(key) is not None:
            return str(row[key])
    return "9999"


def graph_from_hops(
    hops: Iterable[Any], notes: Footnotes, subjects: Iterable[str]
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """Nodes and edges of the relation picture, subjects first."""
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []
    drawn: set[tuple[str, str, str, bool]] = set()
    for hop in hops:
        for iri, name in ((hop.source, hop.source_name), (hop.target, hop.target_name)):
            nodes.setdefault(iri, GraphNode(iri, name or local(iri), "firm"))
        if (hop.source, hop.target, hop.kind, hop.is_claim) in drawn:  # a hop several paths share: one line
            continue
        drawn.add((hop.source, hop.target, hop.kind, hop.is_claim))
        edges.append(
            GraphEdge(
                hop.source,
                hop.target,
                hop.kind,
                _hop_text(hop),
                hop.directed,
                hop.is_claim,
                notes.cite(*(e.document for e in hop.evidence)),
            )
        )
    for subject in subjects:
        if subject in nodes:
            nodes[subject].kind = "subject"
    ordered = sorted(nodes.values(), key=lambda n: (n.kind != "subject", n.label))
    return ordered, edges


def _hop_text(hop: Any) -> str:
    texts = [e.text for e in hop.evidence if e.text]
    return texts[0][:120] if texts else hop.kind


def hop_rows(hops: Iterable[Any], notes: Footnotes) -> list[dict[str, Any]]:
    """Table rows for hops: kind, from, to, what the source says, claim or record."""
    rows = []
    for hop in hops:
        rows.append(
            {
                "cells": {
                    "tie": hop.kind,
                    "from": hop.source_name,
                    "to": hop.target_name,
                    "stated as": _hop_text(hop),
                    "standing": "claim" if hop.is_claim else "record",
                },
                "sources": notes.cite(*(e.document for e in hop.evidence)),
                "link": hop.target,
            }
        )
    return rows


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def labels_of(store: GraphStore, iris: Iterable[object]) -> dict[str, str]:
    from sanctiongraph.analysis.labels import labels

    wanted = [URIRef(part) for i in iris for part in str(i).split() if "://" in part]
    return {str(k): v for k, v in labels(store, wanted).items()}


def named(names: dict[str, str], value: object) -> str:
    """Each IRI in a (space-separated) value by its name."""
    return " / ".join(names.get(part, local(part)) for part in text(value).split())


_RECORDS_PATTERN = re.compile(
    r"\{\s*\?firm kg:member \?record\s*\}\s*UNION\s*\{\s*\?firm kg:canonical/kg:member \?record\s*\}\s*UNION\s*"
    r"\{\s*BIND\(\?firm AS \?record\)\s*FILTER NOT EXISTS\s*\{\s*\?firm a kg:Cluster\s*\}\s*\}"
)


def select_for_records(store: GraphStore, query: str, firm: URIRef) -> list[dict[str, Any]]:
    """Run a named query about a firm with its records given as VALUES.

    The named queries find a firm's records with a UNION that oxigraph may evaluate after
    joining every name or action in the store; giving the few records up front keeps a report
    on the real lists fast. Queries without that pattern run as they are.
    """
    from sanctiongraph.reports.relations import records_of

    if not _RECORDS_PATTERN.search(query):
        return store.select(query, {"firm": firm})
    records = " ".join(f"<{r}>" for r in records_of(store, firm)) or f"<{firm}>"
    text = _RECORDS_PATTERN.sub(lambda _m: f"VALUES ?record {{ {records} }}", query, count=1)
    if re.search(r"[?$]firm\b", text):
        return store.select(text, {"firm": firm})
    return store.select(text)
