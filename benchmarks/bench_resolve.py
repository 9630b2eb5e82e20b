"""`resolve run` and `resolve explain` on the five real lists: CPU time, wall time and peak memory.

Loads SDN 2021-07, CSL 2022-05, UN, DoD 1260H (../shared/data/official) and DoD 1237 (the demo
CSV) with the CLI into a fresh store, then runs `resolve run` and one `resolve explain`, each in
its own process, as a user would. The load of the same lists, timed in the same run, is the
baseline the resolution is compared with (targets: resolve run < 60 s and < 2 GB, explain < 2 s).

Run: python benchmarks/bench_resolve.py [--store DIR]   (an existing store is reused, not reloaded)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OFFICIAL = REPO.parent / "shared" / "data" / "official"
LISTS = [
    ("ofac-sdn-csv", OFFICIAL / "ofac" / "sdn_legacy_csv_2021-07"),
    ("csl-csv", OFFICIAL / "trade_gov_csl" / "consolidated_2022-05.csv.gz"),
    ("un-xml", OFFICIAL / "un" / "consolidated_2026-02-27.xml"),
    ("dod-1260h-csv", OFFICIAL / "dod_chinese_military_companies" / "section_1260h_opensanctions_sanctions.csv"),
    ("dod-1237-csv", REPO / "sanctiongraph" / "demo" / "dod_section_1237.csv"),
]
HIKVISION = "company/us-ofac/30946"
HUAWEI_CSL = "company/us-csl/6662ba0546f3971d67b9bce06957a3d703f80420"  # Hangzhou Huawei Digital Technology


def timed(store: Path, *args: str) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB) of one CLI command in its own process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**os.environ, "SANCTIONGRAPH_STORE": str(store)}
    done = subprocess.run([sys.executable, "-m", "sanctiongraph", *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed: {done.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024  # peak of the largest child so far, in MB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="store folder to reuse (loaded once)")
    args = parser.parse_args()
    if not OFFICIAL.exists():
        sys.exit(f"no official lists at {OFFICIAL}")
    store = args.store or Path(tempfile.mkdtemp(prefix="sg-bench-resolve-")) / "store"
    load = (0.0, 0.0, 0.0)
    if not (store.exists() and any(store.iterdir())):
        for loader, path in LISTS:
            wall, cpu, peak = timed(store, "load", loader, str(path), "-f", "json")
            load = (load[0] + wall, load[1] + cpu, max(load[2], peak))
    run = timed(store, "resolve", "run", "-f", "json")
    explain = timed(store, "resolve", "explain", HIKVISION, HUAWEI_CSL, "-f", "json")
    print("| step | wall s | CPU s | peak MB (largest process so far) |\n|---|---|---|---|")
    if load[0]:
        print(f"| load the five lists (baseline) | {load[0]:.1f} | {load[1]:.1f} | {load[2]:.0f} |")
    print(f"| resolve run | {run[0]:.1f} | {run[1]:.1f} | {run[2]:.0f} |")
    print(f"| resolve explain (Hikvision / Hangzhou Huawei) | {explain[0]:.1f} | {explain[1]:.1f} | {explain[2]:.0f} |")
    if load[1]:
        print(f"\nresolve run CPU / load CPU = {run[1] / load[1]:.2f}")


if __name__ == "__main__":
    main()
