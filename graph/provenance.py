"""PROV-O description of a load: the document, the loader, the run, its counts and its graph."""

from __future__ import annotations

import datetime as dt
from itertools import count

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from sanctiongraph.loaders.base import LoadStats, SourceInfo, Triple
from sanctiongraph.ontology import KG, KGR


def _timestamp(value: dt.datetime) -> Literal:
    return Literal(value.isoformat(timespec="seconds"), datatype=XSD.dateTime)


def provenance_triples(
    source: SourceInfo,
    *,
    loader_name: str,
    loader_version: str,
    document_kind: str,
    content_graph: URIRef,
    stats: LoadStats,
    triples_loaded: int,
    started: dt.datetime,
    ended: dt.datetime,
) -> list[Triple]:
    """Triples for the meta graph of one load run."""
    doc = source.iri
    loader = KGR[f"loader/{loader_name}@{loader_version}"]
    run = KGR[f"run/{source.sha256[:16]}/{loader_name}@{loader_version}"]
    out: list[Triple] = [
        (doc, RDF.type, KG.SourceDocument),
        (doc, RDF.type, PROV.Entity),
        (doc, KG.sha256, Literal(source.sha256)),
        (doc, KG.documentKind, Literal(document_kind)),
        (loader, RDF.type, KG.Loader),
        (loader, KG.loaderName, Literal(loader_name)),
        (loader, KG.loaderVersion, Literal(loader_version)),
        (run, RDF.type, KG.LoadRun),
        (run, PROV.used, doc),
        (run, PROV.wasAssociatedWith, loader),
        (run, KG.loaderName, Literal(loader_name)),
        (run, KG.loaderVersion, Literal(loader_version)),
        (run, PROV.startedAtTime, _timestamp(started)),
        (run, PROV.endedAtTime, _timestamp(ended)),
        (run, KG.recordsRead, Literal(stats.read)),
        (run, KG.recordsLoaded, Literal(stats.loaded)),
        (run, KG.recordsSkipped, Literal(stats.skipped_total)),
        (run, KG.triplesLoaded, Literal(triples_loaded)),
        (run, KG.contentGraph, content_graph),
        (content_graph, PROV.wasDerivedFrom, doc),
        (content_graph, PROV.wasGeneratedBy, run),
        (content_graph, PROV.generatedAtTime, _timestamp(ended)),
    ]
    out += [(doc, KG.sourcePath, Literal(p.name)) for p in source.paths]
    optional = [
        (KG.sourceUrl, source.url),
        (KG.publisherName, source.publisher),
        (DCTERMS.title, source.title),
        (
            DCTERMS.issued,
            Literal(source.published.isoformat(), datatype=XSD.date) if source.published else None,
        ),
        (KG.retrievedAt, _timestamp(source.retrieved_at) if source.retrieved_at else None),
        (KG.releaseOf, source.release_of),
    ]
    out += [(doc, p, o if isinstance(o, Literal | URIRef) else Literal(o)) for p, o in optional if o is not None]
    out += _counted(run, "skipped", KG.skipped, KG.SkippedRecords, KG.skipReason, stats.skipped, stats.skip_examples)
    out += _counted(
        run, "unmapped", KG.unmapped, KG.UnmappedField, KG.fieldName, stats.unmapped, stats.unmapped_examples
    )
    return out


def _counted(
    run: URIRef,
    kind: str,
    link: URIRef,
    cls: URIRef,
    label: URIRef,
    counts: dict[str, int],
    examples: dict[str, str],
) -> list[Triple]:
    out: list[Triple] = []
    for n, (key, value) in zip(count(1), sorted(counts.items())):
        node = URIRef(f"{run}/{kind}/{n}")
        out += [
            (run, link, node),
            (node, RDF.type, cls),
            (node, label, Literal(key)),
            (node, KG.count, Literal(value)),
        ]
        if key in examples:
            out.append((node, KG.example, Literal(examples[key])))
    return out
