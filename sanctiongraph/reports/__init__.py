"""Reports: one engine, four subjects (firm, pair, list, article), three formats (Markdown, HTML, JSON).

Each subject module builds a `Report` (reports.model); markdown, html and json_format render it.
"""

from __future__ import annotations

from sanctiongraph.reports.model import SCHEMA_VERSION, Report

FORMATS = ("md", "html", "json")


def render(report: Report, fmt: str, **options: object) -> str:
    """The report in one of FORMATS."""
    if fmt == "md":
        from sanctiongraph.reports import markdown

        return markdown.render(report, **options)  # type: ignore[arg-type]
    if fmt == "html":
        from sanctiongraph.reports import html

        return html.render(report, **options)  # type: ignore[arg-type]
    if fmt == "json":
        from sanctiongraph.reports import json_format

        return json_format.render(report)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "SCHEMA_VERSION", "Report", "render"]
