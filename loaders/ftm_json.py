"""OpenSanctions FollowTheMoney entities as JSON lines, plain or as delta files ({"op", "entity"}).

Parties (Person, Company, Organization, LegalEntity, PublicBody, Vessel, Airplane) become
nodes; Sanction becomes a kg:Designation; Ownership and Directorship become interval nodes;
Family, Associate, UnknownLink (and Membership, Employment, Representation) become
kg:Relationship nodes; Passport/Identification add identifiers to their holder; Address
entities give their text to the parties that point at them. Payments are out of
scope (skipped, counted). DEL operations are read but not applied, since source graphs are
never rewritten: each one is audited as an unmapped "DEL operation" so that it shows in the
load report. Every node keeps its FtM id (kg:ftmId) and its IRI is minted from it.

FtM entity JSON carries no language per value, so names in any script are kept as written,
as plain strings (SHACL wants kg:name as xsd:string); nothing is transliterated.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from rdflib import RDF, URIRef
from rdflib.namespace import PROV

from sanctiongraph.errors import RecordError, SourceFormatError
from sanctiongraph.graph.terms import date_literal
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import authority_iri, derived_iri, reference_iri, slug

DATASET = "opensanctions"
PARTIES: dict[str, tuple[str, URIRef]] = {
    "Person": ("person", KG.Person),
    "Company": ("company", KG.Company),
    "Organization": ("organization", KG.Organization),
    "LegalEntity": ("organization", KG.Organization),
    "PublicBody": ("organization", KG.GovernmentAgency),
    "Vessel": ("vessel", KG.Vessel),
    "Airplane": ("aircraft", KG.Aircraft),
}
# Literal properties of parties, straight onto the node.
PARTY_LITERALS: dict[str, URIRef] = {
    "alias": KG.alias,
    "weakAlias": KG.weakAlias,
    "previousName": KG.previousName,
    "abbreviation": KG.acronym,
    "address": KG.address,
    "birthPlace": KG.birthPlace,
    "notes": KG.notes,
    "summary": KG.notes,
    "title": KG.title,
    "position": KG.title,
    "registrationNumber": KG.registrationNumber,
    "ogrnCode": KG.registrationNumber,
    "taxNumber": KG.taxNumber,
    "innCode": KG.taxNumber,
    "leiCode": KG.leiCode,
    "isinCode": KG.isin,
    "imoNumber": KG.imoNumber,
    "passportNumber": KG.passportNumber,
    "idNumber": KG.idNumber,
    "website": KG.website,
    "wikidataId": KG.wikidataId,
    "sector": KG.sector,
    "sourceUrl": KG.sourceUrl,
}
PARTY_COUNTRIES = {
    "country": KG.country,
    "jurisdiction": KG.jurisdiction,
    "nationality": KG.nationality,
    "citizenship": KG.nationality,
}
# OpenSanctions dataset names of the lists we hold as reference nodes: (list key, agency key).
DATASET_LISTS = {
    "us_ofac_sdn": ("us-ofac-sdn", "us-ofac"),
    "us_ofac_cons": ("us-ofac-consolidated", "us-ofac"),
    "us_trade_csl": ("us-csl", "us-doc"),
    "us_bis_denied": ("us-bis-dpl", "us-bis"),
    "eu_fsf": ("eu-fsf", "eu-council"),
    "gb_fcdo_sanctions": ("gb-uk-sanctions-list", "gb-fcdo"),
    "un_sc_sanctions": ("un-sc-consolidated", "un-sc"),
}
RELATIONSHIPS = {  # schema: (subject property, object property, kind property)
    "Family": ("person", "relative", "relationship"),
    "Associate": ("person", "associate", "relationship"),
    "UnknownLink": ("subject", "object", "role"),
    # Other FtM interval schemata that are ties between two parties, kept as generic ties.
    "Membership": ("member", "organization", "role"),
    "Employment": ("employee", "employer", "role"),
    "Representation": ("agent", "client", "role"),
}
OUT_OF_SCOPE = {"Payment": "Payment: money flows are out of scope"}
DELETED = "DEL operation (source graphs are never rewritten)"
Props = dict[str, list[Any]]


class FtmJsonLoader(Loader):
    """OpenSanctions / FollowTheMoney entity JSON lines (and delta files)."""

    name = "ftm-json"
    title = "OpenSanctions FollowTheMoney entities (JSON lines, deltas)"
    publisher = "OpenSanctions (derived from official lists)"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.ftm.json", "*.delta.json", "*.ijson", "*.jsonl")
    expected_records = (1, None)
    # Datasets of donations are mostly Payments, skipped on purpose; broken files fail as
    # structural errors before this bound matters.
    min_loaded_fraction = 0.2

    def load(self, ctx: LoadContext) -> None:
        lines = list(_entity_lines(ctx))
        mapper = FtmMapper(ctx, {e["id"]: e for _, op, e in lines if op != "DEL" and "schema" in e})
        ctx.set_progress_total(len(lines))
        for line, op, entity in lines:
            key = str(entity.get("id"))
            if op == "DEL":
                # Read and understood, but not applied: counted as an audit entry so that a
                # delta holding only deletions is not mistaken for a broken file.
                with ctx.record(key, line=line):
                    ctx.audit(key, {DELETED: key})
            elif entity["schema"] in OUT_OF_SCOPE:
                ctx.skip(OUT_OF_SCOPE[entity["schema"]], f"line {line} {key}")
            else:
                with ctx.record(key, line=line):
                    mapper.map(entity)
        if mapper.newest:
            ctx.set_published(dt.date.fromisoformat(mapper.newest))


def _entity_lines(ctx: LoadContext) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(line, op, entity) for each non-blank line; op is ADD for plain entity files."""
    path = str(ctx.source.path)
    for number, text in enumerate(ctx.read_text().splitlines(), start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceFormatError(f"not valid JSON: {exc.msg}", path=path, line=number) from exc
        op, entity = (
            ("ADD", data) if not isinstance(data, dict) or "op" not in data else (data["op"], data.get("entity"))
        )
        if op not in ("ADD", "MOD", "DEL") or not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
            raise SourceFormatError("expected an FtM entity or a delta {op, entity}", path=path, line=number)
        if op != "DEL" and not (isinstance(entity.get("schema"), str) and isinstance(entity.get("properties"), dict)):
            raise SourceFormatError("an FtM entity needs id, schema and properties", path=path, line=number)
        yield number, op, entity


class FtmMapper:
    """Maps FtM entities of one document; knows every entity's schema to mint reference IRIs."""

    def __init__(self, ctx: LoadContext, entities: dict[str, dict[str, Any]]) -> None:
        self.ctx = ctx
        self.entities = entities
        self.newest: str | None = None  # newest last_change, ISO text
        self._emitted: set[URIRef] = set()  # agency and program nodes, once per document
        self._handlers: dict[str, Callable[[str, Props], None]] = {
            "Sanction": self._sanction,
            "Ownership": self._ownership,
            "Directorship": self._directorship,
            "Passport": self._identification,
            "Identification": self._identification,
            "Address": self._address,
        }

    def map(self, entity: dict[str, Any]) -> None:
        schema, fid = entity["schema"], entity["id"]
        props: Props = {k: list(v) if isinstance(v, list) else [v] for k, v in entity["properties"].items()}
        changed = str(entity.get("last_change") or "")[:10]
        if len(changed) == 10 and (self.newest is None or changed > self.newest):
            self.newest = changed
        if schema in PARTIES:
            self._party(fid, schema, props, entity)
        elif schema in RELATIONSHIPS:
            self._relationship(fid, schema, props)
        elif schema in self._handlers:
            self._handlers[schema](fid, props)
        else:
            raise RecordError(f"unsupported schema {schema}", field="schema")
        self.ctx.audit(fid, {f"{schema}.{name}": values for name, values in props.items()})

    # references ---------------------------------------------------------------------------

    def ref(self, value: Any) -> URIRef:
        """IRI of a referenced entity (an id, or a nested entity); kind from its schema."""
        fid = value.get("id") if isinstance(value, dict) else value
        if not isinstance(fid, str) or not fid:
            raise RecordError(f"bad entity reference {value!r}")
        schema = (self.entities.get(fid) or {}).get("schema", "")
        # Entities outside this file: their kind is unknown, "entity" keeps the id usable.
        kind = PARTIES[schema][0] if schema in PARTIES else "entity"
        return authority_iri(kind, DATASET, fid)

    def one_ref(self, props: Props, name: str) -> URIRef:
        values = props.pop(name, [])
        if not values:
            raise RecordError(f"no {name}", field=name)
        return self.ref(values[0])

    def _node(self, kind: str, fid: str, cls: URIRef) -> URIRef:
        iri = authority_iri(kind, DATASET, fid)
        self.ctx.add_type(iri, cls)
        self.ctx.add(iri, KG.ftmId, fid)
        return iri

    def _dates(self, iri: URIRef, props: Props, mapping: dict[str, URIRef]) -> None:
        for name, predicate in mapping.items():
            for value in props.pop(name, []):
                try:
                    self.ctx.add(iri, predicate, date_literal(str(value)[:10]))
                except ValueError:
                    self.ctx.audit(str(iri), {f"{name} (not a date)": value})

    # parties ------------------------------------------------------------------------------

    def _party(self, fid: str, schema: str, props: Props, entity: dict[str, Any]) -> None:
        kind, cls = PARTIES[schema]
        node = self._node(kind, fid, cls)
        names = [str(n).strip() for n in props.pop("name", []) if str(n).strip()]
        caption = str(entity.get("caption") or "").strip()
        primary = caption if caption in names or not names else names[0]
        if not primary:
            raise RecordError("no name", field="name")
        self.ctx.add(node, KG.name, primary)
        for name in names:
            if name != primary:
                self.ctx.add(node, KG.alias, name)
        for prop, predicate in PARTY_LITERALS.items():
            for value in props.pop(prop, []):
                self.ctx.add(node, predicate, str(value).strip())
        for prop, predicate in PARTY_COUNTRIES.items():
            for code in props.pop(prop, []):
                self._country(node, predicate, str(code))
        self._dates(node, props, {"birthDate": KG.birthDate})
        for address in props.pop("addressEntity", []):
            full = self._address_text(address)
            self.ctx.add(node, KG.address, full)

    def _country(self, node: URIRef, predicate: URIRef, code: str) -> None:
        if len(code) == 2 and code.isalpha():
            self.ctx.add(node, predicate, self.ctx.country(code))
        else:  # FtM territories such as "suhh" or "ge-ab" are not ISO 3166-1 countries
            self.ctx.audit(str(node), {"country (not ISO 3166-1)": code})

    def _address_text(self, ref: Any) -> str | None:
        fid = ref.get("id") if isinstance(ref, dict) else ref
        address = self.entities.get(fid) or (ref if isinstance(ref, dict) else {})
        full = (address.get("properties") or {}).get("full") or []
        return str(full[0]).strip() if full else None

    def _address(self, fid: str, props: Props) -> None:
        # Its text lands on the parties that point at it (addressEntity); the parts are in "full".
        for name in ("full", "street", "city", "postalCode", "region", "country", "postOfficeBox"):
            props.pop(name, None)

    # sanctions and ties -------------------------------------------------------------------

    def _sanction(self, fid: str, props: Props) -> None:
        ctx = self.ctx
        action = authority_iri("action", DATASET, fid)
        ctx.add_type(action, KG.Designation)
        ctx.add(action, KG.ftmId, fid)
        ctx.add(action, KG.target, self.one_ref(props, "entity"))
        datasets = self.entities.get(fid, {}).get("datasets") or []
        listed = [DATASET_LISTS[d] for d in datasets if d in DATASET_LISTS]
        for list_key, _ in listed:
            ctx.add(action, KG.onList, reference_iri("list", list_key))
        authorities = props.pop("authority", [])
        if listed:
            ctx.add(action, KG.imposedBy, reference_iri("agency", listed[0][1]))
        elif authorities:
            ctx.add(action, KG.imposedBy, self._agency(str(authorities[0])))
        for program_id in props.pop("programId", []):
            ctx.add(action, KG.underProgram, self._program(str(program_id), props.get("program", [])))
        props.pop("program", None)
        first = (props.get("listingDate") or props.get("startDate") or [None])[0]
        self._dates(action, props, {"listingDate": KG.listingDate, "startDate": KG.startDate, "endDate": KG.endDate})
        if first:
            self._dates(action, {"actionDate": [first]}, {"actionDate": KG.actionDate})
        for prop, predicate in {
            "reason": KG.reason,
            "sourceUrl": KG.sourceUrl,
            "authorityId": KG.authorityId,
            "summary": KG.notes,
        }.items():
            for value in props.pop(prop, []):
                ctx.add(action, predicate, str(value).strip())
        ctx.add(action, PROV.wasDerivedFrom, ctx.doc)

    def _agency(self, name: str) -> URIRef:
        """A node for an authority we hold no reference node for, named as OpenSanctions writes it."""
        iri = derived_iri("agency", DATASET, name)
        if iri not in self._emitted:
            self._emitted.add(iri)
            self.ctx.triples.extend([(iri, KG.name, name), (iri, RDF.type, KG.GovernmentAgency)])
        return iri

    def _program(self, program_id: str, names: list[Any]) -> URIRef:
        iri = reference_iri("program", f"{DATASET}-{slug(program_id, 80)}")
        if iri not in self._emitted:
            self._emitted.add(iri)
            self.ctx.triples.extend([(iri, RDF.type, KG.SanctionsProgram), (iri, KG.programKey, program_id)])
            self.ctx.triples.extend((iri, KG.name, str(n)) for n in names[:1])
        return iri

    def _ownership(self, fid: str, props: Props) -> None:
        node = self._interval(fid, KG.Ownership, props, {"owner": KG.owner, "asset": KG.asset})
        for value in props.pop("percentage", []):
            try:
                self.ctx.add(node, KG.percentage, Decimal(str(value)))
            except InvalidOperation:
                self.ctx.audit(fid, {"percentage (not a number)": value})
        for value in props.pop("role", []):
            self.ctx.add(node, KG.role, str(value))

    def _directorship(self, fid: str, props: Props) -> None:
        node = self._interval(fid, KG.Directorship, props, {"director": KG.director, "organization": KG.organization})
        for name, predicate in (("role", KG.role), ("summary", KG.notes)):
            for value in props.pop(name, []):
                self.ctx.add(node, predicate, str(value))

    def _relationship(self, fid: str, schema: str, props: Props) -> None:
        subject, obj, kind = RELATIONSHIPS[schema]
        node = self._interval(fid, KG.Relationship, props, {subject: KG.subject, obj: KG.object})
        stated = [str(v) for v in props.pop(kind, [])]
        self.ctx.add(node, KG.relationshipKind, f"{schema.lower()}: {stated[0]}" if stated else schema.lower())

    def _interval(self, fid: str, cls: URIRef, props: Props, ends: dict[str, URIRef]) -> URIRef:
        kind = {KG.Ownership: "ownership", KG.Directorship: "directorship"}.get(cls, "relationship")
        node = self._node(kind, fid, cls)
        for prop, predicate in ends.items():
            self.ctx.add(node, predicate, self.one_ref(props, prop))
        self._dates(node, props, {"startDate": KG.startDate, "endDate": KG.endDate})
        self.ctx.add(node, PROV.wasDerivedFrom, self.ctx.doc)
        return node

    def _identification(self, fid: str, props: Props) -> None:
        holder = self.one_ref(props, "holder")
        kinds = [str(t) for t in props.pop("type", [])]
        for number in props.pop("number", []) + props.pop("passportNumber", []):
            if self.entities.get(fid, {}).get("schema") == "Passport":
                self.ctx.add(holder, KG.passportNumber, str(number))
            else:
                self.ctx.add(holder, KG.idNumber, f"{kinds[0]}: {number}" if kinds else str(number))


LOADER = FtmJsonLoader
