"""Release history of official lists: what changed between consecutive dated releases.

A release is a source document that is kg:releaseOf a list and has a dcterms:issued date.
Consecutive releases are compared by the authority ids of their designations on the list:
ids that vanish become kg:Delisting nodes, ids whose names, aliases, programs or identifiers
changed become kg:Amendment nodes, and new ids get date bounds on their designation. Each
change set is its own named graph, replaced atomically and recomputed for the neighbours
whenever a release is loaded, in any order.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from sanctiongraph.errors import QueryError
from sanctiongraph.graph.release_entries import (
    AGENCY,
    DESIGNATION,
    LISTS,
    TARGET,
    VALUES,
    Entry,
    ReleaseIndex,
    changed_fields,
    forget_other_releases,
    release_entries,
    save_entries,
    saved_entries,
)
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG, KGR
from sanctiongraph.ontology.ids import derived_iri, reference_iri
from sanctiongraph.queries import get_query

if TYPE_CHECKING:  # only in annotations; importing the loaders costs readers (history) ~40 ms
    from sanctiongraph.loaders.base import Triple

log = logging.getLogger(__name__)
DIFF_LOADER = "release-diff"
DIFF_VERSION = "1"
PREFIXES = """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# Fields compared between releases, each a property path from the designation.
COMPARED_FIELDS = {
    "name": "kg:target/kg:name",
    "alias": "kg:target/(kg:alias|kg:previousName|kg:weakAlias)",
    "program": "kg:underProgram",
    "identifier": "kg:target/(kg:registrationNumber|kg:taxNumber|kg:isin|kg:leiCode|kg:imoNumber"
    "|kg:passportNumber|kg:idNumber|kg:ticker)",
}


@dataclass(frozen=True)
class Release:
    """One dated release of a list and the graph its loader wrote."""

    document: URIRef
    issued: dt.date
    graph: URIRef
    sha256: str
    kind: str = "official-list"  # the document's kg:documentKind


@dataclass
class ChangeSet:
    """Differences between two consecutive releases of one list."""

    list_iri: URIRef
    previous: Release
    current: Release
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    amended: dict[str, list[str]] = field(default_factory=dict)  # authority id -> changed fields

    @property
    def graph(self) -> URIRef:
        return change_graph_iri(self.previous.sha256, self.current.sha256)


def change_graph_iri(previous_sha: str, current_sha: str) -> URIRef:
    return KGR[f"graph/changes/{previous_sha[:16]}/{current_sha[:16]}"]


def change_meta_graph_iri(previous_sha: str, current_sha: str) -> URIRef:
    return KGR[f"graph/meta/changes/{previous_sha[:16]}/{current_sha[:16]}"]


# finding releases -------------------------------------------------------------------------


def releases(store: GraphStore, list_iri: URIRef) -> list[Release]:
    """The dated releases of a list, oldest first (undated releases cannot be placed)."""
    rows = store.select(
        PREFIXES
        + """SELECT ?doc ?issued ?graph ?sha ?kind WHERE { GRAPH ?m {
            ?doc kg:releaseOf ?list ; dcterms:issued ?issued ; kg:sha256 ?sha ; kg:documentKind ?kind .
            ?run prov:used ?doc ; kg:contentGraph ?graph ; kg:loaderName ?loader } }
            ORDER BY ?issued ?graph""",
        {"list": list_iri},
    )
    found: dict[URIRef, Release] = {}
    for row in rows:
        # The newest loader version's graph wins when a document was loaded twice.
        found[row["doc"]] = Release(
            row["doc"], row["issued"].toPython(), row["graph"], str(row["sha"]), str(row["kind"])
        )
    return sorted(found.values(), key=lambda r: (r.issued, str(r.document)))


def lists_of_document(store: GraphStore, document: URIRef) -> list[URIRef]:
    rows = store.select(
        PREFIXES + "SELECT DISTINCT ?list WHERE { GRAPH ?m { ?doc kg:releaseOf ?list } }", {"doc": document}
    )
    return [row["list"] for row in rows]


# comparing --------------------------------------------------------------------------------


def compare(
    list_iri: URIRef, previous: Release, current: Release, before: dict[str, Entry], after: dict[str, Entry]
) -> ChangeSet:
    """Added, removed and amended authority ids between two releases."""
    changes = ChangeSet(list_iri, previous, current)
    changes.added = sorted(after.keys() - before.keys(), key=_id_order)
    changes.removed = sorted(before.keys() - after.keys(), key=_id_order)
    # One comparison of the values per shared id; only the few that differ are sorted and split by field.
    changed = [key for key in before.keys() & after.keys() if before[key][VALUES] != after[key][VALUES]]
    for key in sorted(changed, key=_id_order):
        changes.amended[key] = changed_fields(before[key], after[key])
    return changes


