"""Shared mapping of the trade.gov Consolidated Screening List (CSV and JSON) into the graph.

Each CSL row names its source list in words; SOURCES maps that text to our list, agency and
legal basis. OFAC rows carry the OFAC ent_num as _id and land on the same entity node as the
OFAC loaders; BIS and State rows carry a hash id of trade.gov's own.

Entity List names pack more than a name: "Huawei Technologies Co., Ltd. (Huawei).  Affiliated
Entity: Ningbo Huawei Computer & Net Co., Ltd.", "X (a subordinate institute of CETC-7)", "X, and
subordinate entity Y", "X and any successor, sub-unit, or subsidiary thereof", "X Co., Ltd.,
Hangzhou, Zhejiang, China". split_name takes them apart: the listed party keeps its own name,
the place becomes an address, and the other party is tied to it by a kg:Relationship (resolved
by name among the rows of the same file when finishing the document).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import pyoxigraph as ox
from rdflib import RDF, URIRef
from rigour.names import extract_org_types

from sanctiongraph.errors import RecordError, SourceFormatError
from sanctiongraph.graph.terms import OX_WAS_DERIVED_FROM, cached_ox_date, ox_date
from sanctiongraph.loaders._csl_names import CslName, name_key, split_name
from sanctiongraph.loaders._ofac import linked_to_names
from sanctiongraph.loaders._ofac_programs import ofac_program
from sanctiongraph.loaders._relations import relation
from sanctiongraph.loaders.base import LoadContext
from sanctiongraph.ontology import KG, KGO
from sanctiongraph.ontology.ids import authority_node, derived_iri, iri_text, reference_iri, slug

CSL_LIST = reference_iri("list", "us-csl")
# Entity and designation nodes are built as pyoxigraph terms (the per-row path); a party named
# only in words gets an rdflib IRI (derived_iri): ties may hold either.
Node = URIRef | ox.NamedNode


@dataclass(frozen=True)
class CslSource:
    """One source list of the CSL: our list key, the agency keeping it and its legal basis."""

    list_key: str
    agency_key: str
    law_keys: tuple[str, ...] = ()

    @cached_property  # asked several times per row
    def ofac(self) -> bool:
        return self.agency_key == "us-ofac"

    @cached_property
    def action_dataset(self) -> str:
        """The dataset part of its designations' IRIs."""
        return f"us-csl-{self.list_key}"

    @property
    def list_iri(self) -> URIRef:
        return reference_iri("list", self.list_key)

    @property
    def agency(self) -> URIRef:
        return reference_iri("agency", self.agency_key)

    @property
    def laws(self) -> list[URIRef]:
        return [reference_iri("law", key) for key in self.law_keys]

    # The same three as pyoxigraph nodes, built once: every row of the source emits them.
    @cached_property
    def list_node(self) -> ox.NamedNode:
        return ox.NamedNode(self.list_iri)

    @cached_property
    def agency_node(self) -> ox.NamedNode:
        return ox.NamedNode(self.agency)

    @cached_property
    def law_nodes(self) -> tuple[ox.NamedNode, ...]:
        return tuple(ox.NamedNode(law) for law in self.laws)


_IEEPA = ("us/pl/95/223",)
# The source strings exactly as trade.gov writes them (2022-05 and 2023-11 files agree).
SOURCES: dict[str, CslSource] = {
    "Entity List (EL) - Bureau of Industry and Security": CslSource(
        "us-bis-entity-list", "us-bis", ("us/cfr/t15/pt744/sup4",)
    ),
    "Unverified List (UVL) - Bureau of Industry and Security": CslSource(
        "us-bis-uvl", "us-bis", ("us/cfr/t15/pt744/sup6",)
    ),
    "Military End User (MEU) List - Bureau of Industry and Security": CslSource(
        "us-bis-meu", "us-bis", ("us/cfr/t15/pt744/sup7",)
    ),
    "Denied Persons List (DPL) - Bureau of Industry and Security": CslSource(
        "us-bis-dpl", "us-bis", ("us/cfr/t15/pt764",)
    ),
    "Specially Designated Nationals (SDN) - Treasury Department": CslSource("us-ofac-sdn", "us-ofac", _IEEPA),
    "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department": CslSource(
        "us-ofac-ns-cmic", "us-ofac", ("us/eo/13959", "us/eo/14032")
    ),
    "Sectoral Sanctions Identifications List (SSI) - Treasury Department": CslSource("us-ofac-ssi", "us-ofac", _IEEPA),
    "Palestinian Legislative Council List (PLC) - Treasury Department": CslSource("us-ofac-plc", "us-ofac", _IEEPA),
    "Foreign Sanctions Evaders (FSE) - Treasury Department": CslSource("us-ofac-fse", "us-ofac", _IEEPA),
    "Capta List (CAP) - Treasury Department": CslSource("us-ofac-capta", "us-ofac", _IEEPA),
    "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department": CslSource(
        "us-ofac-ns-mbs", "us-ofac", _IEEPA
    ),
    "ITAR Debarred (DTC) - State Department": CslSource("us-state-dtc", "us-ddtc", ("us/usc/t22/s2778",)),
    "Nonproliferation Sanctions (ISN) - State Department": CslSource("us-state-isn", "us-isn"),
}

