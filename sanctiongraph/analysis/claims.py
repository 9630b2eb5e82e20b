"""The claims check: each sanctions action an article reports, compared with the record.

Verdicts, graded (ontology: kg:Verdict terms):
supported                  an action of record on the target agrees with every detail the text gives
supported, different date  the same action of record (same agency or list, same kind) carries
                           another date: an announcement against the Federal Register date
contradicted               the record of that same agency or list has actions on the target,
                           and each disagrees on agency, list, legal basis or date (the reasons say which)
unverified                 no record of that agency or list is loaded, the record holds no action
                           of that kind on the target, the kind has no record (indictments, court
                           injunctions, executive orders), or the target is unknown

Only the record of the agency or list the text names can contradict it: a BIS listing says
nothing about an FCC designation. When the firm the article resolved to has no action of that
agency or list (one list's record of it, before `resolve run` merged them), the records that bear
its very name (the CLI's exact name lookup) are searched too, unless they name more than one legal
entity (records of that name in different countries): then the claim stays unverified and says why.
A correction notice dates the correction, never the listing it corrects: it contradicts nothing.
A court's vacatur matches the delisting whose reason cites the court's order; a section of an
executive order that adopts a list (EO 13959 §4(a)(ii) takes the Section 1237 list) matches
designations on that list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.queries import get_query

# "Today" in an article dated the day after the action, time zones, weekly digests.
DATE_TOLERANCE = dt.timedelta(days=3)
# An announcement and its Federal Register publication: the same action, dated otherwise.
SAME_ACTION_WINDOW = dt.timedelta(days=45)
SUPPORTED = "supported"
SUPPORTED_OTHER_DATE = "supported, different date"
CONTRADICTED = "contradicted"
UNVERIFIED = "unverified"
_LAW = "https://w3id.org/sanctiongraph/id/law/us/"
_LIST = "https://w3id.org/sanctiongraph/id/list/"
# Sections of executive orders that adopt a list compiled under another authority: section
# 4(a)(ii) of EO 13959 covers the firms the Secretary of Defense lists under Section 1237.
ADOPTED_LISTS = {
    URIRef(_LAW + "eo/13959/s4"): {URIRef(_LIST + "us-dod-1237"), URIRef(_LAW + "pl/105/261/s1237")},
}
# A notice correcting entries already listed ("correcting amendments", "to correct three errors").
_CORRECTION = re.compile(r"\bcorrect(?:ing|ion|ions|s|ed)?\b", re.I)
# Words of a delisting's recorded reason that cite a court's order.
_COURT_WORDS = ("court", "d.d.c", "vacat", "order", "v. ")
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
    """One action of record, as the claims check compares it."""

    iri: URIRef
    agency: URIRef | None
    list: URIRef | None
    basis: URIRef | None
    date: dt.date | None
    document: URIRef | None
    reason: str | None = None
    namesake: URIRef | None = None  # found on another record bearing the target's name


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
    official: bool = False  # the article is an official document of the agency it reports on


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
                reason=str(row["reason"]) if row["reason"] is not None else None,
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


def conflicts(reported: ReportedAction, record: RecordAction, hierarchy: _Hierarchy, names: dict) -> list[str]:
    """The details the text gives that the record action disagrees with (empty: it agrees)."""
    out = []
    court = any(_is_court(a, names) for a in reported.agencies)
    if court and record.reason and any(w in record.reason.lower() for w in _COURT_WORDS):
        agencies: set[URIRef] = set()  # the court ordered it; the listing agency carried it out
    else:
        agencies = reported.agencies
    checks = (("agency", agencies, record.agency), ("list", reported.lists, record.list))
    for label, said, recorded in checks:
        if (
            said
            and recorded is not None
            and recorded not in said
            and not any(hierarchy.related(s, recorded) for s in said)
        ):
            out.append(f"{label}: the text says {_names(said, names)}; the record says {_name(recorded, names)}")
    adopted = {x for b in reported.bases for x in ADOPTED_LISTS.get(b, ())}
    if (
        reported.bases
        and record.basis is not None
        and not any(hierarchy.related(b, record.basis) for b in reported.bases)
        and not any(hierarchy.related(a, record.basis) or a == record.list for a in adopted)
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
    loaded = _Loaded(store)
    official = _official_documents(store)
    wanted = _cluster_records(store, target) if target is not None else None
    results = []
    for reported in reported_actions(store):
        targets = reported.targets or {None}
        for tgt in sorted(targets, key=str):
            if wanted is not None and (tgt is None or not (_cluster_records(store, tgt) & wanted)):
                continue
            records = record_actions(store, tgt, reported.kind) if tgt is not None else []
            note = None
            if tgt is not None and reported.kind in _KINDS and not _speaks_to(reported, records, hierarchy, store):
                extra, note = namesake_records(store, tgt, reported.kind)
                records = records + extra
            iris = reported.agencies | reported.lists | reported.bases
            iris |= {x for r in records for x in (r.agency, r.list, r.basis, r.namesake) if x is not None}
            names = labels(store, [*iris, tgt])
            check = _not_by_a_correction(reported, _verdict(reported, tgt, records, hierarchy, names, loaded))
            if note and (check.record is None or check.record.namesake is not None):
                check.reasons.append(note)
            elif check.record is not None and check.record.namesake is not None:
                check.reasons.append(f"found on {_name(check.record.namesake, names)}, a record of the same name")
            check.official = reported.document in official
            results.append(check)
    return results


def _not_by_a_correction(reported: ReportedAction, check: ClaimCheck) -> ClaimCheck:
    """A correction notice's dates and wording are the correction's: the listing it corrects
    stands whatever the notice says of it, so the notice contradicts nothing."""
    if check.verdict == CONTRADICTED and _CORRECTION.search(reported.quote):
        check.verdict = UNVERIFIED
        check.reasons.append("a correction notice: it amends entries, it does not date or make the listing")
    return check


def _speaks_to(reported: ReportedAction, records: list[RecordAction], hierarchy: _Hierarchy, store: GraphStore) -> bool:
    """Whether the target's own records hold an action of the agency or list the text names."""
    from sanctiongraph.analysis.labels import labels

    authorities = _authorities(reported)
    courts = {a for a in authorities if _is_court(a, labels(store, list(authorities)))}
    authorities -= courts
    if not authorities:
        return bool(records)
    return any(_same_authority(r, authorities, hierarchy) for r in records)


