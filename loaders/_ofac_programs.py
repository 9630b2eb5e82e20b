"""The OFAC program table: program code → name, legal basis and measure, emitted as graph nodes.

The table is maintained by hand in sanctiongraph/reference/ofac_programs.csv (one row per
program tag OFAC prints in its lists). Legal bases are law keys under <law/us/...>:
"eo/13224" is an executive order (its node is emitted here), "pl/106/120" a public law
(its node lives in sanctiongraph/reference/ofac_statutes.ttl).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from weakref import WeakKeyDictionary

from rdflib import RDF, URIRef

from sanctiongraph.loaders.base import LoadContext
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import reference_iri

OFAC = reference_iri("agency", "us-ofac")
PRESIDENT = reference_iri("agency", "us-president")
TABLE = "ofac_programs.csv"
MEASURES = {
    "asset-freeze": KG.assetFreeze,
    "investment-ban": KG.investmentBan,
    "listing-only": KG.listingOnly,
}
_EO_KEY = re.compile(r"^eo/(\d{4,5})$")
# Program nodes already emitted into each load's graph (emitted once per document).
_emitted: WeakKeyDictionary[LoadContext, set[str]] = WeakKeyDictionary()


@dataclass(frozen=True)
class OfacProgram:
    """One row of the program table."""

    key: str
    name: str
    legal_basis: tuple[str, ...]
    measure: URIRef

    @property
    def iri(self) -> URIRef:
        return program_iri(self.key)

    @property
    def law_iris(self) -> list[URIRef]:
        return [reference_iri("law", f"us/{law}") for law in self.legal_basis]


@cache  # asked for on every row; a few hundred codes
def program_iri(code: str) -> URIRef:
    """<program/us-CODE>, with runs of spaces and punctuation as one dash ("CAATSA - RUSSIA")."""
    return reference_iri("program", "us-" + re.sub(r"[^A-Za-z0-9]+", "-", code.strip()).strip("-"))


@cache
def ofac_programs() -> dict[str, OfacProgram]:
    """The program table by program code (as OFAC writes it, e.g. 'SDGT', 'CAATSA - RUSSIA')."""
    text = files("sanctiongraph.reference").joinpath(TABLE).read_text(encoding="utf-8")
    table: dict[str, OfacProgram] = {}
    for row in csv.DictReader(text.splitlines()):
        table[row["program_key"]] = OfacProgram(
            key=row["program_key"],
            name=row["program_name"],
            legal_basis=tuple(row["legal_basis"].split()),
            measure=MEASURES[row["measure"]],
        )
    return table


def find_program(code: str) -> OfacProgram | None:
    """The table row of a program code, tolerating case and spacing differences."""
    table = ofac_programs()
    if code in table:
        return table[code]
    wanted = program_iri(code).casefold()
    return next((p for p in table.values() if p.iri.casefold() == wanted), None)


def ofac_program(ctx: LoadContext, code: str) -> URIRef:
    """The kg:SanctionsProgram node of an OFAC program code, emitted once per document.

    An unknown code still gets a node (with its key) so no listing is lost; it is audited
    so that the table can be extended.
    """
    code = code.strip()
    program = find_program(code)
    iri = program.iri if program else program_iri(code)
    done = _emitted.setdefault(ctx, set())
    if iri in done:
        return iri
    done.add(iri)
    # Straight into the document's triples, not the current record's buffer: the node is
    # shared by every record and must survive one record being skipped.
    out = ctx.triples
    out += [(iri, RDF.type, KG.SanctionsProgram), (iri, KG.programKey, code), (iri, KG.administeredBy, OFAC)]
    if program is None:
        ctx.audit(code, {"unknown OFAC program": code})
        return iri
    out += [(iri, KG.name, program.name), (iri, KG.measure, program.measure)]
    for law_key, law in zip(program.legal_basis, program.law_iris, strict=True):
        out.append((iri, KG.legalBasis, law))
        out += _executive_order_triples(law_key, law)
    return iri


def legal_basis_of(code: str) -> list[URIRef]:
    """Law IRIs a program rests on (empty for codes missing from the table)."""
    return list(_legal_basis(code))


@cache  # asked for on every row; a few hundred codes
def _legal_basis(code: str) -> tuple[URIRef, ...]:
    program = find_program(code)
    return tuple(program.law_iris) if program else ()


def _executive_order_triples(law_key: str, law: URIRef) -> list[tuple[URIRef, URIRef, object]]:
    match = _EO_KEY.match(law_key)
    if not match:
        return []
    number = match.group(1)
    return [
        (law, RDF.type, KG.Statute),
        (law, KG.name, f"Executive Order {number}"),
        (law, KG.alias, f"EO {number}"),
        (law, KG.alias, f"E.O. {number}"),
        (law, KG.number, number),
        (law, KG.instrumentType, "executive order"),
        (law, KG.passedBy, PRESIDENT),
    ]
