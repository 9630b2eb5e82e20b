"""The plain results of the ties engine: paths, hops and their evidence.

Kept apart from the engine (which imports networkx and the projection) so that reports and the
web pages can name these types without that cost.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    """One source for one hop."""

    document: str
    title: str | None
    published: str | None
    loader: str | None
    text: str | None


@dataclass(frozen=True)
class Hop:
    """One tie between two firms (or people, vessels), in the direction of the relation."""

    kind: str
    source: str
    source_name: str
    target: str
    target_name: str
    directed: bool
    evidence: tuple[Evidence, ...]
    is_claim: bool = False
    weight: float = 1.0


@dataclass(frozen=True)
class TiePath:
    """A path from A to B: the records on it, its hops and its score (1 / total cost).

    cluster_hops counts the hops from a firm asked for (a resolution cluster) to the record the
    path uses: max_hops does not count them, so a path of 4 hops may show 5 or 6."""

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    score: float
    cluster_hops: int = 0
