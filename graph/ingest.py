"""Loading: run a loader over a document and write its graph and provenance atomically."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from sanctiongraph.errors import SourceFormatError, UnexpectedCountsError
from sanctiongraph.graph.names import NameIndex, update_name_index
from sanctiongraph.graph.provenance import provenance_triples
from sanctiongraph.graph.releases import update_release_changes
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.terms import LoadedTriples
from sanctiongraph.loaders import get_loader
from sanctiongraph.loaders.base import LoadContext, Loader, SourceInfo
from sanctiongraph.ontology.ids import content_graph_iri, document_iri, meta_graph_iri

if TYPE_CHECKING:  # the article code is imported only by a load that asks for names
    from sanctiongraph.loaders.articles.lookup import ArticleNames

ProgressFactory = Callable[[str], Callable[[int, int | None], None]]
SIDECAR_SUFFIX = ".meta.json"


@dataclass
class LoadReport:
    """What one document's load did, for the CLI and for tests."""

    loader: str
    source: str
    document: URIRef
    graph: URIRef
    read: int
    loaded: int
    skipped: dict[str, int] = field(default_factory=dict)
    unmapped: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    published: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "loader": self.loader,
            "source": self.source,
            "document": str(self.document),
            "graph": str(self.graph),
            "read": self.read,
            "loaded": self.loaded,
            "skipped": self.skipped,
            "unmapped": self.unmapped,
            "triples": self.triples,
            "published": self.published.isoformat() if self.published else None,
        }


