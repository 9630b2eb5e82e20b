"""Ties between two listed parties as the lists state them: one kg:Relationship node per tie.

Every loader that reads a relation from a list (CSL names, OFAC remarks and XML, the DoD 1260H
parent) emits it here, so relations share one shape: subject, object, kind as the source words
it, the interval, the words that state it and the document (prov:wasDerivedFrom), which the
ties engine shows as the evidence of a hop.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef

from sanctiongraph.graph.terms import OX_WAS_DERIVED_FROM
from sanctiongraph.loaders.base import LoadContext
from sanctiongraph.ontology import KGO
from sanctiongraph.ontology.ids import derived_iri, iri_text

# Kinds that mean "the object is the parent of the subject": a kg:parentCompany shortcut is
# written as well, so the firm profile and the Cypher PARENT_COMPANY edge see them.
PARENT_KINDS = frozenset({"parent company", "subordinate of"})


def relation(
    ctx: LoadContext,
    *,
    dataset: str,
    kind: str,
    subject: URIRef | ox.NamedNode,
    obj: URIRef | ox.NamedNode,
    text: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> URIRef | None:
    """Emit one tie from subject to obj (None when both ends are one node); the IRI is derived
    from both ends, the kind and the start (ID policy rule 2), so a reload mints the same node."""
    if iri_text(subject) == iri_text(obj):
        return None
    kind = kind.strip()
    iri = derived_iri("relationship", dataset, iri_text(subject), iri_text(obj), kind, *([start] if start else []))
    node = ox.NamedNode(iri)  # built once for the node's eight triples
    ctx.add_type(node, KGO.Relationship)
    ctx.add(node, KGO.subject, subject)
    ctx.add(node, KGO.object, obj)
    ctx.add(node, KGO.relationshipKind, kind)
    ctx.add(node, KGO.sourceText, (text or "").strip() or None)
    ctx.add_date(node, KGO.startDate, start)
    ctx.add_date(node, KGO.endDate, end)
    ctx.add(node, OX_WAS_DERIVED_FROM, ctx.doc)
    if kind.lower() in PARENT_KINDS:
        ctx.add(subject, KGO.parentCompany, obj)
    return iri
