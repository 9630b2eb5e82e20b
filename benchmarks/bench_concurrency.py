"""Readers during a load: how many reader commands are served while a real list loads, and what they cost.

Run: nice -n 10 .venv/bin/python benchmarks/bench_concurrency.py [--rounds 1] [--after-crash]

Loads the OFAC SDN legacy CSV set from ../shared into a temporary store in a subprocess (the
writer) while this process opens the store again and again as a reader command would (a
read-only snapshot) and counts the SDN entries a query sees. Prints readers served and failed,
what they saw (only committed states: 0 or the full count, never a part), and the load time
with readers against the load time alone (the baseline, measured in the same run).
With --after-crash a load is first killed half way through its write (fault injection), so the
measured load starts by recovering the store (the case where readers of the writer's own files
were seen to grow to tens of GB); the peak memory of this reader process is printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SDN = REPO.parent / "shared" / "data" / "official" / "ofac" / "sdn_legacy_csv_2021-07"
COUNT = "SELECT (COUNT(DISTINCT ?run) AS ?n) WHERE { ?run <https://w3id.org/sanctiongraph/ontology#contentGraph> ?g }"
TRIPLES = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), "/run/")) }'


def _load(store: Path, fault: str | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "SANCTIONGRAPH_STORE": str(store)}
    env.pop("SANCTIONGRAPH_FAULT_POINT", None)
    if fault:
        env["SANCTIONGRAPH_FAULT_POINT"] = fault
    return subprocess.Popen(
        [sys.executable, "-m", "sanctiongraph", "load", "ofac-sdn-csv", str(SDN)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _timed_load(store: Path) -> float:
    started = time.perf_counter()
    proc = _load(store)
    _, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"load failed: {err}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--after-crash", action="store_true", help="start from a load killed mid-write")
    args = parser.parse_args()
    if not SDN.is_dir():
        raise SystemExit(f"skipped: {SDN} is absent")
    from sanctiongraph.graph.store import GraphStore

    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "store"
            GraphStore(store)  # created empty, so that readers can open it from the first moment
            if args.after_crash:
                _load(store).wait()  # one committed load, then one killed half way through its write
                crashed = _load(store, fault="mid-content")
                crashed.wait()
                print(f"crashed load exit status: {crashed.returncode} (-9: killed at the fault point)")
            # The baseline starts from the same state: an empty store, or the same crashed one.
            shutil.copytree(store, Path(tmp) / "alone")
            alone = _timed_load(Path(tmp) / "alone")
            served = failed = snapshots = 0
            seen: dict[int, int] = {}
            errors: dict[str, int] = {}
            started = time.perf_counter()
            proc = _load(store)
            while proc.poll() is None:
                try:
                    reader = GraphStore(store)
                    snapshots += reader.read_only
                    triples = int(reader.select(TRIPLES)[0]["n"])
                    seen[triples] = seen.get(triples, 0) + 1
                    served += 1
                    del reader
                except Exception as exc:  # counted and shown: that is the measurement
                    failed += 1
                    key = f"{type(exc).__name__}: {str(exc)[:90]}"
                    errors[key] = errors.get(key, 0) + 1
            with_readers = time.perf_counter() - started
            final = int(GraphStore(store).select(TRIPLES)[0]["n"])
            print(f"load alone (baseline): {alone:.1f} s; load with readers: {with_readers:.1f} s "
                  f"(x{with_readers / alone:.2f})")
            print(f"readers served during the load: {served} ({snapshots} read-only snapshots), failed: {failed}")
            for error, n in errors.items():
                print(f"  {n} x {error}")
            # Each count should be a sum of whole documents: the reference files commit one by
            # one, then the SDN set; a count between two of those would be a half-written run.
            print(f"run triples seen by readers (count: readers): {dict(sorted(seen.items()))}; final {final}")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"peak memory of the reader process: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
