"""Ties between two listed parties as the lists state them: one kg:Relationship node per tie.

Every loader that reads a relation from a list (CSL names, OFAC remarks and XML, the DoD 1260H
parent) emits it here, so relations share one shape: subject, object, kind as the source words
it, the interval, the words that state it and the document (prov:wasDerivedFrom), which the
ties engine shows as the evidence of a hop.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import PROV

from sanctiongraph.loaders.base import LoadContext
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import derived_iri

# Kinds that mean "the object is the parent of the subject": a kg:parentCompany shortcut is
# written as well, so the firm profile and the Cypher PARENT_COMPANY edge see them.
PARENT_KINDS = frozenset({"parent company", "subordinate of"})


def relation(
    ctx: LoadContext,
    *,
    dataset: str,
    kind: str,
    subject: URIRef,
    obj: URIRef,
    text: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> URIRef | None:
    """Emit one tie from subject to obj (None when both ends are one node); the IRI is derived
    from both ends, the kind and the start (ID policy rule 2), so a reload mints the same node."""
    if subject == obj:
        return None
    kind = kind.strip()
    node = derived_iri("relationship", dataset, str(subject), str(obj), kind, *([start] if start else []))
    ctx.add_type(node, KG.Relationship)
    ctx.add(node, KG.subject, subject)
    ctx.add(node, KG.object, obj)
    ctx.add(node, KG.relationshipKind, kind)
    ctx.add(node, KG.sourceText, (text or "").strip() or None)
    ctx.add_date(node, KG.startDate, start)
    ctx.add_date(node, KG.endDate, end)
    ctx.add(node, PROV.wasDerivedFrom, ctx.doc)
    if kind.lower() in PARENT_KINDS:
        ctx.add(subject, KG.parentCompany, obj)
    return node
