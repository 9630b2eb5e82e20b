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
    """A path from A to B: the records on it, its hops and its score (1 / total cost)."""

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    score: float
