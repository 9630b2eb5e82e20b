"""Extract what an article says: the one entry point, from body text to an Extraction.

Order matters: names and citations first, then who speaks in each quotation, then the
actions each sentence reports (a sentence naming no firm takes the firms of the lead
action), then statements with their stance and what they are about.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Container
from functools import cache

from sanctiongraph.graph.names import NameIndex
from sanctiongraph.loaders.articles.actions import SentenceContext, find_actions
from sanctiongraph.loaders.articles.firms import firms_from_text
from sanctiongraph.loaders.articles.lookup import ArticleNames, article_names
from sanctiongraph.loaders.articles.mentions import AMBIGUOUS, CHINESE_MILITARY_COMPANIES
from sanctiongraph.loaders.articles.model import (
    Agent,
    Citation,
    Extraction,
    Mention,
    ReportedActionFinding,
    Span,
    StatementFinding,
)
from sanctiongraph.loaders.articles.statements import (
    Quotation,
    agent_of,
    attribute_quotations,
    find_persons,
    reported_speech,
    stance_of,
)
from sanctiongraph.loaders.articles.statutes import find_citations, named_acts, statute_iri
from sanctiongraph.loaders.articles.text import dateline, headline_lines, paragraphs, quotations, sentences
from sanctiongraph.loaders.articles.voice import voice_statements
from sanctiongraph.ontology.ids import derived_iri, reference_iri
from sanctiongraph.resolution.matcher import NameMatcher

# EO 14032 replaced the Section 1237 mechanism and DoD's first Section 1260H list came out the
# same day: "Chinese military companies" before then means the 1237 list.
FIRST_1260H_LIST = dt.date(2021, 6, 3)
SECTION_1260H = {statute_iri("pl/116/283/s1260h"), statute_iri("pl/116/283")}
SECTION_1237 = {statute_iri("pl/105/261/s1237"), statute_iri("pl/105/261")}


@cache
def reference_names() -> NameIndex:
    """Names in the packaged reference data alone (when no store is at hand)."""
    from sanctiongraph.graph.ingest import ensure_reference
    from sanctiongraph.graph.store import GraphStore

    store = GraphStore(None)
    ensure_reference(store)
    return NameIndex.from_store(store)


def extract(
    body: str,
    *,
    names: NameIndex | ArticleNames | None,
    published: dt.date | None = None,
    doc_key: str = "text",
    metadata: dict[str, str] | None = None,
) -> Extraction:
    """Everything the article body says that we can read; doc_key scopes minted person IRIs."""
    names = article_names(names if names is not None else reference_names())
    found, rejected = names.gazetteer(body).find_explained(body)
    citations = _citations(body, found, names)
    mentions = [m for m in found if m.kind != "statute"]
    mentions = _resolve_placeholders(mentions, citations, published)
    mentions += [_citation_mention(c) for c in citations]
    mentions = _firms_by_context(body, mentions, names)
    mentions += find_persons(body, mentions)
    mentions.sort(key=lambda m: (m.span.start, m.span.end))
    person_iri = {
        m.label: str(derived_iri("person", f"article-{doc_key}", m.label))
        for m in mentions
        if m.kind == "person" and m.label and not m.entities  # people the graph does not know yet
    }
    mentions = [_with_person_iri(m, person_iri) for m in mentions]
    sentence_spans = sentences(body)
    publisher_lines = headline_lines(body)
    reported = reported_speech(body, sentence_spans, mentions, publisher_lines)
    quotes = attribute_quotations(body, quotations(body), sentence_spans, mentions, reported)
    actions = _actions(body, sentence_spans, mentions, citations, quotes, dateline(body, published) or published)
    actions = _without_headline_repeats(actions, publisher_lines)
    statements = _statements(body, mentions, quotes, reported, actions)
    statements = [s for s in statements if not any(h.start <= s.span.start < h.end for h in publisher_lines)]
    statements = sorted(statements + voice_statements(body, mentions), key=lambda s: s.span.start)
    _name_agents(actions, statements, names, mentions)
    extraction = Extraction(body, published, dict(metadata or {}), mentions, citations, actions, statements)
    extraction.rejected = rejected
    extraction.official_voice = official_voice((metadata or {}).get("publisher"), names)
    if extraction.official_voice is not None:
        _official_actions(actions, mentions, extraction.official_voice)
    return extraction


def _official_actions(actions: list[ReportedActionFinding], mentions: list[Mention], voice: Agent) -> None:
    """The agency's own document announces what it reports; the actions it takes itself ("we
    designated Huawei", "BIS publishes these amendments to correct", "That final rule amended ...")
    are its own even where no agency stands before the verb."""
    previous: ReportedActionFinding | None = None
    for action in actions:
        action.speaker = action.speaker or voice
        named = any(m.entities[:1] == (voice.entity,) and _inside(m.span, action.span) for m in mentions)
        follows = previous is not None and previous.agency == voice and _refers_back(action.span.text)
        if action.agency is None and (_first_person(action) or named or follows):
            action.agency = voice
        previous = action


_WE_BEFORE = re.compile(r"\b(?:[Ww]e|[Oo]ur\s+\w+)\s+(?:\w+\s+){0,2}$")


def _first_person(action: ReportedActionFinding) -> bool:
    """The sentence's own subject ("we", "our Bureau") performs the trigger verb."""
    at = action.span.text.find(action.trigger)
    return at > 0 and _WE_BEFORE.search(action.span.text, 0, at) is not None


