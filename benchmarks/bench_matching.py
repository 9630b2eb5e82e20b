"""Matching benchmark: precision, recall and F1 of our matcher on the labelled sets in
../shared/data/matching, beside two baselines run on the same pairs in the same run (rapidfuzz
token-set ratio at a fixed threshold, and nomenklatura's logic-v2 matcher in its own venv); the
firm threshold swept on one half of each set and checked on the other; then the time to resolve
100k generated names end to end.

Run: python benchmarks/bench_matching.py [--nk-python PYTHON] [--scale 100000]

nomenklatura pins versions of our own dependencies, so it never goes into our venv: without
--nk-python the benchmark makes its own venv in .sanctiongraph/bench/venv-nk (pip install
nomenklatura, once) and calls it in a subprocess; where that does not install it prints n/a.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from sanctiongraph.resolution.blocking import BlockingIndex
from sanctiongraph.resolution.normalize import EntityKind
from sanctiongraph.resolution.pipeline import resolve_records
from sanctiongraph.resolution.scoring import FIRM_THRESHOLD, MATCH_THRESHOLD, Record, Scorer, TokenStats
from sanctiongraph.resolution.truth import comparable, family_of, official_truth

MATCHING = Path(__file__).resolve().parents[2] / "shared" / "data" / "matching"
OFFICIAL = MATCHING.parent / "official"
RAPIDFUZZ_THRESHOLD = 85  # token_set_ratio, 0..100
NOMENKLATURA_THRESHOLD = 0.7  # what nomenklatura's own name_bench harness reports F1 at
SAMPLE = 2000  # positive and negative pairs drawn from each cluster set
KINDS = {"Person": EntityKind.person, "Vessel": EntityKind.vessel}  # the rest are firms, as our loaders map them
SWEEP = [round(0.5 + 0.025 * i, 3) for i in range(11)]  # firm thresholds tried on the tuning half

# Runs inside nomenklatura's venv: one JSON line [schema, name1, name2] in, one score out.
NK_SCRIPT = """
import json, sys
from followthemoney import model
from nomenklatura.matching import ScoringConfig, get_algorithm
algorithm, config = get_algorithm("logic-v2"), ScoringConfig.defaults()
def entity(schema, name, key):
    e = model.make_entity(schema); e.id = key; e.add("name", name); return e
for n, line in enumerate(sys.stdin):  # unique ids: nomenklatura caches name analysis by entity id
    schema, a, b = json.loads(line)
    print(algorithm.compare(entity(schema, a, f"q{n}"), entity(schema, b, f"r{n}"), config).score)
"""


@dataclass(frozen=True)
class Pair:
    dataset: str
    schema: str
    left: str
    right: str
    match: bool


def name_bench() -> list[Pair]:
    pairs = []
    with (MATCHING / "nomenklatura" / "name_bench_cases.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            synthetic = row["case_group"] in ("synth_people", "synth_companies")
            dataset = "name_bench (synthetic)" if synthetic else "name_bench (hand-made)"
            pairs.append(Pair(dataset, row["schema"], row["name1"], row["name2"], row["is_match"] == "true"))
    return pairs


def cluster_pairs(dataset: str, names_by_cluster: dict[str, set[str]], seed: int = 7) -> list[Pair]:
    """All-distinct-name pairs inside clusters (positives) and hard negatives sharing a word."""
    rng = random.Random(seed)
    positives = [(a, b) for names in names_by_cluster.values() for a in names for b in names if a < b]
    cluster_of = {n: c for c, names in names_by_cluster.items() for n in names}
    by_word: dict[str, list[str]] = defaultdict(list)
    for name in sorted(cluster_of):
        for word in set(name.lower().split()):
            if len(word) > 3:
                by_word[word].append(name)
    negatives = set()
    words = sorted(w for w, names in by_word.items() if len(names) > 1)
    for _ in range(SAMPLE * 20):
        if len(negatives) >= SAMPLE or not words:
            break
        a, b = rng.sample(by_word[rng.choice(words)], 2)
        if cluster_of[a] != cluster_of[b]:
            negatives.add((min(a, b), max(a, b)))
    positives = rng.sample(sorted(positives), min(SAMPLE, len(positives)))
    return [Pair(dataset, "Company", a, b, True) for a, b in positives] + [
        Pair(dataset, "Company", a, b, False) for a, b in sorted(negatives)
    ]


def read_clusters(path: Path, cluster_column: str, name_column: str) -> dict[str, set[str]]:
    clusters: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row[name_column].strip().lstrip("* ").strip()
            if name:
                clusters[row[cluster_column]].add(name)
    return clusters


def all_pairs() -> list[Pair]:
    pairs = name_bench()
    patstat = read_clusters(MATCHING / "dedupe_examples" / "patstat_reference.csv", "leuven_id", "person_name")
    pairs += cluster_pairs("dedupe patstat", patstat)
    air = read_clusters(MATCHING / "patentsview" / "air-umass-assignees-benchmark.csv", "unique_id", "organization")
    pairs += cluster_pairs("patentsview air-umass", air)
    nber = read_clusters(MATCHING / "patentsview" / "nber-subset-assignees-benchmark.csv", "unique_id", "organization")
    pairs += cluster_pairs("patentsview nber", nber)
    return pairs


def ours(pairs: list[Pair]) -> tuple[list[float], list[float]]:
    """Our scores and the threshold for each pair's kinds; token rarity comes from the names of
    each dataset, as in a real run."""
    scores, thresholds = [], []
    scorers = {
        dataset: Scorer(TokenStats.from_records(_records(members).values()))
        for dataset, members in by_dataset(pairs).items()
    }
    for pair in pairs:
        left, right = _record(pair.schema, pair.left), _record(pair.schema, pair.right)
        result = scorers[pair.dataset].compare(left, right)
        scores.append(result.score)
        thresholds.append(result.threshold)
    return scores, thresholds


def by_dataset(pairs: list[Pair]) -> dict[str, list[Pair]]:
    grouped: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        grouped[pair.dataset].append(pair)
    return grouped


def _records(pairs: list[Pair]) -> dict[tuple[str, str], Record]:
    """One record per distinct (type, name) of a set's pairs, as a resolution run would see them."""
    return {(p.schema, n): _record(p.schema, n) for p in pairs for n in (p.left, p.right)}


