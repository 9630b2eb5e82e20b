"""The firm report as Markdown: a thin twin of sanctiongraph.reports kept for the library API."""

from __future__ import annotations

import datetime as dt

from rdflib import URIRef

from sanctiongraph.graph.store import GraphStore


def firm_report(store: GraphStore, firm: URIRef, *, today: dt.date | None = None) -> str:
    """The Markdown report for one firm (or cluster)."""
    from sanctiongraph.reports import firm as firm_subject
    from sanctiongraph.reports import markdown

    return markdown.render(firm_subject.build(store, firm, today=today))
