"""The resolution in the store: read records from the source graphs, write one resolution graph.

Graph shape (queries rely on it): ``?cluster a kg:Cluster ; kg:name "best name" ; kg:member ?rec``
and ``?rec kg:canonical ?cluster``, plus one ``kg:MatchDecision`` per decided pair, all in
RESOLUTION_GRAPH; the run's PROV goes to RESOLUTION_META_GRAPH. Source graphs are never touched,
so dropping these two graphs undoes the resolution.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV, XSD
from rigour.names import pick_name

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG, KGR
from sanctiongraph.resolution.normalize import EntityKind, identifier_key
from sanctiongraph.resolution.pipeline import Decision, ResolutionResult
from sanctiongraph.resolution.scoring import Record, TokenStats

RESOLUTION_GRAPH = KGR["graph/resolution"]
RESOLUTION_META_GRAPH = KGR["graph/meta/resolution"]
LOADER_NAME = "resolution"
LOADER_VERSION = "1"

KIND_BY_CLASS = {
    "Company": EntityKind.firm,
    "Organization": EntityKind.firm,
    "GovernmentAgency": EntityKind.firm,
    "Person": EntityKind.person,
    "Vessel": EntityKind.vessel,
}
IDENTIFIER_SCHEMES = {
    "leiCode": "lei",
    "isin": "isin",
    "imoNumber": "imo",
    "registrationNumber": "registration",
    "taxNumber": "tax",
    "passportNumber": "passport",
}
_KG = str(KG._NS)
# Publishers whose record keys are entity IDs (OFAC ent_nums, UN reference numbers): our
# loaders mint <kind>/<publisher>/<id> from them, and two IDs are two entities.
AUTHORITY_IRI = re.compile(r"/id/[a-z-]+/(us-ofac|un-sc)/([^/]+)$")

_RECORDS_QUERY = f"""
PREFIX kg: <{_KG}>
SELECT ?record ?class ?p ?value WHERE {{
  VALUES ?class {{ {" ".join(f"kg:{c}" for c in KIND_BY_CLASS)} }}
  ?record a ?class .
  VALUES ?p {{ kg:name kg:alias kg:previousName kg:acronym kg:country kg:jurisdiction kg:nationality
              kg:birthDate kg:address {" ".join(f"kg:{p}" for p in IDENTIFIER_SCHEMES)} }}
  ?record ?p ?value .
}}
"""
_NAME_PROPERTIES = {"name", "alias", "previousName", "acronym"}
_COUNTRY_PROPERTIES = {"country", "jurisdiction", "nationality"}


@dataclass
class _Draft:
    kinds: set[EntityKind] = field(default_factory=set)
    names: dict[str, None] = field(default_factory=dict)
    identifiers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    countries: set[str] = field(default_factory=set)
    birth_dates: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)


def read_records(store: GraphStore, iris: list[str] | None = None) -> list[Record]:
    """Every firm, person, agency and vessel in the union of the source graphs, with its
    evidence (or only those of the IRIs given)."""
    drafts: dict[str, _Draft] = defaultdict(_Draft)
    query = _RECORDS_QUERY
    if iris is not None:
        values = " ".join(f"<{iri}>" for iri in iris)
        query = query.replace("  ?record a ?class .", f"  VALUES ?record {{ {values} }}\n  ?record a ?class .")
    for row in store.select(query):
        draft = drafts[str(row["record"])]
        draft.kinds.add(KIND_BY_CLASS[str(row["class"]).rsplit("#", 1)[-1]])
        _add_value(draft, str(row["p"]).rsplit("#", 1)[-1], row["value"])
    listed = _rows_on_distinct_lists(store)
    return [_record(iri, d, listed.get(iri)) for iri, d in sorted(drafts.items()) if d.names]


# Lists whose rows are distinct entities by the publisher's word, for records minted per row
# (the CSL's Entity List rows: two rows are two entries, "Huawei Technical Service Co., Ltd." and
# "Huawei Technologies Service Co., Ltd., Langfang"). Not the CSL's other sources: one firm
# appears on several of them.
DISTINCT_ROW_LISTS = ("us-bis-entity-list",)
_LISTED_QUERY = f"""
PREFIX kg: <{_KG}>
SELECT ?record ?list WHERE {{
  VALUES ?list {{ {" ".join(f"<{KGR[f'list/{key}']}>" for key in DISTINCT_ROW_LISTS)} }}
  ?action kg:onList ?list ; kg:target ?record .
}}
"""


def _rows_on_distinct_lists(store: GraphStore) -> dict[str, str]:
    """record IRI -> "<list>:<row id>" for the rows of DISTINCT_ROW_LISTS."""
    found = {}
    for row in store.select(_LISTED_QUERY):
        iri = str(row["record"])
        if "/us-csl/" in iri:
            found[iri] = f"{str(row['list']).rsplit('/', 1)[-1]}:{iri.rsplit('/', 1)[-1]}"
    return found


_RELATED_QUERY = f"PREFIX kg: <{_KG}> SELECT ?a ?b WHERE {{ ?a kg:parentCompany ?b }}"


def read_related(store: GraphStore) -> list[tuple[str, str]]:
    """Subsidiary and parent pairs the sources state (kg:parentCompany): never one cluster."""
    return [(str(row["a"]), str(row["b"])) for row in store.select(_RELATED_QUERY)]


def _add_value(draft: _Draft, prop: str, value: object) -> None:
    text = str(value)
    if prop in _NAME_PROPERTIES:
        draft.names[text] = None
    elif prop in _COUNTRY_PROPERTIES:
        draft.countries.add(text)
    elif prop == "birthDate":
        draft.birth_dates.add(text)
    elif prop == "address":
        draft.addresses.add(text)
    elif prop in IDENTIFIER_SCHEMES:
        scheme = IDENTIFIER_SCHEMES[prop]
        key = identifier_key(scheme, text)
        if key:
            draft.identifiers[scheme].add(key)


def _record(iri: str, draft: _Draft, listed: str | None = None) -> Record:
    kind = EntityKind.person if draft.kinds == {EntityKind.person} else min(draft.kinds, key=lambda k: k.value)
    return Record(
        iri,
        kind,
        tuple(draft.names),
        {s: frozenset(v) for s, v in draft.identifiers.items()},
        frozenset(draft.countries),
        frozenset(draft.birth_dates),
        frozenset(draft.addresses),
        authority_of(iri) or listed,
    )


def authority_of(iri: str) -> str | None:
    """ "us-ofac:30947" for an IRI minted from an authority's entity ID, else None."""
    found = AUTHORITY_IRI.search(iri)
    return f"{found.group(1)}:{found.group(2)}" if found else None


