"""The store as one RDF file: TriG/N-Quads keep the named graphs, Turtle/N-Triples merge them.

Merging graphs repeats a triple once per graph that states it (a firm named by two lists), so
the triple syntaxes are deduplicated here; Turtle and TriG get the project's prefixes so that
the file reads like the ontology.
"""

from __future__ import annotations

from typing import IO

import pyoxigraph as ox

from sanctiongraph.errors import QueryError
from sanctiongraph.graph.store import GraphStore

SYNTAXES = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
PREFIXES = {
    "kg": "https://w3id.org/sanctiongraph/ontology#",
    "kgr": "https://w3id.org/sanctiongraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def write_rdf(store: GraphStore, out: IO[bytes], syntax: str = "trig") -> int:
    """Write the dataset in one syntax; returns the number of statements written."""
    if syntax not in SYNTAXES:
        raise QueryError(f"unknown RDF syntax {syntax!r}; use one of {', '.join(SYNTAXES)}")
    fmt = SYNTAXES[syntax]
    quads = store.oxigraph.quads_for_pattern(None, None, None)
    if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        statements: list = list(quads)  # a quad store holds each quad once
    else:
        # dict keeps the first-seen order, so the file is stable between runs on one store.
        statements = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    ox.serialize(statements, out, fmt, prefixes=prefixes)
    return len(statements)
