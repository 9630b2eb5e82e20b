"""Ties between firms: the best paths from one firm to another, each hop with its evidence.

The engine works on the tie projection (sanctiongraph.graph.tie_projection): records joined by
stated relations and by what they share. A path is ranked by its total cost, the sum of its
hops' costs (tie_projection.COSTS: ownership and a shared identifier cost 1, a same-day
designation 3 plus log2 of the batch size, a claim 4); its score is 1 / cost, so strong short
paths come first and every score can be recomputed from the hops shown. Countries, lists and
programs are not in the projection, so no path passes through them. Functions return plain
dataclasses; nothing here formats text (the CLI, the reports and `serve` render them).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeAlias

from sanctiongraph.analysis.tie_model import Evidence, Hop, TiePath
from sanctiongraph.errors import NotFoundError
from sanctiongraph.graph.projection import RESOLUTION_GRAPH
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.tie_index import IndexedTies, TieNeighbourhood, tie_neighbourhood, tie_search_graph
from sanctiongraph.graph.tie_projection import Tie, TieGraph

if TYPE_CHECKING:  # imported where used: a report reading one firm's ties does not need networkx
    import networkx as nx

# The ego-network code reads a whole projection or the part of it around a firm alike.
Ties: TypeAlias = TieGraph | TieNeighbourhood | IndexedTies
# The path search reads a whole projection or the index, lazily, alike.
Searchable: TypeAlias = TieGraph | IndexedTies

MAX_CANDIDATES = 60  # simple paths examined per query before giving up on finding k within max_hops
# The search adds costs as whole millionths: float sums taken in another order differ in the last
# bit, and paths of equal cost then came out in an order that hung on the route the search took.
COST_UNITS = 1_000_000


def find_ties(
    store: GraphStore,
    a: str,
    b: str,
    *,
    k: int = 5,
    max_hops: int = 4,
    as_of: str | None = None,
    claims: bool = False,
) -> list[TiePath]:
    """The k best simple paths from a to b of at most max_hops hops; [] when there is none.

    Read from the projection's index when it is on disk (graph/tie_index.py), node by node as
    the search reaches them, so a query costs the ball it explores, not the whole projection."""
    with tie_search_graph(store, with_ties=as_of is not None or claims) as tg:
        return ties_in(tg, a, b, k=k, max_hops=max_hops, as_of=as_of, claims=claims)


def ties_in(
    tg: Searchable, a: str, b: str, *, k: int = 5, max_hops: int = 4, as_of: str | None = None, claims: bool = False
) -> list[TiePath]:
    """find_ties on a tie projection already at hand (benchmarks, a server holding it)."""
    starts, ends = endpoints(tg, a), endpoints(tg, b)
    if starts & ends:
        return []
    valid = _validity(as_of, claims)
    plain = as_of is None and not claims
    weight = _weight(tg, valid, plain)
    ball = _ball(tg, starts, ends, max_hops, _usable(weight, plain))
    if not ball:
        return []
    paths: list[TiePath] = []
    seen: set[tuple[Any, ...]] = set()
    candidates = _best_paths(tg, ball, weight, starts & ball.keys(), ends & ball.keys(), max_hops)
    for nodes in islice(candidates, MAX_CANDIDATES):
        firms = tuple(n for n in nodes if not tg.is_group(n))
        hops = tuple(_hops(tg, nodes, valid))
        # The same firms through another shared address, or rows of one firm listed at several
        # addresses: the same path to a reader, shown once.
        shown = tuple((h.kind, h.source_name, h.target_name) for h in hops)
        if firms in seen or shown in seen:
            continue
        seen |= {firms, shown}
        lead, tail = _cluster_hop(tg, a, firms[0], True), _cluster_hop(tg, b, firms[-1], False)
        hops = (*lead, *hops, *tail)
        cost = sum(h.weight for h in hops)
        outer = ((a,) if a in tg.clusters else ()), ((b,) if b in tg.clusters else ())
        score = round(1 / cost, 4) if cost else 1.0
        paths.append(TiePath((*outer[0], *firms, *outer[1]), hops, score, len(lead) + len(tail)))
        if len(paths) == k:
            break
    return sorted(paths, key=lambda p: (-p.score, len(p.hops)))


def neighbours(
    store: GraphStore, firm: str, *, hops: int = 1, as_of: str | None = None, claims: bool = False
) -> list[Hop]:
    """The firm's ego network: every hop within `hops` hops of it, strongest kinds first.

    Read from the projection's neighbourhood index when it is on disk (graph/tie_index.py), so a
    report does not load every tie of the store for one firm's."""
    return neighbours_in(tie_neighbourhood(store, firm, hops), firm, hops=hops, as_of=as_of, claims=claims)


