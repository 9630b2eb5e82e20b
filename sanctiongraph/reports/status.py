"""Where a firm is and is NOT listed, as of each list's latest loaded release.

A consolidated list carries other lists (the CSL carries the Entity List; OFAC's non-SDN list
carries NS-CMIC): the reference data says so with kg:includesList, and the release itself says
which of those lists it actually carries (it designates someone on them). A firm designated on a
carried list in a release of the consolidated list is listed on both. Releases loaded without a
publish date are dated by what the store knows (retrieval date, latest dated entry), and say
which date that is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rdflib import URIRef

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.reports.common import PREFIXES, local, text

_RELEASES = (
    PREFIXES
    + """SELECT ?list ?listName ?doc ?issued ?retrieved WHERE { GRAPH ?m { ?doc kg:releaseOf ?list }
  OPTIONAL { ?doc dcterms:issued ?issued } OPTIONAL { ?doc kg:retrievedAt ?retrieved }
  OPTIONAL { ?list kg:name ?listName } }"""
)
# Whether a release designates anyone on a list its list includes: an ASK stops at the first
# action, where reading every action of every release to find its lists costs a sixth of a second.
_CARRIES = PREFIXES + "ASK { ?a kg:onList ?list ; prov:wasDerivedFrom ?doc }"
_LIST_NAMES = PREFIXES + "SELECT ?list ?name WHERE { VALUES ?list { %s } ?list kg:name ?name }"
# Only for releases with neither a publish nor a retrieval date: the latest action date in them.
_LATEST = (
    PREFIXES
    + "SELECT ?doc (MAX(?day) AS ?latest) WHERE { VALUES ?doc { %s } ?a prov:wasDerivedFrom ?doc ; kg:actionDate ?day }"
    " GROUP BY ?doc"
)
_INCLUDES = PREFIXES + "SELECT ?parent ?child WHERE { ?parent kg:includesList ?child }"
_CARRIED_CACHE: dict[tuple[int, str, str], bool] = {}


@dataclass
class ListRelease:
    """A list's latest loaded release and what dates it: published, else retrieved."""

    list: str
    name: str
    document: str | None
    issued: str | None  # None: the release was loaded without a publish date
    retrieved: str | None = None  # the day the file was retrieved (kg:retrievedAt)
    latest_entry: str | None = None  # the latest action date in it, a lower bound (only for undated releases)
    carries: dict[str, str] = field(default_factory=dict)  # lists it designates on, by IRI, with names

    @property
    def rank(self) -> str:
        """Sort key among releases: the publish date, else the latest entry (a lower bound)."""
        return self.issued or self.latest_entry or ""

    def dated(self) -> str:
        """Which date this release is known by, said plainly; never an invented publish date."""
        if self.issued:
            return f"release of {self.issued}"
        parts = []
        if self.retrieved:
            parts.append(f"release retrieved {self.retrieved[:10]}")
        else:
            parts.append("release of unknown date")
        if self.latest_entry:  # only looked up when nothing else dates the release
            parts.append(f"no publish date loaded; latest dated entry {self.latest_entry[:10]}")
        else:
            parts.append("no publish date loaded")
        return f"{parts[0]} ({parts[1]})"


def latest_releases(store: GraphStore) -> dict[str, ListRelease]:
    """Each list's latest loaded release (undated releases rank last and say so)."""
    found: dict[str, ListRelease] = {}
    for row in store.select(_RELEASES):
        candidate = ListRelease(
            str(row["list"]),
            text(row["listName"]) or local(row["list"]),
            str(row["doc"]),
            text(row["issued"]) or None,
            text(row["retrieved"]) or None,
        )
        current = found.get(candidate.list)
        if current is None or (candidate.issued or "") > (current.issued or ""):
            found[candidate.list] = candidate
    return found


