"""The list report: members on a day, changes since the previous release, groups of related members."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from rdflib import URIRef

from sanctiongraph.graph import releases
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.reports import common, status
from sanctiongraph.reports.model import Footnotes, Report, Row, Section, today_iso

_MEMBER_DOCS = (
    common.PREFIXES
    + """SELECT ?designation ?doc WHERE { VALUES ?designation { %s } ?designation prov:wasDerivedFrom ?doc .
    ?doc a kg:SourceDocument }"""
)
_GROUPS = (
    common.PREFIXES
    + """SELECT ?a ?b ?kind WHERE { VALUES ?a { %s } VALUES ?b { %s }
  { ?a kg:parentCompany ?b BIND("ownership" AS ?kind) }
  UNION { ?o a kg:Ownership ; kg:owner ?a ; kg:asset ?b BIND("ownership" AS ?kind) }
  UNION { ?r a kg:Relationship ; kg:subject ?a ; kg:object ?b BIND("affiliation" AS ?kind) }
  UNION { ?a kg:canonical ?c . ?b kg:canonical ?c FILTER(STR(?a) < STR(?b)) BIND("same-cluster" AS ?kind) } }"""
)

_KNOWN_FROM = {"release": "the latest release on or before the day", "events": "dated designation, not delisted"}


def _by_member(rows: list[dict]) -> dict[tuple[str, str, str], list[dict]]:
    """Designations grouped by the member's name and authority id, names in order."""
    grouped: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: (common.text(r.get("name")), str(r.get("target")))):
        basis = common.text(r.get("basis"))
        key = (common.text(r.get("name")), common.text(r.get("authority_id")), _KNOWN_FROM.get(basis, basis))
        grouped[key].append(r)
    return grouped


def build(store: GraphStore, list_key: str, *, on: dt.date | None = None, today: dt.date | None = None) -> Report:
    notes = Footnotes()
    list_iri = releases.list_iri_of(list_key)
    name = common.firm_name(store, list_iri)
    latest = status.latest_releases(store).get(str(list_iri))
    day = on or (dt.date.fromisoformat(latest.issued) if latest and latest.issued else dt.date.today())
    report = Report(
        "list",
        f"{name}: members on {day.isoformat()}",
        {"iri": str(list_iri), "name": name, "on": day.isoformat()},
        today_iso(today),
    )
    rows = releases.members_on(store, list_key, day)
    docs: dict[str, list] = defaultdict(list)
    if rows:
        values = " ".join(f"<{r['designation']}>" for r in rows if r.get("designation") is not None)
        if values:
            for r in store.select(_MEMBER_DOCS % values):
                docs[str(r["designation"])].append(r["doc"])
    members = Section(
        "members",
        f"Members on {day.isoformat()}",
        ["name", "authority id", "known from", "designations"],
        empty="no member on that day (or no release of this list on or before it)",
        note=(
            "A firm listed in several tranches (one row each in the source) is one line here. A firm counts "
            "from its designation until a removal the source records: one absent from a later edition with "
            "no recorded removal is still counted."
        ),
    )
    for (name, authority_id, known), group in _by_member(rows).items():
        cited = [d for r in group for d in docs.get(str(r.get("designation")), [])]
        members.rows.append(
            Row(
                {"name": name, "authority id": authority_id, "known from": known, "designations": str(len(group))},
                notes.cite(*cited),
                link=str(group[0]["target"]),
            )
        )
    changes = Section(
        "changes",
        "Changes since the previous release",
        ["change", "name", "authority id", "date"],
        empty="no change recorded (one release, or releases without dates)",
    )
    previous = _previous_release(store, list_iri, day)
    if previous is not None:
        for r in releases.changes_between(store, list_key, previous, day):
            changes.rows.append(
                Row(
                    {
                        "change": common.text(r["change"]),
                        "name": common.text(r["name"]),
                        "authority id": common.text(r["authority_id"]),
                        "date": common.text(r["date"]) or f"{r['not_before']} to {r['not_after']}",
                    },
                    link=str(r["target"]),
                )
            )
        changes.note = f"Between the release of {previous.isoformat()} and {day.isoformat()}."
    groups = _groups(
        store, [URIRef(str(r["target"])) for r in rows], {str(r["target"]): common.text(r.get("name")) for r in rows}
    )
    report.sections = [members, changes, groups]
    report.summary = [
        f"{len(members.rows)} member(s) on {day.isoformat()} ({len(rows)} designation(s))",
        f"{len(changes.rows)} change(s) since the previous release",
        f"{len(groups.rows)} group(s) of related members",
    ]
    if latest is not None and not latest.issued:
        report.summary.append(
            "the latest release of this list was loaded without a date: give --published when loading"
        )
    report.sources = common.sources(store, notes)
    return report


def _previous_release(store: GraphStore, list_iri: URIRef, day: dt.date) -> dt.date | None:
    dated = [r.issued for r in releases.releases(store, list_iri) if r.issued <= day]
    return dated[-2] if len(dated) >= 2 else None


def _groups(store: GraphStore, targets: list[URIRef], names: dict[str, str]) -> Section:
    """Members tied to each other (ownership, stated relationship, one resolved entity), as connected groups."""
    import networkx as nx

    section = Section(
        "groups",
        "Groups of related members",
        ["group", "members", "ties"],
        empty="no two members are tied by a relation of record",
    )
    if not targets or len(targets) > 3000:
        if targets:
            section.note = "too many members to group here; use `sanctiongraph ties`"
        return section
    values = " ".join(f"<{t}>" for t in targets)
    graph = nx.Graph()
    for r in store.select(_GROUPS % (values, values)):
        graph.add_edge(str(r["a"]), str(r["b"]), kind=str(r["kind"]))
    for number, component in enumerate(sorted(nx.connected_components(graph), key=len, reverse=True), 1):
        kinds = sorted({d["kind"] for _, _, d in graph.subgraph(component).edges(data=True)})
        section.rows.append(
            Row(
                {
                    "group": number,
                    "members": "; ".join(sorted(names.get(c, c) for c in component)),
                    "ties": ", ".join(kinds),
                }
            )
        )
    return section
