"""OFAC "advanced" XML (sdn_advanced.xml / cons_advanced.xml, namespace http://www.un.org/sanctions/1.0).

The schema is normalised: ReferenceValueSets names every code (list, party type, feature,
document type, script), Locations and IDRegDocuments come before the DistinctParties that
point at them, and SanctionsEntries (one per list membership) after. The file is streamed
section by section, keeping only those small lookup tables in memory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

from rdflib import Literal, URIRef

from sanctiongraph.errors import RecordError, SourceFormatError
from sanctiongraph.loaders._ofac_programs import legal_basis_of, ofac_program
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
    script_language,
    text_of,
)
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.loaders.ofac_enhanced_xml import (
    ALIAS_PROPERTIES,
    COUNTRY_FEATURES,
    DATASET,
    ID_FEATURES,
    OFAC,
    OFAC_LISTS,
    TEXT_FEATURES,
    emit_relationships,
)
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import reference_iri

PARTY_KINDS = {"Individual": "person", "Entity": "company", "Vessel": "vessel", "Aircraft": "aircraft"}
SECTIONS = ("DateOfIssue", "ReferenceValueSets", "Location", "IDRegDocument", "ProfileRelationship")
RECORDS = ("DistinctParty", "SanctionsEntry")


@dataclass
class Lookups:
    """What the sections before the parties define, by ID."""

    values: dict[str, dict[str, tuple[str, dict[str, str]]]] = field(default_factory=dict)
    locations: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    documents: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    relationships: list[tuple[str, str, str]] = field(default_factory=list)

    def read(self, element: Element) -> bool:
        """Keep what a lookup section element defines; False if it is not one."""
        tag = local_name(element)
        if tag == "ReferenceValueSets":
            self.read_values(element)
        elif tag == "Location":
            self.locations[element.get("ID", "")] = read_location(element, self)
        elif tag == "IDRegDocument":
            scheme = self.name("IDRegDocTypeValues", element.get("IDRegDocTypeID"))
            self.documents[element.get("IdentityID", "")].append((scheme, text_of(element, "IDRegistrationNo")))
        elif tag == "ProfileRelationship":
            relation = self.name("RelationTypeValues", element.get("RelationTypeID"))
            self.relationships.append((element.get("From-ProfileID", ""), element.get("To-ProfileID", ""), relation))
        else:
            return False
        return True

    def read_values(self, value_sets: Element) -> None:
        """Copy the reference values out of the tree, which is freed as the stream moves on."""
        for value_set in value_sets:
            self.values[local_name(value_set)] = {v.get("ID", ""): (text_of(v), dict(v.attrib)) for v in value_set}

    def name(self, value_set: str, value_id: str | None) -> str:
        return self.values.get(value_set, {}).get(value_id or "", ("", {}))[0]

    def attribute(self, value_set: str, value_id: str | None, attribute: str) -> str:
        return self.values.get(value_set, {}).get(value_id or "", ("", {}))[1].get(attribute, "")


class OfacAdvancedXmlLoader(Loader):
    """OFAC sanctions lists in the advanced XML format (SDN or Consolidated)."""

    name = "ofac-advanced-xml"
    title = "OFAC advanced XML (sdn_advanced.xml / cons_advanced.xml)"
    publisher = "U.S. Department of the Treasury, Office of Foreign Assets Control"
    file_patterns: ClassVar[tuple[str, ...]] = ("*advanced*.xml", "*ADVANCED*.XML")
    expected_records = (1, 200_000)

    def load(self, ctx: LoadContext) -> None:
        stream = XmlStream(ctx.read_bytes(), path=str(ctx.source.path), roots=("Sanctions",))
        lookups = Lookups()
        nodes: dict[str, URIRef] = {}
        lists_seen: set[str] = set()
        for line, element in stream.records(*SECTIONS, *RECORDS):
            tag = local_name(element)
            if tag == "DateOfIssue":
                ctx.set_published(issue_date(element, stream.path))
            elif lookups.read(element):
                continue
            elif tag == "DistinctParty":
                with ctx.record(element.get("FixedRef", ""), line=line):
                    nodes[element.get("FixedRef", "")] = map_party(ctx, element, lookups)
            else:
                with ctx.record(f"entry {element.get('ID')} of profile {element.get('ProfileID')}", line=line):
                    lists_seen.add(map_entry(ctx, element, lookups, nodes))
        only_sdn = lists_seen == {"us-ofac-sdn"}
        ctx.set_release_of(reference_iri("list", "us-ofac-sdn" if only_sdn else "us-ofac-consolidated"))
        emit_relationships(ctx, nodes, lookups.relationships)


def issue_date(element: Element, path: str) -> dt.date:
    try:
        return dt.date(int(text_of(element, "Year")), int(text_of(element, "Month")), int(text_of(element, "Day")))
    except ValueError as exc:
        raise SourceFormatError("DateOfIssue is not a date", path=path, line=element.sourceline) from exc


def read_location(location: Element, lookups: Lookups) -> tuple[str, str, str]:
    """(address line, ISO2 code, country name) of a Location."""
    country_ref = find(location, "LocationCountry")
    country_id = country_ref.get("CountryID") if country_ref is not None else None
    country_name = lookups.name("CountryValues", country_id)
    parts = [text_of(p, "LocationPartValue/Value") for p in find_all(location, "LocationPart")]
    line = ", ".join(p for p in [*parts, country_name] if p)
    return line, lookups.attribute("CountryValues", country_id, "ISO2"), country_name


def map_party(ctx: LoadContext, party: Element, lookups: Lookups) -> URIRef:
    profile = find(party, "Profile")
    party_id = party.get("FixedRef", "")
    if profile is None or not party_id:
        raise RecordError("DistinctParty without FixedRef or Profile")
    kind = PARTY_KINDS.get(party_kind(profile, lookups))
    if kind is None:
        raise RecordError(f"unknown party type {party_kind(profile, lookups)!r}", field="PartySubTypeID")
    primary, aliases, identity_ids = names_of(profile, lookups)
    if not primary:
        raise RecordError("no primary name", record=party_id)
    node = entity_node(ctx, kind, DATASET, party_id, primary)
    for prop, alias in aliases:
        ctx.add(node, prop, alias)
    for identity_id in identity_ids:
        for scheme, number in lookups.documents.get(identity_id, []):
            add_identifier(ctx, node, scheme, number)
    for feature in find_all(profile, "Feature"):
        map_feature(ctx, node, feature, lookups)
    ctx.add(node, KG.notes, text_of(party, "Comment"))
    return node


def party_kind(profile: Element, lookups: Lookups) -> str:
    """'Vessel' or 'Aircraft' for transport, else the party type (Individual, Entity)."""
    subtype_id = profile.get("PartySubTypeID")
    subtype = lookups.name("PartySubTypeValues", subtype_id)
    if subtype and subtype != "Unknown":
        return subtype
    return lookups.name("PartyTypeValues", lookups.attribute("PartySubTypeValues", subtype_id, "PartyTypeID"))


def names_of(profile: Element, lookups: Lookups) -> tuple[str, list[tuple[URIRef, Literal | str]], list[str]]:
    """The primary Latin name, the other names with their property, and the identity IDs."""
    primary = ""
    aliases: list[tuple[URIRef, Literal | str]] = []
    identity_ids = []
    for identity in find_all(profile, "Identity"):
        identity_ids.append(identity.get("ID", ""))
        part_types = {
            g.get("ID"): g.get("NamePartTypeID") for g in find_all(identity, "NamePartGroups/*/NamePartGroup")
        }
        for alias in find_all(identity, "Alias"):
            alias_type = lookups.name("AliasTypeValues", alias.get("AliasTypeID"))
            prop = KG.weakAlias if alias.get("LowQuality") == "true" else ALIAS_PROPERTIES.get(alias_type, KG.alias)
            for documented in find_all(alias, "DocumentedName"):
                name, script = documented_name(documented, part_types, lookups)
                language = script_language(script)
                if alias.get("Primary") == "true" and not primary and language is None:
                    primary = name
                elif name:
                    aliases.append((prop, Literal(name, lang=language) if language else name))
    return primary, aliases, identity_ids


def documented_name(documented: Element, part_types: dict, lookups: Lookups) -> tuple[str, str]:
    """'LAST, First Middle' as OFAC's other formats write it, and the script of the parts."""
    last, rest, script = [], [], ""
    for value in find_all(documented, "DocumentedNamePart/NamePartValue"):
        part_type = lookups.name("NamePartTypeValues", part_types.get(value.get("NamePartGroupID")))
        script = script or lookups.attribute("ScriptValues", value.get("ScriptID"), "ScriptCode")
        (last if part_type == "Last Name" else rest).append(text_of(value))
    if last and rest:
        return f"{' '.join(last)}, {' '.join(rest)}", script
    return " ".join(last + rest), script


