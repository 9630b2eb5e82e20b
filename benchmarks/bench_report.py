"""Report benchmark: seconds per firm report (build + Markdown, HTML and JSON) on a store holding
the real lists in ../shared (SDN 2021-07, CSL 2022-05, UN, DoD 1237 and 1260H, the articles,
resolution run), beside a baseline measured in the same run: the four queries the report cannot
do without (profile, actions, statements, claims check), so the ratio shows what the report adds.

Run: python benchmarks/bench_report.py [--store DIR] [--repeat 3] [--no-resolution]

The store is built once into .sanctiongraph/bench/report-store (or --store) and reused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
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
FIRMS = ["Xiaomi Corporation", "Huawei Technologies Co., Ltd.", "Hangzhou Hikvision Digital Technology Co., Ltd.",
         "ZTE Corporation", "Semiconductor Manufacturing International Corporation"]  # fmt: skip
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / ".sanctiongraph" / "bench" / "report-store")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-resolution", action="store_true", help="build the store without `resolve run`")
    args = parser.parse_args()
    store = build(args.store, resolve=not args.no_resolution)
    print(f"{'firm':<55} {'report s':>9} {'baseline s':>11} {'ratio':>6}")
    reports, bases = [], []
    for name in FIRMS:
        try:
            entity = find_entity(store, name)
        except Exception as exc:  # an ambiguous or absent name is reported, not fatal
            print(f"{name:<55} skipped: {exc}")
            continue
        full_report(store, entity)  # first call warms caches (lists per release), as a server would
        report_s = statistics.median(timed(full_report, store, entity) for _ in range(args.repeat))
        base_s = statistics.median(timed(baseline, store, entity) for _ in range(args.repeat))
        reports.append(report_s)
        bases.append(base_s)
        print(f"{name:<55} {report_s:>9.3f} {base_s:>11.3f} {report_s / base_s:>6.2f}")
    if reports:
        ratio = statistics.median(r / b for r, b in zip(reports, bases, strict=True))
        median = statistics.median(reports)
        print(f"median firm report {median:.3f} s (target < 1 s); median ratio to baseline {ratio:.2f}")


if __name__ == "__main__":
    main()
