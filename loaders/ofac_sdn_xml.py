"""OFAC's classic sdn.xml (<sdnList>, old tempuri or new sanctionslistservice namespace).

One <sdnEntry> per listed party: uid (the ent_num), names, sdnType, programs, ids, a.k.a.s,
addresses, nationalities, citizenships, dates and places of birth, vessel details. The header
publshInformation/Publish_Date (MM/DD/YYYY) is the release date. Everything in it is on the
SDN list; OFAC also files non-identifiers (CMIC dates, sanctions information) in idList.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from rdflib import URIRef

from sanctiongraph.errors import RecordError, SourceFormatError
from sanctiongraph.loaders._ofac import linked_to_names
from sanctiongraph.loaders._ofac_programs import legal_basis_of, ofac_program
from sanctiongraph.loaders._relations import relation
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
    text_of,
    texts_of,
)
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.loaders.ofac_enhanced_xml import DATASET, OFAC, OFAC_KINDS
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import reference_iri

SDN = "us-ofac-sdn"
AKA_PROPERTIES = {"a.k.a.": KG.alias, "n.k.a.": KG.alias, "f.k.a.": KG.previousName}
ADDRESS_FIELDS = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country")
# idList entries that are not identifiers: OFAC's "information", dates, risks and contact details.
NOT_AN_ID = re.compile(r"information|date|risk|gender|email|type|directive|sanctions|website", re.IGNORECASE)
VESSEL_FIELDS = ("callSign", "vesselType", "vesselFlag", "vesselOwner", "tonnage", "grossRegisteredTonnage")


class OfacSdnXmlLoader(Loader):
    """The OFAC SDN list in the classic sdn.xml format."""

    name = "ofac-sdn-xml"
    title = "OFAC SDN list, classic XML (sdn.xml)"
    publisher = "U.S. Department of the Treasury, Office of Foreign Assets Control"
    file_patterns: ClassVar[tuple[str, ...]] = ("sdn*.xml", "SDN*.XML")
    expected_records = (1, 100_000)

    def load(self, ctx: LoadContext) -> None:
        ctx.set_release_of(reference_iri("list", SDN))
        stream = XmlStream(ctx.read_bytes(), path=str(ctx.source.path), roots=("sdnList",))
        links = LinkedTo()
        for line, element in stream.records("publshInformation", "sdnEntry"):
            if local_name(element) == "publshInformation":
                ctx.set_published(publish_date(element, stream.path))
                continue
            uid = text_of(element, "uid")
            with ctx.record(uid, line=line):
                node = map_entry(ctx, element, uid)
                links.note(node, element, uid)
        links.emit(ctx)


def publish_date(header: Element, path: str) -> dt.date:
    published = partial_date(text_of(header, "Publish_Date"), day_first=False)
    if published is None or len(published) != 10:
        raise SourceFormatError("Publish_Date is missing or not MM/DD/YYYY", path=path, line=header.sourceline)
    return dt.date.fromisoformat(published)


def full_name(element: Element) -> str:
    """'LAST, First' as OFAC's CSV writes it, or the last name alone for entities."""
    first, last = text_of(element, "firstName"), text_of(element, "lastName")
    return f"{last}, {first}" if first and last else last or first


class LinkedTo:
    """'Linked To: NAME' in remarks, resolved by name among the entries of the same file at the end
    (primary names first, then a.k.a.s; a name two entries bear is audited, not guessed)."""

    def __init__(self) -> None:
        self.names: dict[str, set[URIRef]] = {}
        self.akas: dict[str, set[URIRef]] = {}
        self.pending: list[tuple[str, URIRef, str]] = []

    def note(self, node: URIRef, entry: Element, uid: str) -> None:
        self.names.setdefault(_key(full_name(entry)), set()).add(node)
        for aka in find_all(entry, "akaList/aka"):
            self.akas.setdefault(_key(full_name(aka)), set()).add(node)
        self.pending += [(uid, node, name) for name in linked_to_names(text_of(entry, "remarks"))]

    def emit(self, ctx: LoadContext) -> None:
        for uid, node, name in self.pending:
            found = self.names.get(_key(name)) or self.akas.get(_key(name)) or set()
            if len(found) != 1 or node in found:
                ctx.audit(uid, {"remarks: Linked To (no single entry of that name)": name})
                continue
            relation(
                ctx, dataset=DATASET, kind="linked to", subject=node, obj=next(iter(found)), text=f"Linked To: {name}"
            )