def decision_iri(decision: Decision) -> URIRef:
    digest = hashlib.sha1(f"{decision.left}\x1f{decision.right}".encode()).hexdigest()[:16]
    return KGR[f"match/{digest}"]


def resolution_triples(result: ResolutionResult, names: dict[str, tuple[str, ...]]) -> list[tuple]:
    """The resolution graph: clusters with members and canonical links, and every decision."""
    from sanctiongraph.resolution.clusters import cluster_iri

    triples: list[tuple] = []
    for members in result.clusters:
        cluster = cluster_iri(members)
        triples += [(cluster, RDF.type, KG.Cluster), (cluster, KG.name, Literal(best_name(members, names)))]
        for member in members:
            triples += [(cluster, KG.member, URIRef(member)), (URIRef(member), KG.canonical, cluster)]
    for decision in result.decisions:
        node = decision_iri(decision)
        triples += [
            (node, RDF.type, KG.MatchDecision),
            (node, KG.left, URIRef(decision.left)),
            (node, KG.right, URIRef(decision.right)),
            (node, KG.score, Literal(decision.score, datatype=XSD.decimal)),
            (node, KG.method, Literal(decision.method)),
            (node, KG.judgement, Literal(decision.judgement)),
        ]
        triples += [(node, KG.feature, Literal(f)) for f in decision.features]
    return triples


def best_name(members: list[str], names: dict[str, tuple[str, ...]]) -> str:
    """The cluster's display name: rigour's pick among the members' primary names."""
    primary = [names[m][0] for m in members if names.get(m)]
    return pick_name(primary) or (primary[0] if primary else members[0])