def neighbours_in(tg: Ties, firm: str, *, hops: int = 1, as_of: str | None = None, claims: bool = False) -> list[Hop]:
    """neighbours on a tie projection already at hand."""
    valid = _validity(as_of, claims)
    frontier = endpoints(tg, firm)
    own = set(frontier)  # the records of the firm asked for: ties among them are not neighbours
    reached, found = set(frontier), []
    for _ in range(hops):
        following: set[str] = set()
        for node in sorted(frontier):
            for hop in _hops_from(tg, node, valid):
                if hop.source in own and hop.target in own:
                    continue
                found.append(hop)
                other = hop.target if hop.source == node else hop.source
                if other not in reached:
                    following.add(other)
        reached |= following
        frontier = following
    unique = {(h.kind, h.source, h.target): h for h in found}
    return sorted(unique.values(), key=lambda h: (h.weight, h.kind, h.source_name, h.target_name))


def paths_graph(paths: Iterable[TiePath]) -> nx.MultiDiGraph:
    """The paths as one networkx graph: nodes with their names, one edge per hop with its kind,
    weight, claim flag and documents (undirected ties as an edge in the direction shown)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for path in paths:
        for hop in path.hops:
            graph.add_node(hop.source, name=hop.source_name)
            graph.add_node(hop.target, name=hop.target_name)
            key = (hop.kind, hop.source, hop.target)
            if not graph.has_edge(hop.source, hop.target, key=key):
                graph.add_edge(
                    hop.source, hop.target, key=key, kind=hop.kind, weight=hop.weight, directed=hop.directed,
                    claim=hop.is_claim, documents=" ".join(sorted({e.document for e in hop.evidence})),
                )  # fmt: skip
    return graph


def hops_graph(hops: Iterable[Hop]) -> nx.MultiDiGraph:
    """An ego network's hops as a networkx graph (the same shape as paths_graph)."""
    return paths_graph([TiePath((), tuple(hops), 0.0)])


def endpoints(tg: Ties, iri: str) -> set[str]:
    """The records a firm stands for: the members of a cluster, or the record itself."""
    iri = str(iri)
    if iri in tg.clusters:
        # members without a firm, person or vessel type are no nodes of the projection
        members = {m for m in tg.clusters[iri] if tg.has_node(m)}
        if members:
            return members
    if tg.has_node(iri) and not tg.is_group(iri):
        return {iri}
    raise NotFoundError(f"<{iri}> is not a firm, person or vessel the tie graph knows")


# validity and weights -----------------------------------------------------------------------

Validity = Callable[[Tie], bool]


def _validity(as_of: str | None, claims: bool) -> Validity:
    """Which ties count: claims only when asked; with as_of, only ties in force on that day
    (started on or before it, or undated; not ended on or before it)."""

    def valid(tie: Tie) -> bool:
        if tie.claim and not claims:
            return False
        if as_of is None:
            return True
        if tie.start and tie.start[: len(as_of)] > as_of:
            return False
        return not (tie.end and tie.end[: len(as_of)] <= as_of)

    return valid


def _weight(tg: Searchable, valid: Validity, plain: bool) -> Callable[[str, str, dict[str, Any]], float | None]:
    """An edge's cost under the query; plain queries (no date, no claims) take the stored minimum."""

    def weight(_u: str, _v: str, data: dict[str, Any]) -> float | None:
        if plain:
            return data["cost"]
        costs = [tg.ties[i].cost for i in data["ties"] if valid(tg.ties[i])]
        return min(costs) if costs else None

    return weight


Usable = Callable[[str, str, dict[str, Any]], bool]


def _usable(weight: Any, plain: bool) -> Usable:
    """Whether an edge counts under the query: plain queries read the stored cost (None: claims only)."""
    if plain:
        return lambda _u, _v, data: data["cost"] is not None
    return lambda u, v, data: weight(u, v, data) is not None