# OFAC's type column → (IRI kind, class); the same kinds the OFAC loaders use.
ENTITY_KINDS: dict[str, tuple[str, URIRef]] = {
    "individual": ("person", KG.Person),
    "entity": ("company", KG.Company),
    "vessel": ("vessel", KG.Vessel),
    "aircraft": ("aircraft", KG.Aircraft),
}

# Identifier types (lower case, trailing ':' and '-' dropped) that have a property of their own.
ID_PROPERTIES: dict[str, URIRef] = {
    "passport": KG.passportNumber,
    "tax id no.": KG.taxNumber,
    "registration number": KG.registrationNumber,
    "registration id": KG.registrationNumber,
    "company number": KG.registrationNumber,
    "business registration number": KG.registrationNumber,
    "business registration document #": KG.registrationNumber,
    "commercial registry number": KG.registrationNumber,
    "public registration number": KG.registrationNumber,
    "unified social credit code (uscc)": KG.registrationNumber,
    "isin": KG.isin,
    "equity ticker": KG.ticker,
    "legal entity number": KG.leiCode,
    "le number": KG.leiCode,
    "vessel registration identification": KG.imoNumber,
    "website": KG.website,
}
# Keys whose values are IMO numbers, and the properties as pyoxigraph nodes (the per-row path).
_IMO_KEYS = frozenset(key for key, term in ID_PROPERTIES.items() if term == KG.imoNumber)
_ID_NODES = {key: ox.NamedNode(term) for key, term in ID_PROPERTIES.items()}
# Dates OFAC prints among the ids that belong on the designation itself.
DESIGNATION_DATES: dict[str, URIRef] = {
    "listing date (cmic)": KG.listingDate,
    "effective date (cmic)": KG.effectiveDate,
}
# Entries that are sanctions information, not identifiers: audited, not invented into ids.
INFORMATION_PREFIXES = (
    "gender",
    "target type",
    "secondary sanctions risk",
    "additional sanctions information",
    "executive order",
    "transactions prohibited",
    "organization established date",
    "organization type",
    "issuer name",
    "listing date",
    "effective date",
    "purchase/sales",
    "email address",
    "phone number",
    "caatsa",
    "for more information",
    "subject to",
    "nationality of registration",
)
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")
_LEADING_AND = re.compile(r"^and\s+")
_ACRONYM = re.compile(r"\(([^()]{2,20})\)\s*$")
# Text cells of a row that map to one property of its designation each, in emitting order.
_DESIGNATION_TEXTS: tuple[tuple[str, ox.NamedNode], ...] = (
    ("federal_register_notice", KGO.federalRegisterCitation),
    ("license_requirement", KGO.licenseRequirement),
    ("license_policy", KGO.licensePolicy),
    ("remarks", KGO.notes),
    ("source_list_url", KGO.sourceUrl),
    ("source_information_url", KGO.sourceUrl),
)
KG_LISTING_DATE = KG.listingDate  # KG.x builds a new URIRef on each access
_IMO = re.compile(r"IMO\s*(\d{7})", re.IGNORECASE)
_ORG_WORDS = re.compile(
    r"\b(inc|ltd|llc|co|corp|corporation|company|gmbh|s\.?a|limited|group|trading|industries|"
    r"international|enterprises?|technology|technologies|institute|university|bank)\b\.?",
    re.IGNORECASE,
)