def map_feature(ctx: LoadContext, node: URIRef, feature: Element, lookups: Lookups) -> None:
    kind = lookups.name("FeatureTypeValues", feature.get("FeatureTypeID"))
    version = find(feature, "FeatureVersion")
    if version is None:
        return
    detail = find(version, "VersionDetail")
    value = text_of(detail) or lookups.name(
        "DetailReferenceValues", detail.get("DetailReferenceID") if detail is not None else None
    )
    location_ref = find(version, "VersionLocation")
    location = lookups.locations.get(location_ref.get("LocationID", "")) if location_ref is not None else None
    if kind == "Birthdate":
        birth = period_date(find(version, "DatePeriod"))
        if birth is None:
            ctx.audit(node, {"Birthdate range": "see DatePeriod"})
        ctx.add_date(node, KG.birthDate, birth)
    elif kind == "Location" and location is not None:
        ctx.add(node, KG.address, location[0])
        ctx.add(node, KG.country, country(ctx, location[2], location[1]))
    elif kind in COUNTRY_FEATURES and location is not None:
        ctx.add(node, COUNTRY_FEATURES[kind], country(ctx, location[2], location[1]))
    elif kind in TEXT_FEATURES:
        ctx.add(node, TEXT_FEATURES[kind], value)
    elif kind in ID_FEATURES:
        add_identifier(ctx, node, kind, value)
    else:
        ctx.audit(node, {f"feature {kind}": value or kind})


