"""The tie projection: firms, people and vessels joined by what the record says ties them.

A sibling of graph/projection.py for one purpose: paths between firms. Nodes are records
(entity resolution does not merge them here: a merge is itself a tie, "same-cluster", with the
decision that made it). Stated relations (kg:Ownership, kg:Directorship, kg:Relationship,
kg:parentCompany) are edges; what two records share (an identifier, a street address, a
designation on the same list on the same day, a cluster) goes through a small group node, so a
batch of 70 firms listed together is 70 edges, not 2,415, and a path through it is one hop.
Countries, lists and programs never become nodes: they are not ties. Every tie keeps its
evidence (document, date, loader, the words) and its interval, so queries filter by date.

The projection is rebuilt when the store's fingerprint changes and kept on disk beside the
store (a pickle named by the fingerprint), so a warm CLI call does not read the store again.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import PROV

from sanctiongraph.graph.projection import RESOLUTION_GRAPH
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG

TIES_VERSION = "3"  # bump when the projection changes shape: pickles on disk are rebuilt
TIES_DIR = "ties"
# Cost of one hop by kind: lower is a stronger tie, and paths are ranked by total cost.
COSTS = {
    "same-cluster": 0.5,
    "ownership": 1.0,
    "shared-identifier": 1.0,
    "officer": 1.0,
    "affiliation": 1.5,
    "family": 1.5,
    "shared-address": 2.0,
    "same-designation": 3.0,
    "claim": 4.0,
}
# Shared things with more members than this are hubs (a registered agent's address, a list's
# first-day batch): not ties by themselves, so they are left out of the tie graph.
HUB_LIMIT = {"shared-identifier": 25, "shared-address": 50, "same-designation": 300, "same-cluster": 1000}
NODE_CLASSES = {
    str(KG.Company): "firm",
    str(KG.Organization): "organization",
    str(KG.GovernmentAgency): "agency",
    str(KG.Person): "person",
    str(KG.Vessel): "vessel",
    str(KG.Aircraft): "aircraft",
}
IDENTIFIERS = {
    str(KG.registrationNumber): "registration number",
    str(KG.leiCode): "LEI",
    str(KG.imoNumber): "IMO number",
    str(KG.taxNumber): "tax number",
    str(KG.isin): "ISIN",
}
_SWIFT = re.compile(r"^SWIFT/BIC:\s*(\S+)$", re.IGNORECASE)
# Relationship kinds (lower case, as loaders write them) that mean ownership or control.
OWNERSHIP_KINDS = ("parent company", "subordinate of", "owned or controlled by", "vessel owner", "ownership")
FAMILY_KINDS = ("family",)
PREFIX = """PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@dataclass(frozen=True)
class Source:
    """One document that states a tie, with the words that state it."""

    document: str
    text: str | None = None


@dataclass
class Tie:
    """One stated or shared tie between a record and another record (or a group node)."""

    kind: str
    source: str
    target: str
    directed: bool
    cost: float
    sources: list[Source] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    claim: bool = False
    label: str | None = None  # the source's own word for the tie ('linked to', 'Parent Name')


@dataclass
class TieGraph:
    """The projection: an undirected graph whose edges carry the indices of their ties."""

    graph: nx.Graph
    ties: list[Tie]
    names: dict[str, str]
    kinds: dict[str, str]  # node -> firm / person / vessel / ... / group
    documents: dict[str, dict[str, str | None]]  # document -> title, published, loader
    clusters: dict[str, list[str]]  # cluster IRI -> member records
    skipped: dict[str, int] = field(default_factory=dict)
    merged_by: dict[str, str] = field(default_factory=dict)  # member -> the decision that put it in its cluster

    def ties_between(self, u: str, v: str) -> list[Tie]:
        data = self.graph.get_edge_data(u, v)
        return [self.ties[i] for i in data["ties"]] if data else []

    def is_group(self, node: str) -> bool:
        return self.kinds.get(node) == "group"

    def add_tie(self, tie: Tie) -> None:
        """Add a tie between two nodes already in the graph, on the edge that joins them."""
        index = len(self.ties)
        self.ties.append(tie)
        data = self.graph.get_edge_data(tie.source, tie.target)
        # "cost": the cheapest tie of record on the edge (claims left out), None if it has none.
        cost = None if tie.claim else tie.cost
        if data is None:
            self.graph.add_edge(tie.source, tie.target, ties=[index], cost=cost)
        else:
            data["ties"].append(index)
            data["cost"] = min((c for c in (data["cost"], cost) if c is not None), default=None)


