"""Commands: the firm report and the claims check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sanctiongraph.cli.common import FormatOption, StoreOption, store_at
from sanctiongraph.cli.output import OutputFormat, err_console, print_rows


def report(
    firm: Annotated[str, typer.Argument(help="Firm name, alias or IRI.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the Markdown to a file.")] = None,
    store: StoreOption = None,
) -> None:
    """Write the Markdown relationship report of a firm, every fact footnoted with its source.

    Example: sanctiongraph report "Xiaomi Corporation" -o xiaomi.md
    """
    from sanctiongraph.analysis.lookup import find_entity
    from sanctiongraph.analysis.report import firm_report

    graph_store = store_at(store)
    text = firm_report(graph_store, find_entity(graph_store, firm))
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {output}")


def claims(
    firm: Annotated[str | None, typer.Argument(help="Only claims about this firm (name or IRI).")] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Check the sanctions actions articles report against the actions of record.

    Example: sanctiongraph check-claims Xiaomi --format json
    """
    from sanctiongraph.analysis.claims import check_claims
    from sanctiongraph.analysis.labels import labels
    from sanctiongraph.analysis.lookup import find_entity

    graph_store = store_at(store)
    target = find_entity(graph_store, firm) if firm else None
    checks = check_claims(graph_store, target=target)
    names = labels(graph_store, [c.target for c in checks])
    rows = [
        {
            "verdict": c.verdict,
            "target": names.get(c.target, str(c.target or "")),
            "quote": c.quote,
            "reasons": "; ".join(c.reasons),
            "record action": str(c.record.iri) if c.record else None,
            "record source": str(c.record.document) if c.record and c.record.document else None,
            "document": str(c.document),
            "claim": str(c.claim),
        }
        for c in checks
    ]
    print_rows(rows, fmt, title="claims checked against the record")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("check-claims")(claims)
