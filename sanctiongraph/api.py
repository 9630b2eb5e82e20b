"""A small facade for notebooks: open a store, load, query to a DataFrame, report, ties, networkx.

Everything here is a thin twin of a CLI command, so a notebook and a shell session give the same
answers. Heavy or optional pieces (pandas, the projection, ties) are imported when first used:
`import sanctiongraph` stays cheap, and pandas is needed only for `Graph.frame`
(`pip install 'sanctiongraph[notebook]'`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef

from sanctiongraph.graph.store import GraphStore, open_store

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from sanctiongraph.analysis.tie_model import TiePath
    from sanctiongraph.graph.ingest import LoadReport


def _plain(value: Any) -> Any:
    """An rdflib term as the Python value a DataFrame cell wants (IRIs as text, typed literals as values)."""
    if isinstance(value, Literal):
        return value.toPython()
    if isinstance(value, URIRef):
        return str(value)
    return value


class Graph:
    """One store, opened once; every method reads or writes it."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def __repr__(self) -> str:
        return f"<sanctiongraph.Graph {self.store.path or 'in memory'}: {len(self.store)} quads>"

    # writing ---------------------------------------------------------------------------------

    def load(self, loader: str, *paths: str | Path, published: str | dt.date | None = None) -> list[LoadReport]:
        """Load files with a named loader (see `sanctiongraph loaders`); one report per document."""
        from sanctiongraph.graph.ingest import load_paths

        day = dt.date.fromisoformat(published) if isinstance(published, str) else published
        return load_paths(self.store, loader, [Path(p) for p in paths], published=day)

    # reading ---------------------------------------------------------------------------------

    def select(self, sparql: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of plain Python values; keyword arguments bind ?name (str values that look like IRIs are IRIs)."""
        bound = {k: URIRef(v) if isinstance(v, str) and "://" in v else v for k, v in params.items()}
        return [{k: _plain(v) for k, v in row.items()} for row in self.store.select(sparql, bound)]

    def query(self, name_or_sparql: str, **params: Any) -> list[dict[str, Any]]:
        """A named query (queries/*.rq, as `sanctiongraph query NAME`) or SPARQL text."""
        from sanctiongraph.queries import get_query

        text = name_or_sparql if "{" in name_or_sparql else get_query(name_or_sparql).text
        return self.select(text, **params)

    def frame(self, name_or_sparql: str, **params: Any) -> pd.DataFrame:
        """The same rows as a pandas DataFrame, columns in the query's order."""
        try:
            import pandas as pd
        except ImportError as exc:  # an optional extra: say how to get it
            raise ImportError("Graph.frame needs pandas: pip install 'sanctiongraph[notebook]'") from exc
        rows = self.query(name_or_sparql, **params)
        return pd.DataFrame.from_records(rows)

    def find(self, name: str) -> str:
        """The IRI of a firm, person or agency by name, alias or IRI (as the CLI's lookups)."""
        from sanctiongraph.analysis.lookup import find_entity

        return str(find_entity(self.store, name))

    def report(self, firm: str) -> str:
        """The Markdown report of a firm (`sanctiongraph report`), every fact footnoted."""
        try:
            from sanctiongraph.reports import firm_report  # type: ignore[import-not-found, unused-ignore]
        except ImportError:  # the report module before it became a package
            from sanctiongraph.analysis.report import firm_report
        return firm_report(self.store, URIRef(self.find(firm)))

    def ties(self, a: str, b: str, **options: Any) -> list[TiePath]:
        """Paths between two firms with their evidence (sanctiongraph.analysis.ties.find_ties)."""
        from sanctiongraph.analysis.ties import find_ties

        return find_ties(self.store, self.find(a), self.find(b), **options)

    def networkx(self, around: str | None = None, *, radius: int = 1) -> nx.MultiDiGraph:
        """The property graph as networkx: all of it, or the nodes within `radius` hops of one node."""
        import networkx as nx

        from sanctiongraph.graph.projection import project
        from sanctiongraph.pg.networkx_export import to_networkx

        graph = to_networkx(project(self.store))
        if around is None:
            return graph
        centre = around if around in graph else self._node_for(graph, around)
        return graph.subgraph(nx.ego_graph(graph, centre, radius=radius, undirected=True)).copy()

    def _node_for(self, graph: nx.MultiDiGraph, name: str) -> str:
        iri = self.find(name)
        if iri in graph:
            return iri
        # A resolved firm is a cluster node in the projection: find the node that holds this record.
        for node, data in graph.nodes(data=True):
            if iri in str(data.get("records", "")):
                return node
        raise KeyError(f"{name!r} ({iri}) is not a node of the property graph")

    def export_ftm(self, path: str | Path) -> int:
        """Write FollowTheMoney entities (`sanctiongraph export ftm`); returns how many."""
        from sanctiongraph.ftm.export import write_ftm

        with Path(path).open("w", encoding="utf-8") as out:
            return write_ftm(self.store, out)


def open_graph(path: str | Path | None = None, *, memory: bool = False) -> Graph:
    """Open (or create) a store folder; the default is the CLI's (.sanctiongraph/store or $SANCTIONGRAPH_STORE).

    memory=True gives a throwaway in-memory store, handy in a notebook.
    """
    if memory:
        return Graph(GraphStore(None))
    return Graph(open_store(Path(path) if path is not None else None))


__all__: Sequence[str] = ["Graph", "open_graph"]
