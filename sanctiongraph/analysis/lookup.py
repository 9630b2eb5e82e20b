"""Finding an entity by IRI or by name, as users type it."""

from __future__ import annotations

from dataclasses import replace

from rdflib import URIRef

from sanctiongraph.errors import NotFoundError
from sanctiongraph.graph.names import NameEntry, NameIndex, name_key
from sanctiongraph.graph.store import GraphStore

_PREFERRED_KINDS = ("firm", "person", "agency", "government", "list", "statute")


def find_entity(store: GraphStore, text: str) -> URIRef:
    """An IRI as given, else the entity whose name, alias or acronym matches, else one whose name
    contains the text as whole words. Ambiguity is an error listing the candidates."""
    if "://" in text:
        return URIRef(text)
    index = NameIndex.from_store(store)
    entries = index.lookup(text)
    if not entries:
        key = f" {name_key(text)} "
        entries = [e for e in index.entries if key in f" {name_key(e.label)} "]
    if not entries:
        raise NotFoundError(f"nothing named {text!r} in the store")
    entries = _as_clusters(store, entries)
    entities = sorted({e.entity for e in entries}, key=lambda iri: (_rank(entries, iri), str(iri)))
    if len(entities) > 1 and _rank(entries, entities[0]) == _rank(entries, entities[1]):
        names = "; ".join(f"{_label(entries, e)} <{e}>" for e in entities[:5])
        raise NotFoundError(f"{text!r} is ambiguous: {names}; give the IRI")
    return entities[0]


def _rank(entries: list[NameEntry], iri: URIRef) -> tuple[int, int]:
    kinds = [e.kind for e in entries if e.entity == iri]
    via = [e.via for e in entries if e.entity == iri]
    kind_rank = min((_PREFERRED_KINDS.index(k) if k in _PREFERRED_KINDS else 9) for k in kinds)
    return (0 if "name" in via else 1, kind_rank)


def _label(entries: list[NameEntry], iri: URIRef) -> str:
    return next(e.label for e in entries if e.entity == iri)


def _as_clusters(store: GraphStore, entries: list[NameEntry]) -> list[NameEntry]:
    """Records that entity resolution merged stand for their cluster, so one firm is one answer."""
    records = " ".join(f"<{e.entity}>" for e in entries)
    rows = store.select(
        f"""PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT ?record ?cluster WHERE {{ VALUES ?record {{ {records} }} ?record kg:canonical ?cluster }}"""
    )
    cluster_of = {URIRef(str(r["record"])): URIRef(str(r["cluster"])) for r in rows}
    return [replace(e, entity=cluster_of.get(e.entity, e.entity)) for e in entries]