def stored_token_stats(store: GraphStore) -> TokenStats | None:
    """The word counts the last run used, or None before any run."""
    rows = store.select(
        f"PREFIX kg: <{_KG}> SELECT ?stats WHERE {{ GRAPH <{RESOLUTION_META_GRAPH}> {{ ?run kg:tokenCounts ?stats }} }}"
    )
    return TokenStats.from_json(str(rows[0]["stats"])) if rows else None


def provenance(result: ResolutionResult, started: dt.datetime, ended: dt.datetime) -> list[tuple]:
    run = KGR[f"run/resolution/{started.strftime('%Y%m%dT%H%M%S')}"]
    stamp = lambda t: Literal(t.isoformat(timespec="seconds"), datatype=XSD.dateTime)  # noqa: E731
    return [
        (run, RDF.type, KG.LoadRun),
        (run, KG.loaderName, Literal(LOADER_NAME)),
        (run, KG.loaderVersion, Literal(LOADER_VERSION)),
        (run, PROV.startedAtTime, stamp(started)),
        (run, PROV.endedAtTime, stamp(ended)),
        (run, KG.recordsRead, Literal(result.records)),
        (run, KG.recordsLoaded, Literal(sum(len(c) for c in result.clusters))),
        (run, KG.contentGraph, RESOLUTION_GRAPH),
        *([(run, KG.tokenCounts, Literal(result.token_stats))] if result.token_stats else []),
        (RESOLUTION_GRAPH, PROV.wasGeneratedBy, run),
        (RESOLUTION_GRAPH, PROV.generatedAtTime, stamp(ended)),
    ]


def write_resolution(store: GraphStore, result: ResolutionResult, records: list[Record], started: dt.datetime) -> int:
    """Replace the resolution graph and its meta graph in one atomic step; returns quads written."""
    names = {r.iri: r.names for r in records}
    written = store.replace_graphs(
        {
            RESOLUTION_GRAPH: resolution_triples(result, names),
            RESOLUTION_META_GRAPH: provenance(result, started, dt.datetime.now(dt.UTC)),
        }
    )
    store.flush()
    return written


def drop_resolution(store: GraphStore) -> bool:
    """Undo: drop the resolution graphs; True when there was something to drop."""
    present = {RESOLUTION_GRAPH, RESOLUTION_META_GRAPH} & set(store.graph_names())
    store.drop_graphs(sorted(present))
    store.flush()
    return bool(present)


def cluster_of(store: GraphStore, iri: URIRef | str) -> URIRef | None:
    """The cluster a record belongs to (or the IRI itself when it is a cluster); None if unresolved."""
    rows = store.select(
        f"""PREFIX kg: <{_KG}>
        SELECT ?cluster WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{
          {{ ?record kg:canonical ?cluster }} UNION {{ ?record a kg:Cluster BIND(?record AS ?cluster) }} }} }}""",
        {"record": URIRef(str(iri))},
    )
    return URIRef(str(rows[0]["cluster"])) if rows else None


def members(store: GraphStore, iri: URIRef | str) -> list[URIRef]:
    """All records of the iri's cluster (sorted), or [iri] when it belongs to none."""
    cluster = cluster_of(store, iri)
    if cluster is None:
        return [URIRef(str(iri))]
    rows = store.select(
        f"PREFIX kg: <{_KG}> SELECT ?m WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?c kg:member ?m }} }}",
        {"c": cluster},
    )
    return sorted(URIRef(str(r["m"])) for r in rows)


def stored_decision(store: GraphStore, left: str, right: str) -> dict[str, object] | None:
    """The decision the last run stored for a pair, if any (score, method, judgement, features)."""
    from sanctiongraph.resolution.judgements import pair_key

    a, b = pair_key(left, right)
    rows = store.select(
        f"""PREFIX kg: <{_KG}>
        SELECT ?score ?method ?judgement ?feature WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{
          ?d kg:left ?a ; kg:right ?b ; kg:score ?score ; kg:method ?method ; kg:judgement ?judgement .
          OPTIONAL {{ ?d kg:feature ?feature }} }} }}""",
        {"a": URIRef(a), "b": URIRef(b)},
    )
    if not rows:
        return None
    first = rows[0]
    features = sorted(str(r["feature"]) for r in rows if r["feature"] is not None)
    return {
        "score": float(first["score"]),
        "method": str(first["method"]),
        "judgement": str(first["judgement"]),
        "features": features,
    }
