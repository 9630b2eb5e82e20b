"""The article report: what a document claims, each reported action with its verdict against
the record, and the statements it quotes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import URIRef

from sanctiongraph.analysis.claims import check_claims
from sanctiongraph.errors import NotFoundError
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.reports import common, firm
from sanctiongraph.reports.model import Footnotes, Report, Row, Section, today_iso

_STATEMENTS = (
    common.PREFIXES
    + """SELECT DISTINCT ?claim ?speaker ?speakerName ?stance ?quote ?statedOn ?start ?about ?aboutName WHERE {
  ?claim a kg:Claim ; kg:statedIn ?doc ; kg:claimKind "statement" .
  OPTIONAL { ?claim kg:speaker ?speaker OPTIONAL { ?speaker kg:name ?speakerName } }
  OPTIONAL { ?claim kg:stance ?stance } OPTIONAL { ?claim kg:quote ?quote } OPTIONAL { ?claim kg:statedOn ?statedOn }
  OPTIONAL { ?claim kg:startOffset ?start }
  OPTIONAL { ?claim kg:about ?about OPTIONAL { ?about kg:name ?aboutName } }
} ORDER BY ?start"""
)
_KNOWN = common.PREFIXES + "ASK { ?doc kg:sha256 ?sha }"


def document_of(store: GraphStore, given: str) -> URIRef:
    """The document IRI for a loaded file (by its sha256) or an IRI as given."""
    if "://" in given:
        doc = URIRef(given)
    else:
        from sanctiongraph.graph.ingest import sha256_of
        from sanctiongraph.ontology.ids import document_iri

        path = Path(given)
        if not path.exists():
            raise NotFoundError(f"{given}: no such file, and not an IRI")
        doc = document_iri(sha256_of([path]))
    if not store.ask(_KNOWN, {"doc": doc}):
        raise NotFoundError(f"{given}: this document is not loaded (load it with `sanctiongraph load article {given}`)")
    return doc


def build(store: GraphStore, document: URIRef, *, today: dt.date | None = None) -> Report:
    notes = Footnotes()
    notes.cite(document)
    info = common.sources(store, notes)[0]
    title = info.title or common.local(document)
    report = Report(
        "article",
        f"{title}: claims checked against the record",
        {"iri": str(document), "name": title, "published": info.published},
        today_iso(today),
    )
    checks = [c for c in check_claims(store) if str(c.document) == str(document)]
    claims = firm.claims(store, checks, notes, title="Reported actions and their verdicts")
    statements = Section(
        "statements",
        "Statements quoted",
        ["speaker", "about", "stance", "statement"],
        empty="no statements found in this document",
    )
    seen = set()
    for row in store.select(_STATEMENTS, {"doc": document}):
        if row["claim"] in seen:
            continue
        seen.add(row["claim"])
        statements.rows.append(
            Row(
                {
                    "speaker": common.text(row["speakerName"]) or "unattributed",
                    "about": common.text(row["aboutName"]),
                    "stance": common.local(row["stance"]) if row["stance"] else "",
                    "statement": common.text(row["quote"]),
                },
                [1],
                link=str(row["speaker"]) if row["speaker"] else None,
            )
        )
    verdicts: dict[str, int] = {}
    for check in checks:
        verdicts[str(check.verdict)] = verdicts.get(str(check.verdict), 0) + 1
    report.sections = [claims, statements]
    report.summary = [
        f"{len(checks)} reported action(s): " + (", ".join(f"{n} {v}" for v, n in sorted(verdicts.items())) or "none"),
        f"{len(statements.rows)} statement(s) quoted",
    ]
    report.sources = common.sources(store, notes)
    return report
