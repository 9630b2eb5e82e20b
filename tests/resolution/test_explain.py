"""Explanations: why two records were or were not merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctiongraph.errors import NotFoundError
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.resolution import Judgements, explain_pair, run_resolution
from tests.resolution.conftest import iri

ACME = (iri("company/test-a/acme"), iri("company/test-b/acme"))
XIAOMI = (iri("company/test-a/xiaomi"), iri("company/test-c/xiaomi"))


def test_a_merged_pair_is_explained_by_its_names(records_store: GraphStore) -> None:
    run_resolution(records_store)
    why = explain_pair(records_store, *XIAOMI, Judgements())
    assert why["verdict"] == "yes" and why["decided by"] == "scorer"
    assert why["same cluster now"] is True
    assert any(f.startswith("names=Xiaomi Corp. ~ Xiaomi Corporation") for f in why["features"])
    assert why["stored decision"].startswith("yes by sanctiongraph-matcher/")


def test_a_vetoed_pair_shows_the_identifier_conflict(records_store: GraphStore) -> None:
    why = explain_pair(records_store, *ACME, Judgements())
    assert why["verdict"] == "no"
    assert "lei=conflict" in why["features"]
    assert why["stored decision"].startswith("none")  # resolution never ran


def test_a_judgement_is_shown_as_the_deciding_reason(records_store: GraphStore, tmp_path: Path) -> None:
    judgements = Judgements(tmp_path / "judgements.tsv")
    judgements.record(*ACME, "yes", "same firm, one LEI is a typo")
    run_resolution(records_store, judgements.path)
    why = explain_pair(records_store, ACME[1], ACME[0], judgements)
    assert why["scorer says"] == "no"
    assert (why["decided by"], why["verdict"]) == ("human judgement", "yes")
    assert why["judgement note"] == "same firm, one LEI is a typo"
    assert why["same cluster now"] is True


def test_unknown_records_are_a_clear_error(records_store: GraphStore) -> None:
    with pytest.raises(NotFoundError, match="no-such-firm"):
        explain_pair(records_store, ACME[0], iri("company/no-such-firm"), Judgements())