def period_date(period: Element | None) -> str | None:
    """A DatePeriod as an ISO date, or the year (month) it spans; None for wider ranges."""
    if period is None:
        return None
    start, end = _ymd(find(period, "Start/From")), _ymd(find(period, "End/To"))
    if start is None or end is None:
        return None
    if start == end:
        return f"{start[0]:04d}-{start[1]:02d}-{start[2]:02d}"
    if start[:2] == end[:2]:
        return f"{start[0]:04d}-{start[1]:02d}"
    return f"{start[0]:04d}" if start[0] == end[0] else None


def _ymd(element: Element | None) -> tuple[int, int, int] | None:
    if element is None:
        return None
    try:
        return int(text_of(element, "Year")), int(text_of(element, "Month")), int(text_of(element, "Day"))
    except ValueError:
        return None


def map_entry(ctx: LoadContext, entry: Element, lookups: Lookups, nodes: dict[str, URIRef]) -> str:
    """One SanctionsEntry: the designation of a party on one list; returns the list key."""
    profile_id = entry.get("ProfileID", "")
    if profile_id not in nodes:
        # One reason for all such entries (the profile id is in the skip example), so they count together.
        raise RecordError("entry for a profile that is not in the file or was skipped", field="ProfileID")
    list_name = lookups.name("ListValues", entry.get("ListID"))
    if list_name not in OFAC_LISTS:
        raise RecordError(f"unknown OFAC list {list_name!r}", field="ListID")
    codes = [text_of(m, "Comment") for m in find_all(entry, "SanctionsMeasure") if is_program(m, lookups)]
    event = find(entry, "EntryEvent")
    listed = None
    if event is not None and (when := _ymd(find(event, "Date"))) is not None:
        listed = f"{when[0]:04d}-{when[1]:02d}-{when[2]:02d}"
    designation(
        ctx,
        list_key=OFAC_LISTS[list_name],
        authority_id=profile_id,
        target=nodes[profile_id],
        agency=OFAC,
        programs=[ofac_program(ctx, code) for code in codes if code],
        legal_bases=list(dict.fromkeys(law for code in codes for law in legal_basis_of(code))),
        listed=listed,
    )
    measures = [
        lookups.name("SanctionsTypeValues", m.get("SanctionsTypeID")) for m in find_all(entry, "SanctionsMeasure")
    ]
    ctx.audit(profile_id, {"SanctionsMeasure": [m for m in measures if m != "Program"]})
    return OFAC_LISTS[list_name]


def is_program(measure: Element, lookups: Lookups) -> bool:
    return lookups.name("SanctionsTypeValues", measure.get("SanctionsTypeID")) == "Program"


LOADER = OfacAdvancedXmlLoader