def _hop_distances(
    tg: Searchable, sources: set[str], limit: float, usable: Usable, allowed: set[str] | None = None
) -> dict[str, float]:
    """Hops from the nearest source, up to limit; an edge to or from a group node is half a hop.

    Hand-written breadth-first search, level by level (records at whole hops, the groups between
    them at half hops; groups only ever neighbour records): networkx's BFS knows no half hops and
    its Dijkstra with a weight function, like our earlier heap, spent most of a query here.
    """
    adjacency, kinds = tg.adjacency, tg.kinds
    distance = dict.fromkeys(sources, 0.0)
    frontier, level = list(sources), 0.0
    while frontier and level + 0.5 <= limit:
        tg.prefetch(frontier)
        records: list[str] = []
        groups: list[str] = []
        for node in frontier:
            for other, data in adjacency[node].items():
                if other in distance or (allowed is not None and other not in allowed):
                    continue
                if kinds.get(other) == "group":
                    if usable(node, other, data):
                        distance[other] = level + 0.5
                        groups.append(other)
                elif level + 1 <= limit and usable(node, other, data):
                    distance[other] = level + 1
                    records.append(other)
        if level + 1 <= limit:
            tg.prefetch(groups)
            for group in groups:
                for other, data in adjacency[group].items():
                    if other in distance or (allowed is not None and other not in allowed):
                        continue
                    if usable(group, other, data):
                        distance[other] = level + 1
                        records.append(other)
        frontier, level = records, level + 1
    return distance


def _ball(tg: Searchable, starts: set[str], ends: set[str], max_hops: int, usable: Usable) -> dict[str, float]:
    """The nodes some path of at most max_hops hops from a start to an end may use, each with its
    hops to the nearest end (a superset of the paths' nodes; {} when there is no such path)."""
    # Every node of a path of at most max_hops hops is within half of them of one end or the
    # other, so two searches of half the radius cover the paths (and far fewer nodes).
    near_a = _hop_distances(tg, starts, max_hops / 2, usable)
    near_b = _hop_distances(tg, ends, max_hops / 2, usable)
    adjacency = tg.adjacency
    if not any(n in near_b for n in near_a):
        tg.prefetch(near_a, ties=False)
        if not any(m in near_b for n in near_a for m in adjacency[n]):
            return {}  # the two halves do not meet: no path within max_hops
    # Keep the nodes some path of at most max_hops hops can use. A node at the rim of one half
    # and outside the other is more than max_hops from the ends together: left out at once (most
    # nodes are at the rim). The others get their hops to each end within what is left.
    half = max_hops / 2
    inner = near_a.keys() & near_b.keys()
    inner |= {n for n, d in near_a.items() if d < half} | {n for n, d in near_b.items() if d < half}
    to_a = _hop_distances(tg, starts, max_hops, usable, inner)
    to_b = _hop_distances(tg, ends, max_hops, usable, inner)
    return {n: to_b[n] for n, d in to_a.items() if n in to_b and d + to_b[n] <= max_hops}


def _best_paths(
    tg: Searchable, ball: dict[str, float], weight: Any, starts: set[str], ends: set[str], max_hops: int
) -> Iterator[tuple[str, ...]]:
    """Simple paths from a start to an end within max_hops hops, cheapest first.

    Hand-written because networkx's shortest_simple_paths (Yen) knows no hop limit: it yields
    the cheap long ownership chains first and we would throw them away by the hundred. This is
    a best-first search over partial paths, ordered by cost so far plus the exact cheapest cost
    still to go (so paths come out in cost order), pruned by the hops still to go (the ball's
    hops to the nearest end: a shortest way there never leaves the ball).
    """
    if not starts or not ends:
        return
    tg.prefetch(ball)
    adjacency, kinds = tg.adjacency, tg.kinds
    edges = {node: list(_costs(adjacency[node], node, ball, weight)) for node in ball}
    cost_to_end = _distances(edges, ends)
    queue = [(cost_to_end[s], 0, 0.0, s, (s,)) for s in starts if s in cost_to_end]
    heapq.heapify(queue)
    while queue:
        _estimate, cost, used, node, path = heapq.heappop(queue)
        if node in ends:
            yield path
            continue
        node_is_group = kinds.get(node) == "group"
        for other, w in edges[node]:
            if other in path or other in starts or other not in cost_to_end:
                continue
            step = used + (0.5 if node_is_group or kinds.get(other) == "group" else 1.0)
            if step + ball[other] > max_hops:
                continue
            heapq.heappush(queue, (cost + w + cost_to_end[other], cost + w, step, other, (*path, other)))


def _costs(near: dict[str, Any], node: str, ball: dict[str, float], weight: Any) -> Iterator[tuple[str, int]]:
    """The node's neighbours in the ball with the cost of the edge to each under the query, in COST_UNITS."""
    for other, data in near.items():
        if other in ball and (w := weight(node, other, data)) is not None:
            yield other, round(w * COST_UNITS)