def _record(schema: str, name: str) -> Record:
    return Record(name, KINDS.get(schema, EntityKind.firm), (name,))


def rapidfuzz_baseline(pairs: list[Pair]) -> list[float]:
    return [fuzz.token_set_ratio(p.left, p.right) / 100 for p in pairs]


NK_VENV = Path(".sanctiongraph") / "bench" / "venv-nk"


def nomenklatura_python() -> Path | None:
    """The Python of our nomenklatura venv, made on first use; None when it cannot be installed."""
    python = NK_VENV / "bin" / "python"
    if python.exists():
        return python
    print(f"installing nomenklatura into {NK_VENV} (once) ...", file=sys.stderr)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(NK_VENV)], check=True, capture_output=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "nomenklatura"], check=True, capture_output=True)
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"nomenklatura does not install here: {exc}", file=sys.stderr)
        return None
    return python


def nomenklatura_baseline(pairs: list[Pair], python: Path | None) -> list[float] | None:
    """Scores from nomenklatura in its own venv, or None when it is not installed or fails."""
    python = python or nomenklatura_python()
    if python is None or not python.exists():
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(NK_SCRIPT)
    lines = "".join(json.dumps([p.schema, p.left, p.right]) + "\n" for p in pairs)
    cache = Path(tempfile.gettempdir()) / f"nk-scores-{hashlib.sha1(lines.encode()).hexdigest()[:16]}.json"
    if cache.exists():  # same pairs, same nomenklatura: reuse (delete the file to rerun it)
        print(f"nomenklatura scores reused from {cache}", file=sys.stderr)
        return json.loads(cache.read_text())
    try:
        done = subprocess.run(
            [str(python), script.name], input=lines, capture_output=True, text=True, timeout=1800, check=True
        )
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"nomenklatura failed: {exc}", file=sys.stderr)
        return None
    scores = [float(x) for x in done.stdout.split()]
    if len(scores) != len(pairs):
        return None
    cache.write_text(json.dumps(scores))
    return scores


Threshold = float | list[float]  # one for all pairs, or one per pair (ours: by the pair's kinds)


def prf(pairs: list[Pair], scores: list[float] | None, threshold: Threshold) -> str:
    if scores is None:
        return "n/a"
    precision, recall, f1 = _prf(pairs, scores, threshold)
    return f"{precision:.2f}/{recall:.2f}/{f1:.3f}"