def _key(name: str) -> str:
    return " ".join(name.casefold().split()).rstrip(".")


def map_entry(ctx: LoadContext, entry: Element, uid: str) -> URIRef:
    kind = OFAC_KINDS.get(text_of(entry, "sdnType"))
    if not uid or kind is None:
        raise RecordError(f"no uid or unknown sdnType {text_of(entry, 'sdnType')!r}", field="sdnType")
    name = full_name(entry)
    if not name:
        raise RecordError("no name", field="lastName")
    node = entity_node(ctx, kind, DATASET, uid, name)
    ctx.add(node, KG.title, text_of(entry, "title"))
    ctx.add(node, KG.notes, text_of(entry, "remarks"))
    for aka in find_all(entry, "akaList/aka"):
        prop = (
            KG.weakAlias if text_of(aka, "category") == "weak" else AKA_PROPERTIES.get(text_of(aka, "type"), KG.alias)
        )
        ctx.add(node, prop, full_name(aka))
    for address in find_all(entry, "addressList/address"):
        map_address(ctx, node, address)
    map_person_details(ctx, node, entry)
    dates = map_ids(ctx, node, entry)
    map_vessel(ctx, node, find(entry, "vesselInfo"))
    codes = texts_of(entry, "programList/program")
    designation(
        ctx,
        list_key=SDN,
        authority_id=uid,
        target=node,
        agency=OFAC,
        programs=[ofac_program(ctx, code) for code in codes],
        legal_bases=list(dict.fromkeys(law for code in codes for law in legal_basis_of(code))),
        listed=dates.get("Listing Date (CMIC)"),
        effective=dates.get("Effective Date (CMIC)"),
    )
    return node


def map_address(ctx: LoadContext, node: URIRef, address: Element) -> None:
    ctx.add(node, KG.address, ", ".join(t for t in (text_of(address, f) for f in ADDRESS_FIELDS) if t))
    name = text_of(address, "country")
    place = country(ctx, name)
    ctx.add(node, KG.country, place)
    if place is None:
        ctx.audit(node, {"address country": name})


def map_person_details(ctx: LoadContext, node: URIRef, entry: Element) -> None:
    for item in texts_of(entry, "dateOfBirthList/dateOfBirthItem/dateOfBirth"):
        birth = partial_date(item)
        if birth is None:
            ctx.audit(node, {"dateOfBirth": item})
        ctx.add_date(node, KG.birthDate, birth)
    for place in texts_of(entry, "placeOfBirthList/placeOfBirthItem/placeOfBirth"):
        ctx.add(node, KG.birthPlace, place)
    for path in ("nationalityList/nationality/country", "citizenshipList/citizenship/country"):
        for name in texts_of(entry, path):
            place = country(ctx, name)
            ctx.add(node, KG.nationality, place)
            if place is None:
                ctx.audit(node, {"nationality": name})


def map_ids(ctx: LoadContext, node: URIRef, entry: Element) -> dict[str, str]:
    """Identifiers onto the node; the CMIC listing dates OFAC files here are returned."""
    dates: dict[str, str] = {}
    for item in find_all(entry, "idList/id"):
        scheme, number = text_of(item, "idType"), text_of(item, "idNumber")
        if scheme in ("Listing Date (CMIC)", "Effective Date (CMIC)"):
            dates[scheme] = partial_date(number) or ""
        elif scheme == "Website":
            ctx.add(node, KG.website, number)
        elif NOT_AN_ID.search(scheme):
            ctx.audit(node, {f"id {scheme}": number})
        else:
            add_identifier(ctx, node, scheme, number)
            ctx.audit(node, {"idCountry": text_of(item, "idCountry"), "issueDate": text_of(item, "issueDate")})
    return dates


def map_vessel(ctx: LoadContext, node: URIRef, vessel: Element | None) -> None:
    """Vessel flag becomes kg:jurisdiction; the rest has no kg: property yet and is audited."""
    if vessel is None:
        return
    flag = text_of(vessel, "vesselFlag")
    ctx.add(node, KG.jurisdiction, country(ctx, flag))
    ctx.audit(node, {f: text_of(vessel, f) for f in VESSEL_FIELDS if f != "vesselFlag"})


LOADER = OfacSdnXmlLoader
