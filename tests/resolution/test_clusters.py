"""Clusters: stable IRIs, and cannot-links a plain connected-components pass would break."""

from __future__ import annotations

import hashlib

from sanctiongraph.resolution.clusters import ConstrainedUnionFind, build_clusters, cluster_iri


def test_cluster_iri_is_the_sha1_of_the_smallest_member_whatever_the_order() -> None:
    expected = hashlib.sha1(b"urn:a").hexdigest()[:16]
    assert str(cluster_iri(["urn:c", "urn:a", "urn:b"])).endswith(f"/cluster/{expected}")
    assert cluster_iri(["urn:b", "urn:a"]) == cluster_iri(["urn:a", "urn:b"])


def test_matches_join_transitively() -> None:
    clusters, refused = build_clusters([("a", "b", 0.9), ("b", "c", 0.8)], forced=[], forbidden=[])
    assert clusters == [["a", "b", "c"]]
    assert refused == []


def test_a_no_forbids_the_merge_even_through_a_third_record() -> None:
    clusters, refused = build_clusters([("a", "b", 0.9), ("b", "c", 0.8)], forced=[], forbidden=[("a", "c")])
    assert clusters == [["a", "b"]]
    assert refused == [("b", "c", 0.8)]


def test_forced_pairs_join_before_the_scores() -> None:
    clusters, _ = build_clusters([("b", "c", 0.99)], forced=[("a", "c")], forbidden=[("a", "b")])
    assert clusters == [["a", "c"]]


def test_cannot_links_follow_merged_sets() -> None:
    finder = ConstrainedUnionFind([("a", "d")])
    assert finder.union("a", "b")
    assert finder.union("c", "d")
    assert not finder.union("b", "c")  # would put a and d together
    assert finder.groups() == [["a", "b"], ["c", "d"]]


def test_singletons_are_not_clusters() -> None:
    finder = ConstrainedUnionFind()
    finder.find("alone")
    assert finder.groups() == []


def test_two_ids_of_one_authority_never_join_even_through_a_third() -> None:
    from sanctiongraph.resolution.clusters import build_clusters

    matches = [("a", "x", 0.9), ("x", "b", 0.9)]
    clusters, refused = build_clusters(matches, [], [], {"a": "us-ofac:1", "b": "us-ofac:2"})
    assert clusters == [["a", "x"]] and refused == [("x", "b", 0.9)]


def test_firms_in_disjoint_countries_never_join_even_through_a_third() -> None:
    from sanctiongraph.resolution.clusters import build_clusters

    seats = {"a": frozenset({"qa"}), "b": frozenset({"jo"})}
    clusters, _ = build_clusters([("a", "x", 0.9), ("x", "b", 0.8)], [], [], None, seats)
    assert clusters == [["a", "x"]]
