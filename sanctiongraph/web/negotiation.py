"""SPARQL 1.1 Protocol content negotiation: which format an Accept header (or format=) asks for."""

from __future__ import annotations

import re

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
}
SHORT_NAMES = {"json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"}
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(text: str) -> str:
    """select, ask, construct or describe: the first query keyword after the prologue."""
    without_iris = re.sub(r"<[^>]*>", "<>", re.sub(r"#[^\n]*", "", text))
    match = _FORM.search(without_iris)
    return match.group(1).lower() if match else "select"


def accepted(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, order kept on ties)."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    quality = float(field[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, fields[0].lower()))
    return [media for _q, _p, media in sorted(ranked)]


def choose(form: str, accept: str | None, asked: str | None = None) -> str | None:
    """The format name to answer with, or None when nothing acceptable can be produced."""
    graph = form in ("construct", "describe")
    table = GRAPH_TYPES if graph else RESULT_TYPES
    if asked:
        asked = asked.lower()
        if asked in SHORT_NAMES:
            return asked
        if asked in table:
            return table[asked]
    media_types = accepted(accept)
    if not media_types:
        return "turtle" if graph else "json"
    for media in media_types:
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return "turtle" if graph else "json"
    return None
