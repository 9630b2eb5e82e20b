"""Queries and helpers several report subjects share: sources, record descriptions, list status."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
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


# where a firm is listed -----------------------------------------------------------------------

_RELEASES = (
    PREFIXES
    + """SELECT ?list ?listName ?doc ?issued WHERE { GRAPH ?m { ?doc kg:releaseOf ?list }
  OPTIONAL { ?doc dcterms:issued ?issued } OPTIONAL { ?list kg:name ?listName } }"""
)
_LISTS_IN = (
    PREFIXES
    + """SELECT DISTINCT ?list ?listName WHERE { ?a kg:onList ?list ; prov:wasDerivedFrom ?doc ; a kg:Designation .
    OPTIONAL { ?list kg:name ?listName } }"""
)
_LISTS_IN_CACHE: dict[tuple[int, int, str], dict[str, str]] = {}


@dataclass
class ListRelease:
    list: str
    name: str
    document: str | None
    issued: str | None  # None: the release was loaded without a date


def latest_releases(store: GraphStore) -> dict[str, ListRelease]:
    """Each list's latest loaded release (undated releases rank last and say so)."""
    found: dict[str, ListRelease] = {}
    for row in store.select(_RELEASES):
        candidate = ListRelease(
            str(row["list"]), text(row["listName"]) or local(row["list"]), str(row["doc"]), text(row["issued"]) or None
        )
        current = found.get(candidate.list)
        if current is None or (candidate.issued or "") > (current.issued or ""):
            found[candidate.list] = candidate
    return found


def lists_in(store: GraphStore, document: str) -> dict[str, str]:
    """The lists (and sub-lists) a release document designates on, by IRI, with names.

    Cached: a real release holds tens of thousands of designations and the answer is fixed.
    """
    # A document IRI is its content's sha256, so what it designates on never changes: no need to
    # key on the store's size (len() counts every quad, which costs seconds on the real lists).
    key = (id(store), 0, document)
    if key not in _LISTS_IN_CACHE:
        rows = store.select(_LISTS_IN, {"doc": URIRef(document)})
        _LISTS_IN_CACHE[key] = {str(r["list"]): text(r["listName"]) or local(r["list"]) for r in rows}
    return _LISTS_IN_CACHE[key]


@dataclass
class ListStatus:
    list: str
    name: str
    listed: bool
    as_of: str | None  # the release date (None: undated release, or event-based without release)
    release: str | None  # the release document
    evidence: list[str]  # documents of the designations that make it listed
    note: str = ""


def list_status(store: GraphStore, actions: list[dict[str, Any]]) -> list[ListStatus]:
    """Where the firm is and is NOT listed as of each list's latest loaded release.

    Listed on L as of release D: a designation on L derived from D, not undone by a delisting on
    L dated after it and on or before D's date (event-based lists such as the DoD ones carry both
    in one document). Every list D designates on is reported, so sub-lists (NS-CMIC in the OFAC
    consolidated release) get their own line.
    """
    designations = defaultdict(list)
    delistings = defaultdict(list)
    for row in actions:
        if row.get("list") is None:
            continue
        kind = local(row["kind"])
        if kind == "Designation":
            designations[str(row["list"])].append(row)
        elif kind == "Delisting":
            delistings[str(row["list"])].append(row)
    statuses: dict[str, ListStatus] = {}
    for release in sorted(latest_releases(store).values(), key=lambda r: r.name):
        covered = {release.list: release.name, **lists_in(store, release.document)}
        for list_iri, name in covered.items():
            hits = [
                d
                for d in designations.get(list_iri, [])
                if str(d.get("document")) == release.document and not _undone(d, delistings.get(list_iri, []), release)
            ]
            note = "" if release.issued else "this release was loaded without a date"
            statuses[list_iri] = ListStatus(
                list_iri,
                name,
                bool(hits),
                release.issued,
                release.document,
                sorted({str(d["document"]) for d in hits}),
                note,
            )
    for list_iri, rows in designations.items():  # lists with actions but no loaded release
        if list_iri in statuses:
            continue
        live = [d for d in rows if not _undone(d, delistings.get(list_iri, []), None)]
        statuses[list_iri] = ListStatus(
            list_iri,
            text(rows[0].get("listName")) or local(list_iri),
            bool(live),
            None,
            None,
            sorted({str(d["document"]) for d in rows if d.get("document")}),
            "no release of this list is loaded",
        )
    return sorted(statuses.values(), key=lambda s: (not s.listed, s.name))


def _undone(designation: dict[str, Any], delistings: list[dict[str, Any]], release: ListRelease | None) -> bool:
    start = str(designation.get("date") or "")
    for delisting in delistings:
        day = str(delisting.get("date") or delisting.get("notAfter") or "")
        if day and day >= start and (release is None or not release.issued or day <= release.issued):
            return True
    return False


def graph_from_hops(
    hops: Iterable[Any], notes: Footnotes, subjects: Iterable[str]
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """Nodes and edges of the relation picture, subjects first."""
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []
    for hop in hops:
        for iri, name in ((hop.source, hop.source_name), (hop.target, hop.target_name)):
            nodes.setdefault(iri, GraphNode(iri, name or local(iri), "firm"))
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
