"""The pruned search (the hop ball around both ends) finds exactly what a search of the whole
graph finds, in the same order: on seeded random graphs of every tie kind, and on the demo graph.

The reference enumerates every simple path of at most max_hops hops over the whole graph, by
depth-first search with no pruning, and sorts them by the engine's documented order (total cost
in whole millionths, then hops, then the last node and the path itself); both go through the
same ties_in, so the TiePaths compared carry the same hops, evidence and scores. The pruned
search on the graph's neighbourhood index (read lazily, as a new process reads it) gives the
in-memory search's answer on every query, with and without dates and claims, for every k and
max_hops drawn.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from sanctiongraph.analysis import ties as engine
from sanctiongraph.analysis.tie_model import TiePath
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.tie_index import IndexedTies, write_index
from sanctiongraph.graph.tie_projection import COSTS, Source, Tie, TieGraph, tie_graph

DEMO = Path(engine.__file__).resolve().parents[1] / "demo"
DIRECT = ("ownership", "affiliation", "officer", "family", "claim")
SHARED = ("shared-identifier", "shared-address", "same-designation")
DAYS = (None, "2019-05-16", "2020-08-17", "2021-01-14", "2022-03-01")


def unpruned(
    tg: TieGraph, _ball: Any, weight: Any, starts: set[str], ends: set[str], max_hops: int
) -> Iterator[tuple[str, ...]]:
    """Every simple path from a start to an end of at most max_hops hops, over the whole graph,
    in the engine's order; the twin of ties._best_paths with no ball and no estimate."""
    found: list[tuple[int, float, str, tuple[str, ...]]] = []

    def walk(path: tuple[str, ...], cost: int, used: float) -> None:
        node = path[-1]
        if node in ends:
            found.append((cost, used, node, path))
            return
        for other, data in tg.graph._adj[node].items():
            w = weight(node, other, data)
            step = used + (0.5 if tg.is_group(node) or tg.is_group(other) else 1.0)
            if w is None or other in path or other in starts or step > max_hops:
                continue
            walk((*path, other), cost + round(w * engine.COST_UNITS), step)

    for start in sorted(starts):
        walk((start,), 0, 0.0)
    for _cost, _used, _node, path in sorted(found):
        yield path


def both(
    tg: TieGraph, a: str, b: str, monkeypatch: pytest.MonkeyPatch, index: Path, **options: Any
) -> tuple[list, list]:
    """The pruned search's answer and the whole-graph search's; the pruned search on the graph's
    index (read lazily, as a new process reads it) must give the in-memory one's answer too."""
    pruned = engine.ties_in(tg, a, b, **options)
    with monkeypatch.context() as patched:
        patched.setattr(engine, "_best_paths", unpruned)
        patched.setattr(engine, "_ball", lambda tg, *_args: dict.fromkeys(tg.graph, 0.0))
        reference = engine.ties_in(tg, a, b, **options)
    with closing(sqlite3.connect(index)) as conn:
        weighs_ties = options.get("as_of") is not None or bool(options.get("claims"))
        from_index = engine.ties_in(IndexedTies(conn, weighs_ties), a, b, **options)
    assert from_index == pruned, ("index", a, b, options)
    return pruned, reference


def indexed(tg: TieGraph, folder: Path) -> Path:
    """The graph's neighbourhood index, written as the projection cache writes it."""
    path = folder / "ties.sqlite"
    write_index(path, tg)
    return path


