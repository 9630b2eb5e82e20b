"""FCDO UK Sanctions List XML (<Designations>, SanctionsListSchema 4.x; not the old OFSI ConList).

One <Designation> per listed individual, entity or ship: UniqueID (e.g. AFG0011), names
(NameType written 'Primary Name' or 'Primary name'), the regime (a set of UK regulations),
the sanctions imposed, and per-kind details (DOBs, passports, IMO numbers). Dates are
DD/MM/YYYY with 'dd'/'mm' placeholders for unknown parts.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rdflib import RDF, Literal, URIRef

from sanctiongraph.errors import RecordError, SourceFormatError
from sanctiongraph.loaders._xml import (
    Element,
    XmlStream,
    add_identifier,
    country,
    designation,
    entity_node,
    find,
    find_all,
    local_name,
    partial_date,
    program_node,
    script_language,
    script_of_text,
    shared_node,
    text_of,
    texts_of,
)
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import reference_iri, slug

FCDO = reference_iri("agency", "gb-fcdo")
LIST_KEY = "gb-uk-sanctions-list"
DATASET = "gb-fcdo"
KINDS = {"individual": "person", "entity": "company", "ship": "vessel"}
NAME_PARTS = ("Name1", "Name2", "Name3", "Name4", "Name5", "Name6")
ADDRESS_PARTS = (*(f"AddressLine{i}" for i in range(1, 7)), "AddressPostalCode", "AddressCountry")
MEASURES = {"asset freeze": KG.assetFreeze, "travel ban": KG.travelBan, "arms embargo": KG.armsEmbargo}
AUDITED = (
    "LastUpdated",
    "DesignationSource",
    "Genders/Gender",
    "PhoneNumbers/PhoneNumber",
    "EmailAddresses/EmailAddress",
)


class UkSanctionsXmlLoader(Loader):
    """The UK Sanctions List published by the FCDO (XML)."""

    name = "uk-sanctions-xml"
    title = "UK Sanctions List (FCDO, XML)"
    publisher = "UK Foreign, Commonwealth and Development Office"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.xml",)
    expected_records = (1, 50_000)

    def load(self, ctx: LoadContext) -> None:
        ctx.set_release_of(reference_iri("list", LIST_KEY))
        stream = XmlStream(ctx.read_bytes(), path=str(ctx.source.path), roots=("Designations",))
        emitted: set[URIRef] = set()
        for line, element in stream.records("DateGenerated", "Designation"):
            if local_name(element) == "DateGenerated":
                ctx.set_published(generated_date(element, stream.path))
                continue
            unique_id = text_of(element, "UniqueID")
            with ctx.record(unique_id or f"line {line}", line=line):
                map_designation(ctx, element, unique_id, emitted)


def generated_date(element: Element, path: str) -> dt.date:
    generated = partial_date(text_of(element))
    if generated is None or len(generated) != 10:
        raise SourceFormatError("DateGenerated is not DD/MM/YYYY", path=path, line=element.sourceline)
    return dt.date.fromisoformat(generated)


def map_designation(ctx: LoadContext, record: Element, unique_id: str, emitted: set[URIRef]) -> None:
    if not unique_id:
        raise RecordError("no UniqueID", field="UniqueID")
    kind = KINDS.get(text_of(record, "IndividualEntityShip").casefold())
    if kind is None:
        raise RecordError(f"unknown IndividualEntityShip {text_of(record, 'IndividualEntityShip')!r}")
    node = map_names(ctx, record, kind, unique_id)
    add_identifier(ctx, node, "UN reference number", text_of(record, "UNReferenceNumber"))
    add_identifier(ctx, node, "OFSI group ID", text_of(record, "OFSIGroupID"))
    ctx.add(node, KG.notes, text_of(record, "OtherInformation"))
    for title in texts_of(record, "Titles/Title"):
        ctx.add(node, KG.title, title)
    for address in find_all(record, "Addresses/Address"):
        ctx.add(node, KG.address, ", ".join(t for t in (text_of(address, p) for p in ADDRESS_PARTS) if t))
        add_country(ctx, node, KG.country, text_of(address, "AddressCountry"))
    map_individual(ctx, node, find(record, "IndividualDetails/Individual"))
    map_entity(ctx, node, find(record, "EntityDetails/Entity"))
    map_ship(ctx, node, find(record, "ShipDetails/Ship"))
    map_action(ctx, record, unique_id, node, emitted)
    ctx.audit(unique_id, {path: texts_of(record, path) for path in AUDITED})


def map_names(ctx: LoadContext, record: Element, kind: str, unique_id: str) -> URIRef:
    """The node named by its primary name ('Primary Name' or 'Primary name'), with its aliases."""
    names = find_all(record, "Names/Name")
    primary = next((n for n in names if text_of(n, "NameType").casefold() == "primary name"), None)
    if primary is None:
        raise RecordError("no primary name", field="NameType")
    node = entity_node(ctx, kind, DATASET, unique_id, full_name(primary))
    for name in names:
        if name is not primary:
            weak = text_of(name, "AliasStrength").casefold().startswith("low")
            ctx.add(node, KG.weakAlias if weak else KG.alias, full_name(name))
    for original in texts_of(record, "NonLatinNames/NonLatinName/NameNonLatinScript"):
        language = script_language(script_of_text(original))
        ctx.add(node, KG.alias, Literal(original, lang=language) if language else original)
    return node


def full_name(name: Element) -> str:
    return " ".join(t for t in (text_of(name, part) for part in NAME_PARTS) if t)


def map_action(ctx: LoadContext, record: Element, unique_id: str, node: URIRef, emitted: set[URIRef]) -> None:
    regime = text_of(record, "RegimeName")
    if not regime:
        raise RecordError("no RegimeName", field="RegimeName")
    program = reference_iri("program", f"gb-{slug(regime, 80)}")
    program_node(ctx, emitted, program, key=regime, name=regime, agency=FCDO)
    action = designation(
        ctx,
        list_key=LIST_KEY,
        authority_id=unique_id,
        target=node,
        agency=FCDO,
        programs=[program],
        legal_bases=[regime_law(ctx, regime, emitted)],
        listed=partial_date(text_of(record, "DateDesignated")),
    )
    ctx.add(action, KG.reason, text_of(record, "UKStatementofReasons"))
    for imposed in text_of(record, "SanctionsImposed").split("|"):
        measure = MEASURES.get(imposed.strip().casefold())
        ctx.add(action, KG.measure, measure)
        if measure is None:
            ctx.audit(unique_id, {"sanction imposed": imposed.strip()})


def regime_law(ctx: LoadContext, regime: str, emitted: set[URIRef]) -> URIRef:
    """A UK regime is a set of regulations: the regime's name is the instrument's title."""
    law = reference_iri("law", f"gb/{slug(regime, 80)}")
    facts = [(RDF.type, KG.LegalInstrument), (KG.name, regime), (KG.instrumentType, "regulation")]
    return shared_node(ctx, emitted, law, [*facts, (KG.jurisdiction, ctx.country("gb"))])


def map_individual(ctx: LoadContext, node: URIRef, individual: Element | None) -> None:
    if individual is None:
        return
    for dob in texts_of(individual, "DOBs/DOB"):
        birth = partial_date(dob)
        if birth is None:
            ctx.audit(node, {"DOB": dob})
        ctx.add_date(node, KG.birthDate, birth)
    for passport in find_all(individual, "PassportDetails/Passport"):
        add_identifier(ctx, node, "Passport", text_of(passport, "PassportNumber"))
    for national_id in find_all(individual, "NationalIdentifierDetails/NationalIdentifier"):
        add_identifier(ctx, node, "National identifier", text_of(national_id, "NationalIdentifierNumber"))
        ctx.audit(node, {"national identifier detail": text_of(national_id, "NationalIdentifierAdditionalInformation")})
    for nationality in texts_of(individual, "Nationalities/Nationality"):
        add_country(ctx, node, KG.nationality, nationality)
    for position in texts_of(individual, "Positions/Position"):
        ctx.add(node, KG.title, position)
    for place in find_all(individual, "BirthDetails/Location"):
        ctx.add(node, KG.birthPlace, ", ".join(texts_of(place, "*")))


def map_entity(ctx: LoadContext, node: URIRef, entity: Element | None) -> None:
    if entity is None:
        return
    for number in texts_of(entity, "BusinessRegistrationNumbers/BusinessRegistrationNumber"):
        add_identifier(ctx, node, "Business registration number", number)
    ctx.audit(node, {"TypeOfEntity": texts_of(entity, "TypeOfEntities/TypeOfEntity")})


def map_ship(ctx: LoadContext, node: URIRef, ship: Element | None) -> None:
    """IMO numbers and the current flag are mapped; owners, type and tonnage are audited."""
    if ship is None:
        return
    for imo in texts_of(ship, "IMONumbers/IMONumber"):
        add_identifier(ctx, node, "IMO", imo)
    for flag in texts_of(ship, "CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip"):
        add_country(ctx, node, KG.jurisdiction, flag)
    for path in (
        "CurrentOwnerOperators/CurrentOwnerOperator",
        "TypeOfShipDetails/TypeOfShip",
        "PreviousFlags/PreviousFlag",
    ):
        ctx.audit(node, {path: texts_of(ship, path)})


def add_country(ctx: LoadContext, node: URIRef, prop: URIRef, name: str) -> None:
    place = country(ctx, name)
    ctx.add(node, prop, place)
    if place is None and name:
        ctx.audit(node, {"unknown country": name})


LOADER = UkSanctionsXmlLoader
