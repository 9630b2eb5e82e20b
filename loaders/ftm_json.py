"""OpenSanctions FollowTheMoney entities as JSON lines, plain or as delta files ({"op", "entity"}).

Entities are read through the followthemoney library's model, so schema inheritance (a
Company is an Organization is a LegalEntity), typed and cleaned values (countries, dates,
topics, genders) and property names are the library's, not ours. Parties (LegalEntity and its
descendants, Vessel, Airplane) become nodes; Sanction becomes a kg:Designation; Ownership and
Directorship become interval nodes; Family, Associate, UnknownLink, Representation, Membership
and Employment become kg:Relationship nodes; Passport/Identification add identifiers (and the
passport's country) to their holder; Notes are kept as text about their entities (never as
claims); Documents a source cites become prov:Entity nodes, the `proof` of the facts that cite
them (prov:hadPrimarySource); Address entities give their text to the parties that point
at them. Payments are out of scope (skipped, counted). Every node keeps its FtM id (kg:ftmId)
and schema (kg:ftmSchema); its IRI is minted from the id. The property tables are in
sanctiongraph.ftm.mapping, shared with the FtM export.

Delta files are applied, not just read: the files of one run day, with any plain entity file
given beside them, make one document whose entities are the state after ADD, MOD (a full
replacement, as OpenSanctions writes it) and DEL in file order. Each such document is a dated
release of its own list (kgr:list/opensanctions-<folder>), so graph.releases records what changed
between consecutive days like for any official list. On that list, a target entity (FtM
`target`) of an official dataset we know is a designation by that dataset's authority.

FtM entity JSON carries no language per value, so names in any script are kept as written,
as plain strings (SHACL wants kg:name as xsd:string); nothing is transliterated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS, PROV

from sanctiongraph.errors import RecordError, SourceFormatError
from sanctiongraph.ftm.mapping import (
    COUNTRY,
    DATE,
    DOCUMENT_PROPERTIES,
    INTERVAL_DATES,
    INTERVAL_PROPERTIES,
    PARTY_PROPERTIES,
    PARTY_SCHEMATA,
    RELATIONSHIPS,
    SANCTION_PROPERTIES,
)
from sanctiongraph.graph.terms import date_literal
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import authority_iri, derived_iri, reference_iri, slug

if TYPE_CHECKING:
    from followthemoney import Model
    from followthemoney.schema import Schema

DATASET = "opensanctions"
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
OUT_OF_SCOPE = {"Payment": "Payment: money flows are out of scope"}
# FtM bookkeeping that describes the source record, not the entity.
IGNORED = {"createdAt", "modifiedAt", "retrievedAt", "indexText"}
UNKNOWN_DEL = "DEL of an entity not in the document (an earlier delta or base file is missing)"
RUN_DAY = re.compile(r"^(\d{8})")  # OpenSanctions delta runs are named YYYYMMDDhhmmss-xyz
Props = dict[str, list[Any]]


class FtmJsonLoader(Loader):
    """OpenSanctions / FollowTheMoney entity JSON lines (and delta files, applied as releases)."""

    name = "ftm-json"
    version = "2"
    title = "OpenSanctions FollowTheMoney entities (JSON lines, deltas)"
    publisher = "OpenSanctions (derived from official lists)"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.ftm.json", "*.delta.json", "*.ijson", "*.jsonl")
    expected_records = (1, None)
    # Datasets of donations are mostly Payments, skipped on purpose; broken files fail as
    # structural errors before this bound matters.
    min_loaded_fraction = 0.2

    def documents(self, paths: Sequence[Path]) -> list[list[Path]]:
        """Plain files one by one; delta files by run day, each day's document the whole state so far."""
        files = list(dict.fromkeys(p for group in super().documents(paths) for p in group))
        deltas = sorted((p for p in files if _is_delta(p)), key=lambda p: p.name)
        if not deltas:
            return [[p] for p in files]
        bases = [p for p in files if not _is_delta(p)]
        days = list(dict.fromkeys(_run_day(p) for p in deltas))
        documents = [bases] if bases else []
        for day in days:
            documents.append([*bases, *(p for p in deltas if _run_day(p) <= day)])
        return documents

    def load(self, ctx: LoadContext) -> None:
        state, deleted = _apply(ctx)
        release = _release_list(ctx.source.paths)
        entities = {fid: entity for fid, (_, entity) in state.items() if "schema" in entity}
        mapper = FtmMapper(ctx, entities, release)
        ctx.set_progress_total(len(state))
        for fid, (line, entity) in state.items():
            if entity["schema"] in OUT_OF_SCOPE:
                ctx.skip(OUT_OF_SCOPE[entity["schema"]], f"line {line} {fid}")
                continue
            with ctx.record(fid, line=line):
                mapper.map(entity)
        if release is not None:
            ctx.set_release_of(release)
            ctx.log.info("applied %d deletions", deleted)
        day = _release_day(ctx.source.paths) or mapper.newest
        if day:
            ctx.set_published(dt.date.fromisoformat(day))


