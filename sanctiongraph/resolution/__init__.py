"""Entity resolution: one firm or person across lists, articles and scripts, as clusters.

Public API:
- ``run_resolution(store, judgements_path=None, threshold=None)``: resolve every record in the
  store and write the resolution graph (source graphs untouched); ``drop_resolution(store)`` undoes.
- ``cluster_of(store, iri)`` / ``members(store, iri)``: the cluster of a record and all its records.
- ``NameMatcher(NameIndex.from_store(store).entries).best(name, kind)`` or
  ``resolve_name(name, entries)``: resolve a name found in text with the same scorer.
- ``explain_pair(store, a, b, judgements)``: why two records were or were not merged.

Cluster IRIs are ``https://w3id.org/sanctiongraph/id/cluster/<sha1(smallest member IRI)[:16]>``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.resolution.explain import explain_pair
from sanctiongraph.resolution.judgements import Judgements, default_judgements_path
from sanctiongraph.resolution.matcher import NameMatcher, resolve_name
from sanctiongraph.resolution.pipeline import ResolutionResult, resolve_records
from sanctiongraph.resolution.scoring import FIRM_THRESHOLD, MATCH_THRESHOLD, threshold_for
from sanctiongraph.resolution.store import (
    RESOLUTION_GRAPH,
    RESOLUTION_META_GRAPH,
    cluster_of,
    drop_resolution,
    members,
    read_records,
    read_related,
    write_resolution,
)

__all__ = [
    "FIRM_THRESHOLD",
    "MATCH_THRESHOLD",
    "RESOLUTION_GRAPH",
    "RESOLUTION_META_GRAPH",
    "Judgements",
    "NameMatcher",
    "ResolutionResult",
    "cluster_of",
    "drop_resolution",
    "explain_pair",
    "judgements_for",
    "members",
    "resolve_name",
    "run_resolution",
    "threshold_for",
]


def judgements_for(store: GraphStore, path: Path | None = None) -> Judgements:
    """The judgements file given, else the one beside the store (none for an in-memory store)."""
    return Judgements(path or default_judgements_path(store.path))


def run_resolution(
    store: GraphStore, judgements_path: Path | None = None, threshold: float | None = None
) -> ResolutionResult:
    """Resolve every record in the store and replace the resolution graph atomically."""
    started = dt.datetime.now(dt.UTC)
    judgements = judgements_for(store, judgements_path)
    records = read_records(store)
    result = resolve_records(records, judgements, threshold, read_related(store))
    write_resolution(store, result, records, started)
    return result
