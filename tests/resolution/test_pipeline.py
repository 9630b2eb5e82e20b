"""The resolution pipeline: blocking, scoring with each kind's threshold, clusters."""

from __future__ import annotations

from sanctiongraph.resolution.normalize import EntityKind
from sanctiongraph.resolution.pipeline import resolve_records
from sanctiongraph.resolution.scoring import FIRM_THRESHOLD, MATCH_THRESHOLD, Record, Scorer

# Two misspellings of one firm: the score falls between the firm threshold and the general one.
NAMES = ("KONINKLIJKE PHILIPS ELECTRICS N.V.", "Koninklijke Philips Electroncis, N.V.")


def records(kind: EntityKind) -> list[Record]:
    return [Record(f"urn:rec:{i}", kind, (name,)) for i, name in enumerate(NAMES)]


def test_the_pair_sits_between_the_two_thresholds() -> None:
    score = Scorer().compare(*records(EntityKind.firm)).score
    assert FIRM_THRESHOLD <= score < MATCH_THRESHOLD


def test_two_firms_merge_at_the_firm_threshold() -> None:
    result = resolve_records(records(EntityKind.firm))
    assert result.clusters == [["urn:rec:0", "urn:rec:1"]]
    assert [d.threshold for d in result.decisions] == [FIRM_THRESHOLD]


def test_an_explicit_threshold_applies_to_every_kind() -> None:
    assert resolve_records(records(EntityKind.firm), threshold=MATCH_THRESHOLD).clusters == []


def test_other_kinds_keep_the_general_threshold() -> None:
    result = resolve_records(records(EntityKind.other))
    assert result.clusters == []
    assert [d.threshold for d in result.decisions] == [MATCH_THRESHOLD]


def test_the_subsidiary_pattern_keeps_the_general_threshold() -> None:
    parent = Record("urn:rec:0", EntityKind.firm, ("SYRIAN AIR",))  # the airline
    subsidiary = Record("urn:rec:1", EntityKind.firm, ("SYRIAN AIR FORCE",))
    result = Scorer().compare(parent, subsidiary)
    assert FIRM_THRESHOLD <= result.score < MATCH_THRESHOLD
    assert result.threshold == MATCH_THRESHOLD
    assert "subsidiary" in result.features
    assert resolve_records([parent, subsidiary]).clusters == []


def test_firms_at_addresses_that_are_not_one_place_keep_the_general_threshold() -> None:
    def branch(iri: str, address: str) -> Record:
        name = NAMES[0] if iri.endswith("0") else NAMES[1]
        return Record(iri, EntityKind.firm, (name,), addresses=frozenset({address}))

    apart = Scorer().compare(branch("urn:rec:0", "Guangzhou"), branch("urn:rec:1", "Guiyang"))
    assert "address" in apart.features and apart.threshold == MATCH_THRESHOLD
    near = Scorer().compare(
        branch("urn:rec:0", "Bantian, Longgang District, Shenzhen"),
        branch("urn:rec:1", "Huawei Base, Bantian, Longgang District, Shenzhen 518129, Guangdong"),
    )
    assert "address" not in near.features and near.threshold == FIRM_THRESHOLD


def test_review_puts_the_pairs_that_would_join_the_most_records_first() -> None:
    from sanctiongraph.resolution.pipeline import Decision, ResolutionResult

    def unsure(left: str, right: str, score: float) -> Decision:
        return Decision(left, right, score, "sanctiongraph-matcher/1", "unsure", (), FIRM_THRESHOLD)

    near = unsure("urn:a", "urn:b", 0.64)  # nearest the threshold, but two lone records
    big = unsure("urn:c", "urn:x", 0.55)  # would join a cluster of three
    far = unsure("urn:d", "urn:e", 0.51)
    result = ResolutionResult(6, 3, [far, near, big], [["urn:x", "urn:y", "urn:z"]])
    assert result.uncertain() == [big, near, far]
