"""Resolution of a set of records: block, score, apply human judgements, cluster (no store here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sanctiongraph.resolution.blocking import BlockingIndex
from sanctiongraph.resolution.clusters import build_clusters
from sanctiongraph.resolution.judgements import HUMAN_METHOD, Judgements, pair_key
from sanctiongraph.resolution.normalize import EntityKind
from sanctiongraph.resolution.scoring import MATCH_THRESHOLD, MatchResult, Record, Scorer, TokenStats

REVIEW_FLOOR = 0.5  # pairs scoring between this and the threshold are worth a human look


@dataclass(frozen=True)
class Decision:
    """The outcome for one pair: score, who decided, and the features behind it."""

    left: str
    right: str
    score: float
    method: str
    judgement: str
    features: tuple[str, ...]
    threshold: float = MATCH_THRESHOLD


@dataclass
class ResolutionResult:
    """Everything one resolution run decided, ready to be written or printed."""

    records: int
    compared: int
    decisions: list[Decision]
    clusters: list[list[str]]
    refused: list[tuple[str, str, float]] = field(default_factory=list)
    threshold: float | None = None  # None: each pair's kinds decide (scoring.threshold_for)
    windowed_keys: int = 0  # blocking keys too common to compare in full: sorted neighbourhood only
    skipped_keys: int = 0  # blocking keys too common and too loose to use at all
    token_stats: str = ""  # TokenStats.to_json() of the run, kept for `resolve explain`

    def uncertain(self) -> list[Decision]:
        """Scorer decisions a human should look at, those a judgement would change the most first:
        pairs whose "yes" would join the most records (the sizes of both sides' clusters), then
        those closest to the threshold."""
        pending = [d for d in self.decisions if d.judgement == "unsure" and d.method != HUMAN_METHOD]
        size = {member: len(cluster) for cluster in self.clusters for member in cluster}
        joined = lambda d: size.get(d.left, 1) + size.get(d.right, 1)  # noqa: E731
        return sorted(pending, key=lambda d: (-joined(d), abs(d.score - d.threshold), d.left, d.right))


def verdict_for(score: float, threshold: float, floor: float = REVIEW_FLOOR) -> str:
    if score >= threshold:
        return "yes"
    return "unsure" if score >= floor else "no"


def resolve_records(
    records: Sequence[Record],
    judgements: Judgements | None = None,
    threshold: float | None = None,
    related: Iterable[tuple[str, str]] = (),
) -> ResolutionResult:
    """Score candidate pairs, let judgements override them, and build clusters.

    related: pairs a source states a relation between (parent and subsidiary): two legal
    persons by the source's own word, so they never share a cluster, not even through a third.
    """
    judgements = judgements or Judgements()
    scorer = Scorer(TokenStats.from_records(records))
    by_iri = {r.iri: r for r in records}
    results: dict[tuple[str, str], MatchResult] = {}
    index = BlockingIndex(records)
    for left, right in index.candidate_pairs():
        key = pair_key(records[left].iri, records[right].iri)
        results[key] = scorer.compare(by_iri[key[0]], by_iri[key[1]])
    for key in judgements.by_pair:  # judged pairs the blocker did not propose still get features
        if key not in results and key[0] in by_iri and key[1] in by_iri:
            results[key] = scorer.compare(by_iri[key[0]], by_iri[key[1]])
    decisions = [_decide(key, result, judgements, threshold) for key, result in sorted(results.items())]
    kept = [d for d in decisions if d.score >= REVIEW_FLOOR or d.method == HUMAN_METHOD or _vetoed(d)]
    matches = [(d.left, d.right, d.score) for d in kept if d.method != HUMAN_METHOD and d.judgement == "yes"]
    forbidden = [(d.left, d.right) for d in kept if d.judgement == "no"]
    forbidden += [pair for pair in related if pair[0] in by_iri and pair[1] in by_iri]
    forced = [k for k in judgements.with_verdict("yes") if k[0] in by_iri and k[1] in by_iri]
    authorities = {r.iri: r.authority for r in records if r.authority}
    seats = {r.iri: r.countries for r in records if r.kind is EntityKind.firm and r.countries}
    clusters, refused = build_clusters(matches, forced, forbidden, authorities, seats)
    return ResolutionResult(
        len(records),
        len(results),
        kept,
        clusters,
        refused,
        threshold,
        index.windowed_keys,
        index.skipped_keys,
        scorer.stats.to_json(),
    )


def _decide(key: tuple[str, str], result: MatchResult, judgements: Judgements, threshold: float | None) -> Decision:
    judged = judgements.get(*key)
    features = tuple(result.feature_strings())
    threshold = result.threshold if threshold is None else threshold
    if judged is not None and judged.verdict != "unsure":
        note = (f"note={judged.note}",) if judged.note else ()
        return Decision(*key, result.score, HUMAN_METHOD, judged.verdict, (*features, *note), threshold)
    verdict = verdict_for(result.score, threshold)
    if judged is not None:  # "unsure" keeps the scorer's score but never merges on its own
        return Decision(*key, result.score, HUMAN_METHOD, "unsure", features, threshold)
    return Decision(*key, result.score, Scorer.method, verdict, features, threshold)


def _vetoed(decision: Decision) -> bool:
    """Identifier or kind conflicts are kept even at low score: they become cannot-links."""
    return any(f.endswith("=conflict") or f.startswith("kind=conflict") for f in decision.features)
