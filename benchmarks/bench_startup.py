"""Start-up benchmark: what each command costs as a fresh process, against the interpreter's floor.

    python benchmarks/bench_startup.py [--repeat 3] [--real STORE] [--large DIR|none]

For each command (`--help`, `load --help`, each command's own `--help`, `history NAME`, `report
NAME`, `query actions_by_firm --param firm=NAME`, `ties A B`, `sparql`, `extract FILE`) prints the
CPU seconds of a cold `python -m sanctiongraph ...` process (user + system of the child, the least
of --repeat runs; one run past 5 s) and the number of modules it imported, beside baselines
measured in the same run: `python -c "import pyoxigraph"` and `python -c "import sanctiongraph"`.
The commands that read a store run on a copy of each store given (the real lists store, and the
5 M-quad store of benchmarks/bench_scale.py when it is there), with its name index and tie
projection, so the benchmark never writes to the original. A first `report` on each copy builds
what a store made by an older version lacks (this version's tie projection); it is shown apart
and not held to the targets. The first `extract` on a copy builds the article firm resolver's
tables whole when they are missing or stale; then a small list (the UK excerpt) is loaded into
the copy and `extract` runs once more: it extends those tables by the graph the load added.
The targets of issue 11: start-up (`--help` of any command) < 0.3 s; a command taking a firm
name < 0.5 s on the 5 M-quad store. A failed command misses its target.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "data" / "articles"
REAL_STORE = ROOT / ".sanctiongraph" / "store"  # the default store, with the real lists loaded
LARGE_STORE = ROOT / "benchmarks" / "results" / "scale" / "large" / "store"
FIRM = "BANCO NACIONAL DE CUBA"
TIES = ("BANCO NACIONAL DE CUBA", "HAVANA INTERNATIONAL BANK")  # in both stores, one entity each
ARTICLE = "2019-05-15_reuters-huawei-70-affiliates-entity-list.txt"
# A small list loaded into each copy once its commands are timed, before one more `extract`.
LOADED_AFTER = ROOT.parent / "shared" / "data" / "official" / "uk" / "uk_sanctions_list_excerpt_2026-08-14.xml"
SPARQL = "SELECT ?s WHERE { ?s a <https://w3id.org/sanctiongraph/ontology#Company> } LIMIT 1"
START_TARGET, FIRM_TARGET = 0.3, 0.5

# Start-up only: the command's module and its options are built, nothing is read.
HELP = [["--help"], ["load", "--help"], ["history", "--help"], ["query", "--help"], ["report", "--help"]]
HELP += [["ties", "--help"], ["sparql", "--help"], ["extract", "--help"], ["resolve", "--help"]]
TAKES_FIRM = ("history", "report", "query", "ties")


def store_commands(article: Path | None) -> list[list[str]]:
    """The commands that read a store."""
    commands = [
        ["history", FIRM],
        ["report", FIRM],
        ["query", "actions_by_firm", "--param", f"firm={FIRM}"],
        ["ties", *TIES],
        ["sparql", SPARQL],
    ]
    return [*commands, ["extract", str(article)]] if article is not None else commands


def store_folder(path: Path) -> Path:
    """The store itself when given the folder bench_scale keeps it in (`.../large` for `.../large/store`)."""
    return path / "store" if not (path / "CURRENT").exists() and (path / "store" / "CURRENT").exists() else path


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold(argv: list[str], env: dict[str, str], repeat: int) -> tuple[float, str | None]:
    """The least CPU seconds of `repeat` fresh processes, and the error of a failed one."""
    samples = []
    for _ in range(repeat):
        before = child_cpu()
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        samples.append(child_cpu() - before)
        if samples[-1] > 5:  # not a start-up any more: one run says enough
            break
        if done.returncode != 0:
            return min(samples), (done.stderr.strip().splitlines() or ["exit code"])[-1][:100]
    return min(samples), None


def modules_imported(argv: list[str], env: dict[str, str]) -> int:
    """How many modules the process imported after the interpreter's own start (python -X importtime)."""
    done = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], env=env, capture_output=True, text=True)
    return sum(1 for line in done.stderr.splitlines() if line.startswith("import time:")) - 1  # less the header


