"""Emit an Extraction as RDF through the load context: Mentions, Claims, ReportedActions, citations.

Everything an article says becomes a kg:Claim stated in the document; reported actions are
kg:ReportedAction nodes inside claims, never kg:Designation / kg:Delisting. IRIs are derived
from the document's sha256 and the character offsets (ID_POLICY rule 5).
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import PROV

from sanctiongraph.loaders.articles.model import (
    Agent,
    Citation,
    Extraction,
    Mention,
    ReportedActionFinding,
    StatementFinding,
    StatuteNode,
)
from sanctiongraph.loaders.base import LoadContext
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import derived_iri

NO_TARGET = "reported action names no firm known to the graph"
NO_SPEAKER = "statement by a speaker not known to the graph"
NO_SUBJECT = "statement about nothing known to the graph"


class ArticleEmitter:
    """Writes one article's findings into its graph, each finding as one record."""

    def __init__(self, ctx: LoadContext) -> None:
        self.ctx = ctx
        self.key = ctx.source.sha256[:16]
        self._persons: set[str] = set()
        self._minted: set[str] = set()

    def emit(self, extraction: Extraction) -> None:
        voice = extraction.official_voice
        if voice is not None and voice.entity:  # an agency's own document: its statements, not its record
            self.ctx.document_fact(KG.officialVoiceOf, URIRef(voice.entity))
        for mention in extraction.mentions:
            with self.ctx.record(f"mention {mention.span.start}-{mention.span.end}"):
                self.mention(mention)
        for citation in extraction.citations:
            self.citation(citation)
        action_iris = [self.action(action) for action in extraction.actions]
        for statement in extraction.statements:
            self.statement(statement, action_iris)

    def _iri(self, kind: str, start: int, end: int, *extra: object) -> URIRef:
        return derived_iri(kind, self.key, start, end, *extra)

    def mention(self, mention: Mention) -> None:
        ctx, node = self.ctx, self._iri("mention", mention.span.start, mention.span.end)
        ctx.add_type(node, KG.Mention)
        ctx.add(node, KG.statedIn, ctx.doc)
        ctx.add(node, KG.surfaceText, mention.span.text)
        ctx.add(node, KG.mentionType, mention.kind)
        ctx.add(node, KG.startOffset, mention.span.start)
        ctx.add(node, KG.endOffset, mention.span.end)
        for entity in mention.entities:
            ctx.add(node, KG.resolvedTo, URIRef(entity))
        if mention.resolved:
            ctx.add(node, KG.resolutionMethod, mention.method)
        if mention.kind == "person" and mention.entities:
            self._person(Agent(mention.label or mention.span.text, "person", mention.entities[0]))
        ctx.add(node, PROV.wasDerivedFrom, ctx.doc)

    def citation(self, citation: Citation) -> None:
        self.ctx.document_fact(KG.cites, URIRef(citation.statute))
        for node in citation.minted:
            self._statute_node(node)

    def _statute_node(self, node: StatuteNode) -> None:
        if node.iri in self._minted:
            return
        self._minted.add(node.iri)
        ctx, iri = self.ctx, URIRef(node.iri)
        ctx.add_type(iri, KG.Statute if node.kind == "Statute" else KG.StatuteSection)
        ctx.add(iri, KG.name, node.name)
        ctx.add(iri, KG.number, node.number)
        ctx.add(iri, KG.instrumentType, node.instrument_type)
        if node.part_of:
            ctx.add(iri, KG.partOf, URIRef(node.part_of))

    def action(self, action: ReportedActionFinding) -> URIRef | None:
        """The ReportedAction and the claim that reports it; None when no target is known."""
        span, key = action.span, action.list_iri or ""
        targets = [t.entity for t in action.targets if t.entity]
        if not targets:
            self.ctx.skip(NO_TARGET, f"{span.start}-{span.end} {span.text[:60]}")
            return None
        ctx = self.ctx
        with ctx.record(f"reported action {span.start}-{span.end}"):
            reported = self._iri("reported-action", span.start, span.end, action.kind, key)
            ctx.add_type(reported, KG.ReportedAction)
            ctx.add(reported, KG.actionKind, action.kind)
            for target in dict.fromkeys(targets):
                ctx.add(reported, KG.target, URIRef(target))
            ctx.add(reported, KG.imposedBy, _entity(action.agency))
            ctx.add(reported, KG.onList, URIRef(action.list_iri) if action.list_iri else None)
            ctx.add(reported, KG.legalBasis, URIRef(action.statute) if action.statute else None)
            ctx.add_date(reported, KG.actionDate, action.date)
            ctx.add(reported, PROV.wasDerivedFrom, ctx.doc)
            claim = self._claim(span.start, span.end, span.text, "reported-action", action.kind, key)
            ctx.add(claim, KG.stance, KG.announces if action.stance == "announces" else KG.reports)
            ctx.add(claim, KG.speaker, self._speaker(action.speaker))
            ctx.add(claim, KG.about, reported)
        return reported

    def statement(self, statement: StatementFinding, action_iris: list[URIRef | None]) -> None:
        span, speaker = statement.span, self._speaker(statement.speaker)
        about = [_about_iri(a, action_iris) for a in statement.about]
        about = [a for a in about if a is not None]
        if speaker is None or not about:
            self.ctx.skip(NO_SPEAKER if speaker is None else NO_SUBJECT, f"{span.start}-{span.end} {span.text[:60]}")
            return
        with self.ctx.record(f"statement {span.start}-{span.end}"):
            claim = self._claim(span.start, span.end, span.text, "statement")
            self.ctx.add(claim, KG.speaker, speaker)
            self.ctx.add(claim, KG.stance, KG[statement.stance])
            for subject in dict.fromkeys(about):
                self.ctx.add(claim, KG.about, subject)

    def _claim(self, start: int, end: int, quote: str, kind: str, *extra: object) -> URIRef:
        ctx, claim = self.ctx, self._iri("claim", start, end, kind, *extra)
        ctx.add_type(claim, KG.Claim)
        ctx.add(claim, KG.claimKind, kind)
        ctx.add(claim, KG.quote, quote)
        ctx.add(claim, KG.startOffset, start)
        ctx.add(claim, KG.endOffset, end)
        ctx.add(claim, KG.statedIn, ctx.doc)
        ctx.add_date(claim, KG.statedOn, ctx.source.published)
        ctx.add(claim, PROV.wasDerivedFrom, ctx.doc)
        return claim

    def _speaker(self, agent: Agent | None) -> URIRef | None:
        if agent is None or agent.entity is None:
            return None
        if agent.kind == "person":
            self._person(agent)
        return URIRef(agent.entity)

    def _person(self, agent: Agent) -> None:
        """A person the article names is minted in its graph (derived from name and document)."""
        if agent.entity is None or agent.entity in self._persons:
            return
        self._persons.add(agent.entity)
        person = URIRef(agent.entity)
        self.ctx.add_type(person, KG.Person)
        self.ctx.add(person, KG.name, agent.text)
        self.ctx.add(person, PROV.wasDerivedFrom, self.ctx.doc)


def _entity(agent: Agent | None) -> URIRef | None:
    return URIRef(agent.entity) if agent is not None and agent.entity else None


def _about_iri(reference: str, action_iris: list[URIRef | None]) -> URIRef | None:
    """An entity IRI, or '#/reported_actions/i' pointing at the i-th reported action."""
    prefix = "#/reported_actions/"
    if reference.startswith(prefix):
        index = int(reference.removeprefix(prefix))
        return action_iris[index] if index < len(action_iris) else None
    return URIRef(reference)
