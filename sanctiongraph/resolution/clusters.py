"""Clusters from pair decisions: union-find that refuses merges a "no" forbids, even transitively.

Hand-written (a few lines) because networkx's connected components cannot honour cannot-links:
with A=B and B=C matched but A≠C judged, a plain component would still join A and C.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from rdflib import URIRef

from sanctiongraph.ontology import KGR

Pair = tuple[str, str]


def cluster_iri(member_iris: Iterable[str]) -> URIRef:
    """A cluster's IRI: cluster/<first 16 hex of sha1 of its smallest member IRI>.

    Stable across reruns as long as the smallest member stays in the cluster; independent of
    the order records were read or pairs scored.
    """
    smallest = min(str(m) for m in member_iris)
    return KGR[f"cluster/{hashlib.sha1(smallest.encode('utf-8')).hexdigest()[:16]}"]


class ConstrainedUnionFind:
    """Disjoint sets of records with cannot-link constraints between individual records."""

    def __init__(
        self,
        cannot_link: Iterable[Pair] = (),
        authorities: dict[str, str] | None = None,
        seats: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self.parent: dict[str, str] = {}
        self.forbidden: dict[str, set[str]] = defaultdict(set)  # root -> records it may not join
        self.members: dict[str, set[str]] = {}
        # root -> {authority: id} of its members: one set never holds two IDs of one authority
        self.authorities: dict[str, dict[str, str]] = {}
        for item, authority in (authorities or {}).items():
            namespace, _, number = authority.rpartition(":")
            self.authorities[self.find(item)] = {namespace: number}
        # root -> countries of its firms: a firm has one seat, so firms in disjoint countries
        # ("Huawei Tech Investment" in Qatar and in Jordan) never join, not even through a third
        self.seats: dict[str, frozenset[str]] = {}
        for item, countries in (seats or {}).items():
            self.seats[self.find(item)] = countries
        for left, right in cannot_link:
            self.forbidden[self.find(left)].add(right)
            self.forbidden[self.find(right)].add(left)

    def find(self, item: str) -> str:
        if item not in self.parent:
            self.parent[item] = item
            self.members[item] = {item}
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def can_merge(self, left: str, right: str) -> bool:
        left_root, right_root = self.find(left), self.find(right)
        if left_root == right_root:
            return True
        if self.forbidden[left_root] & self.members[right_root]:
            return False
        left_seats, right_seats = self.seats.get(left_root), self.seats.get(right_root)
        if left_seats and right_seats and left_seats.isdisjoint(right_seats):
            return False
        left_ids, right_ids = self.authorities.get(left_root, {}), self.authorities.get(right_root, {})
        return all(right_ids.get(namespace, number) == number for namespace, number in left_ids.items())

    def union(self, left: str, right: str) -> bool:
        """Merge the two records' sets; False (and nothing merged) when a cannot-link forbids it."""
        left_root, right_root = self.find(left), self.find(right)
        if left_root == right_root:
            return True
        if not self.can_merge(left, right):
            return False
        if len(self.members[left_root]) < len(self.members[right_root]):
            left_root, right_root = right_root, left_root
        self.parent[right_root] = left_root
        self.members[left_root] |= self.members.pop(right_root)
        self.forbidden[left_root] |= self.forbidden.pop(right_root, set())
        seats = self.seats.get(left_root, frozenset()) | self.seats.pop(right_root, frozenset())
        if seats:
            self.seats[left_root] = seats
        merged = self.authorities.pop(right_root, {})
        if merged:
            self.authorities[left_root] = {**self.authorities.get(left_root, {}), **merged}
        return True

    def groups(self, min_size: int = 2) -> list[list[str]]:
        """The sets with at least min_size members, each sorted, in a stable order."""
        found = [sorted(m) for root, m in self.members.items() if self.parent[root] == root and len(m) >= min_size]
        return sorted(found)


def build_clusters(
    matches: Iterable[tuple[str, str, float]],
    forced: Iterable[Pair],
    forbidden: Iterable[Pair],
    authorities: dict[str, str] | None = None,
    seats: dict[str, frozenset[str]] | None = None,
) -> tuple[list[list[str]], list[tuple[str, str, float]]]:
    """Clusters of ≥2 records: forced pairs first, then matches best score first; forbidden pairs
    never join, nor do two records with different IDs of one authority or firms in disjoint
    countries (even through a third).

    Returns (clusters, refused) where refused lists the matches a cannot-link blocked.
    """
    finder = ConstrainedUnionFind(forbidden, authorities, seats)
    for left, right in forced:
        finder.union(left, right)
    refused = []
    for left, right, score in sorted(matches, key=lambda m: (-m[2], m[0], m[1])):
        if not finder.union(left, right):
            refused.append((left, right, score))
    return finder.groups(), refused
