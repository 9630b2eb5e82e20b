"""Relations for reports: from the ties engine (sanctiongraph.analysis.ties) when it is
installed, else the relations of record read straight from the store.

The fallback keeps reports useful (and testable) without the engine: stated relations
(kg:parentCompany, kg:Ownership, kg:Relationship) and, for a pair, designations the two share
(same list, same day). Both paths return objects with the fields of ties.Hop / ties.TiePath.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from sanctiongraph.analysis.tie_model import Evidence, Hop, TiePath
from sanctiongraph.errors import NotFoundError
from sanctiongraph.graph.store import GraphStore

_PREFIXES = """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# The records of a firm or of its cluster, bound as ?record.
RECORDS = """{ ?firm kg:member ?record } UNION { ?firm kg:canonical/kg:member ?record }
  UNION { BIND(?firm AS ?record) FILTER NOT EXISTS { ?firm a kg:Cluster } }"""

_STATED = (
    _PREFIXES
    + """SELECT DISTINCT ?kind ?source ?target ?text ?doc ?title ?issued WHERE {
  """
    + RECORDS
    + """
  {
    GRAPH ?g { ?record kg:parentCompany ?other }
    BIND("ownership" AS ?kind) BIND(?other AS ?source) BIND(?record AS ?target)
    BIND("parent company" AS ?text)
  } UNION {
    GRAPH ?g { ?child kg:parentCompany ?record }
    BIND("ownership" AS ?kind) BIND(?record AS ?source) BIND(?child AS ?target)
    BIND(?child AS ?other) BIND("parent company" AS ?text)
  } UNION {
    GRAPH ?g { ?o kg:owner ?record ; kg:asset ?other . OPTIONAL { ?o kg:percentage ?pct } }
    BIND("ownership" AS ?kind) BIND(?record AS ?source) BIND(?other AS ?target)
    BIND(IF(BOUND(?pct), CONCAT("owns ", STR(?pct), "%"), "owns") AS ?text)
  } UNION {
    GRAPH ?g { ?o kg:asset ?record ; kg:owner ?other . OPTIONAL { ?o kg:percentage ?pct } }
    BIND("ownership" AS ?kind) BIND(?other AS ?source) BIND(?record AS ?target)
    BIND(IF(BOUND(?pct), CONCAT("owns ", STR(?pct), "%"), "owns") AS ?text)
  } UNION {
    GRAPH ?g { ?r kg:subject ?record ; kg:object ?other . OPTIONAL { ?r kg:relationshipKind ?rk } }
    BIND("affiliation" AS ?kind) BIND(?record AS ?source) BIND(?other AS ?target)
    BIND(COALESCE(?rk, "related to") AS ?text)
  } UNION {
    GRAPH ?g { ?r kg:object ?record ; kg:subject ?other . OPTIONAL { ?r kg:relationshipKind ?rk } }
    BIND("affiliation" AS ?kind) BIND(?other AS ?source) BIND(?record AS ?target)
    BIND(COALESCE(?rk, "related to") AS ?text)
  }
  OPTIONAL { ?g prov:wasDerivedFrom ?doc .
             OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:issued ?issued } }
}"""
)

_SAME_DESIGNATION = (
    _PREFIXES
    + """SELECT DISTINCT ?list ?date ?ra ?rb ?doc ?title ?issued WHERE {
  { SELECT ?ra WHERE { { ?a kg:member ?ra } UNION { ?a kg:canonical/kg:member ?ra }
      UNION { BIND(?a AS ?ra) FILTER NOT EXISTS { ?a a kg:Cluster } } } }
  { SELECT ?rb WHERE { { ?b kg:member ?rb } UNION { ?b kg:canonical/kg:member ?rb }
      UNION { BIND(?b AS ?rb) FILTER NOT EXISTS { ?b a kg:Cluster } } } }
  ?da a kg:Designation ; kg:target ?ra ; kg:onList ?list ; kg:actionDate ?date .
  ?db a kg:Designation ; kg:target ?rb ; kg:onList ?list ; kg:actionDate ?date .
  OPTIONAL { ?da prov:wasDerivedFrom ?doc . ?doc a kg:SourceDocument
             OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:issued ?issued } }
}"""
)


