"""HTML rendering: one self-contained file (inline CSS and SVG, no script, no network) that
opens offline and prints cleanly. Jinja2 with autoescape: quotes from articles are data."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from sanctiongraph.reports import svg
from sanctiongraph.reports.model import Report


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("sanctiongraph.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def pictures(report: Report) -> tuple[str, str]:
    """The relation graph and the timeline as SVG text (empty when there is nothing to draw)."""
    return svg.relation_graph(report.graph_nodes, report.graph_edges), svg.timeline(report.timeline)


def render(report: Report, *, link_for: Callable[[str], str] | None = None) -> str:
    graph_svg, timeline_svg = pictures(report)
    # The SVG is built by our own code from escaped text, so it is marked safe here and only here.
    return (
        environment()
        .get_template("report.html.j2")
        .render(report=report, graph_svg=Markup(graph_svg), timeline_svg=Markup(timeline_svg), link_for=link_for)
    )