def official_voice(publisher: str | None, names: NameIndex | ArticleNames) -> Agent | None:
    """The agency a publisher line names ("U.S. Department of Commerce, Bureau of Industry and
    Security"): the most specific one, i.e. the last named. News publishers name none."""
    if not publisher:
        return None
    found = [m for m in article_names(names).gazetteer(publisher).find(publisher) if m.kind == "agency" and m.resolved]
    return agent_of(found[-1]) if found else None


def _firms_by_context(body: str, mentions: list[Mention], names: ArticleNames) -> list[Mention]:
    """Add the firm names found by their context, resolved through the entity resolver. A longer
    name ("Huawei Marine Networks Co") replaces a short form found inside it ("Huawei"), which
    would otherwise give the parent's identity to the subsidiary."""
    shorts = [m for m in mentions if m.method == "short form"]
    others = [m for m in mentions if m.method != "short form"]
    candidates = firms_from_text(body, others)
    items = [c.span for c in candidates if c.method == "list item"]
    others = [m for m in others if not any(_overlap(m.span, i) and _inside(m.span, i) for i in items)]
    shorts = [m for m in shorts if not any(_overlap(m.span, i) for i in items)]
    longer = [c for c in candidates if any(_inside(s.span, c.span) and s.span != c.span for s in shorts)]
    plain = [c for c in candidates if not any(_overlap(s.span, c.span) for s in shorts)]
    kept = [s for s in shorts if not any(_inside(s.span, c.span) for c in longer)]
    return others + kept + _shared_identity(resolve_firms(longer + plain, names))


def _shared_identity(mentions: list[Mention]) -> list[Mention]:
    """A bracketed acronym or a later bare use names the entity its first, full name resolved to;
    a bare distinctive word of a fuller name found in the text ("DJI" in "SZ DJI Technology Co")
    takes that fuller name as its label."""
    by_label = {m.label: m for m in mentions if m.resolved and m.label}
    fuller = sorted({m.label for m in mentions if m.label and " " in m.label}, key=len, reverse=True)
    out = []
    for mention in mentions:
        first = by_label.get(mention.label) if not mention.resolved and mention.label else None
        if first is not None:
            mention = Mention(mention.span, "firm", first.entities, first.label, mention.method)
        elif not mention.resolved and mention.label and " " not in mention.label:
            word = re.compile(rf"(?<![\w-]){re.escape(mention.label)}(?![\w-])")
            full = next((f for f in fuller if word.search(f)), None)
            if full is not None:
                mention = Mention(mention.span, "firm", (), full, mention.method)
        out.append(mention)
    return out


