"""The claims check: each sanctions action an article reports, compared with the record.

supported     an action of record on the target agrees with every detail the text gives
contradicted  the record has actions on the target, but each disagrees on agency, list,
              legal basis or date (the reasons say which)
unverified    the record holds no action of that kind on the target (or the target is unknown)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.queries import get_query

# "Today" in an article dated the day after the action, time zones, weekly digests.
DATE_TOLERANCE = dt.timedelta(days=3)
_KINDS = {
    "designation": "https://w3id.org/sanctiongraph/ontology#Designation",
    "delisting": "https://w3id.org/sanctiongraph/ontology#Delisting",
    "amendment": "https://w3id.org/sanctiongraph/ontology#Amendment",
}

_REPORTED = """
PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
SELECT ?claim ?ra ?kind ?target ?agency ?list ?basis ?date ?quote ?document ?start WHERE {
  ?claim a kg:Claim ; kg:claimKind "reported-action" ; kg:about ?ra ; kg:statedIn ?document .
  ?ra a kg:ReportedAction ; kg:actionKind ?kind .
  OPTIONAL { ?ra kg:target ?target }
  OPTIONAL { ?ra kg:imposedBy ?agency }
  OPTIONAL { ?ra kg:onList ?list }
  OPTIONAL { ?ra kg:legalBasis ?basis }
  OPTIONAL { ?ra kg:actionDate ?date }
  OPTIONAL { ?claim kg:quote ?quote }
  OPTIONAL { ?claim kg:startOffset ?start }
}
"""

_ANCESTORS = """
PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
SELECT DISTINCT ?up WHERE { ?node (kg:subOrganizationOf|kg:partOf)* ?up }
"""


@dataclass
class ReportedAction:
    """One reported action as the text gives it (sets, since a sentence may name several)."""

    claim: URIRef
    node: URIRef
    kind: str
    document: URIRef
    quote: str = ""
    start: int = 0
    targets: set[URIRef] = field(default_factory=set)
    agencies: set[URIRef] = field(default_factory=set)
    lists: set[URIRef] = field(default_factory=set)
    bases: set[URIRef] = field(default_factory=set)
    dates: set[dt.date] = field(default_factory=set)


@dataclass
class RecordAction:
    iri: URIRef
    agency: URIRef | None
    list: URIRef | None
    basis: URIRef | None
    date: dt.date | None
    document: URIRef | None


@dataclass
class ClaimCheck:
    """The verdict on one reported action for one target, with reasons and the record compared."""

    claim: URIRef
    reported_action: URIRef
    document: URIRef
    quote: str
    target: URIRef | None
    verdict: str
    reasons: list[str]
    record: RecordAction | None = None


def reported_actions(store: GraphStore) -> list[ReportedAction]:
    """Every reported action in the store, grouped from the query's rows."""
    found: dict[URIRef, ReportedAction] = {}
    for row in store.select(_REPORTED):
        claim = URIRef(str(row["claim"]))
        item = found.setdefault(
            claim,
            ReportedAction(
                claim=claim,
                node=URIRef(str(row["ra"])),
                kind=str(row["kind"]),
                document=URIRef(str(row["document"])),
                quote=str(row["quote"] or ""),
                start=int(row["start"].toPython()) if row["start"] is not None else 0,
            ),
        )
        for attr, var in (
            ("targets", "target"),
            ("agencies", "agency"),
            ("lists", "list"),
            ("bases", "basis"),
        ):
            if row[var] is not None:
                getattr(item, attr).add(URIRef(str(row[var])))
        if isinstance(row["date"], Literal) and isinstance(row["date"].toPython(), dt.date):
            item.dates.add(row["date"].toPython())
    return sorted(found.values(), key=lambda r: (str(r.document), r.start))


def record_actions(store: GraphStore, target: URIRef, kind: str) -> list[RecordAction]:
    """Actions of record of one kind on the target's cluster."""
    query = get_query("actions_by_firm")
    actions: dict[URIRef, RecordAction] = {}
    for row in store.select(query.text, {"firm": target}):
        if str(row["kind"]) != _KINDS.get(kind):
            continue
        iri = URIRef(str(row["action"]))
        date = row["date"].toPython() if isinstance(row["date"], Literal) else None
        actions.setdefault(
            iri,
            RecordAction(
                iri=iri,
                agency=_iri(row["agency"]),
                list=_iri(row["list"]),
                basis=_iri(row["basis"]),
                date=date if isinstance(date, dt.date) else None,
                document=_iri(row["document"]),
            ),
        )
    return list(actions.values())


def _iri(value: object) -> URIRef | None:
    return URIRef(str(value)) if value is not None else None


