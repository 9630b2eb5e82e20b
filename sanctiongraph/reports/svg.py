"""Pictures drawn server-side as inline SVG: the relation graph and the timeline.

Hand-written rather than a plotting library because the pictures must work offline inside one
HTML file and print cleanly; each is a few dozen shapes.
"""

from __future__ import annotations

import datetime as dt
import math
from html import escape

from sanctiongraph.reports.model import GraphEdge, GraphNode, TimelineEvent

_COLOURS = {
    "designation": "#b3261e",
    "delisting": "#1b6e3a",
    "amendment": "#8a6d00",
    "ownership": "#3b5ba5",
    "affiliation": "#6b4fa3",
    "same-designation": "#8a8a8a",
    "claim": "#c77700",
}


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def layout(nodes: list[GraphNode], width: int, height: int) -> dict[str, tuple[float, float]]:
    """Subjects in the middle (side by side for a pair), the others on a circle around them."""
    subjects = [n for n in nodes if n.kind == "subject"]
    others = [n for n in nodes if n.kind != "subject"]
    cx, cy = width / 2, height / 2
    places: dict[str, tuple[float, float]] = {}
    for i, node in enumerate(subjects):
        offset = (i - (len(subjects) - 1) / 2) * min(220, width / (len(subjects) + 1))
        places[node.id] = (cx + offset, cy)
    radius = min(width, height) / 2 - 50
    for i, node in enumerate(others):
        angle = 2 * math.pi * i / max(1, len(others)) - math.pi / 2
        places[node.id] = (cx + radius * math.cos(angle), cy + radius * 0.8 * math.sin(angle))
    return places


def relation_graph(nodes: list[GraphNode], edges: list[GraphEdge], *, width: int = 720, height: int = 420) -> str:
    if not nodes:
        return ""
    if all(n.kind == "subject" for n in nodes):
        height = 120  # nothing around the subjects: no empty circle of space
    places = layout(nodes, width, height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="relation-graph" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="relation graph">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
    ]
    for edge in edges:
        if edge.source not in places or edge.target not in places:
            continue
        (x1, y1), (x2, y2) = places[edge.source], places[edge.target]
        colour = _COLOURS.get("claim" if edge.is_claim else edge.kind, "#555")
        dash = ' stroke-dasharray="5 4"' if edge.is_claim or not edge.directed else ""
        arrow = ' marker-end="url(#arrow)"' if edge.directed else ""
        cites = "".join(f"[{n}]" for n in edge.sources)
        parts.append(
            f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="{colour}" stroke-width="2"'
            f"{dash}{arrow}><title>{escape(edge.kind)}: {escape(edge.label)} {cites}</title></line>"
        )
        parts.append(
            f'<text x="{(x1 + x2) / 2:.0f}" y="{(y1 + y2) / 2 - 4:.0f}" font-size="10" fill="{colour}" '
            f'text-anchor="middle">{escape(edge.kind)} {cites}</text>'
        )
    for node in nodes:
        x, y = places[node.id]
        fill = "#fde7c8" if node.kind == "subject" else "#e8eef9"
        parts.append(
            f'<g class="node" data-iri="{escape(node.id)}"><circle cx="{x:.0f}" cy="{y:.0f}" r="9" fill="{fill}" '
            f'stroke="#333"/><text x="{x:.0f}" y="{y + 22:.0f}" font-size="11" text-anchor="middle">'
            f"{escape(_short(node.label))}</text><title>{escape(node.label)}</title></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def timeline(events: list[TimelineEvent], *, width: int = 720) -> str:
    """One lane per list (or firm), a dot per dated event, years on the axis."""
    dated = [(d, e) for e in events if (d := _day(e.date)) is not None]
    if not dated:
        return ""
    lanes = list(dict.fromkeys(e.lane for _, e in sorted(dated, key=lambda p: p[0])))[:12]
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    first, last = dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)
    span = max(1, (last - first).days)
    left, right, lane_h = 220, 20, 28
    height = 40 + lane_h * len(lanes)

    def x_of(day: dt.date) -> float:
        return left + (width - left - right) * (day - first).days / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="timeline">'
    ]
    for year in range(first.year, last.year + 1):
        x = x_of(dt.date(year, 1, 1))
        parts.append(f'<line x1="{x:.0f}" y1="20" x2="{x:.0f}" y2="{height - 10}" stroke="#ddd"/>')
        parts.append(f'<text x="{x:.0f}" y="14" font-size="10" text-anchor="middle">{year}</text>')
    for i, lane in enumerate(lanes):
        y = 36 + i * lane_h
        parts.append(f'<text x="4" y="{y + 4}" font-size="11">{escape(_short(lane, 34))}</text>')
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="#bbb"/>')
    for day, event in dated:
        if event.lane not in lanes:
            continue
        y = 36 + lanes.index(event.lane) * lane_h
        colour = _COLOURS.get(event.kind, "#333")
        cites = "".join(f"[{n}]" for n in event.sources)
        parts.append(
            f'<circle cx="{x_of(day):.1f}" cy="{y}" r="5" fill="{colour}"><title>{escape(event.date)} '
            f"{escape(event.label)} — {escape(event.lane)} {cites}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)