def _name_agents(
    actions: list[ReportedActionFinding],
    statements: list[StatementFinding],
    names: ArticleNames,
    mentions: list[Mention],
) -> None:
    """Every agent with an entity carries that entity's name in the graph, and every firm agent the
    longest way this text names it: the same entity, or a fuller name holding its one word
    ("DJI" in "SZ DJI Technology Co", though two lists may resolve them apart)."""
    facts = name_facts(names)
    for agent in _agents(actions, statements):
        name = facts.canonical(agent.entity) if agent.entity else None
        if name is not None:
            agent.name = name
    fullest: dict[str, str] = {}  # the longest way the text itself names each entity
    for agent in _agents(actions, statements):
        if agent.entity and len(agent.text) > len(fullest.get(agent.entity, "")):
            fullest[agent.entity] = agent.text
    for agent in _agents(actions, statements):
        if agent.entity:
            agent.label = fullest[agent.entity]
    fuller = sorted(
        {" ".join(m.span.text.split()) for m in mentions if m.kind == "firm" and " " in m.span.text.strip()},
        key=len,
        reverse=True,
    )
    for agent in _agents(actions, statements):
        if agent.kind == "firm" and " " not in agent.text.strip() and (agent.label or agent.text) == agent.text:
            word = re.compile(rf"(?<![\w-]){re.escape(agent.text)}(?![\w-])")
            agent.label = next((f for f in fuller if word.search(f)), agent.label)


def _agents(actions: list[ReportedActionFinding], statements: list[StatementFinding]) -> list[Agent]:
    found = [s.speaker for s in statements]
    for action in actions:
        found += action.targets + [a for a in (action.agency, action.speaker) if a is not None]
    return found


_MATCHERS: weakref.WeakKeyDictionary[ArticleNames, NameMatcher] = weakref.WeakKeyDictionary()
# The resolver's answer per firm name and names (deterministic: the same name, the same answer).
_RESOLVED: weakref.WeakKeyDictionary[ArticleNames, dict[str, tuple[tuple[str, ...], str, float] | None]] = (
    weakref.WeakKeyDictionary()
)


class _NameFacts:
    """What extraction reads from the names besides the gazetteer, asked per entity: an article
    names a few entities, the index may hold a million names."""

    def __init__(self, names: ArticleNames) -> None:
        self._names = names
        self.statutes = _Statutes(names)

    def canonical(self, entity: str) -> str | None:
        """The entity's name (the last by label where it has several), else its first label."""
        entries = self._names.entries_of(entity)
        named = [e.label for e in entries if e.via == "name"]
        return named[-1] if named else (entries[0].label if entries else None)

    def statute_name(self, iri: str) -> str | None:
        named = [e.label for e in self._names.entries_of(iri) if e.kind == "statute" and e.via == "name"]
        return named[-1] if named else None

    def statute_acronyms(self, iri: str) -> list[str]:
        return [e.label for e in self._names.entries_of(iri) if e.kind == "statute" and e.via == "acronym"]


class _Statutes(Container[str]):
    """The statutes the names know, as the citation finders ask: is this IRI one of them?"""

    def __init__(self, names: ArticleNames) -> None:
        self._names = names

    def __contains__(self, iri: object) -> bool:
        return isinstance(iri, str) and any(e.kind == "statute" for e in self._names.entries_of(iri))


def name_facts(names: ArticleNames) -> _NameFacts:
    return _NameFacts(names)