def random_graph(rng: random.Random, firms: int) -> TieGraph:
    """Firms tied by direct ties of every kind (some dated, some claims) and by shared things."""
    tg = TieGraph(nx.Graph(), [], {}, {}, {}, {})
    names = [f"firm:{n}" for n in range(firms)]
    for name in names:
        tg.kinds[name], tg.names[name] = "firm", name
    tg.graph.add_nodes_from(names)
    for _ in range(firms * 3 // 2):
        u, v = rng.sample(names, 2)
        kind = rng.choice(DIRECT)
        start, end = sorted(rng.sample(DAYS, 2), key=lambda d: d or "")
        tg.add_tie(Tie(kind, u, v, kind == "ownership", COSTS[kind], [Source("doc")], start, end, kind == "claim"))
    for group in range(firms // 6):
        node, kind = f"group:{group}", rng.choice(SHARED)
        tg.kinds[node], tg.names[node] = "group", node
        tg.graph.add_node(node)
        members = rng.sample(names, rng.randint(2, 5))
        cost = COSTS[kind] + (rng.random() if kind != "shared-identifier" else 0.0)
        day = rng.choice(DAYS)
        for member in members:
            tg.add_tie(Tie(kind, member, node, False, cost / 2, [Source("doc")], day, None))
    return tg


@pytest.mark.parametrize("seed", range(12))
def test_pruned_and_whole_graph_searches_agree_on_random_graphs(
    seed: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    tg = random_graph(rng, firms=rng.choice((12, 30, 60)))
    index = indexed(tg, tmp_path)
    firms = [n for n, kind in tg.kinds.items() if kind == "firm"]
    compared = with_paths = 0
    for _ in range(25):
        a, b = rng.sample(firms, 2)
        options = {
            "k": rng.choice((1, 3, 5, 10)),
            "max_hops": rng.choice((1, 2, 3, 4, 5)),
            "as_of": rng.choice((None, None, "2020-12-31", "2021-06-01")),
            "claims": rng.random() < 0.3,
        }
        pruned, reference = both(tg, a, b, monkeypatch, index, **options)
        assert pruned == reference, (a, b, options)
        compared += 1
        with_paths += bool(reference)
    assert compared == 25 and with_paths > 0  # the seeds give some pairs a path to compare


def test_the_ball_holds_every_node_of_every_path_within_max_hops(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(99)
    tg = random_graph(rng, firms=40)
    weight = engine._weight(tg, engine._validity(None, False), True)
    usable = engine._usable(weight, True)
    for a, b in rng.sample(list(combinations(sorted(n for n in tg.kinds if n.startswith("firm:")), 2)), 60):
        ball = engine._ball(tg, {a}, {b}, 4, usable)
        for path in unpruned(tg, None, weight, {a}, {b}, 4):
            assert set(path) <= ball.keys(), (a, b, path)


@pytest.fixture(scope="module")
def demo_ties() -> TieGraph:
    from sanctiongraph.resolution import run_resolution

    store = GraphStore(None)
    for loader, name in (
        ("dod-1237-csv", "dod_section_1237.csv"),
        ("article", "2021-01-14_press-digest.txt"),
        ("csl-csv", "entity_list_excerpt.csv"),
        ("dod-1260h-csv", "dod_1260h_excerpt.csv"),
    ):
        load_paths(store, loader, [DEMO / name])
    run_resolution(store)
    return tie_graph(store)


def test_pruned_and_whole_graph_searches_agree_on_the_demo_graph(
    demo_ties: TieGraph, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tg = demo_ties
    index = indexed(tg, tmp_path)
    firms = sorted(n for n, kind in tg.kinds.items() if kind == "firm" and tg.graph.degree(n))
    pairs = list(combinations(firms, 2))
    assert len(firms) > 10 and tg.clusters, "the demo graph has tied firms and clusters"
    found: list[TiePath] = []
    for a, b in random.Random(12).sample(pairs, min(len(pairs), 150)):
        for options in ({}, {"claims": True}, {"as_of": "2020-12-31", "k": 2}, {"max_hops": 2, "k": 1}):
            pruned, reference = both(tg, a, b, monkeypatch, index, **options)
            assert pruned == reference, (a, b, options)
            found += pruned
    assert found, "some demo pairs are tied"
    clusters = [c for c, members in sorted(tg.clusters.items()) if sum(m in tg.graph for m in members) > 1]
    assert clusters, "the demo graph has clusters of several records"
    for cluster in clusters:  # a firm asked for by its cluster: several records to start from
        for other in firms[:20]:
            if other not in tg.clusters[cluster]:
                pruned, reference = both(tg, cluster, other, monkeypatch, index)
                assert pruned == reference, (cluster, other)
