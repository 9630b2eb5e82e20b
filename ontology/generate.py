"""Renders terms.py, the closed KG namespace, from kg.ttl: `python -m sanctiongraph.ontology.generate`."""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, URIRef

NAMESPACE = "https://w3id.org/sanctiongraph/ontology#"


def defined_terms(graph: Graph) -> list[str]:
    """Local names of every kg: subject in the ontology graph, sorted."""
    names = {
        str(s)[len(NAMESPACE) :]
        for s in graph.subjects()
        if isinstance(s, URIRef) and str(s).startswith(NAMESPACE) and len(str(s)) > len(NAMESPACE)
    }
    return sorted(names)


def render_terms_module(graph: Graph) -> str:
    """Python source of terms.py for the given ontology graph."""
    lines = [
        '"""Closed namespace of kg: terms. Generated from kg.ttl by ontology/generate.py: do not edit."""',
        "",
        "from pyoxigraph import NamedNode",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        f'_NS = "{NAMESPACE}"',
        "",
        "",
        "class KG(DefinedNamespace):",
        '    """Every term kg.ttl defines; any other attribute raises AttributeError."""',
        "",
        "    _fail = True",
        "    _NS = Namespace(_NS)",
        "",
    ]
    names = defined_terms(graph)
    lines += [f"    {name}: URIRef" for name in names]
    # The same terms as pyoxigraph nodes, built once: loaders emit them without rdflib on the
    # per-row path (a DefinedNamespace lookup and a conversion cost more than the triple).
    lines += [
        "",
        "",
        "class KGO:",
        '    """The terms of KG as pyoxigraph NamedNodes (a plain class: a typo raises AttributeError)."""',
        "",
        "    __slots__ = ()",
        "",
    ]
    lines += [f'    {name} = NamedNode(_NS + "{name}")' for name in names]
    return "\n".join(lines) + "\n"


def main() -> None:
    here = Path(__file__).parent
    graph = Graph().parse(here / "kg.ttl", format="turtle")
    (here / "terms.py").write_text(render_terms_module(graph), encoding="utf-8")
    sys.stdout.write(f"wrote {here / 'terms.py'}\n")


if __name__ == "__main__":
    main()