def resolve_firms(mentions: list[Mention], names: ArticleNames) -> list[Mention]:
    """Firm names the gazetteer does not know word for word ("Hangzhou Hikvison Digital Technology
    Co") go through the entity resolver's scorer, the one that merges records across lists, at
    its firm threshold; several entities at the best score are all kept (ambiguous)."""
    if not any(not m.entities for m in mentions):
        return mentions
    matcher = _MATCHERS.get(names)
    if matcher is None:
        # Firms only: the thousands of people on the lists would be analysed for nothing.
        matcher = _MATCHERS[names] = names.firm_matcher()
    memo = _RESOLVED.setdefault(names, {})
    resolved = []
    for mention in mentions:
        inherits = mention.method in ("bracketed acronym", "repeated")  # they take their full name's entity
        if mention.entities or inherits:
            resolved.append(mention)
            continue
        key = " ".join(mention.span.text.split())
        if key not in memo:  # a folder of articles names the same firms again and again
            found = matcher.matches(key, "firm")
            best = [m for m in found if m.score == found[0].score] if found else []
            memo[key] = (
                (tuple(sorted(str(m.entry.entity) for m in best)), best[0].entry.label, found[0].score)
                if best
                else None
            )
        if memo[key] is None:
            resolved.append(mention)
            continue
        entities, label, score = memo[key]
        # The cue that found the name stays first: a list item is still an item of its list.
        method = f"{mention.method}, resolver {score:.2f}" if mention.method else f"resolver {score:.2f}"
        resolved.append(Mention(mention.span, "firm", entities, label, method))
    return resolved


def _with_person_iri(mention: Mention, person_iri: dict[str, str]) -> Mention:
    """A person mention resolves to the person minted for this document."""
    if mention.kind != "person" or mention.entities or mention.label not in person_iri:
        return mention
    return Mention(mention.span, "person", (person_iri[mention.label],), mention.label, mention.method)


def _citations(body: str, found: list[Mention], names: ArticleNames) -> list[Citation]:
    facts = name_facts(names)
    known = facts.statutes
    citations = find_citations(body, known)
    for mention in found:
        if mention.kind == "statute" and not any(_overlap(mention.span, c.span) for c in citations):
            citations.append(Citation(mention.span, mention.entities[0], True))
    for citation in named_acts(body, known):  # acts the reference data does not name word for word
        same_act = [c for c in citations if c.span.start == citation.span.start]
        if same_act and citation.acronyms:  # the name was known; the text's bracketed acronym is kept
            citations = [
                Citation(c.span, c.statute, c.known, c.minted, c.name, c.acronyms + citation.acronyms)
                if c in same_act else c
                for c in citations
            ]  # fmt: skip
            continue
        if not any(_overlap(citation.span, c.span) for c in citations):
            same = [e for e in names.lookup(" ".join(citation.span.text.split())) if e.kind == "statute"]
            if same:  # "International Emergency\nEconomic Powers Act": a line break the gazetteer missed
                citation = Citation(citation.span, str(same[0].entity), True, (), None, citation.acronyms)
            citations.append(citation)
    citations = [
        Citation(
            c.span,
            c.statute,
            c.known,
            c.minted,
            facts.statute_name(c.statute) or _minted_name(c),
            tuple(dict.fromkeys([*c.acronyms, *facts.statute_acronyms(c.statute)])),
        )
        for c in citations
    ]
    return sorted(citations, key=lambda c: c.span.start)


def _minted_name(citation: Citation) -> str | None:
    return next((n.name for n in citation.minted if n.iri == citation.statute), None)


def _citation_mention(citation: Citation) -> Mention:
    method = "vocabulary" if citation.known else "citation"
    return Mention(citation.span, "statute", (citation.statute,), citation.span.text, method)


def _resolve_placeholders(
    mentions: list[Mention], citations: list[Citation], published: dt.date | None
) -> list[Mention]:
    """'Chinese military companies' names the 1260H list or the 1237 list, by citations, else by date."""
    cited = {c.statute for c in citations}
    if cited & SECTION_1260H:
        key = "us-dod-1260h"
    elif cited & SECTION_1237 or (published is not None and published < FIRST_1260H_LIST):
        key = "us-dod-1237"
    else:
        key = "us-dod-1260h"
    iri = str(reference_iri("list", key))
    return [
        Mention(m.span, m.kind, (iri,), m.label, m.method) if m.entities == (CHINESE_MILITARY_COMPANIES,) else m
        for m in mentions
    ]


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _actions(
    body: str,
    sentence_spans: list[Span],
    mentions: list[Mention],
    citations: list[Citation],
    quotes: list[Quotation],
    published: dt.date | None,
) -> list[ReportedActionFinding]:
    actions: list[ReportedActionFinding] = []
    for sentence in sentence_spans:
        context = SentenceContext(
            span=sentence,
            mentions=[m for m in mentions if _inside(m.span, sentence)],
            citations=[c for c in citations if _inside(c.span, sentence)],
            speaker=_quoted_speaker(sentence, quotes),
            earlier_action=bool(actions),
        )
        found = find_actions(body, context, published, agent_of)
        if found and actions and _refers_back(sentence.text):
            for action in found:  # "The list, which includes ...": the list of the action before
                _inherit(action, actions[-1])
        actions += found
    actions = _list_blocks(body, mentions, actions)
    _fill_from_lead(actions, body, mentions)
    return actions