def _id_order(key: str) -> tuple[int, str]:
    return (int(key), key) if key.isdigit() else (0, key)


# emitting ---------------------------------------------------------------------------------

# The change graph is built as pyoxigraph terms: the store writes them as they are, where rdflib
# terms would each be converted (a tenth of the diff of a 10 k-designation list).
_OX = {name: ox.NamedNode(str(term)) for name, term in {
    "type": RDF.type, "Delisting": KG.Delisting, "Amendment": KG.Amendment, "ends": KG.ends, "amends": KG.amends,
    "target": KG.target, "authorityId": KG.authorityId, "derived": PROV.wasDerivedFrom, "onList": KG.onList,
    "imposedBy": KG.imposedBy, "changedField": KG.changedField, "notBefore": KG.notBefore,
    "notAfter": KG.notAfter, "date": XSD.date,
}.items()}  # fmt: skip
OxTriple = tuple[Any, Any, Any]


def change_triples(changes: ChangeSet, before: dict[str, Entry], after: dict[str, Entry]) -> list[OxTriple]:
    """The change graph (pyoxigraph terms): date bounds of new designations, delistings and amendments."""
    out: list[OxTriple] = []
    bounds = _bounds(changes)
    for key in changes.added:
        # Only the date bounds: the designation itself is described by the release that has it.
        designation = ox.NamedNode(after[key][DESIGNATION])
        out += [(designation, p, o) for p, o in bounds]
    # Terms every action shares, built once.
    shared: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (_OX["derived"], ox.NamedNode(str(r.document))) for r in (changes.previous, changes.current)
    ]
    shared += bounds
    for key in changes.removed:
        out += _action(changes, before[key], KG.Delisting, key, _OX["ends"], shared)
    for key, fields in changes.amended.items():
        action = _action(changes, after[key], KG.Amendment, key, _OX["amends"], shared)
        node = action[0][0]
        out += action
        out += [(node, _OX["changedField"], ox.Literal(f)) for f in fields]
    return out


def _bounds(changes: ChangeSet) -> list[tuple[ox.NamedNode, ox.Literal]]:
    return [
        (_OX["notBefore"], ox.Literal(changes.previous.issued.isoformat(), datatype=_OX["date"])),
        (_OX["notAfter"], ox.Literal(changes.current.issued.isoformat(), datatype=_OX["date"])),
    ]


def _action_iri(changes: ChangeSet, kind: URIRef, key: str) -> URIRef:
    return derived_iri("action", "release-diff", key, str(kind), changes.previous.sha256, changes.current.sha256)


def _action(
    changes: ChangeSet,
    entry: Entry,
    kind: URIRef,
    key: str,
    link: ox.NamedNode,
    shared: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]],
) -> list[OxTriple]:
    """A delisting or an amendment: its type first. shared: (predicate, object) of every action."""
    action = ox.NamedNode(str(_action_iri(changes, kind, key)))
    out: list[OxTriple] = [
        (action, _OX["type"], _OX[kind.fragment]),
        (action, link, ox.NamedNode(entry[DESIGNATION])),
        (action, _OX["target"], ox.NamedNode(entry[TARGET])),
        (action, _OX["authorityId"], ox.Literal(key)),
    ]
    out += [(action, _OX["onList"], ox.NamedNode(on)) for on in sorted({*entry[LISTS], str(changes.list_iri)})]
    if entry[AGENCY] is not None:
        out.append((action, _OX["imposedBy"], ox.NamedNode(entry[AGENCY])))
    return out + [(action, p, o) for p, o in shared]