_COUNTRIES = """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
SELECT ?r ?c WHERE { VALUES ?r { %s } { ?r kg:member/kg:country ?c } UNION { ?r kg:country ?c } }"""
_OWN_NAMES = """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
SELECT DISTINCT ?n WHERE { { ?t kg:name ?n } UNION { ?t kg:member/kg:name ?n } }"""


def namesake_records(store: GraphStore, target: URIRef, kind: str) -> tuple[list[RecordAction], str | None]:
    """Actions of record on other firms bearing the target's very name (exact key, held as a name),
    with a note when they are left out because they name several legal entities."""
    from sanctiongraph.analysis.lookup import lookup_name

    others: set[URIRef] = set()
    for row in store.select(_OWN_NAMES, {"t": target}):
        found = lookup_name(store, str(row["n"]))
        if found.how == "exact":
            others |= {e.entity for e in found.entries if e.kind == "firm" and e.via == "name"}
    others.discard(target)
    others -= _cluster_records(store, target)
    if not others:
        return [], None
    countries = _countries(store, {target, *others})
    mine = countries.get(target, set())
    # A record in another country is another legal entity ("Huawei Cloud Brazil" is not Huawei
    # China); a name is shared by one legal entity only when no two records disagree on it.
    kept = {o for o in others if not (mine and countries.get(o) and not (mine & countries[o]))}
    seen = [countries[o] for o in kept | {target} if countries.get(o)]
    if any(not (a & b) for a in seen for b in seen):
        return [], "records of that name are in different countries: which one the text means is unclear"
    found = []
    for other in sorted(kept, key=str):
        for record in record_actions(store, other, kind):
            record.namesake = other
            found.append(record)
    return found, None


def _countries(store: GraphStore, nodes: set[URIRef]) -> dict[URIRef, set[str]]:
    out: dict[URIRef, set[str]] = defaultdict(set)
    for row in store.select(_COUNTRIES % " ".join(f"<{n}>" for n in nodes)):
        out[URIRef(str(row["r"]))].add(str(row["c"]))
    return out


def _official_documents(store: GraphStore) -> set[URIRef]:
    """Articles the loader marked as an agency's own document (a statement of the agency, not the record)."""
    rows = store.select(
        """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT DISTINCT ?doc WHERE { ?doc kg:officialVoiceOf ?agency }"""
    )
    return {URIRef(str(r["doc"])) for r in rows}