def _iso_day(text: str) -> str | None:
    """text if it is an ISO date (YYYY-MM-DD), else None."""
    try:
        return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


def _is_delta(path: Path) -> bool:
    return ".delta." in path.name


def _run_day(path: Path) -> str:
    match = RUN_DAY.match(path.name)
    return match.group(1) if match else path.name


def _release_day(paths: Sequence[Path]) -> str | None:
    """ISO day of the newest delta run in a document, from its file name."""
    days = [_run_day(p) for p in paths if _is_delta(p) and RUN_DAY.match(p.name)]
    newest = max(days, default=None)
    return f"{newest[:4]}-{newest[4:6]}-{newest[6:]}" if newest else None


def _release_list(paths: Sequence[Path]) -> URIRef | None:
    """The list a delta run is a release of, named after the folder of its delta files."""
    deltas = [p for p in paths if _is_delta(p)]
    if not deltas:
        return None
    return reference_iri("list", f"{DATASET}-{slug(deltas[0].resolve().parent.name, 60)}")


def _apply(ctx: LoadContext) -> tuple[dict[str, tuple[int, dict[str, Any]]], int]:
    """The entities after every operation of the document's files, in order; and the deletions."""
    state: dict[str, tuple[int, dict[str, Any]]] = {}
    deleted = 0
    paths = sorted(ctx.source.paths, key=lambda p: (_is_delta(p), p.name))
    for path in paths:
        for line, op, entity in _entity_lines(ctx, path):
            if op == "DEL":
                if state.pop(entity["id"], None) is None:  # deleting what this document never held
                    ctx.audit(entity["id"], {UNKNOWN_DEL: f"{path.name}:{line}"})
                deleted += 1
            else:
                state.pop(entity["id"], None)  # a MOD moves the entity to where it changed
                state[entity["id"]] = (line, entity)
    return state, deleted