def _prf(pairs: list[Pair], scores: list[float], threshold: Threshold) -> tuple[float, float, float]:
    cuts = threshold if isinstance(threshold, list) else [threshold] * len(pairs)
    said = [s >= t for s, t in zip(scores, cuts, strict=True)]
    tp = sum(1 for p, yes in zip(pairs, said, strict=True) if p.match and yes)
    fp = sum(1 for p, yes in zip(pairs, said, strict=True) if not p.match and yes)
    fn = sum(1 for p, yes in zip(pairs, said, strict=True) if p.match and not yes)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def print_table(pairs: list[Pair], runs: dict[str, tuple[list[float] | None, Threshold]]) -> None:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, pair in enumerate(pairs):
        groups[(pair.dataset, pair.schema)].append(i)
        groups[(pair.dataset, "all")].append(i)
        if pair.dataset.startswith("name_bench"):
            groups[("name_bench (all)", pair.schema)].append(i)
            groups[("name_bench (all)", "all")].append(i)
    header = ["set", "type", "pairs", "match"] + [f"{name} P/R/F1" for name in runs]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for (dataset, schema), indexes in sorted(groups.items()):
        subset = [pairs[i] for i in indexes]
        cells = [dataset, schema, str(len(subset)), str(sum(p.match for p in subset))]
        for scores, threshold in runs.values():
            cut = [threshold[i] for i in indexes] if isinstance(threshold, list) else threshold
            cells.append(prf(subset, None if scores is None else [scores[i] for i in indexes], cut))
        print("| " + " | ".join(cells) + " |")


def tuning_half(pair: Pair) -> bool:
    """A fixed half of each set (by a hash of the pair's first name) to choose the firm threshold
    on; the other half checks it."""
    key = f"{pair.dataset}|{min(pair.left, pair.right)}".encode()
    return hashlib.sha1(key).digest()[0] % 2 == 0


def threshold_sweep(pairs: list[Pair], scores: list[float], nk_scores: list[float] | None) -> None:
    """F1 on firm pairs by firm threshold on the tuning half, then the chosen FIRM_THRESHOLD on the
    held-out half beside nomenklatura's F1 on the same pairs."""
    firms = [i for i, p in enumerate(pairs) if KINDS.get(p.schema, EntityKind.firm) is EntityKind.firm]
    by_set: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in firms:
        dataset = "name_bench" if pairs[i].dataset.startswith("name_bench") else pairs[i].dataset
        by_set[dataset][0 if tuning_half(pairs[i]) else 1].append(i)
    print("\nFirm threshold: F1 on the tuning half of each set's firm pairs (nomenklatura at 0.7 in the last column)")
    print("| set | " + " | ".join(f"{t:.3f}" for t in SWEEP) + " | nomenklatura |")
    print("|---|" + "---|" * (len(SWEEP) + 1))
    for dataset, (tune, _) in sorted(by_set.items()):
        subset = [pairs[i] for i in tune]
        cells = [f"{_prf(subset, [scores[i] for i in tune], t)[2]:.3f}" for t in SWEEP]
        nk = f"{_prf(subset, [nk_scores[i] for i in tune], 0.7)[2]:.3f}" if nk_scores else "n/a"
        print(f"| {dataset} | " + " | ".join(cells) + f" | {nk} |")
    print(f"\nHeld-out half, firm pairs: ours at FIRM_THRESHOLD {FIRM_THRESHOLD} against nomenklatura at 0.7")
    print("| set | pairs | ours P/R/F1 | nomenklatura P/R/F1 |\n|---|---|---|---|")
    for dataset, (_, held) in sorted(by_set.items()):
        subset = [pairs[i] for i in held]
        nk = prf(subset, [nk_scores[i] for i in held], 0.7) if nk_scores else "n/a"
        print(f"| {dataset} | {len(held)} | {prf(subset, [scores[i] for i in held], FIRM_THRESHOLD)} | {nk} |")


def blocking_recall(pairs: list[Pair], scores: list[float], thresholds: list[float]) -> None:
    """Share of matching pairs the blocker proposes when each set's names are resolved together
    (of all of them, and of those the scorer accepts: what blocking costs the end-to-end run)."""
    print(
        "\n| set | matching pairs | proposed by blocking | of those the scorer accepts | end to end P/R/F1 |"
        "\n|---|---|---|---|---|"
    )
    whole_run = end_to_end(pairs)
    accepted = {id(p) for p, s, t in zip(pairs, scores, thresholds, strict=True) if s >= t}
    for dataset, members in sorted(by_dataset(pairs).items()):
        records = _records(members)
        ordered = list(records.values())
        position = {key: i for i, key in enumerate(records)}
        proposed = set(BlockingIndex(ordered).candidate_pairs())
        positives = [p for p in members if p.match]
        found = [p for p in positives if _proposed(p, position, proposed)]
        scored = sum(1 for p in positives if id(p) in accepted)
        kept = sum(1 for p in found if id(p) in accepted)
        share = f"{len(found) / len(positives):.1%} | {kept / max(scored, 1):.1%}"
        print(f"| {dataset} | {len(positives)} | {share} | {whole_run[dataset]} |")