@dataclass(frozen=True)  # frozen: parse_id_entry hands one instance to every row with that entry
class CslId:
    """One identifier entry: its type as OFAC names it, the value and an optional country."""

    kind: str
    value: str
    country: str | None = None


@dataclass
class CslAddress:
    """One address as a line of text, with the ISO country code when the source gives one."""

    line: str
    country: str | None = None


@dataclass
class CslRecord:
    """A CSL row in a shape both the CSV and the JSON loader can produce."""

    key: str
    source: str
    scalars: dict[str, str]
    programs: list[str] = field(default_factory=list)
    addresses: list[CslAddress] = field(default_factory=list)
    alt_names: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # citizenships and nationalities
    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    ids: list[CslId] = field(default_factory=list)


def looks_like_organization(name: str) -> bool:
    """True when a name carries a legal form (rigour's table) or a word firms use in names."""
    return bool(extract_org_types(name) or _ORG_WORDS.search(name))


def csl_source(text: str, *, path: str, line: int | None, record: str | None = None) -> CslSource:
    """The CslSource of a row's source text; an unknown source is a structural surprise."""
    try:
        return SOURCES[text.strip()]
    except KeyError:
        raise SourceFormatError(
            f"unknown CSL source {text!r}; known: {'; '.join(SOURCES)}", path=path, line=line, record=record
        ) from None


@lru_cache(maxsize=1 << 14)  # a list repeats its dates many times; a bad one raises, uncached
def parse_date(text: str) -> str:
    """ISO form of a CSL date ('2021-06-03', '03 Jun 2021', partial '1965'); ValueError otherwise."""
    text = text.strip()
    try:
        return dt.datetime.strptime(text, "%d %b %Y").date().isoformat()
    except ValueError:
        ox_date(text)  # validates ISO and partial ISO dates
        return text


def split_address(text: str) -> CslAddress:
    """An address line whose last comma part may be the ISO country code ('..., Borisov, BY')."""
    text = text.strip()
    # What a search for r"(?:^|,\s*)([A-Z]{2})\s*$" finds, by str methods: the regex is tried at
    # every position of the line (CSL 2022-05's 17,455 addresses: 27 ms by the regex, 15 ms so).
    code = text[-2:]
    if not (len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()):
        return CslAddress(text)
    head = text[:-2].rstrip()
    if head and not head.endswith(","):
        return CslAddress(text)
    return CslAddress(head[:-1].strip().rstrip(","), code)


@lru_cache(maxsize=1 << 14)  # half the entries of a list repeat one seen before
def parse_id_entry(entry: str) -> CslId:
    """One 'ids' entry of the CSV, in either order trade.gov has used.

    2022 files write 'CC, value, Type' or 'value, Type'; 2023 files write 'Type, value, CC'
    or 'Type, value'. Values may hold ', ' themselves, so the order is read from where the
    country code or a known type sits.
    """
    pieces = [p.strip() for p in entry.split(", ")]
    if len(pieces) == 1:
        return CslId("", pieces[0])
    if len(pieces) >= 3 and _COUNTRY_CODE.fullmatch(pieces[0]):
        return CslId(pieces[-1], ", ".join(pieces[1:-1]), pieces[0])
    if len(pieces) >= 3 and _COUNTRY_CODE.fullmatch(pieces[-1]):
        return CslId(pieces[0], ", ".join(pieces[1:-1]), pieces[-1])
    if _known_type(pieces[0]) and not _known_type(pieces[-1]):
        return CslId(pieces[0], ", ".join(pieces[1:]))
    return CslId(pieces[-1], ", ".join(pieces[:-1]))


@lru_cache(maxsize=4096)  # a few hundred identifier types, asked for several times per row
def id_type_key(kind: str) -> str:
    return kind.strip().rstrip(":-").strip().casefold()


def _known_type(text: str) -> bool:
    key = id_type_key(text)
    return key in ID_PROPERTIES or key in DESIGNATION_DATES or key.startswith(INFORMATION_PREFIXES)


@dataclass(frozen=True)
class PendingTie:
    """A tie a row states to a party named in words, resolved once every row is read."""

    key: str
    subject: Node
    other: str
    kind: str
    text: str
    start: str | None
    ofac: bool