_REFERS_BACK = re.compile(r"\b(?:the|that|this|its|[A-Z][a-z]+)\s+(?:updated\s+)?list\b", re.I)


def _without_headline_repeats(
    actions: list[ReportedActionFinding], headlines: list[Span]
) -> list[ReportedActionFinding]:
    """A headline announces what the body reports: its action goes when the body has the same one."""

    def keys(action: ReportedActionFinding) -> set[str]:
        return {t.entity or t.text for t in action.targets}

    def in_headline(action: ReportedActionFinding) -> bool:
        return any(h.start <= action.span.start < h.end for h in headlines)

    body = [a for a in actions if not in_headline(a)]
    return [
        a for a in actions
        if not in_headline(a) or not any(b.kind == a.kind and keys(a) & keys(b) for b in body)
    ]  # fmt: skip


def _refers_back(sentence: str) -> bool:
    return bool(_REFERS_BACK.search(sentence))


_OWNER_LIST = re.compile(r"\b([A-Z][a-z]+)(?:['’]s)?\s+list\b")


def _inherit(action: ReportedActionFinding, earlier: ReportedActionFinding) -> None:
    """Details a sentence leaves to the one before ("the list" is the list just reported); "the
    Treasury list" after the Pentagon's is another agency's list and takes nothing from it."""
    owner = _OWNER_LIST.search(action.span.text)
    owner_iri = str(AMBIGUOUS[owner.group(1)]) if owner and owner.group(1) in AMBIGUOUS else None
    if owner and owner_iri and (earlier.agency is None or earlier.agency.entity != owner_iri):
        action.agency = action.agency or Agent(owner.group(1), "agency", owner_iri)
        return
    action.agency = action.agency or earlier.agency
    action.list_iri = action.list_iri or earlier.list_iri
    action.statute = action.statute or earlier.statute
    if action.date is None:
        action.date, action.date_text = earlier.date, earlier.date_text


def _list_blocks(
    body: str, mentions: list[Mention], actions: list[ReportedActionFinding]
) -> list[ReportedActionFinding]:
    """Firms listed one per line are the targets of the action their introduction reports, else of
    the action reported last before the list (a copy of it when it already names its targets)."""
    items = sorted((m for m in mentions if (m.method or "").startswith("list item")), key=lambda m: m.span.start)
    blocks: list[list[Mention]] = []
    for item in items:
        if blocks and not body[blocks[-1][-1].span.end : item.span.start].strip(
            " \t\n•·▪‣◦*–-().,0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ&"
        ):
            blocks[-1].append(item)
        else:
            blocks.append([item])
    out = list(actions)
    for block in blocks:
        start = block[0].span.start
        intro = next((a for a in reversed(out) if a.span.start < start and start - a.span.end <= 8), None)
        earlier = intro or next((a for a in reversed(out) if a.span.end <= start), None)
        if earlier is None:
            continue
        targets = _distinct_agents([agent_of(m) for m in block])
        if intro is not None or not earlier.targets:
            earlier.targets = _distinct_agents(earlier.targets + targets)
            earlier.targets_from_lead = False
            continue
        copy = ReportedActionFinding(
            span=Span(block[0].span.start, block[-1].span.end, body[block[0].span.start : block[-1].span.end]),
            kind=earlier.kind, trigger=earlier.trigger, targets=targets, agency=earlier.agency,
            list_iri=earlier.list_iri, statute=earlier.statute, date=earlier.date, date_text=earlier.date_text,
            speaker=earlier.speaker,
        )  # fmt: skip
        out.append(copy)
    return sorted(out, key=lambda a: a.span.start)


