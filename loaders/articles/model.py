"""What extraction finds in an article: mentions, statute citations, reported actions, statements.

Plain dataclasses with offsets into the article body (the text after the header lines), so
the extraction can be printed as JSON (docs/extraction-schema.md) or emitted as RDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 2


@dataclass(frozen=True)
class Span:
    """A stretch of the body text: [start, end) in Unicode code points."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A name found in the text, resolved to entities of the graph or left unresolved."""

    span: Span
    kind: str  # firm, agency, government, list, statute, person
    entities: tuple[str, ...] = ()
    label: str | None = None
    method: str | None = None  # exact name, alias, acronym, previous name, short form, vocabulary

    @property
    def resolved(self) -> bool:
        return bool(self.entities)


@dataclass(frozen=True)
class Rejected:
    """A name of the graph found in the text but not counted (gazetteer hygiene), with the reason."""

    span: Span
    kind: str
    entity: str
    label: str
    reason: str


@dataclass(frozen=True)
class StatuteNode:
    """A legal instrument the article cites that the reference data lacks: minted in the article graph."""

    iri: str
    kind: str  # Statute or StatuteSection
    name: str
    number: str | None = None
    part_of: str | None = None
    instrument_type: str | None = None


@dataclass(frozen=True)
class Citation:
    """A statute citation and the instrument (or section) it points to."""

    span: Span
    statute: str
    known: bool
    minted: tuple[StatuteNode, ...] = ()
    name: str | None = None  # the instrument's name (reference data or minted node)
    acronyms: tuple[str, ...] = ()  # its acronyms (reference data, or the text's bracketed one)


@dataclass
class Agent:
    """Who acts or speaks, as the text names them; entity is None when unresolved."""

    text: str
    kind: str
    entity: str | None = None
    name: str | None = None  # the entity's name in the graph, or the fuller name the text gave earlier
    label: str | None = None  # the longest way this text names the same entity


@dataclass
class ReportedActionFinding:
    """A sanctions action the text reports, inside the sentence that reports it."""

    span: Span
    kind: str  # designation, delisting, amendment
    trigger: str
    targets: list[Agent] = field(default_factory=list)
    targets_from_lead: bool = False
    agency: Agent | None = None
    list_iri: str | None = None
    statute: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    speaker: Agent | None = None

    @property
    def stance(self) -> str:
        return "announces" if self.speaker is not None and self.speaker.kind == "agency" else "reports"


@dataclass
class StatementFinding:
    """Somebody's words (quoted or reported) with the stance they take."""

    span: Span
    speaker: Agent
    stance: str  # denies, asserts, accuses, announces, opposes, callsFor
    about: list[str] = field(default_factory=list)
    quoted: bool = True


@dataclass
class Extraction:
    """Everything found in one article body."""

    text: str
    published: dt.date | None
    metadata: dict[str, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    actions: list[ReportedActionFinding] = field(default_factory=list)
    statements: list[StatementFinding] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    official_voice: Agent | None = None  # the agency whose own document this is (publisher line)

    def as_json(self, *, explain: bool = False) -> dict[str, Any]:
        """The documented JSON form (docs/extraction-schema.md), schema_version 2."""
        return {
            "schema_version": SCHEMA_VERSION,
            "document": {
                **{k: self.metadata.get(k) for k in ("path", "sha256", "url", "publisher", "title")},
                "published": _iso(self.published),
                "header": {k.removeprefix("header:"): v for k, v in self.metadata.items() if k.startswith("header:")},
                "text_length": len(self.text),
                "official_voice": _agent_json(self.official_voice),
            },
            "mentions": [_mention_json(m) for m in self.mentions],
            "statutes": [_citation_json(c) for c in self.citations],
            "reported_actions": [_action_json(a) for a in self.actions],
            "statements": [_statement_json(s) for s in self.statements],
        } | ({"rejected": [_rejected_json(r) for r in self.rejected]} if explain else {})


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _span_json(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def _agent_json(agent: Agent | None) -> dict[str, Any] | None:
    if agent is None:
        return None
    return {
        "text": agent.text,
        "type": agent.kind,
        "entity": agent.entity,
        "name": agent.name or agent.text,
        "label": agent.label or agent.text,
    }


def _mention_json(mention: Mention) -> dict[str, Any]:
    return {
        **_span_json(mention.span),
        "type": mention.kind,
        "entities": list(mention.entities),
        "label": mention.label,
        "method": mention.method,
    }


def _rejected_json(rejected: Rejected) -> dict[str, Any]:
    return {
        **_span_json(rejected.span),
        "type": rejected.kind,
        "entity": rejected.entity,
        "label": rejected.label,
        "reason": rejected.reason,
    }


def _citation_json(citation: Citation) -> dict[str, Any]:
    return {
        **_span_json(citation.span),
        "statute": citation.statute,
        "known": citation.known,
        "name": citation.name,
        "acronyms": list(citation.acronyms),
    }


def _action_json(action: ReportedActionFinding) -> dict[str, Any]:
    return {
        **_span_json(action.span),
        "kind": action.kind,
        "trigger": action.trigger,
        "targets": [_agent_json(t) for t in action.targets],
        "targets_from_lead": action.targets_from_lead,
        "agency": _agent_json(action.agency),
        "list": action.list_iri,
        "statute": action.statute,
        "date": _iso(action.date),
        "date_text": action.date_text,
        "stance": action.stance,
        "speaker": _agent_json(action.speaker),
    }


def _statement_json(statement: StatementFinding) -> dict[str, Any]:
    return {
        **_span_json(statement.span),
        "speaker": _agent_json(statement.speaker),
        "stance": statement.stance,
        "about": statement.about,
        "quoted": statement.quoted,
    }
