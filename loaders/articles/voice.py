"""Whose voice a document speaks in, and its statements in that voice.

A signed statement ("STATEMENT OF CHAIRMAN AJIT PAI"), a message or order in the first person
("I, JOSEPH R. BIDEN JR., President ... find", "THE PRESIDENT OF THE UNITED STATES ... I hereby
report") and a plaintiff's complaint speak for their author: one statement per paragraph in the
author's voice (first-person paragraphs for an office-holder, every paragraph for a plaintiff).
An agency's narrative in its own institutional voice is no statement (docs/extraction-schema.md).
"""

from __future__ import annotations

import re

from sanctiongraph.loaders.articles.model import Agent, Mention, StatementFinding
from sanctiongraph.loaders.articles.statements import agent_of, stance_of
from sanctiongraph.loaders.articles.text import paragraphs

HEAD = 3000  # the author is named at the top of the document
_SIGNED = re.compile(
    r"\bSTATEMENT\s+OF\s+(?:(?:ACTING\s+)?(?:CHAIRMAN|CHAIRWOMAN|COMMISSIONER|SECRETARY|DIRECTOR|SENATOR|"
    r"PRESIDENT)\s+)?(?P<who>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){1,3})\b"
)
_I_NAME = re.compile(r"\bI,\s+(?P<who>[A-Z][A-Z.'’ -]{4,60}?),\s+(?:President|Governor|Secretary)\b")
_PRESIDENT = re.compile(r"\bTHE\s*PRESIDENT\s*OF\s*THE\s*UNITED\s*STATES\b")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|my|My)\b")
_COMPLAINT = re.compile(r"\bCOMPLAINT\b")
_OPINION = re.compile(r"\b(?:MEMORANDUM\s+OPINION|OPINION\s+AND\s+ORDER|MEMORANDUM\s+AND\s+ORDER)\b")
_COURT_NAME = re.compile(
    r"\b(?:UNITED\s+STATES\s+)?(?:DISTRICT|BANKRUPTCY)\s+COURT\s+FOR\s+THE\s+(?:[A-Z]+\s+)?DISTRICT\s+OF\s+[A-Z]+\b"
    r"|\bUNITED\s+STATES\s+COURT\s+OF\s+APPEALS\s+FOR\s+THE\s+[A-Z ]+?CIRCUIT\b"
)
_PLAINTIFF = re.compile(r"\b(?:Plaintiff\s+|^)(?=[A-Z])", re.M)


def document_voice(text: str, mentions: list[Mention]) -> tuple[Agent, bool] | None:
    """The author and whether every paragraph (True) or only first-person ones (False) are theirs."""
    head = text[:HEAD]
    match = _I_NAME.search(head)
    if match:
        return Agent(_title_case(match["who"]), "person"), False
    match = _SIGNED.search(head)
    if match:
        return Agent(_title_case(match["who"]), "person"), False
    if _PRESIDENT.search(head) and re.search(r"\bI\s+hereby\b", text):
        return Agent("President of the United States", "person"), False
    court = _COURT_NAME.search(head)
    if court and _OPINION.search(head):  # a court's opinion: its holdings are the court's statements
        return Agent(_title_case(court.group(0)), "court"), True
    if _COMPLAINT.search(head):
        plaintiff = next(
            (
                m
                for m in mentions
                if m.kind == "firm"
                and re.search(r"Plaintiff\s+$|^", text[max(0, m.span.start - 12) : m.span.start])
                and m.span.start < HEAD
            ),
            None,
        )
        if plaintiff is not None:
            return agent_of(plaintiff), True
    return None


def voice_statements(text: str, mentions: list[Mention]) -> list[StatementFinding]:
    """One statement per paragraph the document's author speaks."""
    voice = document_voice(text, mentions)
    if voice is None:
        return []
    author, every = voice
    found = []
    for paragraph in paragraphs(text):
        words = len(paragraph.text.split())
        if words < 15:
            continue  # captions, headings, signatures
        if every or _FIRST_PERSON.search(paragraph.text):
            found.append(StatementFinding(paragraph, author, stance_of(paragraph.text, author), quoted=False))
    return found


def _title_case(name: str) -> str:
    """'AJIT PAI' -> 'Ajit Pai'; 'JOSEPH R. BIDEN JR.' -> 'Joseph R. Biden Jr.'."""
    return " ".join(w if len(w) <= 2 and w.endswith(".") else w.capitalize() for w in name.split())
