"""Commands: `ties A B` (the best paths between two firms) and `neighbours FIRM` (its ego network).

Thin twins of sanctiongraph.analysis.ties; this module only renders what the engine returns.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sanctiongraph.cli.common import StoreOption, store_at
from sanctiongraph.cli.output import err_console
from sanctiongraph.errors import SanctiongraphError

if TYPE_CHECKING:
    import networkx as nx

    from sanctiongraph.analysis.ties import Hop, TiePath


class TieFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


FormatArg = Annotated[TieFormat, typer.Option("--format", "-f", help="table, json or md (Markdown).")]
AsOfArg = Annotated[
    str | None, typer.Option("--as-of", help="Only relations and designations in force on this day (YYYY-MM-DD).")
]
ClaimsArg = Annotated[bool, typer.Option("--claims", help="Also follow what articles claim (marked as claims).")]
GraphArg = Annotated[
    Path | None, typer.Option("--graph", help="Draw the result to FILE.svg, FILE.png or FILE.graphml.")
]


def ties(
    firm_a: Annotated[str, typer.Argument(help="First firm: name, alias or IRI.")],
    firm_b: Annotated[str, typer.Argument(help="Second firm: name, alias or IRI.")],
    k: Annotated[int, typer.Option("--k", "-k", min=1, help="How many paths, best first.")] = 5,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=8, help="Longest path, in hops.")] = 4,
    as_of: AsOfArg = None,
    claims: ClaimsArg = False,
    fmt: FormatArg = TieFormat.table,
    graph: GraphArg = None,
    store: StoreOption = None,
) -> None:
    """The best paths from one firm to another, each hop with its kind, direction and evidence.

    Example: sanctiongraph ties "Ningbo Huawei Computer & Net Co., Ltd." Huawei --max-hops 3
    """
    from sanctiongraph.analysis.lookup import find_entity
    from sanctiongraph.analysis.ties import find_ties, paths_graph

    graph_store = store_at(store)
    a, b = find_entity(graph_store, firm_a), find_entity(graph_store, firm_b)
    paths = find_ties(graph_store, str(a), str(b), k=k, max_hops=max_hops, as_of=as_of, claims=claims)
    if fmt == TieFormat.json:
        sys.stdout.write(json.dumps([dataclasses.asdict(p) for p in paths], indent=2) + "\n")
    elif fmt == TieFormat.md:
        sys.stdout.write(paths_markdown(paths, firm_a, firm_b, max_hops))
    else:
        _print_paths(paths, firm_a, firm_b, max_hops)
    if graph is not None:
        draw(paths_graph(paths), graph)


def neighbours(
    firm: Annotated[str, typer.Argument(help="Firm name, alias or IRI.")],
    hops: Annotated[int, typer.Option("--hops", min=1, max=3, help="How far out, in hops.")] = 1,
    as_of: AsOfArg = None,
    claims: ClaimsArg = False,
    fmt: FormatArg = TieFormat.table,
    graph: GraphArg = None,
    store: StoreOption = None,
) -> None:
    """The firm's ego network grouped by tie kind: owners, affiliates, shared identifiers and
    addresses, same-day designations, resolution clusters, each with its evidence.

    Example: sanctiongraph neighbours "Hangzhou Hikvision Digital Technology Co., Ltd." --hops 1
    """
    from sanctiongraph.analysis.lookup import find_entity
    from sanctiongraph.analysis.ties import hops_graph
    from sanctiongraph.analysis.ties import neighbours as ego

    graph_store = store_at(store)
    found = ego(graph_store, str(find_entity(graph_store, firm)), hops=hops, as_of=as_of, claims=claims)
    if fmt == TieFormat.json:
        sys.stdout.write(json.dumps([dataclasses.asdict(h) for h in found], indent=2) + "\n")
    elif fmt == TieFormat.md:
        sys.stdout.write(hops_markdown(found, firm))
    else:
        _print_hops(found, firm)
    if graph is not None:
        draw(hops_graph(found), graph)


# rendering ----------------------------------------------------------------------------------


def arrow(hop: Hop) -> str:
    return "→" if hop.directed else "—"


def path_title(number: int, path: TiePath) -> str:
    """'Path 1: score 0.5 (1 / cost 2), 2 hops', counting hops as --max-hops does."""
    cost = sum(h.weight for h in path.hops)
    hops = len(path.hops) - path.cluster_hops
    title = f"Path {number}: score {path.score} (1 / cost {cost:g}), {hops} hop{'s' if hops != 1 else ''}"
    if path.cluster_hops:
        ends = "the firms asked for to their records" if path.cluster_hops > 1 else "the firm asked for to its record"
        title += f" (+ {path.cluster_hops} from {ends})"
    return title


def evidence_lines(hop: Hop) -> list[str]:
    """One line per source: title, publication date, loader and the words that state the tie.

    The date is labelled: beside a quote that names another day (a designation's), a bare date
    read as the day of the tie."""
    lines = []
    for e in hop.evidence:
        title = e.title or e.document
        about = [f"published {e.published}"] if e.published else []
        if e.loader and e.loader.lower() not in title.lower():
            about.append(f"loader {e.loader}")
        head = f"{title} ({'; '.join(about)})" if about else title
        text = e.text or ""
        if text.lower().startswith(f"{title.lower()}: "):  # "entity resolution: same as ..." under that title
            text = text[len(title) + 2 :]
        lines.append(f"{head}: “{text}”" if text else head)
    return lines or ["(no source document recorded)"]


def paths_markdown(paths: list[TiePath], a: str, b: str, max_hops: int) -> str:
    if not paths:
        return f"No tie between {a} and {b} within {max_hops} hops.\n"
    out = [f"# Ties between {a} and {b}\n"]
    for number, path in enumerate(paths, start=1):
        out.append(f"## {path_title(number, path)}\n")
        out += _hop_markdown(path.hops)
    return "\n".join(out) + "\n"


def hops_markdown(hops: list[Hop], firm: str) -> str:
    if not hops:
        return f"No ties of record for {firm}.\n"
    out = [f"# Neighbours of {firm}\n"]
    for kind in dict.fromkeys(h.kind for h in hops):
        out.append(f"## {kind}\n")
        out += _hop_markdown([h for h in hops if h.kind == kind])
    return "\n".join(out) + "\n"


def _hop_markdown(hops: tuple[Hop, ...] | list[Hop]) -> list[str]:
    out = []
    for hop in hops:
        claim = " **(claim)**" if hop.is_claim else ""
        out.append(f"- **{hop.kind}**{claim} (cost {hop.weight:g}): {hop.source_name} {arrow(hop)} {hop.target_name}")
        out += [f"  - {line}" for line in evidence_lines(hop)]
    out.append("")
    return out


def _hop_table(title: str, hops: tuple[Hop, ...] | list[Hop]) -> None:
    from rich.table import Table

    from sanctiongraph.cli.output import console

    table = Table(title=title, title_justify="left", show_lines=True)
    for column in ("kind", "from", "", "to", "cost", "evidence"):
        table.add_column(column, overflow="fold")
    for hop in hops:
        kind = f"{hop.kind} (claim)" if hop.is_claim else hop.kind
        table.add_row(
            kind, hop.source_name, arrow(hop), hop.target_name, f"{hop.weight:g}", "\n".join(evidence_lines(hop))
        )
    console.print(table)


def _print_paths(paths: list[TiePath], a: str, b: str, max_hops: int) -> None:
    if not paths:
        err_console.print(f"No tie between {a} and {b} within {max_hops} hops.")
        return
    for number, path in enumerate(paths, start=1):
        _hop_table(path_title(number, path), path.hops)


def _print_hops(hops: list[Hop], firm: str) -> None:
    if not hops:
        err_console.print(f"No ties of record for {firm}.")
        return
    for kind in dict.fromkeys(h.kind for h in hops):
        _hop_table(kind, [h for h in hops if h.kind == kind])


def draw(graph: nx.MultiDiGraph, path: Path) -> None:
    """GraphML through networkx; SVG and PNG through matplotlib (optional: pip install matplotlib)."""
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        import networkx as nx

        nx.write_graphml(graph, path)
    elif suffix in (".svg", ".png"):
        _draw_image(graph, path)
    else:
        raise SanctiongraphError(f"--graph {path}: give a .svg, .png or .graphml file")
    err_console.print(f"wrote {path}")


def _draw_image(graph: nx.MultiDiGraph, path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")  # server-side: no display
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise SanctiongraphError("drawing SVG or PNG needs matplotlib: pip install 'sanctiongraph[draw]'") from exc
    import networkx as nx

    figure, axes = plt.subplots(figsize=(12, 8))
    layout = nx.spring_layout(graph, seed=7) if graph.number_of_nodes() else {}
    labels = {n: _short(d.get("name", n)) for n, d in graph.nodes(data=True)}
    nx.draw_networkx_nodes(graph, layout, ax=axes, node_color="#dde6f3", node_size=900)
    nx.draw_networkx_labels(graph, layout, labels=labels, ax=axes, font_size=7)
    nx.draw_networkx_edges(graph, layout, ax=axes, arrows=True, edge_color="#666666")
    edge_labels = {(u, v): d["kind"] + (" (claim)" if d["claim"] else "") for u, v, d in graph.edges(data=True)}
    nx.draw_networkx_edge_labels(graph, layout, edge_labels=edge_labels, ax=axes, font_size=6)
    axes.set_axis_off()
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def _short(name: str, width: int = 28) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def register(app: typer.Typer) -> None:
    app.command("ties")(ties)
    app.command("neighbours")(neighbours)