class Table:
    """Rows printed as they are measured, with ratios against the two baselines."""

    def __init__(self, pyoxigraph: float, package: float) -> None:
        self.pyoxigraph, self.package = pyoxigraph, package
        print(f"{'command':<58} {'CPU s':>6} {'modules':>7} {'/pyoxigraph':>11} {'/sanctiongraph':>14}")

    def row(self, label: str, seconds: float, modules: int, note: str = "") -> None:
        ratios = f"{seconds / self.pyoxigraph:>11.1f} {seconds / self.package:>14.1f}"
        print(f"{label[:58]:<58} {seconds:>6.3f} {modules:>7} {ratios}  {note}".rstrip(), flush=True)


def measure(commands: list[list[str]], env: dict[str, str], repeat: int, table: Table) -> list[str]:
    """Time and count each command; the lines that missed their target."""
    missed = []
    for args in commands:
        argv = [sys.executable, "-m", "sanctiongraph", *args]
        seconds, error = cold(argv, env, repeat)
        target = START_TARGET if args[-1] == "--help" else FIRM_TARGET if args[0] in TAKES_FIRM else None
        note = f"FAILED: {error}" if error else ""
        if error:  # a command that failed measured nothing: never "targets met"
            missed.append(f"{' '.join(args)}: failed ({error})")
        elif target is not None and seconds >= target:
            note = f"over {target} s"
            missed.append(f"{' '.join(args)}: {seconds:.3f} s")
        table.row(" ".join(args), seconds, modules_imported(argv, env), note)
    return missed


def extract_after_a_load(article: Path, env: dict[str, str], table: Table) -> None:
    """The first `extract` after a load adds a graph of firm names: it extends the firm resolver's
    tables by that graph (a whole build of them is the store's first `extract` above)."""
    loaded, error = cold([sys.executable, "-m", "sanctiongraph", "load", "uk-sanctions-xml", str(LOADED_AFTER)], env, 1)
    table.row(f"(load uk-sanctions-xml {LOADED_AFTER.name})", loaded, 0, error or "")
    seconds, error = cold([sys.executable, "-m", "sanctiongraph", "extract", str(article)], env, 1)
    table.row(f"extract {article.name} (first after that load)", seconds, 0, f"FAILED: {error}" if error else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--real", type=Path, default=REAL_STORE, help="store of the real lists (copied)")
    parser.add_argument("--large", default=str(LARGE_STORE), help="5 M-quad store of bench_scale (copied), or none")
    args = parser.parse_args()
    # Bytecode is cached as it is for a user (PYTHONDONTWRITEBYTECODE, set on some machines, would
    # compile every module of ours from source in every process: ~80 ms that no user pays).
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANCTIONGRAPH_") and k != "PYTHONDONTWRITEBYTECODE"}
    python = sys.executable
    pyoxigraph, _ = cold([python, "-c", "import pyoxigraph"], env, args.repeat)
    package, _ = cold([python, "-c", "import sanctiongraph"], env, args.repeat)
    table = Table(pyoxigraph, package)
    for seconds, module in ((pyoxigraph, "pyoxigraph"), (package, "sanctiongraph")):
        table.row(f'python -c "import {module}"', seconds, modules_imported([python, "-c", f"import {module}"], env))
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        missed = measure(HELP, {**env, "SANCTIONGRAPH_STORE": str(Path(tmp) / "none")}, args.repeat, table)
        article = ARTICLES / ARTICLE if (ARTICLES / ARTICLE).exists() else None
        if article is None:
            print(f"(no {ARTICLES / ARTICLE}: extract skipped)")
        stores = [("real lists", args.real), ("5 M quads", Path(args.large) if args.large != "none" else None)]
        for label, source in stores:
            if source is None or not source.is_dir():
                print(f"({label}: no store at {source}, skipped)")
                continue
            source = store_folder(source)
            print(f"-- on a copy of {source} ({label})", flush=True)
            from bench_report import copy_store  # a sibling script: run from the repository root

            store = copy_store(source, Path(tmp) / label.replace(" ", "-") / source.parent.name)
            store_env = {**env, "SANCTIONGRAPH_STORE": str(store)}
            # A store built by an older version lacks this version's tie projection (or name index):
            # the first command builds it beside the copy, once. Shown, but it is not a start-up.
            first, error = cold([sys.executable, "-m", "sanctiongraph", "report", FIRM], store_env, 1)
            table.row(f"(first report on the copy: builds what it lacks) report {FIRM}", first, 0, error or "")
            missed += [f"{label}: {m}" for m in measure(store_commands(article), store_env, args.repeat, table)]
            if article is not None and LOADED_AFTER.exists():
                extract_after_a_load(article, store_env, table)
    print("targets met" if not missed else "over target:\n  " + "\n  ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
