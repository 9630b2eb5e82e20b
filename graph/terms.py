"""Conversions between Python values, rdflib terms and pyoxigraph terms."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_XSD = {
    "string": ox.NamedNode(str(XSD.string)),
    "integer": ox.NamedNode(str(XSD.integer)),
    "double": ox.NamedNode(str(XSD.double)),
    "decimal": ox.NamedNode(str(XSD.decimal)),
    "boolean": ox.NamedNode(str(XSD.boolean)),
    "date": ox.NamedNode(str(XSD.date)),
    "dateTime": ox.NamedNode(str(XSD.dateTime)),
    "gYearMonth": ox.NamedNode(str(XSD.gYearMonth)),
    "gYear": ox.NamedNode(str(XSD.gYear)),
}


def date_literal(value: str | dt.date) -> Literal:
    """An xsd:date, or xsd:gYearMonth / xsd:gYear for partial dates ('2021-05', '2021')."""
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise ValueError(f"not an ISO date: {value!r}")
    year, month, day = match.groups()
    if day:
        dt.date(int(year), int(month), int(day))  # raises on 2021-02-30
        return Literal(value.strip(), datatype=XSD.date)
    if month:
        return Literal(f"{year}-{month}", datatype=XSD.gYearMonth)
    return Literal(year, datatype=XSD.gYear)


def ox_date(value: str | dt.date) -> ox.Literal:
    """date_literal built directly as a pyoxigraph term (the loaders' hot path)."""
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=_XSD["date"])
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise ValueError(f"not an ISO date: {value!r}")
    year, month, day = match.groups()
    if day:
        dt.date(int(year), int(month), int(day))  # raises on 2021-02-30
        return ox.Literal(value.strip(), datatype=_XSD["date"])
    if month:
        return ox.Literal(f"{year}-{month}", datatype=_XSD["gYearMonth"])
    return ox.Literal(year, datatype=_XSD["gYear"])


@lru_cache(maxsize=1 << 16, typed=True)
def cached_ox_date(value: str | dt.date) -> ox.Literal:
    """ox_date, once per distinct value: a list repeats its listing and birth dates many times."""
    return ox_date(value)


OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
OxTriple = tuple[OxTerm, OxTerm, OxTerm]


class LoadedTriples:
    """A graph's triples that a load holds in memory, grouped by predicate once.

    The steps after a load's commit (name index, release diff) each want a few predicates of
    the graph just written; grouping once here spares each of them a pass over every triple.
    Iterating gives the triples in the order they were emitted.
    """

    __slots__ = ("_groups", "triples")

    def __init__(self, triples: Sequence[OxTriple]) -> None:
        self.triples = triples
        self._groups: dict[OxTerm, list[OxTriple]] | None = None

    def __iter__(self) -> Iterator[OxTriple]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)

    def with_predicate(self, predicate: OxTerm) -> list[OxTriple]:
        """The triples with this predicate, in emitted order (whole triples: no tuple is built)."""
        if self._groups is None:
            groups: dict[OxTerm, list[OxTriple]] = {}
            for triple in self.triples:
                group = groups.get(triple[1])
                if group is None:
                    groups[triple[1]] = [triple]
                else:
                    group.append(triple)
            self._groups = groups
        return self._groups.get(predicate, [])


def loaded_triples(triples: Iterable[OxTriple]) -> LoadedTriples:
    """triples as LoadedTriples (itself when it already is one, so the grouping is shared)."""
    if isinstance(triples, LoadedTriples):
        return triples
    return LoadedTriples(triples if isinstance(triples, list | tuple) else list(triples))


# Terms of other vocabularies the loaders emit on every row, built once as pyoxigraph nodes.
OX_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OX_WAS_DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
OX_TERM_TYPES = (ox.NamedNode, ox.Literal, ox.BlankNode)
_OX_TYPES = OX_TERM_TYPES


def term_converter() -> Callable[[Any], OxTerm]:
    """A to_ox with its own IRI cache, for emitting many triples (one per loaded document).

    Subjects repeat within a record and predicates and classes in every record, so each IRI is
    validated and built once; plain strings, the commonest objects, skip rdflib entirely.
    """
    iris: dict[Any, ox.NamedNode] = {}
    datatypes: dict[Any, ox.NamedNode] = {}

    def convert(term: Any) -> OxTerm:
        cls = term.__class__
        if cls in _OX_TYPES:  # the hot loaders emit pyoxigraph terms: passed through
            return term
        if cls is URIRef:
            node = iris.get(term)
            if node is None:
                node = iris[term] = ox.NamedNode(term)
            return node
        if cls is str:
            return ox.Literal(term)
        if cls is Literal:
            if term.language:
                return ox.Literal(term, language=term.language)
            datatype = term.datatype
            if datatype is None:
                return ox.Literal(term)
            node = datatypes.get(datatype)
            if node is None:
                node = datatypes[datatype] = ox.NamedNode(datatype)
            return ox.Literal(term, datatype=node)
        return to_ox(term)

    return convert


def to_ox(term: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """pyoxigraph term for an rdflib term or a plain Python value (str becomes xsd:string)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term
    return _python_to_ox(term)


def _python_to_ox(value: Any) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_XSD["boolean"])
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_XSD["integer"])
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=_XSD["double"])
    if isinstance(value, Decimal):
        return ox.Literal(str(value), datatype=_XSD["decimal"])
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=_XSD["dateTime"])
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=_XSD["date"])
    if isinstance(value, str):
        return ox.Literal(value)
    raise TypeError(f"cannot turn {type(value).__name__} into an RDF term: {value!r}")


def from_ox(term: Any) -> URIRef | Literal | BNode | None:
    """rdflib term for a pyoxigraph term (None stays None, for unbound variables)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype == _XSD["string"]:
            return Literal(term.value)  # RDF 1.1: a simple literal is an xsd:string
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.Triple):
        raise TypeError("RDF 1.2 triple terms are not used in sanctiongraph")
    raise TypeError(f"unexpected term {term!r}")


def sparql_term(value: Any) -> str:
    """The SPARQL/N-Triples form of a value, for binding query parameters into query text."""
    term = to_ox(value)
    return str(term)