def _verdict(
    reported: ReportedAction,
    target: URIRef | None,
    records: list[RecordAction],
    hierarchy: _Hierarchy,
    names: dict,
    loaded: _Loaded | None = None,
) -> ClaimCheck:
    base = dict(
        claim=reported.claim,
        reported_action=reported.node,
        document=reported.document,
        quote=reported.quote,
        target=target,
    )
    if target is None:
        return ClaimCheck(**base, verdict=UNVERIFIED, reasons=["the text names no target we could resolve"])
    if reported.kind not in _KINDS:
        return ClaimCheck(**base, verdict=UNVERIFIED, reasons=[f"no record holds actions of the kind {reported.kind}"])
    # A court keeps no list: its order is carried out by the agency that keeps one.
    authorities = {a for a in _authorities(reported) if not _is_court(a, names)}
    same_event = _misattribution(reported, records, hierarchy, names)
    if loaded is not None and authorities and not any(loaded.has(a, hierarchy) for a in authorities):
        # No record of that agency or list: it can only be contradicted by the same event on
        # record under another authority on the very date the text gives (a misattribution).
        if same_event is not None:
            return ClaimCheck(**base, verdict=CONTRADICTED, reasons=same_event[0], record=same_event[1])
        said = _names(authorities, names)
        return ClaimCheck(**base, verdict=UNVERIFIED, reasons=[f"no record of {said} is loaded"])
    if authorities:  # only the record of the agency or list the text names can speak to it
        own = [r for r in records if _same_authority(r, authorities, hierarchy)]
        if not own and same_event is not None:  # that list lacks it; another has it that very day
            return ClaimCheck(**base, verdict=CONTRADICTED, reasons=same_event[0], record=same_event[1])
        records = own
    if not records:
        return ClaimCheck(
            **base,
            verdict=UNVERIFIED,
            reasons=[f"the record holds no {reported.kind} of {_name(target, names)}"
                     + (f" by {_names(authorities, names)}" if authorities else "")],
        )  # fmt: skip
    scored = sorted(
        ((conflicts(reported, r, hierarchy, names), r) for r in records),
        key=lambda pair: (len(pair[0]), _distance(reported, pair[1]), _record_order(pair[1])),
    )
    best_conflicts, best = scored[0]
    if not best_conflicts:
        return ClaimCheck(**base, verdict=SUPPORTED, reasons=["agrees with the record"], record=best)
    date_only = all(c.startswith("date:") for c in best_conflicts)
    if date_only and _distance(reported, best) <= SAME_ACTION_WINDOW.days:
        return ClaimCheck(**base, verdict=SUPPORTED_OTHER_DATE, reasons=best_conflicts, record=best)
    if date_only and not (reported.lists or _authorities(reported) - set(reported.agencies)):
        # The text names no list: a designation of record far from its date may be another
        # action (another list of the same agency), which says nothing against this one.
        reasons = [*best_conflicts, "the text names no list to tell whether this is the same action"]
        return ClaimCheck(**base, verdict=UNVERIFIED, reasons=reasons, record=best)
    return ClaimCheck(**base, verdict=CONTRADICTED, reasons=best_conflicts, record=best)


def _misattribution(
    reported: ReportedAction, records: list[RecordAction], hierarchy: _Hierarchy, names: dict
) -> tuple[list[str], RecordAction] | None:
    """An action of record of the same kind on the target within days of the text's date, whose
    agency or list the text names otherwise: the reasons and that record."""
    near = [r for r in records if _distance(reported, r) <= DATE_TOLERANCE.days]
    if not near:
        return None
    best = min(near, key=lambda r: (_distance(reported, r), _record_order(r)))
    reasons = conflicts(reported, best, hierarchy, names)
    return (reasons, best) if reasons else None


def _authorities(reported: ReportedAction) -> set[URIRef]:
    """The agencies and lists the text names (an adopting order section stands for the list it adopts)."""
    adopted = {x for b in reported.bases for x in ADOPTED_LISTS.get(b, ()) if str(x).startswith(_LIST)}
    return set(reported.agencies) | set(reported.lists) | adopted


def _same_authority(record: RecordAction, authorities: set[URIRef], hierarchy: _Hierarchy) -> bool:
    return any(
        x is not None and any(hierarchy.related(x, a) for a in authorities) for x in (record.agency, record.list)
    )


def _is_court(agency: URIRef, names: dict) -> bool:
    return "court" in str(names.get(agency, "")).lower() or str(agency).endswith(("/us-dcd", "-court"))


class _Loaded:
    """Which agencies and lists have any action of record in the store (cached)."""

    _QUERY = """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
    SELECT DISTINCT ?x WHERE { VALUES ?kind { kg:Designation kg:Delisting kg:Amendment }
      ?a a ?kind . { ?a kg:imposedBy ?x } UNION { ?a kg:onList ?x } }"""

    def __init__(self, store: GraphStore) -> None:
        self.present = {URIRef(str(r["x"])) for r in store.select(self._QUERY)}

    def has(self, authority: URIRef, hierarchy: _Hierarchy) -> bool:
        return authority in self.present or any(hierarchy.related(authority, p) for p in self.present)


def _record_order(record: RecordAction) -> tuple[str, str]:
    """Ties between equally good records (two files of one list) go the same way in every run;
    the store gives them in no fixed order, so without this the cited source changed between runs."""
    return (str(record.document or ""), str(record.iri))


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