def _distances(edges: dict[str, list[tuple[str, int]]], sources: set[str]) -> dict[str, int]:
    """Dijkstra over the ball's edge lists (small: plain dicts beat a networkx subgraph here)."""
    distance = dict.fromkeys(sources, 0)
    queue = [(0, s) for s in sources]
    while queue:
        reached, node = heapq.heappop(queue)
        if reached > distance[node]:
            continue
        for other, w in edges.get(node, ()):
            step = reached + w
            if step < distance.get(other, math.inf):
                distance[other] = step
                heapq.heappush(queue, (step, other))
    return distance


# hops -------------------------------------------------------------------------------------


def _cluster_hop(tg: Searchable, cluster: str, member: str, leading: bool) -> tuple[Hop, ...]:
    """When a firm asked for is a resolution cluster, the hop from it to the record the path
    uses, with the decision that put the record in the cluster: a false merge shows itself."""
    if cluster not in tg.clusters:
        return ()
    ends = (cluster, member) if leading else (member, cluster)
    names = tuple(tg.names.get(n, n) for n in ends)
    return (Hop("same-cluster", ends[0], names[0], ends[1], names[1], False, _decisions(tg, member), weight=0.0),)


def _decisions(tg: Ties, *members: str) -> tuple[Evidence, ...]:
    """The resolution decisions that put these records in their cluster (score, method, judgement)."""
    meta = tg.documents.get(RESOLUTION_GRAPH, {})
    texts = dict.fromkeys(tg.merged_by.get(m, "entity resolution: a record of this cluster") for m in members)
    return tuple(
        Evidence(RESOLUTION_GRAPH, meta.get("title"), meta.get("published"), meta.get("loader"), text) for text in texts
    )


def _hops(tg: Searchable, nodes: tuple[str, ...] | list[str], valid: Validity) -> Iterable[Hop]:
    """The hops of a path of records and group nodes: a group between two records is one hop."""
    index = 0
    while index < len(nodes) - 1:
        u, v = nodes[index], nodes[index + 1]
        if tg.is_group(v):
            w = nodes[index + 2]
            yield _group_hop(tg, u, v, w, valid)
            index += 2
        else:
            yield _direct_hop(tg, u, v, valid)
            index += 1


def _direct_hop(tg: Ties, u: str, v: str, valid: Validity) -> Hop:
    ties = [t for t in tg.ties_between(u, v) if valid(t)]
    best = min(ties, key=lambda t: t.cost)
    same = [t for t in ties if t.kind == best.kind]
    return Hop(
        kind=best.kind,
        source=best.source,
        source_name=tg.names.get(best.source, best.source),
        target=best.target,
        target_name=tg.names.get(best.target, best.target),
        directed=best.directed,
        evidence=_evidence(tg, same),
        is_claim=best.claim,
        weight=round(best.cost, 3),
    )


def _group_hop(tg: Ties, u: str, group: str, w: str, valid: Validity) -> Hop:
    left = [t for t in tg.ties_between(u, group) if valid(t)]
    right = [t for t in tg.ties_between(w, group) if valid(t)]
    cost = min(t.cost for t in left) + min(t.cost for t in right)
    return Hop(
        kind=left[0].kind,
        source=u,
        source_name=tg.names.get(u, u),
        target=w,
        target_name=tg.names.get(w, w),
        directed=False,
        # A cluster in mid-path shows the decisions that merged its two records, like one at an end.
        evidence=_decisions(tg, u, w) if left[0].kind == "same-cluster" else _evidence(tg, left + right),
        is_claim=left[0].claim,
        weight=round(cost, 3),
    )


def _hops_from(tg: Ties, node: str, valid: Validity) -> Iterable[Hop]:
    for other in sorted(tg.neighbours(node)):
        if tg.is_group(other):
            if not any(valid(t) for t in tg.ties_between(node, other)):
                continue
            for member in sorted(tg.neighbours(other)):
                if member != node and any(valid(t) for t in tg.ties_between(member, other)):
                    yield _group_hop(tg, node, other, member, valid)
        elif any(valid(t) for t in tg.ties_between(node, other)):
            yield _direct_hop(tg, node, other, valid)


def _evidence(tg: Ties, ties: list[Tie]) -> tuple[Evidence, ...]:
    found: dict[tuple[str, str | None], Evidence] = {}
    for tie in ties:
        for source in tie.sources:
            meta = tg.documents.get(source.document, {})
            found.setdefault(
                (source.document, source.text),
                Evidence(source.document, meta.get("title"), meta.get("published"), meta.get("loader"), source.text),
            )
    return tuple(found.values())