def records_of(store: GraphStore, firm: URIRef) -> list[URIRef]:
    """The records a firm (or its resolution cluster) stands for."""
    rows = store.select(_PREFIXES + "SELECT DISTINCT ?record WHERE { " + RECORDS + " }", {"firm": firm})
    return [URIRef(str(r["record"])) for r in rows]


def _ties_engine() -> Any | None:
    """The ties engine module, or None while it is not installed (imported lazily: it is heavy)."""
    try:
        from sanctiongraph.analysis import ties
    except ImportError:
        return None
    return ties if hasattr(ties, "neighbours") and hasattr(ties, "find_ties") else None


def _names(store: GraphStore, iris: set[str]) -> dict[str, str]:
    from sanctiongraph.analysis.labels import labels

    return {str(k): v for k, v in labels(store, [URIRef(i) for i in iris]).items()}


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def neighbours(store: GraphStore, firm: URIRef, *, claims: bool = False) -> list[Any]:
    """The firm's direct relations (Hop objects)."""
    engine = _ties_engine()
    if engine is not None:
        try:
            return list(engine.neighbours(store, str(firm), hops=1, claims=claims))
        except NotFoundError:  # not a node of the tie projection (no typed record): relations of record
            pass
    return stated_relations(store, firm)


def stated_relations(store: GraphStore, firm: URIRef) -> list[Hop]:
    """Relations of record: parent companies, ownerships and other stated relationships."""
    # The records go in as VALUES: with the UNION that finds them, oxigraph may first join every
    # parent-company and relationship triple of the store.
    records = " ".join(f"<{r}>" for r in records_of(store, firm)) or f"<{firm}>"
    rows = store.select(_STATED.replace(RECORDS, f"VALUES ?record {{ {records} }}", 1))
    names = _names(store, {str(r[k]) for r in rows for k in ("source", "target") if r[k] is not None})
    grouped: dict[tuple[str, str, str, str], list[Evidence]] = {}
    for row in rows:
        if row["source"] is None or row["target"] is None:
            continue
        key = (str(row["kind"]), str(row["source"]), str(row["target"]), str(row["text"]))
        evidence = grouped.setdefault(key, [])
        if row["doc"] is not None and all(e.document != str(row["doc"]) for e in evidence):
            evidence.append(Evidence(str(row["doc"]), _text(row["title"]), _text(row["issued"]), None, key[3]))
    return [
        Hop(kind, src, names.get(src, src), tgt, names.get(tgt, tgt), True, tuple(ev))
        for (kind, src, tgt, _text_), ev in sorted(grouped.items())
    ]


def ties_between(store: GraphStore, a: URIRef, b: URIRef, *, k: int = 5, claims: bool = False) -> list[Any]:
    """Paths from a to b (TiePath objects), best first."""
    engine = _ties_engine()
    if engine is not None:
        try:
            return list(engine.find_ties(store, str(a), str(b), k=k, claims=claims))
        except NotFoundError:  # an end the tie projection does not hold: relations of record
            pass
    paths = [TiePath((str(a), str(b)), (hop,), 1.0) for hop in _direct(store, a, b)]
    paths += [TiePath((str(a), str(b)), (hop,), 1 / 3) for hop in shared_designations(store, a, b)]
    return paths[:k]


def _direct(store: GraphStore, a: URIRef, b: URIRef) -> list[Hop]:
    others = {str(r) for r in records_of(store, b)} | {str(b)}
    return [h for h in stated_relations(store, a) if h.source in others or h.target in others]


def shared_designations(store: GraphStore, a: URIRef, b: URIRef) -> list[Hop]:
    """Designations of a and b on the same list on the same day, one hop per (list, day)."""
    rows = store.select(_SAME_DESIGNATION, {"a": a, "b": b})
    names = _names(store, {str(a), str(b)} | {str(r["list"]) for r in rows})
    grouped: dict[tuple[str, str], list[Evidence]] = {}
    for row in rows:
        key = (str(row["list"]), str(row["date"]))
        evidence = grouped.setdefault(key, [])
        text = f"both designated on {names.get(key[0], key[0])} on {key[1]}"
        if row["doc"] is not None and all(e.document != str(row["doc"]) for e in evidence):
            evidence.append(Evidence(str(row["doc"]), _text(row["title"]), _text(row["issued"]), None, text))
    return [
        Hop("same-designation", str(a), names.get(str(a), str(a)), str(b), names.get(str(b), str(b)), False, tuple(ev))
        for _key, ev in sorted(grouped.items())
    ]