@dataclass
class NameIndex:
    """Rows of one file by name: primary names, and aliases or bracketed acronyms."""

    names: dict[str, set[Node]] = field(default_factory=dict)
    aliases: dict[str, set[Node]] = field(default_factory=dict)

    def add(self, iri: Node, name: str, aliases: list[str]) -> None:
        self.names.setdefault(name_key(name), set()).add(iri)
        table = self.aliases
        for alias in aliases:
            table.setdefault(name_key(alias), set()).add(iri)
        # Only a name ending in ')' can end in an acronym: most names skip the regex.
        if name.rstrip().endswith(")") and (acronym := _ACRONYM.search(name)):
            table.setdefault(name_key(acronym.group(1)), set()).add(iri)

    def find(self, name: str, *, unique: bool) -> set[Node]:
        """Rows of that primary name, else of that alias; with unique, several rows are no answer."""
        for table in (self.names, self.aliases):
            found = table.get(name_key(name), set())
            if found and (len(found) == 1 or not unique):
                return found
        return set()


class CslMapper:
    """Maps CslRecords of one document into ctx, emitting shared nodes once."""

    def __init__(self, ctx: LoadContext) -> None:
        self.ctx = ctx
        self.newest: dt.date | None = None
        self._programs: set[URIRef] = set()
        self._program_nodes: dict[tuple[bool, str], ox.NamedNode] = {}
        self._id_facts: dict[tuple[str, str], tuple[ox.NamedNode | None, str]] = {}
        self._doc = ox.NamedNode(ctx.doc)  # cited by every designation
        self._ties: list[PendingTie] = []
        self._index = {True: NameIndex(), False: NameIndex()}  # by "is an OFAC row"
        ctx.set_release_of(CSL_LIST)

    def finish(self) -> None:
        """Ties between rows, then the publication date: the newest start date, unless the
        command line gave one."""
        for tie in self._ties:
            self._emit_tie(tie)
        if self.newest is not None:
            self.ctx.set_published(self.newest)

    def map(self, record: CslRecord, *, line: int | None = None) -> None:
        """Map one record inside ctx.record (RecordError skips it, counted)."""
        # The exact text first: building the error's arguments for every row cost more than the lookup.
        source = SOURCES.get(record.source) or csl_source(
            record.source, path=str(self.ctx.source.path), line=line, record=record.key
        )
        with self.ctx.record(record.key or "?", line=line):
            if not record.key:
                raise RecordError("no _id", field="_id")
            scalars = dict(record.scalars)
            start = scalars.get("start_date", "").strip() or None
            remarks = scalars.get("remarks", "")
            entity, parsed = self._entity(record, source, scalars)
            action = self._designation(record, source, entity, scalars)
            if parsed.changed:
                self.ctx.add(action, KGO.notes, f"Name as listed: {' '.join(record.scalars['name'].split())}")
            if any(scalars.values()):  # most rows map every cell they fill (cells are strings)
                self.ctx.audit(record.key, scalars)
            # Only now, when nothing can skip the row any more: its ties and its names.
            self._index[source.ofac].add(entity, parsed.name, record.alt_names)
            self._note_ties(record, source, entity, parsed, start, remarks)

    def _note_ties(
        self, record: CslRecord, source: CslSource, entity: Node, parsed: CslName, start: str | None, remarks: str
    ) -> None:
        if parsed.other and parsed.kind:
            text = " ".join(record.scalars["name"].split())
            self._ties.append(PendingTie(record.key, entity, parsed.other, parsed.kind, text, start, False))
        if source.ofac and remarks:
            for other in linked_to_names(remarks):
                self._ties.append(PendingTie(record.key, entity, other, "linked to", f"Linked To: {other}", None, True))

    def _emit_tie(self, tie: PendingTie) -> None:
        """A named party that no OFAC row bears is audited (the OFAC loaders' rule); one that no
        BIS or State row bears gets a node of its own, named as the list names it."""
        targets = self._index[tie.ofac].find(tie.other, unique=tie.ofac)
        if not targets and tie.ofac:
            self.ctx.audit(tie.key, {"remarks: Linked To (no row of that name)": tie.other})
            return
        if not targets:
            party = derived_iri("company", "us-csl", name_key(tie.other))
            self.ctx.add_type(party, KGO.Company)
            self.ctx.add(party, KGO.name, tie.other)
            targets = {party}
        dataset = "us-ofac" if tie.ofac else "us-csl"
        for target in sorted(targets, key=iri_text):
            relation(
                self.ctx, dataset=dataset, kind=tie.kind, subject=tie.subject, obj=target, text=tie.text,
                start=_iso_or_none(tie.start),
            )  # fmt: skip

    # entity ------------------------------------------------------------------------------

    def _entity(self, record: CslRecord, source: CslSource, scalars: dict[str, str]) -> tuple[Node, CslName]:
        ctx = self.ctx
        listed = scalars.pop("name", "").strip()
        if not listed:
            raise RecordError("empty name", field="name")
        # OFAC rows keep OFAC's names ("ZHANG, Xiaoming"); BIS and State names are taken apart.
        parsed = CslName(listed) if source.ofac else split_name(listed)
        name = parsed.name
        if not name:
            raise RecordError(f"no name left in {listed!r}", field="name")
        kind, cls = self._kind(record, source, scalars.pop("type", "").strip(), name)
        entity_number = scalars.pop("entity_number", "").strip()
        if source.ofac:
            if not record.key.isdigit():
                raise RecordError(f"OFAC row whose _id {record.key!r} is not an ent_num", field="_id")
            entity = authority_node(kind, "us-ofac", record.key)
            ctx.add(entity, KGO.authorityId, entity_number or record.key)
        else:
            entity = authority_node(kind, "us-csl", record.key)
        ctx.add_type(entity, cls)
        ctx.add(entity, KGO.name, name)
        ctx.add(entity, KGO.address, parsed.address)
        ctx.add(entity, KGO.title, scalars.pop("title", "").strip())
        for alias in record.alt_names:
            # The Entity List runs its a.k.a.s together as "x; and y" (the regex only where it can match).
            alias = alias.strip()
            ctx.add(entity, KGO.alias, _LEADING_AND.sub("", alias) if alias.startswith("and") else alias)
        self._places(entity, record)
        self._identifiers(entity, record)
        call_sign = scalars.pop("call_sign", "").strip()
        ctx.add(entity, KGO.idNumber, f"Call Sign: {call_sign}" if call_sign else None)
        return entity, parsed

    def _kind(self, record: CslRecord, source: CslSource, type_text: str, name: str) -> tuple[str, URIRef]:
        if type_text:
            if type_text.casefold() not in ENTITY_KINDS:
                raise RecordError(f"unknown type {type_text!r}", field="type")
            return ENTITY_KINDS[type_text.casefold()]
        # BIS and State rows have no type: a firm unless the row is clearly about a person,
        # that is it gives personal details, or it is a Denied Persons entry whose name has
        # no legal form (the rule of the bis-dpl loader, so both loaders agree).
        personal = record.birth_dates or record.birth_places or record.countries
        if (personal or source.list_key == "us-bis-dpl") and not looks_like_organization(name):
            return ENTITY_KINDS["individual"]
        return ENTITY_KINDS["entity"]

    def _places(self, entity: Node, record: CslRecord) -> None:
        ctx = self.ctx
        for address in record.addresses:
            ctx.add(entity, KGO.address, address.line or None)
            ctx.add(entity, KGO.country, ctx.country(address.country))
        for code in record.countries:
            if _COUNTRY_CODE.fullmatch(code.strip()):
                ctx.add(entity, KGO.nationality, ctx.country(code))
            else:
                ctx.audit(record.key, {"nationality (not an ISO code)": code})
        for place in record.birth_places:
            ctx.add(entity, KGO.birthPlace, place.strip())
        for value in record.birth_dates:
            try:
                ctx.add(entity, KGO.birthDate, cached_ox_date(parse_date(value)))
            except ValueError:
                ctx.audit(record.key, {"dates_of_birth (not a date)": value})

    def _identifiers(self, entity: Node, record: CslRecord) -> None:
        ctx = self.ctx
        facts = self._id_facts
        for entry in record.ids:
            # Half the entries of a list repeat one seen before: each is read once (_id_fact).
            fact = facts.get((entry.kind, entry.value))
            if fact is None:
                fact = facts[entry.kind, entry.value] = _id_fact(entry)
            predicate, text = fact
            if predicate is not None:
                ctx.add(entity, predicate, text)
            elif text:
                ctx.audit(record.key, {text: entry.value})

    # designation -------------------------------------------------------------------------

    def _designation(self, record: CslRecord, source: CslSource, entity: Node, scalars: dict[str, str]) -> Node:
        ctx = self.ctx
        action = authority_node("action", source.action_dataset, record.key)
        ctx.add_type(action, KGO.Designation)
        ctx.add(action, KGO.target, entity)
        ctx.add(action, KGO.imposedBy, source.agency_node)
        ctx.add(action, KGO.onList, source.list_node)
        for law in source.law_nodes:
            ctx.add(action, KGO.legalBasis, law)
        for code in record.programs:
            ctx.add(action, KGO.underProgram, self._program(source, code.strip()))
        self._dates(action, record, scalars)
        pop = scalars.pop
        for column, predicate in _DESIGNATION_TEXTS:
            if value := pop(column, ""):  # most are empty: no strip, no call
                ctx.add(action, predicate, value.strip())
        ctx.add(action, OX_WAS_DERIVED_FROM, self._doc)
        return action

    def _dates(self, action: Node, record: CslRecord, scalars: dict[str, str]) -> None:
        ctx = self.ctx
        start = scalars.pop("start_date", "").strip()
        ctx.add_date(action, KGO.listingDate, start)
        ctx.add_date(action, KGO.endDate, scalars.pop("end_date", "").strip())
        listed = start
        for entry in record.ids:
            predicate = DESIGNATION_DATES.get(id_type_key(entry.kind))
            if predicate is None:
                continue
            try:
                value = parse_date(entry.value)
            except ValueError:
                raise RecordError(f"bad date {entry.value!r}", field=f"ids: {entry.kind}") from None
            ctx.add_date(action, predicate, value)
            if predicate == KG_LISTING_DATE and not listed:
                listed = value
        ctx.add_date(action, KGO.actionDate, listed)
        if start and len(start) == 10:
            day = dt.date.fromisoformat(start)
            self.newest = max(self.newest, day) if self.newest else day

    def _program(self, source: CslSource, code: str) -> ox.NamedNode:
        """The program node of a code, minted and emitted on the code's first row only."""
        key = (source.ofac, code)
        node = self._program_nodes.get(key)
        if node is None:
            node = self._program_nodes[key] = ox.NamedNode(self._new_program(source, code))
        return node

    def _new_program(self, source: CslSource, code: str) -> URIRef:
        if source.ofac:
            return ofac_program(self.ctx, code)
        # Non-OFAC "programs" (ISN's statutes and orders) get a node of the CSL's own.
        iri = reference_iri("program", f"us-csl-{slug(code, 80)}")
        if iri not in self._programs:
            self._programs.add(iri)
            # Shared by many records: straight into the document's triples, not the record's.
            self.ctx.triples.extend(
                [
                    (iri, RDF.type, KG.SanctionsProgram),
                    (iri, KG.programKey, code),
                    (iri, KG.name, code),
                    (iri, KG.administeredBy, source.agency),
                ]
            )
        return iri


def _id_fact(entry: CslId) -> tuple[ox.NamedNode | None, str]:
    """What an id entry says of its entity: (property, value) to emit, (None, field) to audit,
    or (None, "") for a date that belongs on the designation."""
    key = id_type_key(entry.kind)
    if key in DESIGNATION_DATES:
        return None, ""  # mapped on the designation
    imo = _IMO.fullmatch(entry.value.strip()) if key in _IMO_KEYS else None
    if imo:
        return KGO.imoNumber, imo.group(1)  # bare digits, as the OFAC loaders keep it
    if key in _ID_NODES and key not in _IMO_KEYS:
        return _ID_NODES[key], entry.value.strip()
    if not key or key.startswith(INFORMATION_PREFIXES):
        return None, f"ids: {entry.kind or 'untyped'}"
    return KGO.idNumber, f"{entry.kind.strip().rstrip(':')}: {entry.value.strip()}"


def _iso_or_none(text: str | None) -> str | None:
    """An ISO date of a start_date cell, or None (a malformed one is the designation's problem)."""
    try:
        return parse_date(text) if text else None
    except ValueError:
        return None
