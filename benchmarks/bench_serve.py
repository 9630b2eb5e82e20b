"""SPARQL endpoint benchmark: latency of /sparql under 20 concurrent local clients (a bounded
loop on 127.0.0.1 only), beside a baseline measured in the same run: the same queries evaluated
in-process one after another, without HTTP.

Run: python benchmarks/bench_serve.py [--store DIR | --copy-of DIR] [--clients 20] [--requests 25] [--workers 2]

Without --store it serves the demo graph (in memory); with --store (for example the store
bench_report.py builds) it serves that store; --copy-of serves a temporary copy (never written).
Queries run in the endpoint's worker processes (--workers); one warm-up request starts them
before the clock starts.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.web.app import Settings, create_app
from sanctiongraph.web.reader import SnapshotReader
from sanctiongraph.web.sparql import evaluate

ROOT = Path(__file__).resolve().parents[1]
KG = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> "
QUERIES = [
    KG + "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Designation }",
    KG + "SELECT ?f ?n WHERE { ?f a kg:Company ; kg:name ?n } LIMIT 100",
    KG + "SELECT ?a ?d WHERE { ?a kg:actionDate ?d } ORDER BY ?d LIMIT 50",
]


def demo_store() -> GraphStore:
    store = GraphStore(None)
    ensure_reference(store)
    load_paths(store, "dod-1237-csv", [ROOT / "sanctiongraph" / "demo" / "dod_section_1237.csv"])
    load_paths(store, "article", [ROOT / "sanctiongraph" / "demo" / "2021-01-14_press-digest.txt"])
    return store


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--copy-of", type=Path, help="serve a temporary copy of this store")
    parser.add_argument("--workers", type=int, default=Settings().workers, help="SPARQL worker processes")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="requests per client (bounded)")
    args = parser.parse_args()
    if args.copy_of is not None:
        from bench_report import copy_store  # a sibling script: run from the repository root

        args.store = copy_store(args.copy_of)
    # As `serve` opens it: a reader of the newest published snapshot, never the write lock.
    store = SnapshotReader(args.store) if args.store else demo_store()

    direct = []
    for i in range(args.clients * args.requests // 4):
        started = time.perf_counter()
        evaluate(store.oxigraph, QUERIES[i % len(QUERIES)], "json")
        direct.append(time.perf_counter() - started)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(store, Settings(workers=args.workers))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": QUERIES[0]}, timeout=120)  # starts the workers
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client(n: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            for i in range(args.requests):
                started = time.perf_counter()
                response = http.get("/sparql", params={"query": QUERIES[(n + i) % len(QUERIES)]},
                                    headers={"Accept": "application/sparql-results+json"})  # fmt: skip
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    errors += response.status_code != 200

    started = time.perf_counter()
    clients = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    wall = time.perf_counter() - started
    server.should_exit = True
    thread.join(timeout=30)

    if isinstance(store, SnapshotReader):  # what every request and every query pays to see new loads
        checks = 2000
        cpu = time.process_time()
        for _ in range(checks):
            store.is_stale()
        print(f"freshness check (one listing of the snapshots folder): "
              f"{(time.process_time() - cpu) / checks * 1e6:.0f} us CPU per request")  # fmt: skip
    base = statistics.median(direct)
    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(f"store: {args.store or 'demo graph (memory)'}; {len(store)} quads")
    print(f"in-process evaluate, sequential: median {base * 1000:.2f} ms over {len(direct)} queries")
    print(f"/sparql, {args.clients} concurrent clients x {args.requests} requests: median {p50 * 1000:.1f} ms, "
          f"p95 {p95 * 1000:.1f} ms, {len(latencies) / wall:.0f} requests/s, {errors} errors")  # fmt: skip
    print(f"ratio median endpoint latency / in-process: {p50 / base:.1f} ({args.workers} worker processes)")
    if args.copy_of is not None:
        import shutil

        shutil.rmtree(args.store.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
