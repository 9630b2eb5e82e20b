"""Store benchmark: load and query rates of our pyoxigraph store against plain rdflib, same data, same run.

    python benchmarks/bench_store.py [--firms 20000]

Generates a sanctions-shaped graph (firms with names and aliases, designations on lists with
agency, legal basis and dates, delistings), loads it into (a) our on-disk GraphStore through
GraphStore.write_document, the path every loader takes (given rdflib terms, then pyoxigraph
terms as loaders now emit them), (b) a plain rdflib Graph and (c) pyoxigraph's own bulk_load of
the same quads, then runs the same SPARQL on ours and rdflib. Prints rates and the ratios.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal
from rdflib.namespace import PROV, XSD

from sanctiongraph.graph.store import GraphStore
from sanctiongraph.graph.terms import term_converter
from sanctiongraph.ontology import KG, KGR
from sanctiongraph.queries import get_query

LISTS = [KGR[f"list/bench-{i}"] for i in range(30)]
AGENCIES = [KGR[f"agency/bench-{i}"] for i in range(10)]
LAWS = [KGR[f"law/bench/{i}"] for i in range(20)]
WORDS = [
    "north",
    "star",
    "trading",
    "energy",
    "shipping",
    "metals",
    "holding",
    "petro",
    "aero",
    "finance",
    "digital",
    "ocean",
]

QUERIES = {
    "actions_by_firm (point lookup)": None,  # filled from queries/actions_by_firm.rq
    "designations per list (group by)": """
        PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT ?list (COUNT(?a) AS ?n) WHERE { ?a a kg:Designation ; kg:onList ?list }
        GROUP BY ?list ORDER BY DESC(?n)""",
    "active designations (NOT EXISTS)": """
        PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Designation . FILTER NOT EXISTS { ?d kg:ends ?a } }""",
    "name regex": """
        PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT ?f WHERE { ?f kg:name ?n FILTER(REGEX(?n, "petro", "i")) }""",
}


def generate(firms: int, seed: int = 7) -> list[tuple]:
    rng = random.Random(seed)
    doc = KGR["doc/" + "0" * 64]
    triples: list[tuple] = []
    for i in range(firms):
        firm = KGR[f"company/bench/{i}"]
        name = " ".join(rng.sample(WORDS, 2)).title() + f" {i} Ltd"
        triples += [
            (firm, RDF.type, KG.Company),
            (firm, KG.name, Literal(name)),
            (firm, KG.alias, Literal(name.upper())),
        ]
        for j in range(rng.choice((0, 1, 1, 2))):
            action = KGR[f"action/bench/{i}-{j}"]
            day = f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            triples += [
                (action, RDF.type, KG.Designation),
                (action, KG.target, firm),
                (action, KG.imposedBy, rng.choice(AGENCIES)),
                (action, KG.onList, rng.choice(LISTS)),
                (action, KG.legalBasis, rng.choice(LAWS)),
                (action, KG.actionDate, Literal(day, datatype=XSD.date)),
                (action, PROV.wasDerivedFrom, doc),
            ]
            if rng.random() < 0.1:
                end = KGR[f"action/bench/{i}-{j}-end"]
                triples += [(end, RDF.type, KG.Delisting), (end, KG.ends, action), (end, KG.target, firm)]
    return triples


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median seconds of warm runs (the first run is discarded)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=20_000)
    args = parser.parse_args()
    triples = generate(args.firms)
    print(f"generated {len(triples):,} triples for {args.firms:,} firms")

    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore(Path(tmp) / "store")
        start = time.perf_counter()
        run = KGR["graph/bench/run/1"]
        meta = [(KGR["run/bench"], KG.contentGraph, run)]
        store.write_document(content_graph=run, content=triples, meta_graph=KGR["graph/meta/bench"], meta=meta)
        store.flush()
        ours_load = time.perf_counter() - start

        # What loaders hand over now: pyoxigraph terms (LoadContext converts as it goes).
        convert = term_converter()
        ox_triples = [(convert(s), convert(p), convert(o)) for s, p, o in triples]
        second = GraphStore(Path(tmp) / "store-ox")
        start = time.perf_counter()
        run_ox = KGR["graph/bench/run/2"]
        second.write_document(content_graph=run_ox, content=ox_triples, meta_graph=KGR["graph/meta/bench"], meta=meta)
        second.flush()
        ours_ox_load = time.perf_counter() - start

        # The floor: pyoxigraph's own bulk_load of the same quads into a fresh store (the
        # N-Quads text is made before the clock starts).
        graph = ox.NamedNode(str(run_ox))
        data = "".join(f"{s} {p} {o} {graph} .\n" for s, p, o in ox_triples).encode()
        bulk = ox.Store(str(Path(tmp) / "store-bulk"))
        start = time.perf_counter()
        bulk.bulk_load(data, ox.RdfFormat.N_QUADS)
        bulk.flush()
        bulk_load = time.perf_counter() - start

        start = time.perf_counter()
        plain = Graph()
        for triple in triples:
            plain.add(triple)
        rdflib_load = time.perf_counter() - start

        header = f"{'ours':>12} {'rdflib':>12} {'speed-up':>9} {'bulk_load':>12} {'ours/bulk':>9}"
        print(f"\n{'load (triples/s)':38} {header}")
        for label, seconds in (("rdflib terms in", ours_load), ("pyoxigraph terms in", ours_ox_load)):
            print(
                f"{label:38} {len(triples) / seconds:>12,.0f} {len(triples) / rdflib_load:>12,.0f}"
                f" {rdflib_load / seconds:>8.1f}x {len(triples) / bulk_load:>12,.0f} {seconds / bulk_load:>8.2f}x"
            )

        firm = KGR[f"company/bench/{args.firms // 2}"]
        QUERIES["actions_by_firm (point lookup)"] = get_query("actions_by_firm").text
        print(f"\n{'query (median of 5 warm runs)':38} {'ours ms':>12} {'rdflib ms':>12} {'speed-up':>9}")
        for label, text in QUERIES.items():
            params = {"firm": firm} if "?firm" in text else None
            bound = text.replace("?firm", f"<{firm}>") if params else text
            ours = timed(lambda text=text, params=params: store.select(text, params))
            theirs = timed(lambda bound=bound: list(plain.query(bound)), repeat=3)
            assert len(store.select(text, params)) == len(list(plain.query(bound))), f"row counts differ: {label}"
            print(f"{label:38} {ours * 1000:>12.2f} {theirs * 1000:>12.2f} {theirs / ours:>8.1f}x")


if __name__ == "__main__":
    main()
