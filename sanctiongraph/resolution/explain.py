"""Why two records were or were not merged: the live score with its features, any human
judgement, what the last run stored, and whether they share a cluster now.
"""

from __future__ import annotations

from sanctiongraph.errors import NotFoundError
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.resolution.judgements import Judgements
from sanctiongraph.resolution.pipeline import verdict_for
from sanctiongraph.resolution.scoring import Record, Scorer, TokenStats
from sanctiongraph.resolution.store import cluster_of, read_records, stored_decision, stored_token_stats


def explain_records(
    left: Record, right: Record, scorer: Scorer, judgements: Judgements, threshold: float | None = None
) -> dict:
    """The explanation of one pair from the records alone (no store); threshold None: the one
    for the pair's kinds."""
    result = scorer.compare(left, right)
    threshold = result.threshold if threshold is None else threshold
    judged = judgements.get(left.iri, right.iri)
    scorer_verdict = verdict_for(result.score, threshold)
    decided_by = "scorer"
    verdict = scorer_verdict
    if judged is not None and judged.verdict != "unsure":
        decided_by, verdict = "human judgement", judged.verdict
    return {
        "left": left.iri,
        "right": right.iri,
        "left names": " | ".join(left.names),
        "right names": " | ".join(right.names),
        "score": result.score,
        "threshold": threshold,
        "scorer says": scorer_verdict,
        "judgement": judged.verdict if judged else None,
        "judgement note": judged.note if judged else None,
        "decided by": decided_by,
        "verdict": verdict,
        "features": result.feature_strings(),
    }


def explain_pair(
    store: GraphStore, left: str, right: str, judgements: Judgements, threshold: float | None = None
) -> dict:
    """Explain a pair of records in the store: word rarity as the last run counted it (read
    back from the run's provenance), from all records when there was no run yet."""
    by_iri = {r.iri: r for r in read_records(store, [left, right])}
    for iri in (left, right):
        if iri not in by_iri:
            raise NotFoundError(f"no named firm, person, agency or vessel {iri} in the store")
    stats = stored_token_stats(store) or TokenStats.from_records(read_records(store))
    scorer = Scorer(stats)
    explanation = explain_records(by_iri[left], by_iri[right], scorer, judgements, threshold)
    left_cluster, right_cluster = cluster_of(store, left), cluster_of(store, right)
    explanation["same cluster now"] = left_cluster is not None and left_cluster == right_cluster
    explanation["left cluster"] = left_cluster
    explanation["right cluster"] = right_cluster
    stored = stored_decision(store, left, right)
    explanation["stored decision"] = (
        f"{stored['judgement']} by {stored['method']} at {stored['score']}" if stored else "none (never compared)"
    )
    return explanation
