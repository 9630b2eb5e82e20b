"""The ontology: Turtle files that define every kg: term, and the Python views derived from them."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from rdflib import Graph, Namespace

from sanctiongraph.ontology.terms import KG, KGO

KGR = Namespace("https://w3id.org/sanctiongraph/id/")
KGS = Namespace("https://w3id.org/sanctiongraph/shapes#")

ONTOLOGY_FILES = ("kg.ttl", "alignments.ttl")

__all__ = ["KG", "KGO", "KGR", "KGS", "load_ontology", "load_shapes", "ontology_path"]


def ontology_path(name: str) -> Path:
    """Path of one of the packaged Turtle files (kg.ttl, alignments.ttl, shapes.ttl)."""
    return Path(str(files("sanctiongraph.ontology").joinpath(name)))


@cache
def load_ontology(with_alignments: bool = False) -> Graph:
    """kg.ttl (and optionally alignments.ttl) as an rdflib graph; cached, do not mutate."""
    graph = Graph()
    for name in ONTOLOGY_FILES[: 2 if with_alignments else 1]:
        graph.parse(ontology_path(name), format="turtle")
    return graph


@cache
def load_shapes() -> Graph:
    """The SHACL shapes graph; cached, do not mutate."""
    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")