def sha256_of(paths: Sequence[Path]) -> str:
    """sha256 of a file, or of the sorted 'name:sha256' lines of a multi-file release."""
    digests = {}
    for path in paths:
        h = hashlib.sha256()
        try:
            with path.open("rb") as f:
                for chunk in iter(lambda f=f: f.read(1 << 20), b""):
                    h.update(chunk)
        except OSError as exc:
            raise SourceFormatError(f"cannot read: {exc.strerror}", path=str(path)) from exc
        digests[path.name] = h.hexdigest()
    if len(digests) == 1:
        return next(iter(digests.values()))
    lines = "".join(f"{name}:{digest}\n" for name, digest in sorted(digests.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def source_info(
    paths: Sequence[Path],
    *,
    published: dt.date | None = None,
    publisher: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> SourceInfo:
    """Describe a document: its hash, and what a fetch sidecar (file.meta.json) recorded."""
    sha = sha256_of(paths)
    sidecar = _read_sidecar(paths[0])
    retrieved = sidecar.get("retrieved_at")
    return SourceInfo(
        paths=list(paths),
        sha256=sha,
        iri=document_iri(sha),
        published=published,
        publisher=publisher,
        url=url or sidecar.get("url"),
        title=title,
        retrieved_at=dt.datetime.fromisoformat(retrieved)
        if retrieved
        else dt.datetime.fromtimestamp(paths[0].stat().st_mtime, dt.UTC),
    )


def _read_sidecar(path: Path) -> dict[str, Any]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        return json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceFormatError(f"unreadable fetch metadata: {exc}", path=str(sidecar)) from exc


def load_paths(
    store: GraphStore,
    loader_name: str,
    paths: Sequence[Path],
    *,
    published: dt.date | None = None,
    publisher: str | None = None,
    url: str | None = None,
    title: str | None = None,
    progress: ProgressFactory | None = None,
) -> list[LoadReport]:
    """Load every document the paths make up with one loader; each document is atomic."""
    with _collector_paused():
        return _load_paths(store, loader_name, paths, published, publisher, url, title, progress)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a load runs.

    A load holds hundreds of thousands of term tuples; each automatic full collection walks
    them all, which cost a third of the release diff and the name index update. Loads make
    few reference cycles, and collection resumes (with whatever they left) when this ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_paths(
    store: GraphStore,
    loader_name: str,
    paths: Sequence[Path],
    published: dt.date | None,
    publisher: str | None,
    url: str | None,
    title: str | None,
    progress: ProgressFactory | None,
) -> list[LoadReport]:
    loader = get_loader(loader_name)
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise SourceFormatError("no such file or folder", path=str(missing[0]))
    if loader_name != "reference":
        ensure_reference(store)
    documents = loader.documents(list(paths))
    if not documents:
        raise SourceFormatError(f"no files for loader {loader_name} in {', '.join(map(str, paths))}")
    reports = []
    for files in documents:
        info = source_info(files, published=published, publisher=publisher, url=url, title=title)
        report, content = _load_document(store, loader, info, progress)
        reports.append(report)
        # A new release changes its neighbours' diffs; its own content is compared from memory.
        update_release_changes(store, info.iri, {report.graph: content})
        store.flush()  # durable, and published to readers with its release diff
    return reports


def load_document(
    store: GraphStore,
    loader: Loader,
    source: SourceInfo,
    *,
    progress: ProgressFactory | None = None,
) -> LoadReport:
    """Run one loader over one document and replace its graph; on any error nothing is written."""
    report = _load_document(store, loader, source, progress)[0]
    store.flush()
    return report


def _load_document(
    store: GraphStore, loader: Loader, source: SourceInfo, progress: ProgressFactory | None
) -> tuple[LoadReport, LoadedTriples]:
    """load_document, also handing back the content triples written (for the release diff).

    It does not flush: the caller does once the document's release diff is written too, so
    readers are published one state with both (and a checkpoint is paid once, not twice)."""
    started = dt.datetime.now(dt.UTC)
    names: list[ArticleNames] = []

    def name_lookup() -> ArticleNames:
        """The store's names for an article's loader, asked of the on-disk index per text as
        `extract` asks them (never read whole: a load of an article costs what it names)."""
        if not names:
            from sanctiongraph.loaders.articles.extract import reference_names
            from sanctiongraph.loaders.articles.lookup import StoreNames

            names.append(StoreNames(NameIndex.from_store(store), reference_names()))
        return names[0]

    ctx = LoadContext(
        source,
        loader_name=loader.name,
        name_lookup=name_lookup,
        progress=progress(source.label) if progress else None,
    )
    loader.load(ctx)
    _check_counts(loader, ctx)
    if source.publisher is None:
        source.publisher = loader.publisher
    graph = content_graph_iri(source.sha256, loader.name, loader.version, started.strftime("%Y%m%dT%H%M%S%fZ"))
    meta = meta_graph_iri(source.sha256, loader.name, loader.version)
    prov = provenance_triples(
        source,
        loader_name=loader.name,
        loader_version=loader.version,
        document_kind=loader.document_kind,
        content_graph=graph,
        stats=ctx.stats,
        triples_loaded=len(ctx.ox_triples),
        started=started,
        ended=dt.datetime.now(dt.UTC),
    )
    store.write_document(content_graph=graph, content=ctx.ox_triples, meta_graph=meta, meta=prov + ctx.meta)
    # Right after the commit, from the triples in hand; lookups catch up if this is interrupted.
    content = LoadedTriples(ctx.ox_triples)  # grouped once, for the name index and the release diff
    update_name_index(store, loaded={graph: content})
    report = LoadReport(
        loader=loader.name,
        source=source.label,
        document=source.iri,
        graph=graph,
        read=ctx.stats.read,
        loaded=ctx.stats.loaded,
        skipped=dict(ctx.stats.skipped),
        unmapped=dict(ctx.stats.unmapped),
        triples=len(ctx.ox_triples),
        published=source.published,
    )
    return report, content


def _check_counts(loader: Loader, ctx: LoadContext) -> None:
    low, high = loader.expected_records
    read = ctx.stats.read
    path = ctx.source.label
    if read < low or (high is not None and read > high):
        bounds = f"{low}..{high}" if high is not None else f"at least {low}"
        raise UnexpectedCountsError(
            f"{loader.name} read {read} records, expected {bounds}; the source looks broken or changed shape",
            path=path,
        )
    if read and ctx.stats.loaded < loader.min_loaded_fraction * read:
        reasons = ", ".join(f"{r} ({n})" for r, n in ctx.stats.skipped.most_common(3))
        raise UnexpectedCountsError(
            f"only {ctx.stats.loaded} of {read} records loaded (skipped: {reasons}); nothing was written",
            path=path,
        )


def ensure_reference(store: GraphStore) -> None:
    """Load the packaged reference data (agencies, statutes, lists) if it is missing or changed."""
    from sanctiongraph.reference import reference_files

    loader = get_loader("reference")
    for path in reference_files():
        info = source_info([path], publisher="sanctiongraph (compiled from the public record)")
        if not store.content_graphs_of(meta_graph_iri(info.sha256, loader.name, loader.version)):
            _drop_stale_reference(store, path.name, loader)
            load_document(store, loader, info)


def _drop_stale_reference(store: GraphStore, file_name: str, loader: Loader) -> None:
    rows = store.select(
        """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?g ?m WHERE { GRAPH ?m { ?run kg:contentGraph ?g ; kg:loaderName ?name ; prov:used ?doc .
                                     ?doc kg:sourcePath ?file } }""",
        {"name": loader.name, "file": file_name},
    )
    store.drop_graphs([URIRef(str(r["g"])) for r in rows] + [URIRef(str(r["m"])) for r in rows])