def change_meta_triples(changes: ChangeSet, records_compared: int) -> list[Triple]:
    """PROV of a change set: derived from both releases by the release-diff step."""
    previous, current = changes.previous, changes.current
    run = KGR[f"run/changes/{previous.sha256[:16]}/{current.sha256[:16]}"]
    now = Literal(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), datatype=XSD.dateTime)
    return [
        (run, RDF.type, KG.LoadRun),
        (run, KG.loaderName, Literal(DIFF_LOADER)),
        (run, KG.loaderVersion, Literal(DIFF_VERSION)),
        (run, KG.recordsRead, Literal(records_compared)),
        (run, KG.recordsLoaded, Literal(len(changes.added) + len(changes.removed) + len(changes.amended))),
        (run, KG.recordsSkipped, Literal(0)),
        (run, PROV.used, previous.document),
        (run, PROV.used, current.document),
        (run, KG.contentGraph, changes.graph),
        (run, PROV.endedAtTime, now),
        (changes.graph, PROV.wasDerivedFrom, previous.document),
        (changes.graph, PROV.wasDerivedFrom, current.document),
        (changes.graph, PROV.wasGeneratedBy, run),
        (changes.graph, DCTERMS.subject, changes.list_iri),
        (current.document, KG.previousRelease, previous.document),
        # Repeated from the releases' own meta graphs so this graph's documents are complete.
        *((r.document, KG.sha256, Literal(r.sha256)) for r in (previous, current)),
        *((r.document, KG.documentKind, Literal(r.kind)) for r in (previous, current)),
    ]


# updating the store -----------------------------------------------------------------------


class _Entries:
    """Entries of releases for one update, each computed once: from the triples a load holds
    (then kept in the sidecar), else from the sidecar, else by scans of the store (then kept)."""

    def __init__(self, store: GraphStore, loaded: Mapping[URIRef, Sequence[OxTriple]] | None) -> None:
        self._store, self._loaded = store, loaded or {}
        self._found: dict[tuple[URIRef, URIRef], dict[str, Entry]] = {}
        self._indexes: dict[URIRef, ReleaseIndex] = {}

    def __call__(self, release: Release, list_iri: URIRef) -> dict[str, Entry]:
        key = (release.graph, list_iri)
        if key not in self._found:
            graph, name = str(release.graph), str(list_iri)
            triples = self._loaded.get(release.graph)
            entries = None if triples is not None else saved_entries(self._store, graph, name)
            if entries is None:
                index = self._indexes.get(release.graph)
                if index is None:
                    index = self._indexes[release.graph] = ReleaseIndex(self._store, release, triples)
                entries = release_entries(self._store, release, list_iri, index=index)
                save_entries(self._store, graph, name, entries)
            self._found[key] = entries
        return self._found[key]


def diff_releases(
    store: GraphStore,
    list_iri: URIRef,
    previous: Release,
    current: Release,
    loaded: Mapping[URIRef, Sequence[OxTriple]] | None = None,
    *,
    entries: _Entries | None = None,
) -> ChangeSet:
    """Compare two releases and write their change graph (and its PROV) atomically.

    loaded: content triples (pyoxigraph terms) by graph that the caller holds in memory."""
    entries = entries or _Entries(store, loaded)
    before, after = entries(previous, list_iri), entries(current, list_iri)
    changes = compare(list_iri, previous, current, before, after)
    meta = change_meta_graph_iri(previous.sha256, current.sha256)
    store.write_derived(
        graph=changes.graph,
        content=change_triples(changes, before, after),
        meta_graph=meta,
        meta=change_meta_triples(changes, len(before) + len(after)),
    )
    return changes


def update_release_changes(
    store: GraphStore, document: URIRef, loaded: Mapping[URIRef, Sequence[OxTriple]] | None = None
) -> list[ChangeSet]:
    """After loading a release: recompute the change sets next to it and drop stale ones.

    Loading an older release between two others replaces their change set by two new ones.
    loaded: the content triples just written, by graph (pyoxigraph terms), so they are not read
    back; the release's entries are kept beside the store for the diff of the next release.
    """
    computed = []
    entries = _Entries(store, loaded)
    for list_iri in lists_of_document(store, document):
        history = releases(store, list_iri)
        if all(r.document != document for r in history):  # issue 13: say so at load time, not later
            log.warning(
                "%s was loaded as a release of %s without a date: it cannot be placed in time or compared "
                "with other releases (`changes` will find nothing); load it again with --published YYYY-MM-DD",
                document, list_iri,
            )  # fmt: skip
        forget_other_releases(store, str(list_iri), (str(r.graph) for r in history))
        pairs = list(pairwise(history))
        wanted = {change_graph_iri(a.sha256, b.sha256) for a, b in pairs}
        _drop_stale(store, list_iri, wanted)
        for previous, current in pairs:
            if document in (previous.document, current.document):
                computed.append(diff_releases(store, list_iri, previous, current, entries=entries))
        for release in history:  # the first release too: the next one is compared without reading it back
            if release.document == document and release.graph in (loaded or {}):
                entries(release, list_iri)
    return computed  # the caller flushes (and publishes) once the whole document is written


