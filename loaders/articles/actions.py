"""Find reported sanctions actions in sentences: kind, targets, acting agency, list, statute, date.

A trigger verb ("placed ... on", "added ... to", "designated", "named ... among", "released
the names of", "removed from", "vacating the designation") makes a sentence a candidate.
Speculation ("is considering adding", "will also be added") is not an action and is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sanctiongraph.loaders.articles.model import Agent, Citation, Mention, ReportedActionFinding, Span
from sanctiongraph.loaders.articles.text import dates_in

_AMENDED_ENTRY = (
    r"\b(?:revis(?:ed|es|ing)|amend(?:ed|s|ing)|correct(?:ed|s|ing))\s+"
    r"(?:the\s+|an?\s+|one\s+)?(?:\w+\s+){0,2}(?:entry|entries|listing)\b"
)
# A correction notice amends entries already listed: "correcting amendments", "to correct three errors".
_CORRECTION = r"\bcorrect(?:ing|s|ed)?\s+(?:amendments?|(?:\w+\s+){0,2}errors?)\b"
_LISTED = r"\b(?:designat(?:ed|es|ing)|blacklist(?:ed|s|ing)|(?<!-)listed)\b"  # not "Hong Kong-listed"
_ADDED_TO_A_LIST = (
    r"\b(?:plac(?:ed|es|ing)|put(?:s|ting)?|add(?:ed|s|ing)?|nam(?:ed|es|ing)|"
    r"released\s+(?:the\s+names|an?\s+(?:updated\s+)?list))\b"
)
# Membership stated: "the Pentagon list includes X", "Also on the Pentagon list is X", "the order targets X".
_ON_A_LIST = (
    r"\b(?:list|order)\b[^.;]{0,30}?\b(?:includes|included|contains|contained|targets|names)\b"
    r"|\bon\s+the\s+[\w’'\s-]{0,40}?\blist\s+(?:is|are|was|were)\b"
)
_PASSIVE_ADDED = r"\b(?:was|were)\s+(?:added|released|placed|named|published)\b"
COURT_INJUNCTION = "court_injunction"  # the name our gold labels give it
# (kind, pattern, needs a list named in the sentence): "added" or "removed" alone is too common.
TRIGGERS: list[tuple[str, re.Pattern[str], bool]] = [
    ("indictment", re.compile(r"\b(?:indict(?:ed|s|ment)|criminal\s+charges|charged\s+with)\b", re.I), False),
    (
        COURT_INJUNCTION,
        re.compile(
            r"\b(?:enjoin(?:ed|ing|s)?|preliminar(?:y|ily)\s+(?:injunction|enjoin\w*)|injunction\s+is\s+granted)\b",
            re.I,
        ),
        False,
    ),
    (
        "executive-order",
        re.compile(
            r"\b(?:issued|signed|issues|signs)\s+(?:an?\s+|the\s+)?(?:new\s+)?executive\s+order\b|\bI\s+hereby\s+order\b",
            re.I,
        ),
        False,
    ),
    ("delisting", re.compile(r"\b(?:delist(?:ed|s|ing)?|vacat(?:ed|es|ing|e)\s+the\s+designation)\b", re.I), False),
    ("delisting", re.compile(r"\b(?:remov(?:ed|es|ing|e)|taken\s+off)\b", re.I), True),
    ("amendment", re.compile(_AMENDED_ENTRY, re.I), False),
    ("amendment", re.compile(_CORRECTION, re.I), True),
    ("designation", re.compile(_LISTED, re.I), False),
    ("designation", re.compile(_ADDED_TO_A_LIST, re.I), True),
    ("designation", re.compile(_ON_A_LIST, re.I), False),
    ("designation", re.compile(_PASSIVE_ADDED, re.I), True),
]
# Firms named as somebody's parent or affiliate are not the targets ("institutes affiliated with X").
_NOT_A_TARGET_BEFORE = re.compile(
    r"(?:affiliated\s+with|affiliates?\s+of|subsidiar(?:y|ies)\s+of|owned\s+by|units?\s+of|parent\s+of|"
    r"controlled\s+by|v\.)\s+(?:the\s+)?$",
    re.I,
)
# "38 Huawei affiliates": the firm's name qualifies the unnamed targets.
_NOT_A_TARGET_AFTER = re.compile(r"['’]?s?\s+(?:affiliates|subsidiaries|units|suppliers|entities|customers)\b")
_RELATIVE_CLAUSE = re.compile(r"(?:,\s*)?\b(?:which|who|whose)\b")
_COURT = re.compile(
    r"\b(?:(?:U\.S\.|US|[Ff]ederal)\s+)?(?:(?:District|Appeals|Circuit|Supreme)\s+)?[Cc]ourt\b"
    r"(?:\s+(?:for|of)\s+the\s+[A-Z][\w\s]{0,40}?(?=[,.;]|\s+(?:in|on|issued|granted|vacat)))?|\b[Jj]udge\b"
)
ACTOR_BY_KIND = {COURT_INJUNCTION: "court", "delisting": "court"}
_HEDGE = re.compile(
    r"\b(?:consider\w*|poised|plan(?:s|ning)?|mull\w*|may|might|could|would|will|reportedly|expected|to\s+be|"
    r"threaten\w*|if|not|never|seek\w*|sought|ask\w*|request\w*|urg\w+)\b[\w\s,]{0,25}$",
    re.I,
)
_BLACKLIST_WORD = re.compile(r"\bblacklist\b", re.I)
_SPEECH_BEFORE = re.compile(r"\s+(?:\w+\s+)?(?:announced|said|says|stated|confirmed)\b")
ACTOR_KINDS = ("agency", "government")
AgentOf = Callable[[Mention], Agent]


@dataclass
class SentenceContext:
    """What action finding needs to know about a sentence."""

    span: Span
    mentions: list[Mention]
    citations: list[Citation]
    speaker: Agent | None  # set when the sentence is inside an attributed quotation
    earlier_action: bool = False  # an earlier sentence reported an action: "adding DJI" needs no list named


def find_actions(
    text: str, context: SentenceContext, published: dt.date | None, agent_of: AgentOf
) -> list[ReportedActionFinding]:
    """Reported actions in one sentence (one per list when it names several lists)."""
    trigger = _trigger(text, context)
    if trigger is None:
        return []
    kind, match = trigger
    agency = _acting_agency(text, context, match.start(), agent_of)
    court = _COURT.search(text, context.span.start, context.span.end) if kind in ACTOR_BY_KIND else None
    if court is not None and (kind == COURT_INJUNCTION or court.start() < match.start()):
        # A court vacates or enjoins, not the agency it overrules; the reference data may know it.
        known = next(
            (
                m
                for m in context.mentions
                if m.kind in ACTOR_KINDS and m.span.start < court.end() and court.start() < m.span.end
            ),
            None,
        )
        agency = agent_of(known) if known else Agent(court.group(0), "court")
    speaker = context.speaker or _announcing_agency(text, context, match.start(), agent_of)
    statute = next((c.statute for c in context.citations), None)
    dates = dates_in(text, context.span.start, context.span.end, published)
    date_span, date = (dates[0][0].text, dates[0][1]) if dates else (None, None)
    actions = []
    for list_iri, firms in _targets_by_list(text, context, match.start(), agency):
        actions.append(
            ReportedActionFinding(
                span=context.span,
                kind=kind,
                trigger=match.group(0),
                targets=_distinct([agent_of(m) for m in firms]),
                agency=agency,
                list_iri=list_iri,
                statute=statute,
                date=date,
                date_text=date_span,
                speaker=speaker,
            )
        )
    return actions


def _trigger(text: str, context: SentenceContext) -> tuple[str, re.Match[str]] | None:
    has_list = any(m.kind == "list" for m in context.mentions) or _BLACKLIST_WORD.search(context.span.text)
    has_list = has_list or re.search(r"\blist\b", context.span.text, re.I)
    firms_at = {m.span.start for m in context.mentions if m.kind == "firm"}
    for kind, pattern, needs_list in TRIGGERS:
        for match in pattern.finditer(text, context.span.start, context.span.end):
            direct_object = context.earlier_action and any(match.end() < f <= match.end() + 2 for f in firms_at)
            if needs_list and not has_list and not direct_object:
                continue
            if _HEDGE.search(text, context.span.start, match.start()):
                continue
            return kind, match
    return None


def _acting_agency(text: str, context: SentenceContext, trigger_at: int, agent_of: AgentOf) -> Agent | None:
    before = [m for m in context.mentions if m.kind in ACTOR_KINDS and m.span.end <= trigger_at]
    if before:
        return agent_of(before[0])
    after = re.compile(r"\s+by\s+(?:the\s+)?$")
    for mention in context.mentions:
        if mention.kind in ACTOR_KINDS and after.search(text, context.span.start, mention.span.start):
            return agent_of(mention)
    return None


def _announcing_agency(text: str, context: SentenceContext, trigger_at: int, agent_of: AgentOf) -> Agent | None:
    for mention in context.mentions:
        if mention.kind in ACTOR_KINDS and mention.span.end <= trigger_at:
            verb = _SPEECH_BEFORE.match(text, mention.span.end)
            if verb and verb.end() <= trigger_at:
                return agent_of(mention)
    return None


def _targets_by_list(
    text: str, context: SentenceContext, trigger_at: int, agency: Agent | None
) -> list[tuple[str | None, list[Mention]]]:
    firms = [
        m for m in context.mentions
        if m.kind == "firm" and not _NOT_A_TARGET_BEFORE.search(text, context.span.start, m.span.start)
        and not _NOT_A_TARGET_AFTER.match(text, m.span.end)
    ]  # fmt: skip
    if firms:  # "X, which owns ... ZTE": a relative clause after the first target names no target
        clause = _RELATIVE_CLAUSE.search(text, max(firms[0].span.end, trigger_at), context.span.end)
        if clause is not None:
            firms = [f for f in firms if f.span.start < clause.start()]
    lists = [m for m in context.mentions if m.kind == "list" and m.span.start > trigger_at]
    if len(lists) <= 1:
        named = lists or [m for m in context.mentions if m.kind == "list"]
        return [(_list_iri(named[0]) if named else None, firms)]
    # "added A to the Entity List and B to the MEU List": each list takes the firms before it.
    groups = []
    start = trigger_at
    for mention in lists:
        groups.append((_list_iri(mention), [f for f in firms if start <= f.span.start < mention.span.start]))
        start = mention.span.end
    return groups


def _list_iri(mention: Mention) -> str | None:
    return mention.entities[0] if mention.entities else None


def _distinct(agents: list[Agent]) -> list[Agent]:
    """One target per entity ("Xiaomi Corporation ... Xiaomi"); unresolved ones by their text."""
    seen: set[str] = set()
    kept = []
    for agent in agents:
        key = agent.entity or agent.name or agent.text  # an acronym's name is its full name
        if key not in seen:
            seen.add(key)
            kept.append(agent)
    return kept