class _Hierarchy:
    """Ancestors by kg:subOrganizationOf / kg:partOf, cached: BIS is part of Commerce, §1237 of the NDAA."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.cache: dict[URIRef, set[URIRef]] = {}

    def ancestors(self, node: URIRef) -> set[URIRef]:
        if node not in self.cache:
            rows = self.store.select(_ANCESTORS, {"node": node})
            self.cache[node] = {URIRef(str(r["up"])) for r in rows} | {node}
        return self.cache[node]

    def related(self, a: URIRef, b: URIRef) -> bool:
        return a in self.ancestors(b) or b in self.ancestors(a)


def conflicts(
    reported: ReportedAction, record: RecordAction, hierarchy: _Hierarchy, names: dict
) -> list[str]:
    """The details the text gives that the record action disagrees with (empty: it agrees)."""
    out = []
    checks = (("agency", reported.agencies, record.agency), ("list", reported.lists, record.list))
    for label, said, recorded in checks:
        if (
            said
            and recorded is not None
            and recorded not in said
            and not any(hierarchy.related(s, recorded) for s in said)
        ):
            out.append(
                f"{label}: the text says {_names(said, names)}; the record says {_name(recorded, names)}"
            )
    if (
        reported.bases
        and record.basis is not None
        and not any(hierarchy.related(b, record.basis) for b in reported.bases)
    ):
        out.append(
            f"legal basis: the text says {_names(reported.bases, names)}; the record says {_name(record.basis, names)}"
        )
    if (
        reported.dates
        and record.date is not None
        and all(abs(d - record.date) > DATE_TOLERANCE for d in reported.dates)
    ):
        said = ", ".join(sorted(d.isoformat() for d in reported.dates))
        out.append(f"date: the text says {said}; the record says {record.date.isoformat()}")
    return out


def _name(iri: URIRef, names: dict) -> str:
    return names.get(iri, str(iri))


def _names(iris: set[URIRef], names: dict) -> str:
    return " / ".join(sorted(_name(i, names) for i in iris))


def check_claims(store: GraphStore, *, target: URIRef | None = None) -> list[ClaimCheck]:
    """Check every reported action in the store (or those about one target's cluster)."""
    from sanctiongraph.analysis.labels import labels

    hierarchy = _Hierarchy(store)
    wanted = _cluster_records(store, target) if target is not None else None
    results = []
    for reported in reported_actions(store):
        targets = reported.targets or {None}
        for tgt in sorted(targets, key=str):
            if wanted is not None and (tgt is None or not (_cluster_records(store, tgt) & wanted)):
                continue
            records = record_actions(store, tgt, reported.kind) if tgt is not None else []
            iris = reported.agencies | reported.lists | reported.bases
            iris |= {x for r in records for x in (r.agency, r.list, r.basis) if x is not None}
            names = labels(store, [*iris, tgt])
            results.append(_verdict(reported, tgt, records, hierarchy, names))
    return results


def _verdict(
    reported: ReportedAction,
    target: URIRef | None,
    records: list[RecordAction],
    hierarchy: _Hierarchy,
    names: dict,
) -> ClaimCheck:
    base = dict(
        claim=reported.claim,
        reported_action=reported.node,
        document=reported.document,
        quote=reported.quote,
        target=target,
    )
    if target is None:
        return ClaimCheck(**base, verdict="unverified", reasons=["the text names no target we could resolve"])
    if not records:
        return ClaimCheck(
            **base,
            verdict="unverified",
            reasons=[f"the record holds no {reported.kind} of {_name(target, names)}"],
        )
    scored = sorted(
        ((conflicts(reported, r, hierarchy, names), r) for r in records),
        key=lambda pair: (len(pair[0]), _distance(reported, pair[1])),
    )
    best_conflicts, best = scored[0]
    if not best_conflicts:
        return ClaimCheck(**base, verdict="supported", reasons=["agrees with the record"], record=best)
    return ClaimCheck(**base, verdict="contradicted", reasons=best_conflicts, record=best)


def _distance(reported: ReportedAction, record: RecordAction) -> int:
    if not reported.dates or record.date is None:
        return 10**6
    return min(abs((d - record.date).days) for d in reported.dates)


def _cluster_records(store: GraphStore, iri: URIRef) -> set[URIRef]:
    rows = store.select(
        """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT DISTINCT ?record WHERE {
          { ?firm kg:member ?record } UNION { ?firm kg:canonical/kg:member ?record }
          UNION { BIND(?firm AS ?record) FILTER NOT EXISTS { ?firm a kg:Cluster } }
        }""",
        {"firm": iri},
    )
    return {URIRef(str(r["record"])) for r in rows}


def group_by_document(checks: list[ClaimCheck]) -> dict[URIRef, list[ClaimCheck]]:
    grouped: dict[URIRef, list[ClaimCheck]] = defaultdict(list)
    for check in checks:
        grouped[check.document].append(check)
    return dict(grouped)