def _distinct_agents(agents: list[Agent]) -> list[Agent]:
    seen: set[str] = set()
    kept = []
    for agent in agents:
        key = agent.entity or agent.name or agent.text
        if key not in seen:
            seen.add(key)
            kept.append(agent)
    return kept


def _quoted_speaker(sentence: Span, quotes: list[Quotation]) -> Agent | None:
    for quote in quotes:
        if quote.span.start - 1 <= sentence.start < quote.span.end:
            return quote.speaker
    return None


def _fill_from_lead(actions: list[ReportedActionFinding], body: str, mentions: list[Mention]) -> None:
    """An action whose sentence names no firm is about the firms of the lead."""
    lead = next((a.targets for a in actions if any(t.entity for t in a.targets)), None)
    if lead is None:
        lead = [agent_of(m) for m in _lead_firms(body, mentions)]
    for action in actions:
        # A sentence that names firms, none of them as targets ("38 Huawei affiliates"), keeps none.
        names_firms = any(m.kind == "firm" and _inside(m.span, action.span) for m in mentions)
        if not action.targets and lead and not names_firms:
            action.targets = list(lead)
            action.targets_from_lead = True


def _lead_entities(actions: list[ReportedActionFinding]) -> list[str]:
    """Firms the first action with named targets is about."""
    for action in actions:
        if not action.targets_from_lead and any(t.entity for t in action.targets):
            return [t.entity for t in action.targets if t.entity]
    return []


def _lead_firms(body: str, mentions: list[Mention]) -> list[Mention]:
    """Resolved firms of the headline and first paragraph, one mention per entity."""
    lead_end = next((p.end for p in paragraphs(body)[1:2]), len(body))
    seen: dict[tuple[str, ...] | str, Mention] = {}
    for mention in mentions:
        # A firm the text names by its legal form in the lead counts though the graph lacks it.
        named = mention.resolved or (mention.method or "").startswith(("legal form", "list item"))
        if mention.kind == "firm" and named and mention.span.end <= lead_end:
            seen.setdefault(mention.entities or (mention.label or mention.span.text), mention)
    return list(seen.values())


def _statements(
    body: str,
    mentions: list[Mention],
    quotes: list[Quotation],
    reported: list[StatementFinding],
    actions: list[ReportedActionFinding],
) -> list[StatementFinding]:
    found = []
    for quote in quotes:
        if quote.speaker is None:
            continue
        announces = any(_overlap(a.span, quote.span) for a in actions)
        stance = stance_of(quote.span.text, quote.speaker, announces_action=announces)
        found.append(StatementFinding(quote.span, quote.speaker, stance))
    found += reported
    lead = _lead_entities(actions) or [m.entities[0] for m in _lead_firms(body, mentions) if m.entities]
    lead = list(dict.fromkeys(lead))
    for statement in found:
        statement.about = _about(statement, mentions, actions, lead)
    return sorted(found, key=lambda s: s.span.start)


def _about(
    statement: StatementFinding, mentions: list[Mention], actions: list[ReportedActionFinding], lead: list[str]
) -> list[str]:
    """Firms named in the statement; else the actions it states; else the speaker firm or the lead firms."""
    named = [m for m in mentions if m.kind == "firm" and _inside(m.span, statement.span)]
    firms = [m.entities[0] for m in named if m.resolved]
    if named:
        # A statement about a firm we cannot resolve is about that firm, not the lead's.
        return list(dict.fromkeys(firms))
    stated = [f"#/reported_actions/{i}" for i, a in enumerate(actions) if _overlap(a.span, statement.span)]
    if stated:
        return stated
    if statement.speaker.kind == "firm" and statement.speaker.entity:
        return [statement.speaker.entity]
    return lead
