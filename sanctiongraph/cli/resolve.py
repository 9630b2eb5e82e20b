"""Commands under `sanctiongraph resolve`: run entity resolution, review, judge, explain, undo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sanctiongraph.cli.common import FormatOption, StoreOption, store_at
from sanctiongraph.cli.output import OutputFormat, console, print_rows
from sanctiongraph.errors import ConfigError, SourceFormatError

if TYPE_CHECKING:
    from sanctiongraph.resolution.judgements import Judgements
    from sanctiongraph.resolution.pipeline import Decision

# The resolution code is heavy, so the commands import it; these are scoring's defaults for the
# help text (tests/cli/test_startup.py checks they match).
FIRM_THRESHOLD, MATCH_THRESHOLD = 0.65, 0.7

resolve_app = typer.Typer(help="Entity resolution: clusters of records that are the same firm or person.")

JudgementsOption = Annotated[
    Path | None,
    typer.Option("--judgements", help="Judgements file (default: judgements.tsv beside the store folder)."),
]
ThresholdOption = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        min=0.0,
        max=1.0,
        help="Score at or above which a pair is merged, for every kind "
        f"(default: {FIRM_THRESHOLD} for two firms, {MATCH_THRESHOLD} otherwise).",
    ),
]


def full_iri(text: str) -> str:
    """Records may be named by the part of their IRI after https://w3id.org/sanctiongraph/id/.

    Anything that is not an IRI (a firm's name, say) is one clear error, not a SPARQL syntax error.
    """
    import pyoxigraph as ox

    from sanctiongraph.ontology import KGR

    iri = text if "://" in text or text.startswith("urn:") else str(KGR) + text.lstrip("/")
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise ConfigError(
            f"{text!r} is not a record IRI: give the record's IRI or its part after .../id/ "
            "(`sanctiongraph report NAME --format json` lists a firm's records)"
        ) from None
    return iri


def _judgements(store: Path | None, path: Path | None) -> Judgements:
    from sanctiongraph.resolution import judgements_for

    judgements = judgements_for(store_at(store), path)
    if judgements.path is None:
        raise ConfigError("no judgements file: pass --judgements (the store is in memory)")
    return judgements


@resolve_app.command("run")
def run(
    threshold: ThresholdOption = None,
    judgements: JudgementsOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Resolve every firm, person, agency and vessel; replace the resolution graph.

    Example: sanctiongraph resolve run --threshold 0.75
    """
    from sanctiongraph.resolution import run_resolution

    result = run_resolution(store_at(store), judgements, threshold)
    row = {
        "records": result.records,
        "pairs compared": result.compared,
        "clusters": len(result.clusters),
        "records in clusters": sum(len(c) for c in result.clusters),
        "decisions stored": len(result.decisions),
        "to review": len(result.uncertain()),
        "merges refused by a 'no'": len(result.refused),
        "common keys windowed / skipped": f"{result.windowed_keys} / {result.skipped_keys}",
    }
    print_rows([row], fmt, title="resolution")


@resolve_app.command("judge")
def judge(
    left: Annotated[str, typer.Argument(help="IRI of one record (or its part after .../id/).")],
    right: Annotated[str, typer.Argument(help="IRI of the other record (or its part after .../id/).")],
    verdict: Annotated[str, typer.Argument(help="yes, no or unsure.")],
    note: Annotated[str, typer.Option(help="Why (kept in the file).")] = "",
    judgements: JudgementsOption = None,
    store: StoreOption = None,
) -> None:
    """Record a human judgement on a pair; it overrides the scorer at the next `resolve run`.

    Example: sanctiongraph resolve judge company/dod/huawei-1 company/ofac/huawei-2 no --note "parent, not the firm"
    """
    from sanctiongraph.resolution.judgements import VERDICTS, in_store

    if verdict not in VERDICTS:
        raise ConfigError(f"verdict must be yes, no or unsure, not {verdict!r}")
    target = _judgements(store, judgements)
    left, right = full_iri(left), full_iri(right)
    target.record(left, right, verdict, note, known=in_store(store_at(store)))
    console.print(f"{verdict}: {left} ~ {right} (written to {target.path}; rerun `sanctiongraph resolve run`)")


@resolve_app.command("explain")
def explain(
    left: Annotated[str, typer.Argument(help="IRI of one record (or its part after .../id/).")],
    right: Annotated[str, typer.Argument(help="IRI of the other record (or its part after .../id/).")],
    threshold: ThresholdOption = None,
    judgements: JudgementsOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show why two records were or were not merged: score, features, judgement, clusters.

    Example: sanctiongraph resolve explain company/dod/huawei-1 company/ofac/huawei-2
    """
    from sanctiongraph.resolution import explain_pair, judgements_for

    graph_store = store_at(store)
    explanation = explain_pair(
        graph_store, full_iri(left), full_iri(right), judgements_for(graph_store, judgements), threshold
    )
    if fmt is OutputFormat.table:
        rows = [{"what": k, "value": "; ".join(v) if isinstance(v, list) else v} for k, v in explanation.items()]
        print_rows(rows, fmt, title="why")
    else:
        print_rows([explanation], fmt)


@resolve_app.command("review")
def review(
    answers: Annotated[
        Path | None,
        typer.Option(help="File with one answer per line (yes/no/unsure/skip), used instead of the terminal."),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many pairs.")] = 20,
    threshold: ThresholdOption = None,
    judgements: JudgementsOption = None,
    store: StoreOption = None,
) -> None:
    """Walk the uncertain pairs (closest to the threshold first) and record your judgements.

    Example: sanctiongraph resolve review --limit 10
    """
    from sanctiongraph.resolution import run_resolution
    from sanctiongraph.resolution.judgements import VERDICTS

    if answers is None and not sys.stdin.isatty():
        raise ConfigError("review needs a terminal; without one, pass --answers FILE (one answer per line)")
    replies = _read_answers(answers) if answers is not None else None
    target = _judgements(store, judgements)
    graph_store = store_at(store)
    result = run_resolution(graph_store, target.path, threshold)
    pending = result.uncertain()[:limit]
    if not pending:
        console.print("nothing to review: no pair is between the review floor and the threshold")
        return
    recorded = 0
    for n, decision in enumerate(pending):
        _show(decision, n + 1, len(pending))
        reply = _next_reply(replies, n)
        if reply == "quit":
            break
        if reply in VERDICTS:
            target.record(decision.left, decision.right, reply, "resolve review")
            recorded += 1
    console.print(f"{recorded} judgement(s) written to {target.path}")
    if recorded:
        run_resolution(graph_store, target.path, threshold)


def _read_answers(path: Path) -> list[str]:
    from sanctiongraph.resolution.judgements import VERDICTS

    if not path.is_file():
        raise SourceFormatError("no such file", path=str(path))
    replies = [line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    allowed = {*VERDICTS, "skip", "quit"}
    for number, reply in enumerate(replies, start=1):
        if reply not in allowed:
            raise SourceFormatError(f"answer must be one of {', '.join(sorted(allowed))}", path=str(path), line=number)
    return replies


def _next_reply(replies: list[str] | None, n: int) -> str:
    if replies is not None:
        return replies[n] if n < len(replies) else "quit"
    shortcuts = {"y": "yes", "n": "no", "u": "unsure", "s": "skip", "q": "quit"}
    while True:
        reply = typer.prompt("same entity? [y]es [n]o [u]nsure [s]kip [q]uit").strip().lower()
        if reply in shortcuts or reply in shortcuts.values():
            return shortcuts.get(reply, reply)


def _show(decision: Decision, number: int, total: int) -> None:
    console.print(f"\n[bold]{number}/{total}[/bold] score {decision.score:.2f}")
    console.print(f"  {decision.left}\n  {decision.right}")
    for feature in decision.features:
        console.print(f"    {feature}", highlight=False)


@resolve_app.command("undo")
def undo(store: StoreOption = None) -> None:
    """Drop the resolution graph (source graphs were never changed); judgements are kept.

    Example: sanctiongraph resolve undo
    """
    from sanctiongraph.resolution import drop_resolution

    dropped = drop_resolution(store_at(store))
    console.print("resolution graph dropped" if dropped else "no resolution graph to drop")


def register(app: typer.Typer) -> None:
    app.add_typer(resolve_app, name="resolve")
