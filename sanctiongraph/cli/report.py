"""Commands: reports (firm, pair, list, article) and the claims check."""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from sanctiongraph.cli.common import FormatOption, StoreOption, store_at
from sanctiongraph.cli.output import OutputFormat, err_console, print_rows
from sanctiongraph.errors import ConfigError


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    json = "json"


def report(
    firm: Annotated[str | None, typer.Argument(help="Firm name, alias or IRI.")] = None,
    with_firm: Annotated[
        str | None, typer.Option("--with", help="A second firm: report on the pair (ties, shared designations).")
    ] = None,
    list_key: Annotated[str | None, typer.Option("--list", help="Report on a list (key or IRI).")] = None,
    on: Annotated[str | None, typer.Option("--on", help="With --list: the day (YYYY-MM-DD).")] = None,
    article: Annotated[str | None, typer.Option("--article", help="Report on a loaded article (file or IRI).")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="md, html or json.")] = ReportFormat.md,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to a file ('-' or none: standard output).")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write a report on a firm, a pair of firms, a list or an article, every fact footnoted.

    Example: sanctiongraph report Xiaomi -f html -o xiaomi.html (also: report Huawei --with "ZTE Corporation";
    report --list us-dod-1260h --on 2024-01-31; report --article article.txt -f json)
    """
    from sanctiongraph.reports import render

    chosen = [x for x in (firm, list_key, article) if x]
    if len(chosen) != 1:
        raise ConfigError("give one subject: a FIRM (optionally --with FIRM), --list KEY or --article FILE")
    if on is not None and list_key is None:
        raise ConfigError("--on goes with --list")
    graph_store = store_at(store)
    if list_key is not None:
        day = None
        if on is not None:
            try:
                day = dt.date.fromisoformat(on)
            except ValueError:
                raise ConfigError(f"--on must be a date like 2021-01-14, not {on!r}") from None
        from sanctiongraph.reports import listing

        built = listing.build(graph_store, list_key, on=day)
    elif article is not None:
        from sanctiongraph.reports import article as article_subject

        built = article_subject.build(graph_store, article_subject.document_of(graph_store, article))
    elif with_firm is not None:
        from sanctiongraph.reports import pair

        a, b = found(graph_store, firm), found(graph_store, with_firm)
        built = pair.build(graph_store, a.entity, b.entity)
        built.summary[:0] = [m.notice for m in (a, b) if m.notice]
    else:
        from sanctiongraph.reports import firm as firm_subject

        match = found(graph_store, firm)
        built = firm_subject.build(graph_store, match.entity)
        built.summary[:0] = [match.notice] if match.notice else []
    options: dict[str, object] = {}
    # Pictures go beside a Markdown file, never beside a device such as /dev/null.
    if fmt is ReportFormat.md and output not in (None, "-") and not _is_device(Path(str(output))):
        options["pictures"] = _write_pictures(built, Path(output))
    text = render(built, fmt.value, **options)
    if output in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        err_console.print(f"wrote {output}")


def found(graph_store: object, text: str) -> Any:
    """The one lookup, telling the user (on stderr) when the name found is not the name given."""
    from sanctiongraph.analysis.lookup import match_entity

    match = match_entity(graph_store, text)  # type: ignore[arg-type]
    if match.notice:
        err_console.print(f"note: {match.notice}")
    return match


def _is_device(path: Path) -> bool:
    return path.exists() and not path.is_file()


def _write_pictures(built: object, output: Path) -> dict[str, str]:
    """The relation graph and the timeline as SVG files beside the Markdown, linked from it."""
    from sanctiongraph.reports import html

    written = {}
    for name, svg in zip(("relations", "timeline"), html.pictures(built), strict=True):  # type: ignore[arg-type]
        if svg:
            path = output.with_name(f"{output.stem}.{name}.svg")
            path.write_text(svg, encoding="utf-8")
            written[name] = path.name
    return written


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
    graph_store = store_at(store)
    target = found(graph_store, firm).entity if firm else None
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