def tie_graph(store: GraphStore) -> TieGraph:
    """The tie projection of the store: from memory, from disk, or rebuilt (see module docstring)."""
    fingerprint = f"v{TIES_VERSION}-{tie_fingerprint(store)[:24]}"
    cached = _MEMORY.get(id(store))
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    path = _pickle_path(store, fingerprint)
    if path is not None and path.is_file():
        with path.open("rb") as handle:
            graph = pickle.load(handle)  # our own file, written below; never one from elsewhere
    else:
        graph = build_tie_graph(store)
        if path is not None:
            _write(path, graph)
    _MEMORY[id(store)] = (fingerprint, graph)
    return graph


_MEMORY: dict[int, tuple[str, TieGraph]] = {}


def tie_fingerprint(store: GraphStore) -> str:
    """Changes whenever the store does, cheaply: graph names embed each document's sha256, and
    every load or resolution run stamps its graph with prov:generatedAtTime. (projection's
    store_fingerprint counts the resolution graph's quads: seconds on the real lists.)"""
    stamps = sorted(
        f"{q.subject.value} {q.object.value}"
        for q in store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(PROV.generatedAtTime)), None, None)
    )
    text = "\n".join([TIES_VERSION, str(len(store)), *sorted(str(g) for g in store.graph_names()), *stamps])
    return hashlib.sha256(text.encode()).hexdigest()


def _pickle_path(store: GraphStore, fingerprint: str) -> Path | None:
    return store.path.parent / TIES_DIR / f"{fingerprint}.pickle" if store.path is not None else None


