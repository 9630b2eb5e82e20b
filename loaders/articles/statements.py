"""Who says what: attribute quotations and reported speech to speakers, and read their stance.

Speakers are the mentions next to a speech verb ("Xiaomi said", "said Commerce Secretary
Wilbur Ross", "a Xiaomi statement reads", "the DOJ announced"). A quotation with no speaker
in its sentence ("...," read the statement) goes to the last speaker before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sanctiongraph.loaders.articles.model import Agent, Mention, Span, StatementFinding

SPEECH_VERBS = (
    r"(?:said|says|say|added|adds|stated|states|announced|announces|wrote|writes|read|reads|noted|notes|told|confirmed|"
    r"confirms|emphasized|emphasised|stressed|insisted|argued|stating|explained|explains|advises|advised|called)"
)
REPORTED_VERBS = (
    r"(?:says|said|stressed|stresses|reiterated|reiterates|confirmed|confirms|denied|denies|insisted|insists|"
    r"maintains|maintained|claimed|claims|argued|argues|announced|announces|warned|warns|told|stated|states|"
    r"emphasized|emphasised|noted|notes|reported|reports|found|finds|advises|advised|explained|wrote|writes)"
)
_AFTER_VERB_FIRST = re.compile(rf"^[\s,]*{SPEECH_VERBS}\b(?P<who>[^.,;“”\"]{{0,80}})")
_AFTER_WHO_FIRST = re.compile(rf"^[\s,]*(?P<who>[^.,;“”\"]{{0,60}}?)\s+{SPEECH_VERBS}\b")
_WHO_CHAR = r"(?:[^.;“”\"]|(?<=\b[A-Z])\.)"  # initials ("H.R. McMaster") keep the window open
_BEFORE = re.compile(
    rf"(?P<who>{_WHO_CHAR}{{0,80}}?)\s+{SPEECH_VERBS}(?:\s+in\s+an?\s+\w+)?(?:\s+(?:it|that))?[\s,:]*$"
)
_BEFORE_REACH = 240  # longest _BEFORE match: an 80-character speaker, the verb, "in an interview that", spaces
_SENTENCE_SUBJECT = re.compile(rf"^(?P<who>{_WHO_CHAR}{{0,100}}?)\s+{SPEECH_VERBS}\b")
_REPORTED = re.compile(
    rf"(?:\s*\([^()]{{1,40}}\))?\)?,?\s+(?:(?:also|has|have|had|again|previously|earlier|further)\s+)*{REPORTED_VERBS}\b"
)
# Speakers the graph cannot know: "U.S. officials said", "National security experts have warned",
# "According to a Reuters report", "Reuters reported earlier".
_GROUP_SPEAKER = re.compile(
    rf"^(?:[\w,’'-]+\s+){{0,3}}?(?P<who>(?:[A-Z][\w.’'-]*\s+){{0,3}}(?:[Oo]fficials|[Ee]xperts|[Aa]nalysts|[Ss]ources|"
    rf"[Ll]awmakers|[Ss]pokes(?:person|man|woman)))\s+(?:(?:have|has|had)\s+)?{REPORTED_VERBS}\b"
)
_ACCORDING_TO = re.compile(
    r"\b[Aa]ccording\s+to\s+(?:an?\s+|the\s+)?(?P<who>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3})"
)
_NAMED_REPORTER = re.compile(
    r"^(?P<who>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,2})\s+(?:earlier\s+)?(?:reported|reports)\b"
)
# "The company stated", "the firm said": the firm named last; "He advises": the person named last.
_BACK_REFERENCE = re.compile(
    rf"(?:^|,\s*|\bthat\s+)(?P<who>[Tt]he\s+(?:[\w-]+\s+){{0,2}}?(?:company|firm|group|department|report|filing)|[Hh]e|[Ss]he|[Ii]t)"
    rf"\s+(?:(?:also|has|had)\s+)?{REPORTED_VERBS}\b"
    r"|\b[Aa]ccording\s+to\s+(?P<doc>the\s+(?:filing|statement|report|release|document|complaint))"
)
_PREPOSITION_BEFORE = re.compile(r"\b(?:to|of|with|for|on|in|about|against|from|by|at|over|into)\s+(?:the\s+)?$", re.I)
TITLES = (
    r"(?i:acting\s+)?(?:Secretary(?:\s+of\s+[A-Z][a-z]+)?|Chairman|Chairwoman|Director|Judge|President|Commissioner|CEO|Founder|"
    r"[Ss]pokes(?:person|man|woman)|(?i:attorney\s+general)|Senator|Minister|Ambassador|Chief\s+Executive|"
    r"Advis[eo]r|General|Representative|Rep\.|Sen\.)"
)
_PERSON = re.compile(
    rf"\b{TITLES}\s+(?P<name>(?:[A-Z]\.\s?){{1,3}}[A-Z][a-zA-Z’'-]+|[A-Z][a-z]+(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-zA-Z’'-]+){{1,2}})\b"
)

STANCE_PATTERNS = [
    ("denies", re.compile(
        r"\b(?:not\s+(?:owned|controlled|affiliated|linked|tied)|no\s+(?:relationship|ties|links?|connections?|affiliation)\s+(?:with|to)|"
        r"(?:is|are|was)\s+not\s+(?:a|an)\s+(?:[‘'“\"]?(?:Communist\s+)?Chinese\s+[Mm]ilitary|CCMC|military)|"
        r"not\s+(?:for|intended\s+for)\s+military\s+use|does\s+not\s+manufacture\s+for\s+any\s+military|"
        r"for\s+civilian(?:\s+and\s+commercial)?\s+use|never\s+(?:took\s+part|participated|supplied|been\s+(?:an?\s+)?(?:part|involved|affiliated|linked|(?:Chinese\s+)?military))|"
        r"den(?:y|ies|ied)\b|reject(?:s|ed)?\s+(?:the\s+|these\s+|all\s+|any\s+)?(?:claims?|allegations?|accusations?|designation|listing)|"
        r"baseless|groundless)", re.I)),
    ("accuses", re.compile(
        r"\b(?:threat\w*|bully|abuses?|malign|undermine\w*|repress\w*|surveillance state|arm of|reckless|"
        r"belligerent|intimidat\w+|violat\w+|fraud\w*|theft|steal\w*|charg(?:es|ed)|indict\w*)\b", re.I)),
    ("opposes", re.compile(
        r"\b(?:challeng\w+|contest\w*|oppos\w+|unlawful\w*|inexplicabl\w+|appropriate course of actions?|"
        r"protect the interests|lawsuit)\b", re.I)),
    ("callsFor", re.compile(r"\b(?:urg(?:e|es|ed)|calls? (?:on|for)|called (?:on|for))\b", re.I)),
]  # fmt: skip
SPEAKER_KINDS = ("firm", "agency", "government", "person")


@dataclass
class Quotation:
    """A quoted passage and who the text says spoke it."""

    span: Span
    speaker: Agent | None


def find_persons(text: str, known: list[Mention]) -> list[Mention]:
    """People named with a title ("Commerce Secretary Wilbur Ross"), and later bare surnames ("Ross said")."""
    found = []
    for match in _PERSON.finditer(text):
        span = Span(match.start("name"), match.end("name"), match["name"])
        if not _inside_any(span, known):
            found.append(Mention(span, "person", label=match["name"], method="title"))
    surnames = {m.span.text.split()[-1]: m.span.text for m in found}
    for surname, full in surnames.items():
        for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
            span = Span(match.start(), match.end(), surname)
            if not _inside_any(span, known + found):
                found.append(Mention(span, "person", label=full, method="surname"))
    return sorted(found, key=lambda m: m.span.start)


def _inside_any(span: Span, mentions: list[Mention]) -> bool:
    return any(m.span.start <= span.start and span.end <= m.span.end for m in mentions)


def agent_of(mention: Mention) -> Agent:
    """The Agent a mention names (a person by their full name)."""
    text = mention.label if mention.kind == "person" and mention.label else mention.span.text
    return Agent(text, mention.kind, mention.entities[0] if mention.entities else None, mention.label)


def speaker_in(mentions: list[Mention], start: int, end: int, *, last: bool = False) -> Mention | None:
    """The first (or last) speaker-like mention inside [start, end)."""
    inside = [m for m in mentions if m.kind in SPEAKER_KINDS and start <= m.span.start and m.span.end <= end]
    if not inside:
        return None
    return inside[-1] if last else inside[0]


def attribute_quotations(
    text: str,
    quotes: list[Span],
    sentences: list[Span],
    mentions: list[Mention],
    earlier: Sequence[StatementFinding] = (),
) -> list[Quotation]:
    """Each quotation with its speaker: after it, before it, else the previous speaker.

    earlier holds the reported-speech statements, whose speakers count as previous speakers.
    """
    result: list[Quotation] = []
    previous: Agent | None = None
    for quote in quotes:
        reported = [s for s in earlier if s.span.end <= quote.start]
        reported = [s for s in reported if s.speaker.kind != "organization"]  # a news report is nobody's "statement"
        if reported and (not result or reported[-1].span.start > result[-1].span.start):
            previous = reported[-1].speaker
        sentence_end = _sentence_end(sentences, quote.end)
        sentence_start = _sentence_start(sentences, quote.start)
        speaker = _speaker_after(text, quote.end + 1, sentence_end, mentions)
        if speaker is None:
            speaker = _speaker_before(text, sentence_start, quote.start - 1, mentions)
        agent = agent_of(speaker) if speaker else None
        if agent is None and quote.start - 1 > sentence_start:
            lead_in = Span(sentence_start, quote.start - 1, text[sentence_start : quote.start - 1])
            found = unnamed_speaker(text, lead_in, mentions)
            agent = found if isinstance(found, Agent) else None
        agent = agent or previous
        if agent is not None and agent.kind != "organization":  # a news report is nobody's "statement"
            previous = agent
        result.append(Quotation(quote, agent))
    return result


def _sentence_end(sentences: list[Span], offset: int) -> int:
    return next((s.end for s in sentences if s.start <= offset <= s.end), offset)


def _sentence_start(sentences: list[Span], offset: int) -> int:
    return next((s.start for s in sentences if s.start <= offset <= s.end), offset)


def _speaker_after(text: str, start: int, end: int, mentions: list[Mention]) -> Mention | None:
    window = text[start : max(start, end)]
    for pattern in (_AFTER_VERB_FIRST, _AFTER_WHO_FIRST):
        match = pattern.match(window)
        if match:
            found = speaker_in(mentions, start + match.start("who"), start + match.end("who"), last=True)
            if found:
                return found
    return None


def _speaker_before(text: str, start: int, end: int, mentions: list[Mention]) -> Mention | None:
    window = text[start : max(start, end)]
    # "X said “...”" right before the quote, else "X said <words> “...”" from the sentence start.
    # _BEFORE ends at the quote and its speaker is at most 80 characters: searching only the
    # window's tail finds the same match without trying every earlier start (the costly part).
    tail = max(0, len(window) - _BEFORE_REACH)
    match = _BEFORE.search(window, tail)
    if match:
        found = speaker_in(mentions, start + match.start("who"), start + match.end("who"), last=True)
        if found and start + match.end("who") - found.span.end <= 20:
            return found
    match = _SENTENCE_SUBJECT.match(window)
    if match:
        found = speaker_in(mentions, start + match.start("who"), start + match.end("who"), last=True)
        if found and start + match.end("who") - found.span.end <= 20 and not _after_preposition(text, found):
            return found
    return None


def _after_preposition(text: str, mention: Mention) -> bool:
    """'With respect to Huawei, McMaster writes': Huawei is no subject."""
    return bool(_PREPOSITION_BEFORE.search(text, max(0, mention.span.start - 30), mention.span.start))


def reported_speech(
    text: str, sentences: list[Span], mentions: list[Mention], skip: Sequence[Span] = ()
) -> list[StatementFinding]:
    """Unquoted statements: 'Xiaomi says it has no ties...', 'SMIC (SMIC) has stressed that...',
    'U.S. officials said...', 'According to a Reuters report...', 'The company stated that...'.

    Sentences inside skip (headlines, bylines) are the publisher's and state nothing.
    """
    found: list[StatementFinding] = []
    for sentence in sentences:
        if any(s.start <= sentence.start < s.end for s in skip):
            continue
        if any(mark in sentence.text for mark in '“”"'):
            continue  # sentences with quotations are attributed as quotations
        agent = _reported_speaker(text, sentence, mentions)
        if isinstance(agent, str):  # "the report noted", "according to the filing": the source named before
            agent = _last_source(found, publication=agent == "report")
        if agent is not None:
            found.append(StatementFinding(sentence, agent, stance_of(sentence.text, agent), quoted=False))
    return found


def _last_source(found: list[StatementFinding], *, publication: bool) -> Agent | None:
    """The speaker a 'the report' / 'the filing' reference points back to."""
    for statement in reversed(found):
        if (statement.speaker.kind == "organization") == publication:
            return statement.speaker
    return None


def _reported_speaker(text: str, sentence: Span, mentions: list[Mention]) -> Agent | str | None:
    for mention in mentions:
        if mention.kind not in SPEAKER_KINDS or not sentence.start <= mention.span.start < sentence.end:
            continue
        verb = _REPORTED.match(text, mention.span.end)
        if verb and verb.end() <= sentence.end and not _after_preposition(text, mention):
            return agent_of(mention)
    return unnamed_speaker(text, sentence, mentions)


def unnamed_speaker(text: str, sentence: Span, mentions: list[Mention]) -> Agent | str | None:
    """Speakers the gazetteer cannot name: groups, publications, and back references."""
    words = sentence.text
    match = _GROUP_SPEAKER.match(words)
    if match:
        who = match["who"].strip()
        return Agent(who, "government" if "official" in who.lower() else "organization")
    match = _ACCORDING_TO.search(words) or _NAMED_REPORTER.match(words)
    if match:
        known = speaker_in(mentions, sentence.start + match.start("who"), sentence.start + match.end("who"))
        return agent_of(known) if known else Agent(match["who"].strip(), "organization")
    match = _BACK_REFERENCE.search(words)
    if match and match["doc"]:
        return "report" if match["doc"].endswith("report") else "document"
    if match:
        return back_reference(text, sentence.start + match.start("who"), match["who"], mentions)
    return None


def back_reference(text: str, at: int, word: str, mentions: list[Mention]) -> Agent | str | None:
    """The firm ('the company', 'it') or person ('he', 'she') named last before `at`."""
    word = word.casefold()
    kinds = ("person",) if word in ("he", "she") else ("agency",) if word.endswith("department") else ("firm",)
    if word.endswith(("report", "filing")):
        return "report" if word.endswith("report") else "document"  # type: ignore[return-value]
    before = [m for m in mentions if m.kind in kinds and m.span.end <= at]
    return agent_of(before[-1]) if before else None


def stance_of(words: str, speaker: Agent, *, announces_action: bool = False) -> str:
    """The speaker's stance read from the words: denial first (a firm's or an unnamed organisation's
    only: an agency's "is not a threat" denies nothing about itself), then accusation, opposition, calls."""
    if speaker.kind == "firm" and STANCE_PATTERNS[0][1].search(words):
        return "denies"
    if announces_action and speaker.kind in ("agency", "government"):
        return "announces"
    for stance, pattern in STANCE_PATTERNS[1:]:
        if pattern.search(words):
            return stance
    return "asserts"
