"""OFAC SDN list, legacy CSV set (sdn.csv, add.csv, alt.csv, sdn_comments.csv) as one release.

One entry per ent_num: its entity (company, person, vessel, aircraft), names, addresses,
identifiers from the remarks, "Linked To:" ties, and one kg:Designation per entry whose IRI is
the ent_num, so the same designation is one node across releases. The files carry no date:
give it with --published, or the release stays undated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
from rdflib import URIRef

from sanctiongraph.errors import RecordError, SourceFormatError
from sanctiongraph.graph.terms import OX_WAS_DERIVED_FROM
from sanctiongraph.loaders._ofac import (
    ADDRESS_COLUMNS,
    ALIAS_COLUMNS,
    ALIAS_PREDICATES,
    COMMENT_COLUMNS,
    ENTITY_TYPES,
    KG_BIRTH_PLACE,
    PRIMARY_COLUMNS,
    SortedPart,
    country_node,
    legacy_records,
    parse_ofac_date,
    parse_remarks,
    remark_label,
    split_programs,
)
from sanctiongraph.loaders._ofac_programs import OFAC, legal_basis_of, ofac_program
from sanctiongraph.loaders._relations import relation
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.ontology import KGO
from sanctiongraph.ontology.ids import authority_node, reference_iri

Row = dict[str, str]
DATASET = "us-ofac"
# The per-entry path hands ctx.add pyoxigraph nodes: an rdflib URIRef would go through the
# context's converter (a dict lookup and rdflib's Python-level __eq__) on every triple.
OX_CLASSES = {sdn_type: ox.NamedNode(cls) for sdn_type, (_, cls) in ENTITY_TYPES.items()}
OX_ALIAS_PREDICATES = {alt_type: ox.NamedNode(p) for alt_type, p in ALIAS_PREDICATES.items()}
OX_OFAC = ox.NamedNode(OFAC)


@dataclass
class LoadMemo:
    """Work done once per distinct value in one load rather than once per entry: a release
    repeats its program sets and remark parts many times (countries: LoadContext.country).
    One per load, so a load in a fresh process (the CLI's) gains as much as a repeated one."""

    doc: ox.NamedNode  # ctx.doc, cited by every designation
    # Program text -> the designation's (predicate, object) pairs for its lists and programs.
    programs: dict[str, list[tuple[ox.NamedNode, ox.NamedNode]]] = field(default_factory=dict)
    remark_parts: dict[str, SortedPart] = field(default_factory=dict)
    remark_labels: dict[str, str] = field(default_factory=dict)


class OfacLegacyCsvLoader(Loader):
    """The mapping shared by OFAC's two legacy CSV sets; subclasses name the files and lists."""

    publisher = "U.S. Department of the Treasury, Office of Foreign Assets Control"
    version = "1"
    # file role -> file name (matched case-insensitively); "primary" is required.
    file_names: ClassVar[dict[str, str]]
    list_key: ClassVar[str]  # the list a release is a release of
    action_dataset: ClassVar[str]  # designation IRIs: action/<action_dataset>/<ent_num>

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.file_patterns = tuple(cls.file_names.values())  # derived: the files a release folder holds

    def documents(self, paths: Sequence[Path]) -> list[list[Path]]:
        """The files of one folder make one release; the primary file must be among them."""
        by_folder: dict[Path, list[Path]] = defaultdict(list)
        wanted = {name.lower() for name in self.file_names.values()}
        for path in paths:
            members = sorted(path.iterdir()) if path.is_dir() else [path]
            for member in members:
                if member.name.lower() in wanted:
                    by_folder[member.parent].append(member)
        documents = []
        for folder, files in sorted(by_folder.items()):
            if not any(f.name.lower() == self.file_names["primary"] for f in files):
                raise SourceFormatError(f"no {self.file_names['primary']} among the files", path=str(folder))
            documents.append(sorted(set(files)))
        return documents

    def load(self, ctx: LoadContext) -> None:
        ctx.set_release_of(reference_iri("list", self.list_key))
        files = self._files(ctx)
        overflow = {row["ent_num"]: row["remarks_overflow"] for _, row in self._rows(ctx, files, "comments")}
        aliases = self._grouped(ctx, files, "aliases")
        addresses = self._grouped(ctx, files, "addresses")
        entries = list(self._rows(ctx, files, "primary"))
        targets = [entry_iri(row) for _, row in entries]  # made once, for the name index and the entries
        names = _name_index(entries, targets, aliases)
        memo = LoadMemo(doc=ox.NamedNode(ctx.doc))
        ctx.set_progress_total(len(entries))
        seen: set[str] = set()
        for (line, row), target in zip(entries, targets, strict=True):
            ent_num = row["ent_num"]
            if ent_num in seen:
                ctx.skip("duplicate ent_num in the primary file", f"line {line} {ent_num}")
                continue
            seen.add(ent_num)
            row["Remarks"] += overflow.pop(ent_num, "")  # the overflow continues mid-word
            with ctx.record(ent_num, line=line):
                entry_aliases, entry_addresses = aliases.pop(ent_num, []), addresses.pop(ent_num, [])
                self._map_entry(ctx, memo, row, target, entry_aliases, entry_addresses, names)
        for orphans, what in ((overflow, "comments"), (aliases, "aliases"), (addresses, "addresses")):
            for ent_num in orphans:
                ctx.skip(f"{what} of an ent_num missing from the primary file", ent_num)

    # reading -----------------------------------------------------------------------------

    def _files(self, ctx: LoadContext) -> dict[str, Path]:
        by_name = {p.name.lower(): p for p in ctx.source.paths}
        files = {role: by_name[name] for role, name in self.file_names.items() if name in by_name}
        if "primary" not in files:
            raise SourceFormatError(f"no {self.file_names['primary']} in this release", path=ctx.source.label)
        return files

    def _rows(self, ctx: LoadContext, files: dict[str, Path], role: str) -> Iterator[tuple[int, Row]]:
        columns = {
            "primary": PRIMARY_COLUMNS,
            "addresses": ADDRESS_COLUMNS,
            "aliases": ALIAS_COLUMNS,
            "comments": COMMENT_COLUMNS,
        }[role]
        if role not in files:  # the companions are optional: a release may come without comments
            return iter(())
        # The reader's own (lazy) iterator, not a generator around it: one layer less per row.
        return legacy_records(ctx, files[role], columns)

    def _grouped(self, ctx: LoadContext, files: dict[str, Path], role: str) -> dict[str, list[Row]]:
        grouped: dict[str, list[Row]] = defaultdict(list)
        for _, row in self._rows(ctx, files, role):
            grouped[row["ent_num"]].append(row)
        return grouped

    # mapping -----------------------------------------------------------------------------

    def _map_entry(
        self,
        ctx: LoadContext,
        memo: LoadMemo,
        row: Row,
        target: ox.NamedNode,
        aliases: list[Row],
        addresses: list[Row],
        names: dict[str, ox.NamedNode],
    ) -> None:
        """One entry; target is its entry_iri."""
        ent_num = row["ent_num"]
        if not ent_num.isdigit():
            raise RecordError(f"ent_num is not a number: {ent_num!r}", field="ent_num")
        if not row["SDN_Name"]:
            raise RecordError("empty name", field="SDN_Name")
        sdn_type = row["SDN_Type"].lower()
        if sdn_type not in ENTITY_TYPES:
            raise RecordError(f"unknown SDN_Type {row['SDN_Type']!r}", field="SDN_Type")
        ctx.add_type(target, OX_CLASSES[sdn_type])
        ctx.add(target, KGO.name, row["SDN_Name"])
        ctx.add(target, KGO.authorityId, ent_num)
        ctx.add(target, KGO.title, row["Title"])
        self._map_vessel(ctx, target, row)
        if row["Vess_owner"]:
            _link(ctx, ent_num, target, row["Vess_owner"], names, kind="vessel owner")
        self._map_aliases(ctx, target, aliases)
        self._map_addresses(ctx, target, addresses)
        designation = self._map_designation(ctx, memo, target, row)
        is_person = ENTITY_TYPES[sdn_type][0] == "person"
        self._map_remarks(ctx, memo, target, designation, row, names, is_person=is_person)

    def _map_vessel(self, ctx: LoadContext, target: ox.NamedNode, row: Row) -> None:
        if row["Call_Sign"]:
            ctx.add(target, KGO.idNumber, f"Call Sign: {row['Call_Sign']}")
        ctx.add(target, KGO.country, country_node(ctx, row["Vess_flag"]))
        # No ontology terms for vessel type or tonnage yet; the owner is a tie (see _map_entry).
        if row["Vess_type"] or row["Tonnage"] or row["GRT"]:  # audit counts only cells with a value
            ctx.audit(row["ent_num"], {f: row[f] for f in ("Vess_type", "Tonnage", "GRT")})

    def _map_aliases(self, ctx: LoadContext, target: ox.NamedNode, aliases: list[Row]) -> None:
        for alias in aliases:
            predicate = OX_ALIAS_PREDICATES.get(alias["alt_type"].lower())
            if predicate is None:
                raise RecordError(f"unknown alt_type {alias['alt_type']!r}", field="alt_type")
            ctx.add(target, predicate, alias["alt_name"])
            if alias["alt_remarks"]:
                ctx.audit(alias["ent_num"], {"alt_remarks": alias["alt_remarks"]})

    def _map_addresses(self, ctx: LoadContext, target: ox.NamedNode, addresses: list[Row]) -> None:
        for address in addresses:
            country = address["country"]
            parts = [part for part in (address["address"], address["city_state_postal"], country) if part]
            ctx.add(target, KGO.address, ", ".join(parts))
            ctx.add(target, KGO.country, country_node(ctx, country))
            if address["add_remarks"]:
                ctx.audit(address["ent_num"], {"add_remarks": address["add_remarks"]})

    def _map_designation(self, ctx: LoadContext, memo: LoadMemo, target: ox.NamedNode, row: Row) -> ox.NamedNode:
        designation = authority_node("action", self.action_dataset, row["ent_num"])
        ctx.add_type(designation, KGO.Designation)
        ctx.add(designation, KGO.target, target)
        ctx.add(designation, KGO.imposedBy, OX_OFAC)
        ctx.add(designation, KGO.authorityId, row["ent_num"])
        ctx.add(designation, OX_WAS_DERIVED_FROM, memo.doc)
        for predicate, obj in self._program_terms(ctx, memo, row["Program"]):
            ctx.add(designation, predicate, obj)
        return designation

    def _program_terms(self, ctx: LoadContext, memo: LoadMemo, text: str) -> list[tuple[ox.NamedNode, ox.NamedNode]]:
        """A designation's lists, programs and legal bases for one Program text, worked out once per
        distinct text in a load (the 2021 set has 165 for 8,976 entries)."""
        terms = memo.programs.get(text)
        if terms is not None:
            return terms
        programs = split_programs(text)
        if not programs:
            raise RecordError("no program", field="Program")
        terms = [(KGO.onList, ox.NamedNode(list_iri)) for list_iri in self.lists_for(programs)]
        for code in programs:
            terms.append((KGO.underProgram, ox.NamedNode(ofac_program(ctx, code))))
            terms += [(KGO.legalBasis, ox.NamedNode(law)) for law in legal_basis_of(code)]
        memo.programs[text] = terms
        return terms

    def lists_for(self, programs: list[str]) -> list[URIRef]:
        """The lists an entry with these programs is on."""
        return [reference_iri("list", self.list_key)]

    def _map_remarks(
        self,
        ctx: LoadContext,
        memo: LoadMemo,
        target: ox.NamedNode,
        designation: ox.NamedNode,
        row: Row,
        names: dict[str, ox.NamedNode],
        *,
        is_person: bool,
    ) -> None:
        remarks = parse_remarks(row["Remarks"], memo.remark_parts)
        for predicate, text in remarks.literals:
            if predicate == KG_BIRTH_PLACE and not is_person:
                ctx.audit(row["ent_num"], {"Remarks: POB of a non-person": text})
                continue
            ctx.add(target, predicate, text)
        for text in remarks.birth_dates:
            day = parse_ofac_date(text.removeprefix("circa ").strip())
            if day is None or not is_person:
                ctx.audit(row["ent_num"], {"Remarks: DOB": text})
            else:
                ctx.add_date(target, KGO.birthDate, day)
        for name in remarks.nationalities:
            ctx.add(target, KGO.nationality if is_person else KGO.country, country_node(ctx, name))
        ctx.add_date(designation, KGO.listingDate, remarks.listing_date)
        ctx.add_date(designation, KGO.effectiveDate, remarks.effective_date)
        for note in remarks.notes:
            ctx.add(designation, KGO.notes, note)
        for linked in remarks.linked_to:
            _link(ctx, row["ent_num"], target, linked, names)
        labels = memo.remark_labels
        for part in remarks.unparsed:
            label = labels.get(part)
            if label is None:
                label = labels[part] = remark_label(part)
            ctx.audit(row["ent_num"], {label: part})


def entry_iri(row: Row) -> ox.NamedNode:
    """The entity IRI of an entry: its kind comes from SDN_Type (unknown types read as firms here)."""
    kind, _ = ENTITY_TYPES.get(row["SDN_Type"].lower(), ENTITY_TYPES[""])
    return authority_node(kind, DATASET, row["ent_num"])


def _name_index(
    entries: list[tuple[int, Row]], iris: list[ox.NamedNode], aliases: dict[str, list[Row]]
) -> dict[str, ox.NamedNode]:
    """Casefolded primary name or alias -> entity IRI, for resolving "Linked To:" in one release.

    iris are the entries' entry_iri. Primary names win over aliases; a name two entries share
    is dropped as ambiguous.
    """
    targets = dict(zip([row["ent_num"] for _, row in entries], iris, strict=True))
    primary = [(targets[row["ent_num"]], row["SDN_Name"]) for _, row in entries]
    # Aliases are grouped by ent_num: one target lookup per entry, none for orphans' aliases.
    by_alias = [
        (iri, a["alt_name"])
        for ent_num, rows in aliases.items()
        if (iri := targets.get(ent_num)) is not None
        for a in rows
    ]
    index: dict[str, ox.NamedNode] = {}
    ambiguous: set[str] = set()
    for source in (primary, by_alias):
        found: dict[str, ox.NamedNode] = {}
        for iri, name in source:
            key = name.casefold().strip().rstrip(".")
            if found.setdefault(key, iri) != iri:
                ambiguous.add(key)
        for key, iri in found.items():
            index.setdefault(key, iri)
    return {k: v for k, v in index.items() if k not in ambiguous}


def _link(
    ctx: LoadContext,
    ent_num: str,
    target: ox.NamedNode,
    linked_name: str,
    names: dict[str, ox.NamedNode],
    kind: str = "linked to",
) -> None:
    """A kg:Relationship to the entry of that name in the same release, if there is one."""
    other = names.get(linked_name.casefold().strip().rstrip("."))
    if other is None or other == target:
        label = "Linked To" if kind == "linked to" else kind
        ctx.audit(ent_num, {f"Remarks: {label} (no entry of that name)": linked_name})
        return
    text = f"Linked To: {linked_name}" if kind == "linked to" else f"{kind}: {linked_name}"
    relation(ctx, dataset=DATASET, kind=kind, subject=target, obj=other, text=text)


class OfacSdnCsvLoader(OfacLegacyCsvLoader):
    """OFAC Specially Designated Nationals list, legacy CSV set (one release per folder)."""

    name = "ofac-sdn-csv"
    title = "OFAC SDN list, legacy CSV (sdn.csv, add.csv, alt.csv, sdn_comments.csv)"
    file_names: ClassVar[dict[str, str]] = {
        "primary": "sdn.csv",
        "addresses": "add.csv",
        "aliases": "alt.csv",
        "comments": "sdn_comments.csv",
    }
    list_key = "us-ofac-sdn"
    action_dataset = "us-ofac-sdn"
    # A release below 1,000 entries is broken; the 2021 list had 8,976 (room for growth).
    expected_records = (1_000, 60_000)


LOADER = OfacSdnCsvLoader