def _carried(store: GraphStore, releases: list[ListRelease], includes: dict[str, set[str]]) -> None:
    """Fill each release's carried lists: those its list includes (reference data) that the
    release designates anyone on. Cached: a document IRI is its content's sha256, so what it
    carries never changes. A release with no date at all gets its latest action date."""
    for release in releases:
        if not release.document:
            continue
        for child in sorted(includes.get(release.list, ())):
            key = (id(store), release.document, child)
            if key not in _CARRIED_CACHE:
                _CARRIED_CACHE[key] = store.ask(_CARRIES, {"list": URIRef(child), "doc": URIRef(release.document)})
            if _CARRIED_CACHE[key]:
                release.carries[child] = ""
    wanted = sorted({iri for r in releases for iri in r.carries})
    if wanted:
        rows = store.select(_LIST_NAMES % " ".join(f"<{x}>" for x in wanted))
        names = {str(r["list"]): text(r["name"]) for r in rows}
        for release in releases:
            release.carries = {iri: names.get(iri) or local(iri) for iri in release.carries}
    undated = [r for r in releases if r.document and not r.issued and not r.retrieved]
    if undated:
        query = _LATEST % " ".join(f"<{r.document}>" for r in undated)
        latest = {str(r["doc"]): text(r["latest"]) for r in store.select(query)}
        for release in undated:
            release.latest_entry = latest.get(str(release.document)) or None