def end_to_end(pairs: list[Pair]) -> dict[str, str]:
    """Resolve each set's names with the full pipeline (blocking, scoring, clusters) and score
    the labelled pairs by whether both names landed in one cluster."""
    results = {}
    for dataset, members in sorted(by_dataset(pairs).items()):
        records = _records(members)
        iri_of = {key: f"urn:rec:{i}" for i, key in enumerate(records)}
        ordered = [Record(iri_of[key], r.kind, r.names) for key, r in records.items()]
        cluster_of = {m: n for n, c in enumerate(resolve_records(ordered).clusters) for m in c}
        same = [
            1.0
            if iri_of[(p.schema, p.left)] == iri_of[(p.schema, p.right)]
            or cluster_of.get(iri_of[(p.schema, p.left)], -1) == cluster_of.get(iri_of[(p.schema, p.right)], -2)
            else 0.0
            for p in members
        ]
        results[dataset] = prf(members, same, 0.5)
    return results


def _proposed(pair: Pair, position: dict, proposed: set[tuple[int, int]]) -> bool:
    left, right = position[(pair.schema, pair.left)], position[(pair.schema, pair.right)]
    return left == right or (min(left, right), max(left, right)) in proposed  # same name: one record here


SPELLING_RATIO = 90  # rapidfuzz token_sort_ratio of the legal-form-free names


def both_readings(pairs: list[Pair], scores: list[float], thresholds: list[float], nk: list[float] | None) -> None:
    """The patent sets' clusters are corporate groups (a parent with its subsidiaries: "U.S.
    Philips Corporation" in the Philips cluster); we keep legal entities apart on purpose. Reading
    A takes the labels as they are; reading B keeps, of the positives, only the spelling variants
    (names alike after legal forms are dropped: token_sort_ratio >= SPELLING_RATIO) and leaves the
    group-level positives out, negatives unchanged."""
    print("\nPatent sets, both readings (A: labels as given; B: group-level positives left out)")
    print("| set | reading | pairs | match | ours P/R/F1 | nomenklatura P/R/F1 |\n|---|---|---|---|---|---|")
    for dataset in ("dedupe patstat", "patentsview air-umass", "patentsview nber"):
        every = [i for i, p in enumerate(pairs) if p.dataset == dataset]
        spelling = [i for i in every if not pairs[i].match or _spelling_variant(pairs[i])]
        for reading, chosen in (("A", every), ("B", spelling)):
            subset = [pairs[i] for i in chosen]
            ours_cell = prf(subset, [scores[i] for i in chosen], [thresholds[i] for i in chosen])
            nk_cell = prf(subset, [nk[i] for i in chosen], NOMENKLATURA_THRESHOLD) if nk else "n/a"
            print(
                f"| {dataset} | {reading} | {len(subset)} | {sum(p.match for p in subset)} | {ours_cell} | {nk_cell} |"
            )


def _spelling_variant(pair: Pair) -> bool:
    return fuzz.token_sort_ratio(comparable_words(pair.left), comparable_words(pair.right)) >= SPELLING_RATIO


def comparable_words(name: str) -> str:
    """A name without legal forms, case and punctuation, words kept apart."""
    return " ".join(comparable(word) for word in name.split() if comparable(word))


