"""EU Financial Sanctions Files (FSF) XML v1.1: the EU consolidated list of financial sanctions.

<export generationDate=...> holds one <sanctionEntity logicalId=...> per listed person or
enterprise, with the regulation (and programme) it is listed under, nameAlias elements
(whole names with their language), citizenships, birth dates, identifications and addresses.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from rdflib import RDF, Literal, URIRef

from sanctiongraph.errors import RecordError, SourceFormatError
from sanctiongraph.graph.terms import date_literal
from sanctiongraph.loaders._xml import (
    Element,
    XmlStream,
    add_identifier,
    country,
    designation,
    entity_node,
    find,
    find_all,
    partial_date,
    program_node,
    shared_node,
    text_of,
)
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import reference_iri, slug

EU_COUNCIL = reference_iri("agency", "eu-council")
ISSUERS = {"council": EU_COUNCIL, "commission": reference_iri("agency", "eu-commission")}
LIST_KEY = "eu-fsf"
DATASET = "eu-fsf"
KINDS = {"person": "person", "enterprise": "company", "vessel": "vessel", "aircraft": "aircraft"}
ADDRESS_FIELDS = ("street", "poBox", "zipCode", "city", "region", "place", "countryDescription")
NO_COUNTRY = {"", "00"}  # the EU writes "00" / "UNKNOWN" where it does not know the country


class EuFsfXmlLoader(Loader):
    """The EU consolidated financial sanctions list (FSF XML v1.1)."""

    name = "eu-fsf-xml"
    title = "EU Financial Sanctions Files, consolidated list (XML v1.1)"
    publisher = "European Commission (FPI), for the Council of the European Union"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.xml",)
    expected_records = (1, 50_000)

    def load(self, ctx: LoadContext) -> None:
        ctx.set_release_of(reference_iri("list", LIST_KEY))
        stream = XmlStream(ctx.read_bytes(), path=str(ctx.source.path), roots=("export",))
        emitted: set[URIRef] = set()
        for line, element in stream.records("sanctionEntity"):
            logical_id = element.get("logicalId", "")
            with ctx.record(logical_id, line=line):
                map_entity(ctx, element, logical_id, emitted)
        generated = partial_date((stream.root.get("generationDate") or "") if stream.root is not None else "")
        if generated is None or len(generated) != 10:
            raise SourceFormatError("<export> has no generationDate date", path=stream.path, line=1)
        ctx.set_published(dt.date.fromisoformat(generated))


def map_entity(ctx: LoadContext, entity: Element, logical_id: str, emitted: set[URIRef]) -> None:
    subject_type = find(entity, "subjectType")
    kind = KINDS.get(subject_type.get("code", "") if subject_type is not None else "")
    if not logical_id or kind is None:
        raise RecordError("no logicalId or unknown subjectType", field="subjectType")
    aliases = find_all(entity, "nameAlias")
    primary = primary_alias(aliases)
    if primary is None:
        raise RecordError("no nameAlias with a wholeName", field="nameAlias")
    node = entity_node(ctx, kind, DATASET, logical_id, primary.get("wholeName", "").strip())
    for alias in aliases:
        if alias is not primary:
            add_alias(ctx, node, alias)
        ctx.add(node, KG.title, alias.get("function", "").strip())
    add_identifier(ctx, node, "EU reference number", entity.get("euReferenceNumber", ""))
    add_identifier(ctx, node, "UN reference number", entity.get("unitedNationId", ""))
    for remark in find_all(entity, "remark"):
        ctx.add(node, KG.notes, text_of(remark))
    map_details(ctx, node, entity)
    regulations = find_all(entity, "regulation")
    designation(
        ctx,
        list_key=LIST_KEY,
        authority_id=logical_id,
        target=node,
        agency=EU_COUNCIL,
        programs=[eu_programme(ctx, r, emitted) for r in regulations if r.get("programme")],
        legal_bases=[regulation_law(ctx, r, emitted) for r in regulations],
        listed=entity.get("designationDate") or None,
    )
    ctx.audit(logical_id, {"designationDetails": entity.get("designationDetails", "")})


def primary_alias(aliases: list[Element]) -> Element | None:
    """The name to show: the EU marks none as primary, so prefer a structured (first/last) name,
    then an English or untagged one, then the first."""
    named = [a for a in aliases if a.get("wholeName", "").strip()]
    structured = [a for a in named if a.get("lastName", "").strip()]
    english = [a for a in named if a.get("nameLanguage", "") in ("", "EN")]
    for candidates in (structured, english, named):
        if candidates:
            return candidates[0]
    return None


def add_alias(ctx: LoadContext, node: URIRef, alias: Element) -> None:
    name = alias.get("wholeName", "").strip()
    language = alias.get("nameLanguage", "").strip().lower()
    prop = KG.alias if alias.get("strong", "true") == "true" else KG.weakAlias
    ctx.add(node, prop, Literal(name, lang=language) if language and name else name)


def map_details(ctx: LoadContext, node: URIRef, entity: Element) -> None:
    for citizenship in find_all(entity, "citizenship"):
        ctx.add(node, KG.nationality, place_of(ctx, citizenship))
    for birth in find_all(entity, "birthdate"):
        ctx.add_date(node, KG.birthDate, birth_date(birth))
        place = ", ".join(
            v for v in (birth.get(k, "").strip() for k in ("city", "place", "region")) if v not in ("", "-")
        )
        ctx.add(node, KG.birthPlace, place)
    for identification in find_all(entity, "identification"):
        scheme = identification.get("identificationTypeDescription") or identification.get("identificationTypeCode", "")
        add_identifier(ctx, node, scheme, identification.get("number", ""))
    for address in find_all(entity, "address"):
        ctx.add(node, KG.address, ", ".join(v for v in (address.get(k, "").strip() for k in ADDRESS_FIELDS) if v))
        ctx.add(node, KG.country, place_of(ctx, address))
        for contact in find_all(address, "contactInfo"):
            ctx.audit(node, {f"contact {contact.get('key', '')}": contact.get("value", "")})


def place_of(ctx: LoadContext, element: Element) -> URIRef | None:
    code = element.get("countryIso2Code", "").strip()
    if code.upper() in NO_COUNTRY:
        return None
    return country(ctx, element.get("countryDescription", "").title(), code)


def birth_date(birth: Element) -> str | None:
    """The full birthdate, else year and month as far as given (partial dates are kept)."""
    if birth.get("birthdate"):
        return partial_date(birth.get("birthdate", ""))
    year, month = birth.get("year", ""), birth.get("monthOfYear", "")
    if not year:
        return None
    return partial_date(f"{year}-{int(month):02d}" if month.isdigit() else year)


def regulation_law(ctx: LoadContext, regulation: Element, emitted: set[URIRef]) -> URIRef:
    """The EU act a listing rests on: <law/eu/1210-2003> from numberTitle '1210/2003 (OJ L169)'."""
    number_title = regulation.get("numberTitle", "").strip()
    number = re.sub(r"\s*\(.*$", "", number_title)
    if not number:
        raise RecordError("regulation without numberTitle", field="regulation")
    issuer = regulation.get("organisationType", "")
    kind = regulation.get("regulationType", "")
    facts: list[tuple[URIRef, object]] = [
        (KG.name, f"{issuer.title()} {kind} {number}".strip()),
        (KG.localId, number_title),
        (KG.number, number),
        (KG.instrumentType, kind),
        (KG.passedBy, ISSUERS.get(issuer)),
        (KG.sourceUrl, text_of(regulation, "publicationUrl")),
    ]
    published = partial_date(regulation.get("publicationDate", ""))
    if published:
        facts.append((KG.dateDocument, date_literal(published)))
    law = reference_iri("law", f"eu/{slug(number)}")
    return shared_node(ctx, emitted, law, [(RDF.type, KG.LegalInstrument), *facts])


def eu_programme(ctx: LoadContext, regulation: Element, emitted: set[URIRef]) -> URIRef:
    code = regulation.get("programme", "").strip()
    iri = reference_iri("program", f"eu-{code}")
    return program_node(ctx, emitted, iri, key=code, name="", agency=EU_COUNCIL)


LOADER = EuFsfXmlLoader
