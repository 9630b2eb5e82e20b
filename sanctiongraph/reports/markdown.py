"""Markdown rendering of a report: GitHub-flavoured tables and footnotes."""

from __future__ import annotations

from typing import Any

from sanctiongraph.reports.model import Report


def cell(value: Any) -> str:
    return str("" if value is None else value).replace("|", "\\|").replace("\n", " ").strip()


def marks(numbers: list[int]) -> str:
    return "".join(f"[^{n}]" for n in numbers) or "(no source)"


def render(report: Report, *, pictures: dict[str, str] | None = None) -> str:
    """The report as Markdown; pictures maps a picture name to a file written beside it."""
    lines = [f"# {report.title}", ""]
    if report.subject.get("iri"):
        lines.append(f"Subject <{report.subject['iri']}>. ")
    lines += [
        f"Generated {report.generated} by sanctiongraph (report schema {report.schema_version}). "
        "Actions of record come only from official documents; statements and reported actions are "
        "claims made in the cited documents.",
        "",
    ]
    lines += [f"- {line}" for line in report.summary]
    if report.summary:
        lines.append("")
    for name, path in (pictures or {}).items():
        lines += [f"![{name}]({path})", ""]
    for section in report.sections:
        lines += [f"## {section.title}", ""]
        if section.note:
            lines += [section.note, ""]
        columns = [*section.columns, "sources"]
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + "---|" * len(columns))
        if not section.rows:
            lines.append("| " + section.empty + " |" + " |" * (len(columns) - 1))
        for row in section.rows:
            values = [cell(row.cells.get(c)) for c in section.columns]
            if "statement" in row.cells and values[section.columns.index("statement")]:
                values[section.columns.index("statement")] = f"“{values[section.columns.index('statement')]}”"
            if "verdict" in row.cells:
                values[section.columns.index("verdict")] = f"**{values[section.columns.index('verdict')]}**"
            lines.append("| " + " | ".join([*values, marks(row.sources)]) + " |")
        lines.append("")
    lines += ["## Sources", ""]
    for source in report.sources:
        lines.append(f"[^{source.number}]: {source.citation} — <{source.iri}>")
    return "\n".join(lines) + "\n"