def scale_run(count: int, seed: int = 3) -> None:
    """Resolve `count` generated firm names (a quarter are variants of others) end to end."""
    rng = random.Random(seed)
    syllables = ["zhong", "hua", "tai", "xin", "an", "bo", "ri", "mek", "ost", "vel", "kar", "lin", "sor", "dan"]
    forms = ["Co., Ltd.", "Corporation", "Group Co., Ltd.", "LLC", "GmbH", "Technology Co Ltd", "ООО", "AG"]
    base = [
        " ".join("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).title() for _ in range(2))
        for _ in range(count * 3 // 4)
    ]
    names = [f"{b} {rng.choice(forms)}" for b in base]
    names += [f"{rng.choice(base).upper()} {rng.choice(forms)}" for _ in range(count - len(names))]
    records = [Record(f"urn:firm:{i}", EntityKind.firm, (n,)) for i, n in enumerate(names)]
    started = time.perf_counter()
    result = resolve_records(records)
    elapsed = time.perf_counter() - started
    print(
        f"\nscale: {len(records):,} names resolved in {elapsed:.1f} s ({len(records) / elapsed:,.0f} names/s): "
        f"{result.compared:,} pairs compared, {len(result.clusters):,} clusters"
    )


def official_lists() -> None:
    """Pairwise figures on the real lists, with the truth their authorities give (IDs, entity
    numbers, parent columns; resolution/truth.py): every entry resolved in one run, as in
    `resolve run`, with the parents the lists name as relations."""
    started, cpu = time.perf_counter(), time.process_time()
    truth = official_truth(OFFICIAL)
    result = resolve_records(truth.records, related=truth.related())
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    cluster_of = {m: n for n, c in enumerate(result.clusters) for m in c}
    same = lambda a, b: a in cluster_of and cluster_of.get(a) == cluster_of.get(b)  # noqa: E731
    merged = sum(same(a, b) for a, b in truth.must_merge)
    records = truth.records
    proposed = [(records[a].iri, records[b].iri) for a, b in BlockingIndex(records).candidate_pairs()]
    apart = [p for p in proposed if truth.must_not_merge(*p)]
    wrong = [p for p in apart if same(*p)]
    print(f"\nOfficial lists ({len(records):,} entries of SDN 2021-07, cons 2025-12, CSL 2022-05, 1260H, 1237)")
    print("| truth | pairs | merged | figure |\n|---|---|---|---|")
    recall = merged / max(len(truth.must_merge), 1)
    print(
        f"| must merge (same entity number, same 1260H firm, 1237 = 1260H) | {len(truth.must_merge):,} | {merged:,} "
        f"| recall {recall:.4f} |"
    )
    share = len(wrong) / max(len(apart), 1)
    print(
        f"| must not merge, among pairs the blocking proposes | {len(apart):,} | {len(wrong):,} | {share:.2%} merged |"
    )
    by_list: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for pair in apart:
        counts = by_list[truth.by_iri[pair[0]].list_name]
        counts[0] += 1
        counts[1] += same(*pair)
    for name, (count, bad) in sorted(by_list.items()):
        print(f"| - of which {name} | {count:,} | {bad:,} | {bad / max(count, 1):.2%} merged |")
    family_iris = [e.iri for e in truth.entries if family_of(e)]
    family_wrong = [p for p in truth.must_not_pairs(family_iris) if same(*p)]
    print(
        f"| must not merge, Huawei/Hikvision/SMIC/DJI/ZTE families (all pairs) | "
        f"{sum(1 for _ in truth.must_not_pairs(family_iris)):,} | {len(family_wrong)} | |"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nresolved in {elapsed:.1f} s wall, {cpu:.1f} s CPU, {result.compared:,} pairs compared; "
        f"process peak so far {peak:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nk-python", type=Path, default=None, help="a Python that has nomenklatura")
    parser.add_argument("--scale", type=int, default=100_000, help="names for the scale run (0 to skip)")
    args = parser.parse_args()
    if not MATCHING.exists():
        sys.exit(f"no benchmark data at {MATCHING}")
    pairs = all_pairs()
    started = time.perf_counter()
    scores, thresholds = ours(pairs)
    ours_name = f"sanctiongraph (firms ≥{FIRM_THRESHOLD}, others ≥{MATCH_THRESHOLD})"
    runs: dict[str, tuple[list[float] | None, Threshold]] = {ours_name: (scores, thresholds)}
    print(f"sanctiongraph scored {len(pairs):,} pairs in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    runs[f"rapidfuzz token_set≥{RAPIDFUZZ_THRESHOLD}"] = (rapidfuzz_baseline(pairs), RAPIDFUZZ_THRESHOLD / 100)
    started = time.perf_counter()
    runs["nomenklatura logic-v2"] = (nomenklatura_baseline(pairs, args.nk_python), NOMENKLATURA_THRESHOLD)
    print(f"nomenklatura took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print_table(pairs, runs)
    threshold_sweep(pairs, scores, runs["nomenklatura logic-v2"][0])
    blocking_recall(pairs, scores, thresholds)
    both_readings(pairs, scores, thresholds, runs["nomenklatura logic-v2"][0])
    if (OFFICIAL / "trade_gov_csl").exists():
        official_lists()
    if args.scale:
        scale_run(args.scale)


if __name__ == "__main__":
    main()