def _write(path: Path, graph: TieGraph) -> None:
    """Write atomically and drop the pickles of older fingerprints."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("*.pickle"):
        old.unlink(missing_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("wb") as handle:
        pickle.dump(graph, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)


def build_tie_graph(store: GraphStore) -> TieGraph:
    """Read the store once per kind of tie and build the graph."""
    builder = _Builder(store)
    builder.run()
    return builder.result


class _Builder:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.graph_doc: dict[str, str] = {}
        self.result = TieGraph(nx.Graph(), [], {}, {}, {}, {})
        self.skipped: dict[str, int] = defaultdict(int)

    def run(self) -> None:
        self._documents()
        self._nodes()
        self._relationships()
        self._intervals("Ownership", "owner", "asset", "ownership", "percentage")
        self._intervals("Directorship", "director", "organization", "officer", "role")
        self._parents()
        self._shared_identifiers()
        self._shared_addresses()
        self._designations()
        self._clusters()
        self._claims()
        self.result.skipped = dict(self.skipped)

    # reading -----------------------------------------------------------------------------

    def _documents(self) -> None:
        for row in self._rows(
            """SELECT ?g ?doc WHERE { GRAPH ?m { ?g prov:wasDerivedFrom ?doc . ?doc a kg:SourceDocument } }"""
        ):
            self.graph_doc[row["g"]] = row["doc"]
        for row in self._rows(
            """SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?p) AS ?path) (SAMPLE(?i) AS ?issued)
            (SAMPLE(?l) AS ?loader) WHERE { ?doc a kg:SourceDocument .
            OPTIONAL { ?doc dcterms:title ?t } OPTIONAL { ?doc kg:sourcePath ?p }
            OPTIONAL { ?doc dcterms:issued ?i } OPTIONAL { ?run prov:used ?doc ; kg:loaderName ?l } } GROUP BY ?doc"""
        ):
            self.result.documents[row["doc"]] = {
                "title": row["title"] or row["path"],
                "published": row["issued"],
                "loader": row["loader"],
            }

    def _rows(self, sparql: str) -> list[dict[str, str | None]]:
        results = self.store.oxigraph.query(PREFIX + sparql, use_default_graph_as_union=True)
        names = [v.value for v in results.variables]
        return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in results]

    def _doc(self, graph: str | None) -> str | None:
        return self.graph_doc.get(graph or "")

    def _nodes(self) -> None:
        oxi = self.store.oxigraph
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        for cls, kind in NODE_CLASSES.items():
            for quad in oxi.quads_for_pattern(None, rdf_type, ox.NamedNode(cls), None):
                node = quad.subject.value
                if self.result.kinds.get(node) in (None, "organization"):
                    self.result.kinds[node] = kind
        for quad in oxi.quads_for_pattern(None, ox.NamedNode(str(KG.name)), None, None):
            node = quad.subject.value
            if node in self.result.kinds and (
                node not in self.result.names or quad.object.value < self.result.names[node]
            ):
                self.result.names[node] = quad.object.value
        self.result.graph.add_nodes_from(self.result.kinds)

    # ties --------------------------------------------------------------------------------

    def _add(self, tie: Tie) -> None:
        if tie.source == tie.target:
            return
        for end in (tie.source, tie.target):
            if end not in self.result.graph:
                self.skipped[f"{tie.kind}: an end that is not a firm, person or vessel"] += 1
                return
        self.result.add_tie(tie)

    def _relationships(self) -> None:
        rows = self._rows(
            """SELECT ?r ?s ?o ?kind ?start ?end ?text ?g WHERE { GRAPH ?g { ?r a kg:Relationship ;
            kg:subject ?s ; kg:object ?o . OPTIONAL { ?r kg:relationshipKind ?kind }
            OPTIONAL { ?r kg:startDate ?start } OPTIONAL { ?r kg:endDate ?end }
            OPTIONAL { ?r kg:sourceText ?text } } }"""
        )
        merged: dict[tuple[str, str, str, str | None, str | None], Tie] = {}
        for row in rows:
            label = (row["kind"] or "related").strip()
            kind = relationship_kind(label)
            key = (row["s"], row["o"], label.lower(), row["start"], row["end"])
            tie = merged.get(key)
            if tie is None:
                tie = merged[key] = Tie(
                    kind,
                    row["s"],
                    row["o"],
                    kind == "ownership",
                    COSTS[kind],
                    [],
                    row["start"],
                    row["end"],
                    False,
                    label,
                )
            doc = self._doc(row["g"])
            if doc and all(s.document != doc for s in tie.sources):
                tie.sources.append(Source(doc, row["text"]))
        for tie in merged.values():
            self._add(tie)

    def _intervals(self, cls: str, start: str, end: str, kind: str, detail: str) -> None:
        rows = self._rows(
            f"""SELECT ?r ?a ?b ?detail ?from ?until ?g WHERE {{ GRAPH ?g {{
            ?r a kg:{cls} ; kg:{start} ?a ; kg:{end} ?b . OPTIONAL {{ ?r kg:{detail} ?detail }}
            OPTIONAL {{ ?r kg:startDate ?from }} OPTIONAL {{ ?r kg:endDate ?until }} }} }}"""
        )
        for row in rows:
            doc = self._doc(row["g"])
            text = f"{kind}: {row['detail']}" if row["detail"] else None
            self._add(
                Tie(kind, row["a"], row["b"], True, COSTS[kind], [Source(doc, text)] if doc else [], row["from"],
                    row["until"], False, cls.lower())
            )  # fmt: skip

    def _parents(self) -> None:
        """kg:parentCompany triples no dated relationship already states (other loaders, FtM)."""
        stated = {
            (t.source, t.target)
            for t in self.result.ties
            if t.kind == "ownership" and t.label and t.label != "ownership"
        }
        for row in self._rows("SELECT ?s ?o ?g WHERE { GRAPH ?g { ?s kg:parentCompany ?o } }"):
            if (row["s"], row["o"]) in stated:
                continue
            doc = self._doc(row["g"])
            self._add(
                Tie("ownership", row["s"], row["o"], True, COSTS["ownership"], [Source(doc)] if doc else [],
                    label="parent company")
            )  # fmt: skip

    def _group(
        self,
        kind: str,
        key: str,
        label: str,
        members: dict[str, set[str]],
        cost: float,
        texts: dict[str, str] | None = None,
    ) -> None:
        """A group node for something several records share; members -> documents stating it."""
        if len(members) < 2:
            return
        if len(members) > HUB_LIMIT[kind]:
            self.skipped[f"{kind}: hub of more than {HUB_LIMIT[kind]} records left out"] += 1
            return
        group = f"group:{kind}:{key}"
        self.result.kinds[group] = "group"
        self.result.names[group] = label
        self.result.graph.add_node(group)
        # Half the hop's cost on each side, so member -> group -> member costs one hop.
        for member, docs in sorted(members.items()):
            if member in self.result.graph:
                self._add(
                    Tie(kind, member, group, False, cost / 2, [Source(d, label) for d in sorted(docs)], label=label)
                )

    def _shared_identifiers(self) -> None:
        groups: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        oxi = self.store.oxigraph
        for predicate, scheme in [*IDENTIFIERS.items(), (str(KG.idNumber), "SWIFT/BIC")]:
            for quad in oxi.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
                value = quad.object.value
                if scheme == "SWIFT/BIC":
                    match = _SWIFT.match(value)
                    if not match:
                        continue
                    value = match.group(1)
                key = re.sub(r"[^0-9A-Z]", "", value.upper())
                if len(key) < 5 or quad.subject.value not in self.result.kinds:
                    continue
                doc = self._doc(quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None)
                groups[(scheme, key)][quad.subject.value] |= {doc} if doc else set()
        for (scheme, key), members in groups.items():
            self._group("shared-identifier", f"{scheme}:{key}", f"{scheme} {key}", members, COSTS["shared-identifier"])

    def _shared_addresses(self) -> None:
        from rigour.addresses import address_fingerprint

        groups: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        shown: dict[str, str] = {}
        for quad in self.store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(KG.address)), None, None):
            node, text = quad.subject.value, quad.object.value
            if node not in self.result.kinds:
                continue
            key = address_fingerprint(text) or ""
            # A street address, not a city: some number and a few words (a shared city is no tie).
            if not re.search(r"\d", key) or len(key.split()) < 4:
                continue
            doc = self._doc(quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None)
            groups[key][node] |= {doc} if doc else set()
            shown.setdefault(key, text)
        for key, members in groups.items():
            cost = COSTS["shared-address"] + math.log2(len(members)) / 2
            self._group("shared-address", key, f"address {shown[key]}", members, cost)

    def _designations(self) -> None:
        """Designations on the same list on the same day, with the day a delisting ended each."""
        rows = self._rows(
            """SELECT ?a ?t ?list ?day ?ended ?g WHERE { GRAPH ?g { ?a a kg:Designation ; kg:target ?t ;
            kg:onList ?list ; kg:actionDate ?day } OPTIONAL { ?d kg:ends ?a ; kg:actionDate ?ended } }"""
        )
        groups: dict[tuple[str, str], dict[str, tuple[set[str], str | None]]] = defaultdict(dict)
        for row in rows:
            if not row["day"] or len(row["day"]) != 10 or row["t"] not in self.result.kinds:
                continue
            entry = groups[(row["list"], row["day"])].setdefault(row["t"], (set(), row["ended"]))
            doc = self._doc(row["g"])
            if doc:
                entry[0].add(doc)
        for (list_iri, day), members in groups.items():
            if not 2 <= len(members) <= HUB_LIMIT["same-designation"]:
                if len(members) > HUB_LIMIT["same-designation"]:
                    self.skipped["same-designation: batch too large to be a tie"] += 1
                continue
            label = f"designated on {list_iri.rsplit('/', 1)[-1]} on {day}"
            group = f"group:same-designation:{list_iri.rsplit('/', 1)[-1]}:{day}"
            self.result.kinds[group], self.result.names[group] = "group", label
            self.result.graph.add_node(group)
            cost = (COSTS["same-designation"] + math.log2(len(members))) / 2
            for member, (docs, ended) in sorted(members.items()):
                sources = [Source(d, label) for d in sorted(docs)]
                self._add(Tie("same-designation", member, group, False, cost, sources, day, ended, label=label))

    def _clusters(self) -> None:
        rows = self._rows(
            f"""SELECT ?c ?m (SAMPLE(?n) AS ?name) WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?c a kg:Cluster ;
            kg:member ?m . OPTIONAL {{ ?c kg:name ?n }} }} }} GROUP BY ?c ?m"""
        )
        members: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            members[row["c"]].add(row["m"])
            self.result.names[row["c"]] = row["name"] or row["c"]
        self._decisions(members)
        for cluster, records in members.items():
            self.result.clusters[cluster] = sorted(records)
            label = f"entity resolution cluster {self.result.names[cluster]}"
            sources = {m: {RESOLUTION_GRAPH} for m in records}
            self._group("same-cluster", cluster, label, sources, COSTS["same-cluster"], self.result.merged_by)
        self.result.documents.setdefault(RESOLUTION_GRAPH, {"title": "entity resolution", "published": None,
                                                            "loader": "resolution"})  # fmt: skip

    def _decisions(self, members: dict[str, set[str]]) -> None:
        """For each clustered record, the strongest 'yes' that joined it to another member."""
        cluster_of = {m: c for c, ms in members.items() for m in ms}
        rows = self._rows(
            f"""SELECT ?l ?r ?score ?method ?judgement WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{
            ?d a kg:MatchDecision ; kg:left ?l ; kg:right ?r ; kg:judgement "yes" .
            OPTIONAL {{ ?d kg:score ?score }} OPTIONAL {{ ?d kg:method ?method }} }} }}"""
        )
        best: dict[str, tuple[float, str]] = {}
        for row in rows:
            left, right = row["l"], row["r"]
            if left not in cluster_of or cluster_of.get(left) != cluster_of.get(right):
                continue
            score = float(row["score"] or 0)
            for one, other in ((left, right), (right, left)):
                text = (
                    f"entity resolution: same as {self.result.names.get(other, other)} "
                    f"(score {score:.2f}, {row['method'] or 'scorer'}, judgement yes)"
                )
                if score > best.get(one, (-1.0, ""))[0]:
                    best[one] = (score, text)
        self.result.merged_by = {member: text for member, (_score, text) in best.items()}

    def _claims(self) -> None:
        """What articles claim: co-targets of one reported action, and a firm's statement about another."""
        rows = self._rows(
            """SELECT ?claim ?a ?b ?quote ?doc ?on WHERE { ?claim a kg:Claim ; kg:statedIn ?doc .
            OPTIONAL { ?claim kg:quote ?quote } OPTIONAL { ?claim kg:statedOn ?on }
            { ?claim kg:about ?r . ?r a kg:ReportedAction ; kg:target ?a , ?b . FILTER (STR(?a) < STR(?b)) }
            UNION { ?claim kg:speaker ?a ; kg:about ?b } }"""
        )
        for row in rows:
            self._add(
                Tie("claim", row["a"], row["b"], False, COSTS["claim"], [Source(row["doc"], row["quote"])],
                    row["on"], None, True, "claim")
            )  # fmt: skip


def relationship_kind(label: str) -> str:
    """Our tie kind of a relationship kind as a source words it."""
    lower = label.lower()
    if lower.startswith(OWNERSHIP_KINDS):
        return "ownership"
    if lower.startswith(FAMILY_KINDS):
        return "family"
    return "affiliation"
