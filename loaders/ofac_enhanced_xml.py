"""OFAC "Enhanced XML" export (CONS_ENHANCED.ZIP / SDN_ENHANCED.ZIP, or the bare .xml inside).

One <entity id=ent_num> per listed party, with its names in several scripts, addresses,
features (birth dates, ISINs, CMIC listing dates...), identity documents, relationships and
its memberships of OFAC's lists; publicationInfo/dataAsOf is the release date.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from typing import Any, BinaryIO, ClassVar

from rdflib import Literal, URIRef

from sanctiongraph.errors import RecordError, SourceFormatError
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
    script_language,
    text_of,
)
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import reference_iri

OFAC = reference_iri("agency", "us-ofac")
DATASET = "us-ofac"
# OFAC's list names (the same in the Enhanced and Advanced exports) → our reference list keys.
OFAC_LISTS = {
    "SDN List": "us-ofac-sdn",
    "Consolidated List": "us-ofac-consolidated",
    "Sectoral Sanctions Identifications List": "us-ofac-ssi",
    "Non-SDN Palestinian Legislative Council List": "us-ofac-plc",
    "Non-SDN CMIC List": "us-ofac-ns-cmic",
    "Non-SDN Menu-Based Sanctions List": "us-ofac-ns-mbs",
    "CAPTA List": "us-ofac-capta",
    "FSE List": "us-ofac-fse",
}
OFAC_KINDS = {"Entity": "company", "Individual": "person", "Vessel": "vessel", "Aircraft": "aircraft"}
ALIAS_PROPERTIES = {"A.K.A.": KG.alias, "N.K.A.": KG.alias, "F.K.A.": KG.previousName}
TEXT_FEATURES = {"Website": KG.website, "Place of Birth": KG.birthPlace, "Equity Ticker": KG.ticker}
COUNTRY_FEATURES = {
    "Nationality Country": KG.nationality,
    "Citizenship Country": KG.nationality,
    "Nationality of Registration": KG.jurisdiction,
}
ID_FEATURES = ("ISIN", "SWIFT/BIC", "BIK (RU)", "LEI")
MAX_XML_BYTES = 2 << 30  # a zip member claiming more is refused (zip bomb); SDN's XML is ~0.2 GiB
# OFAC's XML compresses ~17:1; a zip bomb reaches 1000:1. Refused before any inflating.
MAX_COMPRESSION_RATIO = 200


class OfacEnhancedXmlLoader(Loader):
    """OFAC sanctions lists in the Enhanced XML format (SDN or Consolidated)."""

    name = "ofac-enhanced-xml"
    title = "OFAC Enhanced XML export (SDN or Consolidated list)"
    publisher = "U.S. Department of the Treasury, Office of Foreign Assets Control"
    file_patterns: ClassVar[tuple[str, ...]] = ("*ENHANCED*.ZIP", "*ENHANCED*.zip", "*ENHANCED*.XML", "*ENHANCED*.xml")
    expected_records = (1, 100_000)

    def load(self, ctx: LoadContext) -> None:
        stream = XmlStream(open_export(ctx), path=str(ctx.source.path), roots=("sanctionsData",))
        relationships: list[tuple[str, str, str]] = []
        nodes: dict[str, URIRef] = {}
        release_of = reference_iri("list", "us-ofac-consolidated")
        for line, element in stream.records("publicationInfo", "entity"):
            if local_name(element) == "publicationInfo":
                release_of = self._read_publication(ctx, element, stream.path)
                continue
            entity_id = element.get("id", "")
            with ctx.record(entity_id, line=line):
                nodes[entity_id] = map_entity(ctx, element, relationships)
        ctx.set_release_of(release_of)
        emit_relationships(ctx, nodes, relationships)

    def _read_publication(self, ctx: LoadContext, info: Element, path: str) -> URIRef:
        published = partial_date(text_of(info, "dataAsOf"))
        if published is None or len(published) != 10:
            raise SourceFormatError(
                "publicationInfo/dataAsOf is missing or not a date", path=path, line=info.sourceline
            )
        ctx.set_published(dt.date.fromisoformat(published))
        lists = [text_of(e) for e in find_all(info, "filters/sanctionsLists/sanctionsList")]
        # A file filtered to the SDN list is a release of the SDN list; otherwise of the Consolidated list.
        key = OFAC_LISTS.get(lists[0], "us-ofac-consolidated") if len(lists) == 1 else "us-ofac-consolidated"
        return reference_iri("list", key)


def open_export(ctx: LoadContext) -> BinaryIO:
    """The XML of the export: the file itself, or the one .xml member of a zip."""
    data = ctx.read_bytes()
    if not data.startswith(b"PK"):  # not a zip: the bare XML (XmlStream checks it is not empty)
        return io.BytesIO(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if m.filename.lower().endswith(".xml")]
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:  # a mangled directory
        raise SourceFormatError(f"not a readable zip: {exc}", path=str(ctx.source.path)) from exc
    if len(members) != 1:
        raise SourceFormatError(f"expected one .xml file in the zip, found {len(members)}", path=str(ctx.source.path))
    member, path = members[0], str(ctx.source.path)
    limit = min(MAX_XML_BYTES, ctx.max_document_bytes)
    if member.file_size > limit:
        raise SourceFormatError(
            f"the zipped XML claims {member.file_size:,} bytes, over {limit:,} ({limit / (1 << 30):g} GiB); refused",
            path=path,
        )
    ratio = member.file_size // max(member.compress_size, 1)
    if ratio > MAX_COMPRESSION_RATIO and member.file_size > 1 << 20:
        raise SourceFormatError(f"the zipped XML inflates {ratio:,} times (a zip bomb?); refused", path=path)
    try:
        return _ZipErrors(archive.open(member), path)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, EOFError, zlib.error) as exc:
        raise SourceFormatError(f"not a readable zip: {exc}", path=path) from exc


class _ZipErrors(io.RawIOBase):
    """A zip member whose corrupt data (bad CRC, broken deflate) fails as a SourceFormatError."""

    def __init__(self, member: BinaryIO, path: str) -> None:
        self._member, self._path = member, path

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            return self._member.read(size)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise SourceFormatError(f"the zip is corrupt: {exc}", path=self._path) from exc

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def map_entity(ctx: LoadContext, entity: Element, relationships: list[tuple[str, str, str]]) -> URIRef:
    """One listed party: the node, its names, details and one designation per list."""
    entity_id = entity.get("id", "")
    kind = OFAC_KINDS.get(text_of(entity, "generalInfo/entityType"))
    if not entity_id or kind is None:
        raise RecordError(f"no id or unknown entityType {text_of(entity, 'generalInfo/entityType')!r}")
    primary, aliases = names_of(entity)
    if not primary:
        raise RecordError("no primary name", record=entity_id)
    node = entity_node(ctx, kind, DATASET, entity_id, primary)
    for prop, alias in aliases:
        ctx.add(node, prop, alias)
    ctx.add(node, KG.notes, text_of(entity, "generalInfo/remarks"))
    for address in find_all(entity, "addresses/address"):
        map_address(ctx, node, address)
    for document in find_all(entity, "identityDocuments/identityDocument"):
        add_identifier(ctx, node, text_of(document, "type"), text_of(document, "documentNumber"))
    dates = map_features(ctx, node, entity)
    map_memberships(ctx, entity, node, dates)
    for tie in find_all(entity, "relationships/relationship"):
        related = find(tie, "relatedEntity")
        if related is not None:
            relationships.append((entity_id, related.get("entityId", ""), text_of(tie, "type")))
    return node


def names_of(entity: Element) -> tuple[str, list[tuple[URIRef, Literal | str]]]:
    """The primary Latin name and every other (property, name), non-Latin ones language-tagged."""
    primary = ""
    aliases: list[tuple[URIRef, Literal | str]] = []
    for name in find_all(entity, "names/name"):
        is_primary = text_of(name, "isPrimary") == "true"
        prop = ALIAS_PROPERTIES.get(text_of(name, "aliasType"), KG.alias)
        if text_of(name, "isLowQuality") == "true":
            prop = KG.weakAlias
        for translation in find_all(name, "translations/translation"):
            full = text_of(translation, "formattedFullName")
            language = script_language(text_of(translation, "script"))
            if is_primary and not primary and language is None:
                primary = full
            elif full:
                aliases.append((KG.alias if is_primary else prop, Literal(full, lang=language) if language else full))
    return primary, aliases


def map_address(ctx: LoadContext, node: URIRef, address: Element) -> None:
    country_name = text_of(address, "country")
    parts = [text_of(p, "value") for p in find_all(address, "translations/translation/addressParts/addressPart")]
    line = ", ".join(p for p in [*parts, country_name] if p)
    ctx.add(node, KG.address, line)
    place = country(ctx, country_name)
    ctx.add(node, KG.country, place)
    if place is None and country_name:
        ctx.audit(node, {"address country": country_name})


def map_features(ctx: LoadContext, node: URIRef, entity: Element) -> dict[str, str]:
    """Features onto the node; CMIC listing and effective dates are returned for the designation."""
    dates: dict[str, str] = {}
    for feature in find_all(entity, "features/feature"):
        kind, value = text_of(feature, "type"), text_of(feature, "value")
        if kind == "Birthdate":
            birth = partial_date(value)
            if birth is None:
                ctx.audit(node, {"Birthdate": value})
            ctx.add_date(node, KG.birthDate, birth)
        elif kind in ("Listing Date (CMIC)", "Effective Date (CMIC)"):
            dates[kind] = partial_date(value) or ""
        elif kind in TEXT_FEATURES:
            ctx.add(node, TEXT_FEATURES[kind], value)
        elif kind in COUNTRY_FEATURES and (place := country(ctx, value)) is not None:
            ctx.add(node, COUNTRY_FEATURES[kind], place)
        elif kind in ID_FEATURES:
            add_identifier(ctx, node, kind, value)
        else:
            ctx.audit(node, {f"feature {kind}": value})
    return dates


def map_memberships(ctx: LoadContext, entity: Element, node: URIRef, dates: dict[str, str]) -> None:
    entity_id = entity.get("id", "")
    codes = [text_of(p) for p in find_all(entity, "sanctionsPrograms/sanctionsProgram")]
    programs = [ofac_program(ctx, code) for code in codes if code]
    laws = list(dict.fromkeys(law for code in codes for law in legal_basis_of(code)))
    for membership in find_all(entity, "sanctionsLists/sanctionsList"):
        list_name = text_of(membership)
        if list_name not in OFAC_LISTS:
            raise RecordError(f"unknown OFAC list {list_name!r}", field="sanctionsList")
        cmic = OFAC_LISTS[list_name] == "us-ofac-ns-cmic"
        designation(
            ctx,
            list_key=OFAC_LISTS[list_name],
            authority_id=entity_id,
            target=node,
            agency=OFAC,
            programs=programs,
            legal_bases=laws,
            listed=(dates.get("Listing Date (CMIC)") if cmic else None) or membership.get("datePublished"),
            effective=dates.get("Effective Date (CMIC)") if cmic else None,
        )
    ctx.audit(
        entity_id,
        {
            "sanctionsType": [text_of(t) for t in find_all(entity, "sanctionsTypes/sanctionsType")],
            "legalAuthority": [] if laws else [text_of(a) for a in find_all(entity, "legalAuthorities/legalAuthority")],
        },
    )


def emit_relationships(ctx: LoadContext, nodes: dict[str, URIRef], relationships: list[tuple[str, str, str]]) -> None:
    """Ties between parties of this release, as kg:Relationship nodes; ties to absent parties are audited."""
    for source_id, target_id, kind in relationships:
        if source_id not in nodes or target_id not in nodes:
            ctx.audit(source_id, {"relationship to a party not in this file": f"{kind} {target_id}"})
            continue
        # OFAC gives no id to a tie: derived from both ends and its kind (ID policy rule 2).
        text = f"entry {source_id}: {kind} entry {target_id}"
        relation(ctx, dataset=DATASET, kind=kind, subject=nodes[source_id], obj=nodes[target_id], text=text)


LOADER = OfacEnhancedXmlLoader
