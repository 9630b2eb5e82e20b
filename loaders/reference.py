"""Loads our packaged reference Turtle (agencies, statutes, lists) as a sourced document."""

from __future__ import annotations

from typing import ClassVar

from rdflib import Graph

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.loaders.base import LoadContext, Loader


class ReferenceLoader(Loader):
    """Reference data compiled by the sanctiongraph team from the public record (Turtle)."""

    name = "reference"
    title = "sanctiongraph reference data (Turtle)"
    document_kind = "reference"
    publisher = "sanctiongraph (compiled from the public record)"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.ttl",)

    def load(self, ctx: LoadContext) -> None:
        try:
            graph = Graph().parse(data=ctx.read_text(), format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise SourceFormatError(f"invalid Turtle: {exc}", path=str(ctx.source.path)) from exc
        subjects = sorted(set(graph.subjects()))
        for subject in subjects:
            with ctx.record(str(subject)):
                for p, o in graph.predicate_objects(subject):
                    ctx.add(subject, p, o)


LOADER = ReferenceLoader