def included_lists(store: GraphStore) -> dict[str, set[str]]:
    """Which lists each consolidated list includes: the store's reference data, else the packaged one."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_INCLUDES):
        found[str(row["parent"])].add(str(row["child"]))
    for parent, child in _packaged_includes():  # a store loaded before the hierarchy was written
        found[parent].add(child)
    return found


@cache
def _packaged_includes() -> tuple[tuple[str, str], ...]:
    import pyoxigraph as ox

    from sanctiongraph.reference import reference_files

    predicate = ox.NamedNode("https://w3id.org/sanctiongraph/ontology#includesList")
    pairs = []
    for path in reference_files():
        quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri="https://w3id.org/sanctiongraph/id/")
        pairs += [(q.subject.value, q.object.value) for q in quads if q.predicate == predicate]
    return tuple(pairs)


@dataclass
class ListStatus:
    list: str
    name: str
    listed: bool
    as_of: str | None  # the release's publish date (None: undated release, or no release loaded)
    release: str | None  # the release document
    evidence: list[str]  # documents of the designations that make it listed
    note: str = ""
    dated: str = ""  # which date the release is known by ("release retrieved 2025-12-04 (...)")
    same_name: list[str] = field(default_factory=list)  # records outside the entity, same name, listed

    @property
    def word(self) -> str:
        """What a reader is told: never "NOT listed" while a same-named record is listed there."""
        if self.listed:
            return "listed"
        return "unresolved" if self.same_name else "NOT listed"


_SAME_NAME_LISTED = (
    PREFIXES
    + """SELECT DISTINCT ?record ?name ?list ?doc WHERE { VALUES ?record { %s }
  ?a kg:target ?record ; kg:onList ?list ; prov:wasDerivedFrom ?doc ; a kg:Designation .
  OPTIONAL { ?record kg:name ?name } }"""
)


def flag_same_names(store: GraphStore, statuses: list[ListStatus], names: list[str], records: set[str]) -> None:
    """Mark "NOT listed" lines where a record with one of the firm's exact names is listed in that
    release but resolution left it outside the entity: such a line must not read as "not listed".
    """
    from sanctiongraph.graph.names import NameIndex

    index = NameIndex.from_store(store)
    others = {str(e.entity) for n in set(names) for e in index.lookup(n)} - records
    if not others or not any(not s.listed and s.release for s in statuses):
        return
    hits = store.select(_SAME_NAME_LISTED % " ".join(f"<{r}>" for r in sorted(others)))
    for st in statuses:
        if st.listed or not st.release:
            continue
        for row in hits:
            if str(row["doc"]) == st.release and str(row["list"]) == st.list:
                label = text(row["name"]) or local(row["record"])
                if label not in st.same_name:
                    st.same_name.append(label)


def list_status(store: GraphStore, actions: list[dict[str, Any]]) -> list[ListStatus]:
    """Where the firm is and is NOT listed as of the latest loaded release that covers each list.

    Listed on L as of release D: a designation on L, or on a list L includes, derived from D and
    not undone by a delisting dated after it and on or before D's date (event-based lists such as
    the DoD ones carry both in one document). A list is covered by its own release and by the
    releases that carry it (NS-CMIC in the OFAC consolidated release); its own release wins, else
    the latest by date.
    """
    designations, delistings = _by_list(actions)
    releases = list(latest_releases(store).values())
    includes = included_lists(store)
    _carried(store, releases, includes)
    cover: dict[str, ListRelease] = {}
    names: dict[str, str] = {}
    for release in sorted(releases, key=lambda r: r.rank):
        names[release.list] = release.name
        for iri, name in release.carries.items():
            names.setdefault(iri, name)
            if iri != release.list and cover.get(iri, release).list != iri:  # own release wins
                cover[iri] = release
        cover[release.list] = release
    statuses = {}
    for iri, release in cover.items():
        found = _status(iri, names[iri], release, includes.get(iri, set()), names, designations, delistings)
        for other in releases:  # other releases carrying the list that disagree are said, not hidden
            if other is release or (other.list != iri and iri not in other.carries):
                continue
            second = _status(iri, names[iri], other, includes.get(iri, set()), names, designations, delistings)
            if second.listed != found.listed:
                word = "listed" if second.listed else "not listed"
                found.note = "; ".join(x for x in (found.note, f"{word} in the {other.name} {other.dated()}") if x)
                found.evidence += [e for e in second.evidence if e not in found.evidence]
        statuses[iri] = found
    for list_iri, rows in designations.items():  # lists with actions but no loaded release
        if list_iri not in statuses:
            statuses[list_iri] = _without_release(list_iri, rows, delistings)
    return sorted(statuses.values(), key=lambda s: (not s.listed, s.name))


def _by_list(actions: list[dict[str, Any]]) -> tuple[dict[str, list], dict[str, list]]:
    designations: dict[str, list] = defaultdict(list)
    delistings: dict[str, list] = defaultdict(list)
    for row in actions:
        if row.get("list") is None:
            continue
        kind = local(row["kind"])
        if kind == "Designation":
            designations[str(row["list"])].append(row)
        elif kind == "Delisting":
            delistings[str(row["list"])].append(row)
    return designations, delistings


def _status(
    list_iri: str,
    name: str,
    release: ListRelease,
    children: set[str],
    names: dict[str, str],
    designations: dict[str, list],
    delistings: dict[str, list],
) -> ListStatus:
    via: dict[str, list] = {}
    for member in (list_iri, *sorted(children)):
        hits = [
            d
            for d in designations.get(member, [])
            if str(d.get("document")) == release.document and not _undone(d, delistings.get(member, []), release)
        ]
        if hits:
            via[member] = hits
    notes = []
    if set(via) - {list_iri}:
        notes.append("on it through " + ", ".join(names.get(c, local(c)) for c in via if c != list_iri))
    if release.list != list_iri:
        notes.append(f"as carried by the {release.name} release")
    if not release.issued:
        notes.append("this release was loaded without a publish date")
    return ListStatus(
        list_iri,
        name,
        bool(via),
        release.issued,
        release.document,
        sorted({str(d["document"]) for hits in via.values() for d in hits}),
        "; ".join(notes),
        release.dated(),
    )


def _without_release(list_iri: str, rows: list[dict[str, Any]], delistings: dict[str, list]) -> ListStatus:
    live = [d for d in rows if not _undone(d, delistings.get(list_iri, []), None)]
    return ListStatus(
        list_iri,
        text(rows[0].get("listName")) or local(list_iri),
        bool(live),
        None,
        None,
        sorted({str(d["document"]) for d in rows if d.get("document")}),
        "no release of this list is loaded",
        "no release loaded",
    )


def _undone(designation: dict[str, Any], delistings: list[dict[str, Any]], release: ListRelease | None) -> bool:
    start = str(designation.get("date") or "")
    for delisting in delistings:
        day = str(delisting.get("date") or delisting.get("notAfter") or "")
        if day and day >= start and (release is None or not release.issued or day <= release.issued):
            return True
    return False
