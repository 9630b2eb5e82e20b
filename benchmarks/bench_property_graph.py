"""Property-graph benchmark: projection, LadybugDB load, Cypher latency and CSV export, same run.

    python benchmarks/bench_property_graph.py [--nodes 1000000] [--skip-real]

Part 1 loads the real lists from ../shared/data that the registered loaders read (absent files
or loaders are skipped with a message) and times the projection, the LadybugDB build, the named
Cypher queries (with their SPARQL twins on the same store as the baseline) and the neo4j-admin
CSV export. Part 2 generates a graph of at least --nodes property-graph nodes straight into a
GraphStore with the ontology's terms (companies, people, designations, ownerships) and times
the same steps plus a SHORTEST ownership path. Latencies are medians of 5 runs after a warm-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ladybug
import pyoxigraph as ox
from rdflib import RDF, URIRef
from rdflib.namespace import PROV

from sanctiongraph.errors import SanctiongraphError
from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.projection import PropertyGraph, project
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG, KGR
from sanctiongraph.pg.ladybug_db import build_database, run_cypher
from sanctiongraph.pg.named_queries import named_cypher_queries, queries_folder
from sanctiongraph.pg.neo4j_admin import export_neo4j_admin

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
REAL = [
    ("ofac-sdn-csv", "official/ofac/sdn_legacy_csv_2021-07", dt.date(2021, 7, 7)),
    ("un-xml", "official/un/consolidated_2026-02-27.xml", None),
    ("bis-dpl", "official/bis/dpl_2023-11.txt", None),
    ("dod-1260h-csv", "matching/opensanctions/us_dod_chinese_milcorps.csv", None),
    ("dod-1237-csv", Path(__file__).resolve().parents[1] / "sanctiongraph" / "demo" / "dod_section_1237.csv", None),
]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median_ms(fn: Callable[[], Any], runs: int = 5) -> float:
    fn()  # warm-up: plan caches and page cache favour neither engine
    samples = [timed(fn)[0] for _ in range(runs)]
    return statistics.median(samples) * 1000


def report(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"\n== {title}")
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    sys.stdout.flush()


def measure_build(store: GraphStore, folder: Path) -> tuple[PropertyGraph, ladybug.Database, list[tuple[str, str]]]:
    folder.mkdir(parents=True, exist_ok=True)
    seconds, graph = timed(lambda: project(store))
    elements = len(graph.nodes) + len(graph.edges)
    rows = [
        ("quads in store", f"{len(store):,}"),
        ("nodes / edges", f"{len(graph.nodes):,} / {len(graph.edges):,}"),
        ("projection", f"{seconds:.2f} s ({len(store) / seconds:,.0f} quads/s, {elements / seconds:,.0f} elements/s)"),
    ]
    seconds, database = timed(lambda: build_database(graph, folder / "bench.db"))
    rows.append(("LadybugDB build", f"{seconds:.2f} s ({elements / seconds:,.0f} elements/s)"))
    seconds, _files = timed(lambda: export_neo4j_admin(graph, folder / "admin"))
    rows.append(("neo4j-admin CSV", f"{seconds:.2f} s ({elements / seconds:,.0f} rows/s)"))
    return graph, database, rows


def named_latencies(store: GraphStore, connection: ladybug.Connection, params: dict[str, str]) -> list[tuple[str, str]]:
    rows = []
    for name, query in named_cypher_queries().items():
        values = {p.name: params[p.name] for p in query.params}
        rq = queries_folder() / f"{name}.rq"
        cypher_ms = median_ms(lambda q=query, v=values: run_cypher(connection, q.text, v))
        line = f"Cypher {cypher_ms:8.2f} ms"
        if rq.exists():
            sparql_values = {
                k: dt.date.fromisoformat(v) if k in ("date", "since", "until") else URIRef(v) for k, v in values.items()
            }
            text = rq.read_text(encoding="utf-8")
            sparql_ms = median_ms(lambda t=text, v=sparql_values: store.select(t, v))
            line += f"   SPARQL {sparql_ms:8.2f} ms   ratio {sparql_ms / cypher_ms:6.1f}x"
        rows.append((name, line))
    return rows


def real_lists(folder: Path) -> None:
    store = GraphStore(None)
    ensure_reference(store)
    loaded = []
    for loader, relative, published in REAL:
        path = SHARED / relative
        if not path.exists():
            print(f"skipped {loader}: {path} is absent")
            continue
        try:
            seconds, _ = timed(lambda lo=loader, p=path, d=published: load_paths(store, lo, [p], published=d))
        except SanctiongraphError as exc:  # a file of another shape: say so and go on with the rest
            print(f"skipped {loader}: {exc}")
            continue
        loaded.append(f"{loader} ({seconds:.1f} s)")
    report("real lists loaded", [("sources", ", ".join(loaded) or "none")])
    graph, database, rows = measure_build(store, folder)
    report("real lists: projection, LadybugDB, CSV", rows)
    firm = _busiest_target(graph)
    params = {
        "firm": firm,
        "statute": str(KGR["law/us/pl/116/283"]),
        "list": str(KGR["list/us-ofac-sdn"]),
        "date": "2021-07-07",
        "since": "2020-01-01",
        "until": "2021-12-31",
    }
    connection = ladybug.Connection(database)
    report(f"real lists: named queries (firm {firm.rsplit('/', 1)[-1]})", named_latencies(store, connection, params))
    connection.close()
    database.close()


def _busiest_target(graph: PropertyGraph) -> str:
    counts: dict[str, int] = {}
    for edge in graph.edges:
        if edge.type == "TARGET":
            counts[edge.end] = counts.get(edge.end, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else str(KGR["agency/us-dod"])


def generated_store(nodes: int) -> GraphStore:
    """About half companies, a tenth people, the rest designations; ownerships become edges."""
    rng = random.Random(7)
    n_company, n_person = nodes // 2, nodes // 10
    n_designation = nodes - n_company - n_person
    graph = ox.NamedNode(str(KGR["graph/bench/generated@1"]))
    doc = ox.NamedNode(str(KGR["doc/bench"]))
    t = {name: ox.NamedNode(str(term)) for name, term in _terms().items()}
    lists = [ox.NamedNode(str(KGR[f"list/bench-{i}"])) for i in range(20)]
    agencies = [ox.NamedNode(str(KGR[f"agency/bench-{i}"])) for i in range(10)]
    quads: list[ox.Quad] = []

    def add(s: Any, p: str, o: Any) -> None:
        quads.append(ox.Quad(s, t[p], o, graph))

    companies = [ox.NamedNode(str(KGR[f"company/bench/{i}"])) for i in range(n_company)]
    for i, company in enumerate(companies):
        add(company, "type", t["Company"])
        add(company, "name", ox.Literal(f"Bench Company {i} Ltd"))
    for i in range(n_person):
        person = ox.NamedNode(str(KGR[f"person/bench/{i}"]))
        add(person, "type", t["Person"])
        add(person, "name", ox.Literal(f"Person {i}"))
    for i in range(n_designation):
        action = ox.NamedNode(str(KGR[f"action/bench/{i}"]))
        add(action, "type", t["Designation"])
        add(action, "target", companies[rng.randrange(n_company)])
        add(action, "imposedBy", agencies[i % len(agencies)])
        add(action, "onList", lists[i % len(lists)])
        add(action, "actionDate", ox.Literal(f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}", datatype=t["date"]))
        add(action, "derived", doc)
    for i in range(n_company // 3):
        ownership = ox.NamedNode(str(KGR[f"own/bench/{i}"]))
        add(ownership, "type", t["Ownership"])
        add(ownership, "owner", companies[i])
        add(ownership, "asset", companies[i + 1])  # chains, so ownership paths are long
        add(ownership, "percentage", ox.Literal(str(rng.randint(1, 100)), datatype=t["decimal"]))
    store = GraphStore(None)
    store.oxigraph.extend(quads)
    meta = ox.NamedNode(str(KGR["graph/meta/bench/generated@1"]))
    extra = [(graph, t["derived"], doc), (doc, t["type"], t["SourceDocument"])]
    extra += [(x, t["type"], t["SanctionsList"]) for x in lists] + [
        (x, t["type"], t["GovernmentAgency"]) for x in agencies
    ]
    store.oxigraph.extend([ox.Quad(s, p, o, meta) for s, p, o in extra])
    return store


def _terms() -> dict[str, URIRef]:
    names = ("Company", "Person", "Designation", "Ownership", "SourceDocument", "SanctionsList", "GovernmentAgency")
    terms = {n: KG[n] for n in names}
    terms.update({p: KG[p] for p in ("name", "target", "imposedBy", "onList", "actionDate", "owner", "asset")})
    terms.update({"percentage": KG.percentage, "type": RDF.type, "derived": PROV.wasDerivedFrom})
    terms.update({"date": URIRef("http://www.w3.org/2001/XMLSchema#date")})
    terms["decimal"] = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    return terms


def generated(nodes: int, folder: Path) -> None:
    seconds, store = timed(lambda: generated_store(nodes))
    report("generated graph", [("generate + insert", f"{seconds:.1f} s, {len(store):,} quads")])
    graph, database, rows = measure_build(store, folder)
    report("generated: projection, LadybugDB, CSV", rows)
    del graph
    connection = ladybug.Connection(database)
    start, end = str(KGR["company/bench/10"]), str(KGR["company/bench/16"])
    queries = {
        "point lookup by iri": ("MATCH (c:Company {iri: $iri}) RETURN c.name", {"iri": start}),
        "designations per list": (
            "MATCH (d:Designation)-[:ON_LIST]->(l) RETURN l.iri, count(*) AS n ORDER BY n DESC",
            {},
        ),
        "actions_by_firm (named)": (named_cypher_queries()["actions_by_firm"].text, {"firm": start}),
        "SANCTIONED_BY fan-in": (
            "MATCH (c)-[:SANCTIONED_BY]->(a {iri: $a}) RETURN count(*)",
            {"a": str(KGR["agency/bench-3"])},
        ),
        "SHORTEST ownership path (6 hops)": (
            "MATCH p = (a:Company)-[:OWNS* SHORTEST 1..12]-(b:Company) WHERE a.iri = $a AND b.iri = $b "
            "RETURN length(p)",
            {"a": start, "b": end},
        ),
    }
    rows = [
        (name, f"{median_ms(lambda q=q, p=p: run_cypher(connection, q, p)):8.2f} ms")
        for name, (q, p) in queries.items()
    ]
    report("generated: Cypher latencies (median of 5)", rows)
    connection.close()
    database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1_000_000, help="property-graph nodes to generate")
    parser.add_argument("--skip-real", action="store_true", help="skip the real lists")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pg-") as tmp:
        if not args.skip_real:
            real_lists(Path(tmp) / "real")
        generated(args.nodes, Path(tmp) / "generated")


if __name__ == "__main__":
    main()
