"""Reading the store into the tie projection: one method per kind of tie and where it comes from.

Stated relations (kg:Relationship, kg:Ownership, kg:Directorship, kg:parentCompany) become
edges; what records share (identifiers, street addresses, same-day designations, resolution
clusters) becomes group nodes; article claims become claim edges. See graph/tie_projection.py
for the model and the costs.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

import networkx as nx
import pyoxigraph as ox

from sanctiongraph.graph.projection import RESOLUTION_GRAPH
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.tie_projection import COSTS, HUB_LIMIT, Source, Tie, TieGraph
from sanctiongraph.ontology import KG

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


class TieReader:
    """Reads the store once per kind of tie into a TieGraph (result)."""

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
                    f"(score {score:.2f}, decided by {row['method'] or 'the scorer'})"
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
