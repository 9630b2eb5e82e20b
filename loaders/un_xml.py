"""UN Security Council Consolidated List XML (<CONSOLIDATED_LIST dateGenerated=...>).

INDIVIDUAL and ENTITY records; REFERENCE_NUMBER (e.g. CDe.001) is the UN's id for the
entry, UN_LIST_TYPE the sanctions regime (its resolutions come from
sanctiongraph/reference/intl_programs.ttl), LISTED_ON the listing date.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib.resources import files
from typing import ClassVar

from rdflib import Graph, Literal, URIRef

from sanctiongraph.errors import RecordError, SourceFormatError
from sanctiongraph.loaders._relations import relation
from sanctiongraph.loaders._xml import (
    Element,
    XmlStream,
    add_identifier,
    country,
    designation,
    entity_node,
    find_all,
    local_name,
    partial_date,
    program_node,
    script_language,
    script_of_text,
    text_of,
    texts_of,
)
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.ontology import KG, KGO
from sanctiongraph.ontology.ids import reference_iri

UN_SC = reference_iri("agency", "un-sc")
LIST_KEY = "un-sc-consolidated"
DATASET = "un-sc"
KINDS = {"INDIVIDUAL": "person", "ENTITY": "company"}
NAME_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
ALIAS_PROPERTIES = {"good": KG.alias, "a.k.a.": KG.alias, "low": KG.weakAlias, "f.k.a.": KG.previousName}
ADDRESS_FIELDS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
PLACE_FIELDS = ("CITY", "STATE_PROVINCE", "COUNTRY")
AUDITED = ("DATAID", "VERSIONNUM", "GENDER", "LAST_DAY_UPDATED/VALUE", "SORT_KEY", "SORT_KEY_LAST_MOD")


@cache
def un_regimes() -> dict[str, tuple[URIRef, tuple[URIRef, ...]]]:
    """UN_LIST_TYPE code → (program IRI, resolutions), from the packaged reference Turtle."""
    graph = Graph().parse(str(files("sanctiongraph.reference").joinpath("intl_programs.ttl")), format="turtle")
    regimes = {}
    for program, key in graph.subject_objects(KG.programKey):
        if (program, KG.administeredBy, UN_SC) in graph:
            laws = tuple(sorted(graph.objects(program, KG.legalBasis)))  # type: ignore[arg-type]
            regimes[str(key)] = (URIRef(program), laws)
    return regimes


class UnXmlLoader(Loader):
    """The UN Security Council Consolidated List (XML)."""

    name = "un-xml"
    title = "UN Security Council Consolidated List (XML)"
    publisher = "United Nations Security Council"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.xml",)
    expected_records = (1, 50_000)

    def load(self, ctx: LoadContext) -> None:
        ctx.set_release_of(reference_iri("list", LIST_KEY))
        stream = XmlStream(ctx.read_bytes(), path=str(ctx.source.path), roots=("CONSOLIDATED_LIST",))
        emitted: set[URIRef] = set()
        nodes: dict[str, URIRef] = {}
        comments: list[tuple[str, str]] = []
        for line, element in stream.records(*KINDS):
            reference = text_of(element, "REFERENCE_NUMBER")
            with ctx.record(reference, line=line):
                nodes[reference] = map_record(ctx, element, reference, emitted)
                comments.append((reference, text_of(element, "COMMENTS1")))
        for reference, text in comments:
            cited_entries(ctx, nodes, reference, text)
        generated = partial_date((stream.root.get("dateGenerated") or "") if stream.root is not None else "")
        if generated is None or len(generated) != 10:
            raise SourceFormatError("CONSOLIDATED_LIST has no dateGenerated date", path=stream.path, line=1)
        ctx.set_published(dt.date.fromisoformat(generated))


_REFERENCE = re.compile(r"\b([A-Z][A-Za-z]{1,2}\.\d{3})\b")


def cited_entries(ctx: LoadContext, nodes: dict[str, URIRef], reference: str, text: str) -> None:
    """The UN's narrative names other entries by reference number ("associated with Al-Qaida
    (QDe.004)"): a tie to each entry of this file it cites, quoting the sentence that cites it."""
    for sentence in re.split(r"(?<=\.)\s+(?=[A-Z])", text or ""):
        for cited in dict.fromkeys(_REFERENCE.findall(sentence)):
            if cited in nodes and cited != reference:
                relation(
                    ctx, dataset=DATASET, kind="cited in UN narrative", subject=nodes[reference],
                    obj=nodes[cited], text=sentence.strip(),
                )  # fmt: skip


