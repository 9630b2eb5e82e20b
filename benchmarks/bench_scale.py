"""Scale benchmark: does every command's cost follow its answer, not the store?

    nice -n 10 python benchmarks/bench_scale.py [--generated-firms 450000] [--rebuild]

Builds two on-disk stores, cached under benchmarks/results/scale/ (git-ignored) between runs:
- small: the reference data and the real OFAC SDN 2021-07 list (about 188 k quads);
- large: the real SDN 2018-12 and 2021-07, CSL 2022-05, UN, OFAC consolidated 2025-12 and
  DoD 1260H lists loaded with load_paths (the CLI's twin), plus generated firms and
  designations in the shape of benchmarks/bench_store.py (about 5 M quads in all).
Then, on each store, times a first build of the name index (CPU, into a temporary file), and
every command that takes a firm as a cold process (CPU seconds of
the child: what a user waits for, start-up included), its library twin warm in this process,
and the SPARQL the twin sends on a bare pyoxigraph Store opened on the same folder. Prints the
table of the issue and the large/small ratios. Files that are absent are skipped with a message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from sanctiongraph.graph import names
from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.names import update_name_index
from sanctiongraph.graph.store import GraphStore

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "scale"
OFFICIAL = ROOT.parent / "shared" / "data" / "official"
CLI = str(Path(sys.executable).with_name("sanctiongraph"))
KG = "https://w3id.org/sanctiongraph/ontology#"
KGR = "https://w3id.org/sanctiongraph/id/"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")

SMALL = [("ofac-sdn-csv", "ofac/sdn_legacy_csv_2021-07", dt.date(2021, 7, 7))]
LARGE = [
    ("ofac-sdn-csv", "ofac/sdn_legacy_csv_2018-12", dt.date(2018, 12, 31)),
    ("ofac-sdn-csv", "ofac/sdn_legacy_csv_2021-07", dt.date(2021, 7, 7)),
    ("csl-csv", "trade_gov_csl/consolidated_2022-05.csv.gz", None),
    ("un-xml", "un/consolidated_2026-02-27.xml", None),
    ("ofac-cons-csv", "ofac/consolidated_legacy_csv_2025-12", dt.date(2025, 12, 31)),
    ("dod-1260h-csv", "dod_chinese_military_companies/section_1260h_opensanctions_sanctions.csv", None),
]
FIRM = "BANCO NACIONAL DE CUBA"
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


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_real(store: GraphStore, sources: list[tuple[str, str, dt.date | None]]) -> None:
    for loader, relative, published in sources:
        path = OFFICIAL / relative
        if not path.exists():
            print(f"  skipped {loader}: {path} is absent", file=sys.stderr)
            continue
        start = time.perf_counter()
        try:
            reports = load_paths(store, loader, [path], published=published)
        except Exception as exc:  # a loader that cannot read this file must not stop the benchmark
            print(f"  skipped {loader} {relative}: {exc}", file=sys.stderr)
            continue
        triples = sum(r.triples for r in reports)
        print(f"  {loader:<14} {relative:<45} {triples:>9,} triples {time.perf_counter() - start:6.1f} s")


def generate(store: GraphStore, firms: int, seed: int = 7) -> None:
    """Firms with names and aliases and their designations (bench_store.py's shape), bulk-written
    as one document graph with its meta graph, in chunks so memory stays flat."""
    rng = random.Random(seed)
    n = ox.NamedNode
    graph = n(f"{KGR}graph/generated/{firms}/run/1")
    doc = n(f"{KGR}doc/" + "0" * 64)
    p = {
        name: n(KG + name)
        for name in ["name", "alias", "target", "imposedBy", "onList", "legalBasis", "actionDate", "ends"]
    }
    rdf_type, derived = n(RDF_TYPE), n(PROV_DERIVED)
    company, designation, delisting = n(KG + "Company"), n(KG + "Designation"), n(KG + "Delisting")
    lists = [n(f"{KGR}list/bench-{i}") for i in range(30)]
    agencies = [n(f"{KGR}agency/bench-{i}") for i in range(10)]
    laws = [n(f"{KGR}law/bench/{i}") for i in range(20)]
    chunk: list[ox.Quad] = []
    total = 0
    # Through _writable: it marks the published snapshot stale, so flush() publishes the generated
    # quads for readers too (writing to store.oxigraph directly left readers a snapshot without them).
    writable = store._writable()
    for i in range(firms):
        firm = n(f"{KGR}company/bench/{i}")
        name = " ".join(rng.sample(WORDS, 2)).title() + f" {i} Ltd"
        chunk += [
            ox.Quad(firm, rdf_type, company, graph),
            ox.Quad(firm, p["name"], ox.Literal(name), graph),
            ox.Quad(firm, p["alias"], ox.Literal(name.upper()), graph),
        ]
        for j in range(rng.choice((0, 1, 1, 2))):
            action = n(f"{KGR}action/bench/{i}-{j}")
            day = f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            chunk += [
                ox.Quad(action, rdf_type, designation, graph),
                ox.Quad(action, p["target"], firm, graph),
                ox.Quad(action, p["imposedBy"], rng.choice(agencies), graph),
                ox.Quad(action, p["onList"], rng.choice(lists), graph),
                ox.Quad(action, p["legalBasis"], rng.choice(laws), graph),
                ox.Quad(action, p["actionDate"], ox.Literal(day, datatype=XSD_DATE), graph),
                ox.Quad(action, derived, doc, graph),
            ]
            if rng.random() < 0.1:
                end = n(f"{KGR}action/bench/{i}-{j}-end")
                chunk += [
                    ox.Quad(end, rdf_type, delisting, graph),
                    ox.Quad(end, p["ends"], action, graph),
                    ox.Quad(end, p["target"], firm, graph),
                ]
        if len(chunk) > 500_000:
            writable.bulk_extend(chunk)
            total += len(chunk)
            chunk = []
    writable.bulk_extend(chunk)
    total += len(chunk)
    meta = n(f"{KGR}graph/meta/generated/{firms}")
    writable.extend([ox.Quad(n(f"{KGR}run/generated"), n(KG + "contentGraph"), graph, meta)])
    print(f"  generated      {firms:,} firms{'':<33} {total:>9,} quads")


def build(name: str, generated_firms: int, rebuild: bool) -> Path:
    folder = RESULTS / name
    path = folder / "store"
    if path.is_dir() and (folder / "done").exists() and not rebuild:
        return path
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"building the {name} store in {folder} ...")
    store = GraphStore(path)
    ensure_reference(store)
    load_real(store, SMALL if name == "small" else LARGE)
    if name == "large" and generated_firms:
        generate(store, generated_firms)
    start = time.perf_counter()
    update_name_index(store)
    print(f"  name index {time.perf_counter() - start:.1f} s; {len(store):,} quads")
    store.flush()
    del store
    (folder / "done").write_text("ok\n")
    return path


def cold(args: list[str], store: Path, repeat: int = 3) -> float:
    """Median CPU seconds of a fresh `sanctiongraph ...` process on the store."""
    env = {**os.environ, "SANCTIONGRAPH_STORE": str(store)}
    samples = []
    for _ in range(repeat):
        before = cpu()
        done = subprocess.run([CLI, *args], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"sanctiongraph {' '.join(args)} failed: {done.stderr.strip()[-300:]}")
        samples.append(cpu() - before)
    return sorted(samples)[len(samples) // 2]


def warm(fn: Callable[[], Any], repeat: int = 3) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        samples.append(time.process_time() - start)
    return sorted(samples)[len(samples) // 2]


class Recorder(GraphStore):
    """A GraphStore that keeps the SPARQL it sends, so the raw engine can run the same texts."""

    def __init__(self, path: Path) -> None:
        self.sent: list[str] = []  # before opening: opening a writable store already queries it
        super().__init__(path)

    def _query(self, sparql: str) -> Any:
        self.sent.append(sparql)
        return super()._query(sparql)


def raw_seconds(store: GraphStore, texts: list[str]) -> float:
    """CPU seconds of the same query texts on the bare pyoxigraph store, results consumed."""

    def run() -> None:
        for text in texts:
            result = store.oxigraph.query(text, use_default_graph_as_union=True)
            if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
                for _ in result:
                    pass

    return warm(run, repeat=1)


def twins(store: GraphStore, firm: Any) -> dict[str, tuple[list[str], Callable[[], Any]]]:
    """Each command line and its library twin."""
    from sanctiongraph.analysis.lookup import find_entity
    from sanctiongraph.analysis.report import firm_report
    from sanctiongraph.graph import releases
    from sanctiongraph.queries import get_query

    actions = get_query("actions_by_firm").text
    return {
        "--help": (["--help"], lambda: None),
        f'report "{FIRM}"': (["report", FIRM], lambda: firm_report(store, find_entity(store, FIRM))),
        "report IRI": (["report", str(firm)], lambda: firm_report(store, firm)),
        f'history "{FIRM}"': (["history", FIRM], lambda: releases.firm_history(store, FIRM)),
        "query actions_by_firm IRI": (
            ["query", "actions_by_firm", "--param", f"firm={firm}"],
            lambda: store.select(actions, {"firm": firm}),
        ),
        f'query actions_by_firm "{FIRM}"': (
            ["query", "actions_by_firm", "--param", f"firm={FIRM}"],
            lambda: store.select(actions, {"firm": find_entity(store, FIRM)}),
        ),
        "members us-ofac-sdn 2021-07-07": (
            ["members", "us-ofac-sdn", "--on", "2021-07-07"],
            lambda: releases.members_on(store, "us-ofac-sdn", dt.date(2021, 7, 7)),
        ),
    }


def measure_library(path: Path) -> dict[str, tuple[list[str], float, float]]:
    """command -> (its CLI arguments, warm library CPU s, raw pyoxigraph CPU s of the same SPARQL)."""
    from sanctiongraph.analysis.lookup import find_entity

    store = Recorder(path)
    firm = find_entity(store, FIRM)
    print(f"  {FIRM} is <{firm}>")
    out = {}
    for label, (args, twin) in twins(store, firm).items():
        store.sent = []
        twin()
        texts = list(store.sent)
        out[label] = (args, warm(twin), raw_seconds(store, texts) if texts else 0.0)
    return out


def name_index_first_build(path: Path) -> tuple[float, int]:
    """CPU seconds and names of a first build of the store's name index, written to a temporary
    file (the cached index beside the store is left alone)."""
    store = GraphStore(path)
    with tempfile.TemporaryDirectory() as tmp:
        db = names._Db(Path(tmp) / "names.sqlite")
        start = time.process_time()
        db.sync(store)
        seconds = time.process_time() - start
        count = db.conn.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        db.conn.close()
    del store
    gc.collect()  # let go of the store's lock before the CLI processes open it
    return seconds, count


def measure(path: Path) -> dict[str, tuple[float, float, float]]:
    """command -> (cold CLI CPU s, warm library CPU s, raw pyoxigraph CPU s of the same SPARQL)."""
    library = measure_library(path)
    gc.collect()  # the CLI processes open the store themselves: let go of its lock
    return {label: (cold(args, path), lib, raw) for label, (args, lib, raw) in library.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated-firms", type=int, default=450_000)
    parser.add_argument("--rebuild", action="store_true", help="Build the cached stores again.")
    parser.add_argument("--only", choices=["small", "large"], help="Measure one store only.")
    args = parser.parse_args()
    if not (OFFICIAL / "ofac").is_dir():
        print(f"the shared lists are absent ({OFFICIAL}); nothing to measure", file=sys.stderr)
        return 1
    results = {}
    for name in ("small", "large"):
        if args.only and name != args.only:
            continue
        path = build(name, args.generated_firms, args.rebuild)
        quads = len(ox.Store.read_only(str(path)))
        print(f"measuring the {name} store ({quads:,} quads) ...")
        seconds, count = name_index_first_build(path)
        print(f"  name index, first build: {seconds:.1f} s CPU for {count:,} names")
        results[name] = (quads, measure(path))
    names = list(results)
    header = " | ".join(f"{n} {results[n][0] / 1e6:.2f} M quads: CLI cold / library / raw SPARQL" for n in names)
    print(f"\n| command | {header} |" + (" large/small (CLI) |" if len(names) == 2 else ""))
    print("|---|" + "---|" * len(names) + ("---|" if len(names) == 2 else ""))
    for label in results[names[0]][1]:
        cells = []
        for n in names:
            c, lib, raw = results[n][1][label]
            cells.append(f"{c:.2f} s / {lib:.3f} s / {raw:.3f} s")
        ratio = ""
        if len(names) == 2:
            small, large = results["small"][1][label][0], results["large"][1][label][0]
            ratio = f" {large / small:.1f}x |" if small else " n/a |"
        print(f"| `{label}` | " + " | ".join(cells) + " |" + ratio)
    return 0


if __name__ == "__main__":
    sys.exit(main())
