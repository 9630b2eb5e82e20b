"""Report benchmark: seconds per firm report on a store holding the real lists, cold and warm.

Cold: one `sanctiongraph report NAME` process per firm (what a user waits for), wall and CPU
(user + system of the child), beside a baseline measured in the same run: a process that only
imports the CLI and opens the store, the floor under any command. Warm: the report built and
rendered to Markdown, HTML and JSON in this process (as `serve` does), beside the four queries
the report cannot do without (profile, actions, statements, claims check).

Run: python benchmarks/bench_report.py --copy-of /path/to/store [--repeat 3]
     python benchmarks/bench_report.py [--store DIR] [--no-resolution]   (builds from ../shared)

--copy-of copies a store (with its name index and tie projection beside it) to a temporary
folder first, so the benchmark never writes to it. Without it the store is built once into
.sanctiongraph/bench/report-store (or --store) from ../shared and reused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sanctiongraph.analysis.claims import check_claims
from sanctiongraph.analysis.lookup import find_entity
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.queries import get_query
from sanctiongraph.reports import firm, render

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OFFICIAL = SHARED / "official"
FIRMS = ["Huawei", "Hikvision", "SMIC", "Xiaomi", "DJI"]
SOURCES = [
    ("dod-1237-csv", [ROOT / "sanctiongraph" / "demo" / "dod_section_1237.csv"], None),
    (
        "dod-1260h-csv",
        [OFFICIAL / "dod_chinese_military_companies" / "section_1260h_opensanctions_sanctions.csv"],
        None,
    ),
    ("ofac-sdn-csv", [OFFICIAL / "ofac" / "sdn_legacy_csv_2021-07"], "2021-07-01"),
    ("csl-csv", [OFFICIAL / "trade_gov_csl" / "consolidated_2022-05.csv.gz"], "2022-05-01"),
    ("un-xml", [OFFICIAL / "un" / "consolidated_2026-02-27.xml"], None),
]


def build(path: Path, resolve: bool = True) -> GraphStore:
    from sanctiongraph.resolution import run_resolution

    store = GraphStore(path)
    if (path / "built").exists():
        return store
    for loader, paths, published in SOURCES:
        if not all(p.exists() for p in paths):
            sys.exit(f"missing {paths}: this benchmark needs ../shared/data")
        started = time.perf_counter()
        load_paths(store, loader, paths, published=dt.date.fromisoformat(published) if published else None)
        print(f"loaded {loader} in {time.perf_counter() - started:.1f} s", flush=True)
    articles = sorted((SHARED / "articles").glob("*.txt"))[:10]
    load_paths(store, "article", articles)
    if resolve:
        started = time.perf_counter()
        run_resolution(store)
        print(f"resolution in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"{len(store)} quads", flush=True)
    (path / "built").write_text("ok")
    return store


def baseline(store: GraphStore, entity) -> None:
    for name in ("firm_profile", "actions_by_firm", "claims_about_firm"):
        store.select(get_query(name).text, {"firm": entity})
    check_claims(store, target=entity)


def full_report(store: GraphStore, entity) -> None:
    report = firm.build(store, entity)
    for fmt in ("md", "html", "json"):
        render(report, fmt)


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def cold(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def copy_store(source: Path, into: Path | None = None) -> Path:
    """The store, its name index and its tie projection, copied (into a temporary folder unless
    told), so that nothing a benchmark does writes the original."""
    target = (into or Path(tempfile.mkdtemp(prefix="bench-report-"))) / source.name
    shutil.copytree(source, target)
    index = source.with_name(source.name + ".names.sqlite")
    if index.exists():
        shutil.copy2(index, target.with_name(index.name))
    if (source.parent / "ties").is_dir():
        shutil.copytree(source.parent / "ties", target.parent / "ties")
    return target


def cold_table(path: Path, repeat: int) -> None:
    env = {**os.environ, "SANCTIONGRAPH_STORE": str(path)}
    floor = [sys.executable, "-c", "from pathlib import Path; import sanctiongraph.cli.main; "
             f"from sanctiongraph.graph.store import GraphStore; GraphStore(Path({str(path)!r}))"]  # fmt: skip
    print(f"\ncold process (median of {repeat}): report vs a process that imports the CLI and opens the store")
    print(f"{'firm':<12} {'wall s':>7} {'cpu s':>7} {'floor wall':>11} {'floor cpu':>10} {'cpu ratio':>10}")
    walls, cpus = [], []
    for name in FIRMS:
        command = [sys.executable, "-m", "sanctiongraph", "report", name, "--store", str(path), "-o", os.devnull]
        runs = [cold(command, env) for _ in range(repeat)]
        base = [cold(floor, env) for _ in range(repeat)]
        wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        base_wall, base_cpu = statistics.median(b[0] for b in base), statistics.median(b[1] for b in base)
        walls.append(wall)
        cpus.append(cpu)
        print(f"{name:<12} {wall:>7.3f} {cpu:>7.3f} {base_wall:>11.3f} {base_cpu:>10.3f} {cpu / base_cpu:>10.2f}")
    print(
        f"median cold firm report {statistics.median(walls):.3f} s wall, {statistics.median(cpus):.3f} s CPU "
        "(target < 1 s; aim <= 0.7 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / ".sanctiongraph" / "bench" / "report-store")
    parser.add_argument("--copy-of", type=Path, help="benchmark on a copy of this store (never written)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-resolution", action="store_true", help="build the store without `resolve run`")
    args = parser.parse_args()
    if args.copy_of is not None:
        path = copy_store(args.copy_of)
        store = GraphStore(path)
    else:
        path = args.store
        store = build(args.store, resolve=not args.no_resolution)
    try:
        warm_table(store, args.repeat)
        del store  # closed, so each report process opens the store as a user's would
        gc.collect()
        cold_table(path, args.repeat)
    finally:
        if args.copy_of is not None:
            shutil.rmtree(path.parent, ignore_errors=True)


def warm_table(store: GraphStore, repeat: int) -> None:
    print(f"warm, in process (median of {repeat}): build + md/html/json vs the four queries it needs")
    print(f"{'firm':<12} {'report s':>9} {'baseline s':>11} {'ratio':>6}")
    reports, bases = [], []
    for name in FIRMS:
        try:
            entity = find_entity(store, name)
        except Exception as exc:  # an ambiguous or absent name is reported, not fatal
            print(f"{name:<12} skipped: {str(exc).splitlines()[0]}")
            continue
        full_report(store, entity)  # first call warms caches (lists per release), as a server would
        report_s = statistics.median(timed(full_report, store, entity) for _ in range(repeat))
        base_s = statistics.median(timed(baseline, store, entity) for _ in range(repeat))
        reports.append(report_s)
        bases.append(base_s)
        print(f"{name:<12} {report_s:>9.3f} {base_s:>11.3f} {report_s / base_s:>6.2f}")
    if reports:
        ratio = statistics.median(r / b for r, b in zip(reports, bases, strict=True))
        print(f"median warm firm report {statistics.median(reports):.3f} s; median ratio to baseline {ratio:.2f}")


if __name__ == "__main__":
    main()
