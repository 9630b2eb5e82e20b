"""The report data structure every subject builds and every format renders.

One shape for firm, pair, list and article reports: a title, a few summary lines, sections of
table rows (each row citing footnotes), optional pictures (a relation graph and a timeline) and
the numbered sources. Markdown, HTML and JSON are three renderings of this one structure, so a
fact cannot appear in one format and be missing from another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import URIRef

SCHEMA_VERSION = "1.0"  # docs/report-schema.md; bump the major part on breaking changes


@dataclass
class Source:
    """One cited document, numbered in order of first citation."""

    number: int
    iri: str
    citation: str
    title: str | None = None
    published: str | None = None
    kind: str | None = None
    loader: str | None = None
    url: str | None = None


@dataclass
class Row:
    """One table row: cell values by column, and the footnote numbers of its sources."""

    cells: dict[str, Any]
    sources: list[int] = field(default_factory=list)
    link: str | None = None  # an entity IRI the row is about (the web pages link it)


@dataclass
class Section:
    """A titled table; `empty` says in words what no rows means."""

    id: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    note: str | None = None
    empty: str = "nothing found"


@dataclass
class GraphNode:
    id: str
    label: str
    kind: str = "firm"  # firm, subject, list, agency, person
    lists: list[str] = field(default_factory=list)


@dataclass
class GraphEdge:
    source: str
    target: str
    kind: str
    label: str
    directed: bool = True
    is_claim: bool = False
    sources: list[int] = field(default_factory=list)


@dataclass
class TimelineEvent:
    date: str  # ISO date (or the upper bound of a date range)
    label: str
    kind: str  # designation, delisting, amendment, statement, claim
    lane: str  # the row of the picture: the list, or the firm in a pair report
    sources: list[int] = field(default_factory=list)


@dataclass
class Report:
    """A report on one subject (kind: firm, pair, list, article)."""

    kind: str
    title: str
    subject: dict[str, Any]
    generated: str
    summary: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    graph_nodes: list[GraphNode] = field(default_factory=list)
    graph_edges: list[GraphEdge] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["schema"] = "https://w3id.org/sanctiongraph/report-schema/" + self.schema_version
        data["graph"] = {"nodes": data.pop("graph_nodes"), "edges": data.pop("graph_edges")}
        return data


class Footnotes:
    """Numbers source documents in order of first citation."""

    def __init__(self) -> None:
        self.order: list[URIRef] = []

    def cite(self, *docs: URIRef | str | None) -> list[int]:
        numbers = []
        for doc in docs:
            if doc is None:
                continue
            doc = URIRef(str(doc))
            if doc not in self.order:
                self.order.append(doc)
            number = self.order.index(doc) + 1
            if number not in numbers:
                numbers.append(number)
        return numbers


def today_iso(today: dt.date | None) -> str:
    return (today or dt.date.today()).isoformat()
