"""Human-readable labels and document descriptions for IRIs, fetched in one query each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from sanctiongraph.graph.store import GraphStore

_LABELS = """
PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
SELECT ?iri (SAMPLE(?n) AS ?name) WHERE {
  VALUES ?iri { %s }
  { ?iri kg:name ?n } UNION { ?iri kg:isoCode ?code FILTER NOT EXISTS { ?iri kg:name [] } BIND(UCASE(?code) AS ?n) }
} GROUP BY ?iri
"""

_DOCUMENTS = """
PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?sha ?kind ?publisher ?issued ?url ?title ?path ?loader ?version WHERE {
  VALUES ?doc { %s }
  ?doc kg:sha256 ?sha ; kg:documentKind ?kind .
  OPTIONAL { ?doc kg:publisherName ?publisher }
  OPTIONAL { ?doc dcterms:issued ?issued }
  OPTIONAL { ?doc kg:sourceUrl ?url }
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc kg:sourcePath ?path }
  OPTIONAL { ?run prov:used ?doc ; kg:loaderName ?loader ; kg:loaderVersion ?version }
}
"""


def _values(iris: Iterable[URIRef]) -> str:
    return " ".join(f"<{i}>" for i in sorted(set(iris)))


def labels(store: GraphStore, iris: Iterable[URIRef | None]) -> dict[URIRef, str]:
    """kg:name of each IRI that has one; others are left out."""
    wanted = [i for i in iris if isinstance(i, URIRef)]
    if not wanted:
        return {}
    rows = store.select(_LABELS % _values(wanted))
    return {URIRef(str(r["iri"])): str(r["name"]) for r in rows if r["name"] is not None}


@dataclass
class DocumentInfo:
    """How a report cites a source document."""

    iri: URIRef
    sha256: str
    kind: str
    publisher: str | None = None
    issued: str | None = None
    url: str | None = None
    title: str | None = None
    paths: tuple[str, ...] = ()
    loader: str | None = None

    def citation(self) -> str:
        parts = [self.title or ", ".join(self.paths) or "document"]
        if self.publisher:
            parts.append(self.publisher)
        parts.append(f"published {self.issued}" if self.issued else "publication date unknown")
        parts.append(f"{self.kind}")
        if self.loader:
            parts.append(f"loaded by {self.loader}")
        if self.url:
            parts.append(f"<{self.url}>")
        parts.append(f"sha256 {self.sha256[:16]}…")
        return "; ".join(parts)


def documents(store: GraphStore, iris: Iterable[URIRef]) -> dict[URIRef, DocumentInfo]:
    """Provenance of each source document, for footnotes."""
    wanted = list(iris)
    if not wanted:
        return {}
    found: dict[URIRef, DocumentInfo] = {}
    for row in store.select(_DOCUMENTS % _values(wanted)):
        doc = URIRef(str(row["doc"]))
        info = found.setdefault(doc, DocumentInfo(doc, str(row["sha"]), str(row["kind"])))
        for attr in ("publisher", "issued", "url", "title"):
            if row[attr] is not None and getattr(info, attr) is None:
                setattr(info, attr, str(row[attr]))
        if row["path"] is not None and str(row["path"]) not in info.paths:
            info.paths = tuple(sorted((*info.paths, str(row["path"]))))
        if row["loader"] is not None:
            info.loader = f"{row['loader']}@{row['version']}"
    return found