def map_record(ctx: LoadContext, record: Element, reference: str, emitted: set[URIRef]) -> URIRef:
    name = " ".join(texts_of(record, field)[0] for field in NAME_FIELDS if texts_of(record, field))
    if not reference or not name:
        raise RecordError("no REFERENCE_NUMBER or no name", field="REFERENCE_NUMBER")
    kind = local_name(record)
    node = entity_node(ctx, KINDS[kind], DATASET, reference, name)
    map_aliases(ctx, node, record, kind)
    ctx.add(node, KGO.notes, text_of(record, "COMMENTS1"))
    for title in texts_of(record, "TITLE/VALUE") + texts_of(record, "DESIGNATION/VALUE"):
        ctx.add(node, KGO.title, title)
    for nationality in texts_of(record, "NATIONALITY/VALUE"):
        add_country(ctx, node, KG.nationality, nationality)
    for address in find_all(record, f"{kind}_ADDRESS"):
        ctx.add(node, KGO.address, joined(address, ADDRESS_FIELDS))
        add_country(ctx, node, KG.country, text_of(address, "COUNTRY"))
    map_person_details(ctx, node, record)
    regime = text_of(record, "UN_LIST_TYPE")
    program, laws = un_program(ctx, regime, emitted)
    designation(
        ctx,
        list_key=LIST_KEY,
        authority_id=reference,
        target=node,
        agency=UN_SC,
        programs=[program],
        legal_bases=laws,
        listed=listing_date(text_of(record, "LISTED_ON")),
    )
    ctx.audit(reference, {field: text_of(record, field) for field in AUDITED})
    return node


def map_aliases(ctx: LoadContext, node: URIRef, record: Element, kind: str) -> None:
    """a.k.a./good → kg:alias, low → kg:weakAlias, f.k.a. → kg:previousName; the original script tagged."""
    original = text_of(record, "NAME_ORIGINAL_SCRIPT")
    language = script_language(script_of_text(original))
    ctx.add(node, KGO.alias, Literal(original, lang=language) if language else original or None)
    for alias in find_all(record, f"{kind}_ALIAS"):
        prop = ALIAS_PROPERTIES.get(text_of(alias, "QUALITY").casefold(), KG.alias)
        ctx.add(node, prop, text_of(alias, "ALIAS_NAME"))


def map_person_details(ctx: LoadContext, node: URIRef, record: Element) -> None:
    for birth in find_all(record, "INDIVIDUAL_DATE_OF_BIRTH"):
        value = partial_date(text_of(birth, "DATE") or text_of(birth, "YEAR"))
        if value is None:
            ctx.audit(node, {"date of birth range": f"{text_of(birth, 'FROM_YEAR')}-{text_of(birth, 'TO_YEAR')}"})
        ctx.add_date(node, KGO.birthDate, value)
    for place in find_all(record, "INDIVIDUAL_PLACE_OF_BIRTH"):
        ctx.add(node, KGO.birthPlace, joined(place, PLACE_FIELDS))
    for document in find_all(record, "INDIVIDUAL_DOCUMENT"):
        add_identifier(ctx, node, text_of(document, "TYPE_OF_DOCUMENT"), text_of(document, "NUMBER"))
        ctx.audit(node, {"document note": text_of(document, "NOTE")})


def un_program(ctx: LoadContext, regime: str, emitted: set[URIRef]) -> tuple[URIRef, tuple[URIRef, ...]]:
    """The regime's program node (reference data when known) and the resolutions it rests on."""
    if not regime:
        raise RecordError("no UN_LIST_TYPE", field="UN_LIST_TYPE")
    known = un_regimes().get(regime)
    if known is not None:
        return known
    ctx.audit(regime, {"UN regime missing from intl_programs.ttl": regime})
    iri = reference_iri("program", f"un-{regime}")
    return program_node(ctx, emitted, iri, key=regime, name="", agency=UN_SC), ()


def listing_date(value: str) -> str | None:
    """LISTED_ON, without the time zone some entries carry ('2015-07-01-04:00')."""
    listed = partial_date(value)
    if listed is None and value:
        raise RecordError("LISTED_ON is not a date", field="LISTED_ON")
    return listed


def add_country(ctx: LoadContext, node: URIRef, prop: URIRef, name: str) -> None:
    place = country(ctx, name)
    ctx.add(node, prop, place)
    if place is None and name:
        ctx.audit(node, {"unknown country": name})


def joined(element: Element, fields: tuple[str, ...]) -> str:
    return ", ".join(t for t in (text_of(element, f) for f in fields) if t)


LOADER = UnXmlLoader
