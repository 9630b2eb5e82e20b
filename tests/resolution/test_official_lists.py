"""The real lists: no two legal entities of the Huawei, Hikvision, SMIC, DJI and ZTE families share
a cluster, and the same firm on two lists does. Expectations come from the list files (IDs,
parent columns, entity numbers) through resolution/truth.py, never from our own output.
"""

from __future__ import annotations

import pytest

from sanctiongraph.resolution.pipeline import resolve_records
from sanctiongraph.resolution.truth import FAMILIES, Truth, family_of, official_truth
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def truth() -> Truth:
    return official_truth(shared_path("official"))


@pytest.fixture(scope="module")
def cluster_of(truth: Truth) -> dict[str, int]:
    """The five families' entries resolved together, with the parents the lists name: record ->
    cluster (together, so "Hangzhou Hikvision" meets "Hangzhou Huawei" as in a full run)."""
    records = [e.record for e in truth.entries if family_of(e)]
    result = resolve_records(records, related=truth.related())
    return {iri: n for n, cluster in enumerate(result.clusters) for iri in cluster}


def _family_iris(truth: Truth, family: str) -> list[str]:
    return [e.iri for e in truth.entries if family_of(e) == family]


@pytest.mark.parametrize("family", FAMILIES)
def test_no_two_legal_entities_of_a_family_share_a_cluster(
    truth: Truth, cluster_of: dict[str, int], family: str
) -> None:
    members = set(_family_iris(truth, family))
    everyone = [e.iri for e in truth.entries if family_of(e)]
    pairs = [p for p in truth.must_not_pairs(everyone) if members & set(p)]
    assert pairs, f"no must-not-merge pair for the {family} family: the files changed?"
    merged = [
        (truth.by_iri[a].record.names[0], truth.by_iri[b].record.names[0])
        for a, b in pairs
        if a in cluster_of and cluster_of.get(a) == cluster_of.get(b)
    ]
    assert merged == []


@pytest.mark.parametrize("family", ["Huawei", "Hikvision", "SMIC", "DJI"])
def test_the_same_firm_on_two_lists_is_one_cluster(truth: Truth, cluster_of: dict[str, int], family: str) -> None:
    iris = set(_family_iris(truth, family))
    pairs = [(a, b) for a, b in truth.must_merge if a in iris and b in iris]
    assert pairs, f"no must-merge pair in the {family} family: the files changed?"
    apart = [p for p in pairs if cluster_of.get(p[0], -1) != cluster_of.get(p[1], -2)]
    assert apart == []


def test_hikvision_is_never_huawei(truth: Truth, cluster_of: dict[str, int]) -> None:
    """The CSL's "Hangzhou Huawei Digital Technology Co., Ltd., Hangzhou, Zhejiang, China" shares a
    city and generic words with Hikvision's name, not its distinctive word."""
    hikvision = {cluster_of[i] for i in _family_iris(truth, "Hikvision") if i in cluster_of}
    huawei = {cluster_of[i] for i in _family_iris(truth, "Huawei") if i in cluster_of}
    assert hikvision and not hikvision & huawei