def _entity_lines(ctx: LoadContext, path: Path) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(line, op, entity) for each non-blank line; op is ADD for plain entity files."""
    for number, data in ctx.json_lines(path):  # the shared reader: size, NUL, a last line cut short
        op, entity = (
            ("ADD", data) if not isinstance(data, dict) or "op" not in data else (data["op"], data.get("entity"))
        )
        if op not in ("ADD", "MOD", "DEL") or not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
            raise SourceFormatError("expected an FtM entity or a delta {op, entity}", path=str(path), line=number)
        if op != "DEL" and not (isinstance(entity.get("schema"), str) and isinstance(entity.get("properties"), dict)):
            raise SourceFormatError("an FtM entity needs id, schema and properties", path=str(path), line=number)
        yield number, op, entity


@cache
def _model() -> Model:
    """The FtM model, imported on first use: followthemoney takes seconds to import, and every
    CLI command that lists loaders imports this module."""
    from followthemoney import model

    return model


def _ancestry(schema: Schema) -> list[str]:
    """The schema's name, then its ancestors' nearest first (Company, Organization, Asset, LegalEntity...)."""
    names, queue = [], [schema]
    while queue:
        current = queue.pop(0)
        if current.name not in names:
            names.append(current.name)
            queue.extend(current.extends)
    return names


class FtmMapper:
    """Maps FtM entities of one document; knows every entity's schema to mint reference IRIs."""

    def __init__(self, ctx: LoadContext, entities: dict[str, dict[str, Any]], release: URIRef | None = None) -> None:
        self.ctx = ctx
        self.entities = entities
        self.release = release
        self.newest: str | None = None  # newest last_change, ISO text
        self._emitted: set[URIRef] = set()  # agency, program and list nodes, once per document
        # Public bodies of the document by name: a Sanction's `authority` is a name, and when the
        # document holds that body (as our own export writes it) the sanction points at its node.
        self._by_name = {
            str(name): self.ref(fid)
            for fid, e in entities.items()
            if e.get("schema") == "PublicBody"
            for name in (e.get("properties") or {}).get("name", [])[:1]
        }

    def map(self, entity: dict[str, Any]) -> None:
        fid = entity["id"]
        schema = _model().get(entity["schema"])
        if schema is None:
            raise RecordError(f"unsupported schema {entity['schema']}", field="schema")
        props = self._cleaned(fid, schema, entity)
        changed = _iso_day(str(entity.get("last_change") or "")[:10])
        if changed is None and entity.get("last_change"):  # found by fuzzing: it became the release date
            self.ctx.audit(fid, {"last_change (not a date)": entity["last_change"]})
        if changed is not None and (self.newest is None or changed > self.newest):
            self.newest = changed
        ancestry = _ancestry(schema)
        if schema.is_a("Sanction"):
            self._sanction(fid, props)
        elif schema.name in ("Ownership", "Directorship"):
            self._interval_of(fid, schema, props)
        elif schema.name in RELATIONSHIPS:
            self._relationship(fid, schema, props)
        elif schema.is_a("Identification"):
            self._identification(fid, schema, props)
        elif schema.is_a("Document"):
            self._document(fid, schema, props)
        elif schema.name == "Note":
            self._note(fid, schema, props)
        elif schema.is_a("Address"):
            props.clear()  # its text lands on the parties that point at it (addressEntity)
        elif any(name in PARTY_SCHEMATA for name in ancestry):
            self._party(fid, schema, ancestry, props, entity)
        else:
            raise RecordError(f"unsupported schema {schema.name}", field="schema")
        self.ctx.audit(fid, {f"{schema.name}.{name}": values for name, values in props.items() if name not in IGNORED})

    def _cleaned(self, fid: str, schema: Schema, entity: dict[str, Any]) -> Props:
        """Property values as the library cleans them; what it drops is audited, not lost silently."""
        raw = entity["properties"]
        from followthemoney.exc import InvalidData

        try:
            proxy = _model().get_proxy({"id": fid, "schema": schema.name, "properties": raw}, cleaned=False)
        except InvalidData as exc:
            raise RecordError(f"not a valid {schema.name}: {exc}") from exc
        props: Props = {name: list(values) for name, values in proxy.properties.items()}
        for name, values in raw.items():
            given = values if isinstance(values, list) else [values]
            prop = schema.properties.get(name)
            if prop is not None and prop.type.name == "identifier" and given:
                # Identifiers are kept as the source wrote them: a failed check digit (INN, IMO)
                # is still the number the list gives, and matching needs it.
                props[name] = [str(v).strip() for v in given if str(v).strip()]
                continue
            if prop is None:
                self.ctx.audit(fid, {f"{schema.name}.{name} (not an FtM property)": given})
            elif len(props.get(name, [])) < len(given) and prop.type.name != "entity":
                self.ctx.audit(fid, {f"{schema.name}.{name} (invalid value)": given})
        return props

    # references ---------------------------------------------------------------------------

    def ref(self, fid: str) -> URIRef:
        """IRI of a referenced entity; its kind from its schema when the entity is in the document."""
        schema = _model().get((self.entities.get(fid) or {}).get("schema", ""))
        kind = next((PARTY_SCHEMATA[n][0] for n in _ancestry(schema) if n in PARTY_SCHEMATA), None) if schema else None
        # Entities outside this document: their kind is unknown, "entity" keeps the id usable.
        return authority_iri(kind or "entity", DATASET, fid)

    def one_ref(self, props: Props, name: str) -> URIRef:
        values = props.pop(name, [])
        if not values:
            raise RecordError(f"no {name}", field=name)
        return self.ref(str(values[0]))

    def _node(self, kind: str, fid: str, cls: URIRef, schema: Schema) -> URIRef:
        iri = authority_iri(kind, DATASET, fid)
        self.ctx.add_type(iri, cls)
        self.ctx.add(iri, KG.ftmId, fid)
        self.ctx.add(iri, KG.ftmSchema, schema.name)
        return iri

    def _value(self, iri: URIRef, predicate: URIRef, kind: str, value: Any, name: str) -> None:
        if kind == DATE:
            try:
                self.ctx.add(iri, predicate, date_literal(str(value)[:10]))
            except ValueError:
                self.ctx.audit(str(iri), {f"{name} (not a date)": value})
        elif kind == COUNTRY:
            self._country(iri, predicate, str(value))
        else:
            self.ctx.add(iri, predicate, str(value).strip())

    def _values(self, iri: URIRef, props: Props, table: dict[str, tuple[URIRef, str]]) -> None:
        for name, (predicate, kind) in table.items():
            for value in props.pop(name, []):
                self._value(iri, predicate, kind, value, name)

    def _country(self, node: URIRef, predicate: URIRef, code: str) -> None:
        if len(code) == 2 and code.isalpha():
            self.ctx.add(node, predicate, self.ctx.country(code))
        else:  # FtM territories such as "suhh" or "ge-ab" are not ISO 3166-1 countries
            self.ctx.audit(str(node), {"country (not ISO 3166-1)": code})

    # parties ------------------------------------------------------------------------------

    def _party(self, fid: str, schema: Schema, ancestry: list[str], props: Props, entity: dict[str, Any]) -> None:
        kind, cls = next(PARTY_SCHEMATA[n] for n in ancestry if n in PARTY_SCHEMATA)
        node = self._node(kind, fid, cls, schema)
        names = [str(n).strip() for n in props.pop("name", []) if str(n).strip()]
        caption = str(entity.get("caption") or "").strip()
        primary = caption if caption in names or not names else names[0]
        if not primary:
            raise RecordError("no name", field="name")
        self.ctx.add(node, KG.name, primary)
        for name in names:
            if name != primary:
                self.ctx.add(node, KG.alias, name)
        self._values(node, props, PARTY_PROPERTIES)
        for address in props.pop("addressEntity", []):
            self.ctx.add(node, KG.address, self._address_text(str(address)))
        if self.release is not None and entity.get("target"):
            self._listing(fid, node, entity)

    def _address_text(self, fid: str) -> str | None:
        full = ((self.entities.get(fid) or {}).get("properties") or {}).get("full") or []
        return str(full[0]).strip() if full else None

    def _listing(self, fid: str, node: URIRef, entity: dict[str, Any]) -> None:
        """A target of a release: on the release's list, imposed by the official lists' authorities."""
        agencies = sorted({DATASET_LISTS[d][1] for d in entity.get("datasets") or [] if d in DATASET_LISTS})
        if not agencies:  # no authority we know of: a designation would have nobody who made it
            self.ctx.audit(fid, {"target of no known official list": entity.get("datasets")})
            return
        assert self.release is not None
        if self.release not in self._emitted:
            self._emitted.add(self.release)
            key = str(self.release).rsplit("/", 1)[-1]
            self.ctx.triples.extend(
                [
                    (self.release, RDF.type, KG.SanctionsList),
                    (self.release, KG.listKey, key),
                    (self.release, KG.name, f"OpenSanctions FtM delta run {key}"),
                ]
            )
        action = authority_iri("action", DATASET, f"{self.release.rsplit('/', 1)[-1]}/{fid}")
        ctx = self.ctx
        ctx.add_type(action, KG.Designation)
        ctx.add(action, KG.target, node)
        ctx.add(action, KG.onList, self.release)
        ctx.add(action, KG.authorityId, fid)
        for agency in agencies:
            ctx.add(action, KG.imposedBy, reference_iri("agency", agency))
        ctx.add(action, PROV.wasDerivedFrom, ctx.doc)

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
            named = self._by_name.get(str(authorities[0]))
            ctx.add(action, KG.imposedBy, named or self._agency(str(authorities[0])))
        for program_id in props.pop("programId", []):
            ctx.add(action, KG.underProgram, self._program(str(program_id), props.get("program", [])))
        props.pop("program", None)
        first = (props.get("listingDate") or props.get("startDate") or [None])[0]
        self._values(action, props, SANCTION_PROPERTIES)
        if first:
            self._value(action, KG.actionDate, DATE, first, "listingDate")
        ctx.add(action, PROV.wasDerivedFrom, ctx.doc)
        self._proof(action, props)

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

    def _interval_of(self, fid: str, schema: Schema, props: Props) -> None:
        if schema.name == "Ownership":
            node = self._interval(fid, schema, KG.Ownership, props, {"owner": KG.owner, "asset": KG.asset})
            for value in props.pop("percentage", []):
                try:
                    self.ctx.add(node, KG.percentage, Decimal(str(value)))
                except InvalidOperation:
                    self.ctx.audit(fid, {"percentage (not a number)": value})
        else:
            ends = {"director": KG.director, "organization": KG.organization}
            node = self._interval(fid, schema, KG.Directorship, props, ends)
        self._values(node, props, INTERVAL_PROPERTIES)

    def _relationship(self, fid: str, schema: Schema, props: Props) -> None:
        ends = {schema.edge_source: KG.subject, schema.edge_target: KG.object}
        node = self._interval(fid, schema, KG.Relationship, props, ends)
        stated = [str(v) for v in props.pop(RELATIONSHIPS[schema.name], [])]
        self.ctx.add(
            node, KG.relationshipKind, f"{schema.name.lower()}: {stated[0]}" if stated else schema.name.lower()
        )

    def _interval(self, fid: str, schema: Schema, cls: URIRef, props: Props, ends: dict[str, URIRef]) -> URIRef:
        kind = {KG.Ownership: "ownership", KG.Directorship: "directorship"}.get(cls, "relationship")
        node = self._node(kind, fid, cls, schema)
        for prop, predicate in ends.items():
            self.ctx.add(node, predicate, self.one_ref(props, prop))
        for name, predicate in INTERVAL_DATES.items():
            for value in props.pop(name, []):
                self._value(node, predicate, DATE, value, name)
        self.ctx.add(node, PROV.wasDerivedFrom, self.ctx.doc)
        self._proof(node, props)
        return node

    def _proof(self, node: URIRef, props: Props) -> None:
        """FtM `proof` names the documents a fact rests on: their nodes are its primary sources."""
        for fid in props.pop("proof", []):
            self.ctx.add(node, PROV.hadPrimarySource, authority_iri("document", DATASET, str(fid)))

    def _note(self, fid: str, schema: Schema, props: Props) -> None:
        """An annotation on entities: kept as text about them, never as a claim or an action."""
        node = authority_iri("note", DATASET, fid)
        self.ctx.add_type(node, PROV.Entity)
        self.ctx.add(node, KG.ftmId, fid)
        self.ctx.add(node, KG.ftmSchema, schema.name)
        for about in props.pop("entity", []):
            self.ctx.add(node, DCTERMS.subject, self.ref(str(about)))
        for value in props.pop("description", []):
            self.ctx.add(node, KG.notes, str(value))
        self._proof(node, props)

    def _document(self, fid: str, schema: Schema, props: Props) -> None:
        """A document an FtM source cites. Not a kg:SourceDocument: we never held its bytes."""
        node = authority_iri("document", DATASET, fid)
        self.ctx.add_type(node, PROV.Entity)
        self.ctx.add(node, KG.ftmId, fid)
        self.ctx.add(node, KG.ftmSchema, schema.name)
        self._values(node, props, DOCUMENT_PROPERTIES)

    def _identification(self, fid: str, schema: Schema, props: Props) -> None:
        holder = self.one_ref(props, "holder")
        kinds = [str(t) for t in props.pop("type", [])]
        passport = schema.is_a("Passport")
        for number in props.pop("number", []) + props.pop("passportNumber", []):
            if passport:
                self.ctx.add(holder, KG.passportNumber, str(number))
            else:
                self.ctx.add(holder, KG.idNumber, f"{kinds[0]}: {number}" if kinds else str(number))
        for code in props.pop("country", []):
            self._country(holder, KG.passportCountry if passport else KG.country, str(code))


LOADER = FtmJsonLoader