def _drop_stale(store: GraphStore, list_iri: URIRef, wanted: set[URIRef]) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT ?g ?m WHERE { GRAPH ?m { ?run kg:loaderName "release-diff" ; kg:contentGraph ?g .
            ?g dcterms:subject ?list } }""",
        {"list": list_iri},
    )
    stale = [(r["g"], r["m"]) for r in rows if r["g"] not in wanted]
    store.drop_graphs([g for pair in stale for g in pair])


def change_sets(store: GraphStore, list_iri: URIRef) -> list[dict[str, object]]:
    """Summary of every stored change set of a list: the two releases, their dates and counts."""
    rows = store.select(
        PREFIXES
        + """SELECT ?graph ?previous ?current ?since ?until WHERE {
            GRAPH ?m { ?run kg:loaderName "release-diff" ; kg:contentGraph ?graph .
                       ?graph dcterms:subject ?list . ?current kg:previousRelease ?previous }
            ?previous dcterms:issued ?since . ?current dcterms:issued ?until } ORDER BY ?until""",
        {"list": list_iri},
    )
    for row in rows:
        row.update(_counts_in_graph(store, row["graph"]))
    return rows


def _counts_in_graph(store: GraphStore, graph: URIRef) -> dict[str, int]:
    """Delistings, amendments, and new designations (the dated subjects that are neither)."""
    rows = store.select(
        PREFIXES
        + """SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s kg:notBefore ?day .
            OPTIONAL { ?s a ?class } } BIND(COALESCE(?class, kg:Designation) AS ?kind) } GROUP BY ?kind""",
        {"g": graph},
    )
    counts = {str(row["kind"]): int(row["n"].toPython()) for row in rows}
    names = {"added": KG.Designation, "removed": KG.Delisting, "amended": KG.Amendment}
    return {name: counts.get(str(cls), 0) for name, cls in names.items()}


# questions about time (the CLI commands' twins) -------------------------------------------


def list_iri_of(list_key: str) -> URIRef:
    """<list/KEY> for a list key such as us-ofac-sdn; a full IRI is taken as it is."""
    return URIRef(list_key) if "://" in list_key else reference_iri("list", list_key)


def _date(day: dt.date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def members_on(store: GraphStore, list_key: str, day: dt.date) -> list[dict[str, object]]:
    """Who was on a list on a day (named query members_on_date)."""
    query = get_query("members_on_date").text
    return store.select(query, {"list": list_iri_of(list_key), "date": _date(day)})


def changes_between(store: GraphStore, list_key: str, since: dt.date, until: dt.date) -> list[dict[str, object]]:
    """What was added to, removed from or amended on a list between two days."""
    if since >= until:
        raise QueryError(f"--since {since} must be before --until {until}")
    query = get_query("changes_between").text
    return store.select(query, {"list": list_iri_of(list_key), "since": _date(since), "until": _date(until)})


def resolve_firms(store: GraphStore, firm: str) -> list[URIRef]:
    """Nodes a firm IRI or exact name (or alias, any case) stands for; NotFoundError if none.

    Through the name index (analysis.lookup), not a scan of every name in the store."""
    from sanctiongraph.analysis.lookup import find_firms

    return find_firms(store, firm.strip())


def firm_history(store: GraphStore, firm: str) -> list[dict[str, object]]:
    """Every action of record on a firm (given by IRI or exact name), oldest first."""
    query = get_query("firm_history").text
    rows = []
    for node in resolve_firms(store, firm):
        rows += [{"firm": node, **row} for row in store.select(query, {"firm": node})]
    return rows


def release_overview(store: GraphStore, list_key: str | None = None) -> list[dict[str, object]]:
    """Every release in the store (of one list, or of all), with its date, graph and change counts."""
    rows = store.select(
        PREFIXES
        + """SELECT ?list ?document ?issued ?graph ?loader ?records WHERE { GRAPH ?m {
            ?document kg:releaseOf ?list . ?run prov:used ?document ; kg:contentGraph ?graph ;
            kg:loaderName ?loader ; kg:recordsLoaded ?records .
            OPTIONAL { ?document dcterms:issued ?issued } } } ORDER BY ?list ?issued""",
    )
    if list_key is not None:
        wanted = list_iri_of(list_key)
        rows = [row for row in rows if row["list"] == wanted]
    changes = {}
    for list_iri in {row["list"] for row in rows}:
        changes.update({str(c["current"]): c for c in change_sets(store, list_iri)})
    for row in rows:
        change = changes.get(str(row["document"]), {})
        row.update({k: change.get(k) for k in ("added", "removed", "amended")})
        row["previous"] = change.get("previous")
    return rows
