"""What the authorities themselves say about identity, read from their list files: pairs of
entries that are one entity (must merge) and pairs that are two (must not merge).

For the matching benchmark and the real-data tests; nothing here is hand-picked. Must merge:
an SDN entry and the CSL row carrying its entity number, a consolidated (non-SDN) entry and
its CSL row, the rows of one firm across 1260H editions (same clean name), and a 1237 entry
and the 1260H rows whose names agree after legal-form normalisation. Must not merge: two
entries of one list with different authority IDs (two SDN ent_nums, two Entity List rows, two
1260H clean names) unless the authority gives one's name as the other's alias; and a parent
and the subsidiary the list names (1260H "Parent Name", CSL "Affiliated Entity", OFAC
"Linked To"). Entries are read with the csv module rather than our loaders so the evaluation
does not depend on the code it evaluates.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from rigour.names import remove_org_types

from sanctiongraph.resolution.judgements import pair_key
from sanctiongraph.resolution.normalize import EntityKind, affiliate_name
from sanctiongraph.resolution.scoring import Record
from sanctiongraph.territories import territory_code

OFAC_NULL = "-0-"
SDN_KINDS = {"individual": EntityKind.person, "vessel": EntityKind.vessel, OFAC_NULL: EntityKind.firm}
CSL_KINDS = {"individual": EntityKind.person, "entity": EntityKind.firm, "vessel": EntityKind.vessel}
CSL_SDN = "Specially Designated Nationals (SDN) - Treasury Department"
ENTITY_LIST = "Entity List (EL) - Bureau of Industry and Security"
OFAC_CSL_SOURCES = "Treasury Department"  # sources whose rows carry an OFAC entity number
LINKED_TO = re.compile(r"Linked To: ([^;]+)")


@dataclass
class Entry:
    """One list entry: the record the resolver sees, the list, and what the list says of it."""

    record: Record
    list_name: str
    authority_id: str
    parents: tuple[str, ...] = ()  # names the list gives as its parent or the entity it is linked to

    @property
    def iri(self) -> str:
        return self.record.iri


@dataclass
class Truth:
    """Entries of several lists and the pairs their authorities decide."""

    entries: list[Entry] = field(default_factory=list)
    must_merge: set[tuple[str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self.by_iri = {e.iri: e for e in self.entries}
        self.names_of = {e.iri: {comparable(n) for n in e.record.names} - {""} for e in self.entries}
        self.by_name: dict[str, set[str]] = defaultdict(set)
        for iri, names in self.names_of.items():
            for name in names:
                self.by_name[name].add(iri)

    def add(self, entries: Iterable[Entry]) -> None:
        self.entries.extend(entries)
        self._index()

    @property
    def records(self) -> list[Record]:
        return [e.record for e in self.entries]

    def must_not_merge(self, left: str, right: str) -> bool:
        """Two entries of one list with different IDs (not given as each other's alias), or a
        parent and the subsidiary or linked entity the list names."""
        a, b = self.by_iri[left], self.by_iri[right]
        if pair_key(left, right) in self.must_merge or (
            a.record.authority and a.record.authority == b.record.authority
        ):
            return False
        return self._named_parent(a, b) or self._named_parent(b, a) or self._distinct_entries(a, b)

    def _distinct_entries(self, a: Entry, b: Entry) -> bool:
        if a.list_name != b.list_name or a.authority_id == b.authority_id or a.list_name not in DISTINCT_LISTS:
            return False
        return self.names_of[a.iri].isdisjoint(self.names_of[b.iri])

    def _named_parent(self, child: Entry, other: Entry) -> bool:
        return any(comparable(p) in self.names_of[other.iri] for p in child.parents)

    def related(self) -> list[tuple[str, str]]:
        """(child, parent) pairs as the lists state them, parents found by name: what our
        loaders emit as kg:parentCompany."""
        return [
            (e.iri, other) for e in self.entries for p in e.parents for other in self.by_name.get(comparable(p), ())
        ]

    def must_not_pairs(self, iris: Iterable[str]) -> Iterator[tuple[str, str]]:
        """Every must-not-merge pair among the given entries."""
        for left, right in combinations(sorted(set(iris)), 2):
            if self.must_not_merge(left, right):
                yield left, right


# Lists whose IDs name distinct entities (the CSL's other sources repeat firms across orders).
DISTINCT_LISTS = {"us-ofac-sdn", "us-ofac-cons", "us-bis-el", "us-dod-1260h"}


def comparable(name: str) -> str:
    """A name after legal-form removal, case folding and dropping everything but letters and digits."""
    name = affiliate_name(name)
    return re.sub(r"[^0-9a-z]", "", remove_org_types(name.casefold()).casefold())


def country_code(text: str) -> str:
    """ISO code of a country name or code (rigour's territories), else ""."""
    return territory_code(text.strip()) or ""


def _ofac_rows(path: Path) -> Iterator[list[str]]:
    text = path.read_bytes().decode("latin-1").replace("\x1a", "")
    for row in csv.reader(io.StringIO(text)):
        if row:
            yield [c.strip() for c in row]


def _value(cell: str) -> str:
    return "" if cell.strip() == OFAC_NULL else cell.strip()


def read_ofac(folder: Path, prefix: str, list_name: str) -> list[Entry]:
    """SDN or consolidated legacy CSV set (prefix "" or "cons_"): firms, people and vessels."""
    primary = "sdn.csv" if not prefix else "cons_prim.csv"
    names: dict[str, list[str]] = defaultdict(list)
    countries: dict[str, set[str]] = defaultdict(set)
    addresses: dict[str, set[str]] = defaultdict(set)
    for row in _ofac_rows(folder / f"{prefix or ''}alt.csv"):
        if _value(row[3]):
            names[row[0]].append(row[3])
    for row in _ofac_rows(folder / f"{prefix or ''}add.csv"):
        if _value(row[4]):
            countries[row[0]].add(country_code(row[4]))
            countries[row[0]].discard("")
        line = ", ".join(v for v in (_value(row[2]), _value(row[3])) if v)
        if line:
            addresses[row[0]].add(line)
    entries = []
    for row in _ofac_rows(folder / primary):
        kind = SDN_KINDS.get(row[2].strip().casefold() if row[2].strip() != OFAC_NULL else OFAC_NULL)
        if kind is None:  # aircraft: not resolved
            continue
        number = row[0]
        record = Record(
            f"urn:{list_name}:{number}",
            kind,
            (row[1], *names[number]),
            countries=frozenset(countries[number]),
            addresses=frozenset(addresses[number]),
            authority=f"us-ofac:{number}",
        )
        linked = tuple(m.strip().rstrip(".") for m in LINKED_TO.findall(_value(row[-1])))
        entries.append(Entry(record, list_name, number, linked))
    return entries


def read_csl(path: Path) -> list[Entry]:
    """The trade.gov consolidated screening list CSV (gzipped or not)."""
    opener = gzip.open if path.suffix == ".gz" else open
    entries = []
    with opener(path, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            entry = _csl_entry(row)
            if entry is not None:
                entries.append(entry)
    return entries


def _csl_entry(row: dict[str, str]) -> Entry | None:
    kind = _csl_kind(row)
    if kind is None:
        return None
    source, number = row["source"], row["entity_number"].strip()
    ofac = source.endswith(OFAC_CSL_SOURCES) and number
    list_name = "us-bis-el" if source == ENTITY_LIST else f"us-csl:{source}"
    names = (row["name"], *(n.strip() for n in row["alt_names"].split(";") if n.strip()))
    addresses = [a.strip() for a in row["addresses"].split(";") if a.strip()]
    record = Record(
        f"urn:csl:{row['_id']}",
        kind,
        names,
        countries=frozenset(filter(None, (country_code(a.rsplit(",", 1)[-1]) for a in addresses))),
        addresses=frozenset(a.rsplit(",", 1)[0] for a in addresses),
        authority=f"us-ofac:{number}"
        if ofac
        else (f"us-bis-entity-list:{row['_id']}" if source == ENTITY_LIST else None),
    )
    heading = row["name"].split("Affiliated Entity:")[0] if "Affiliated Entity:" in row["name"] else ""
    parent = re.sub(r"\([^)]*\)", "", heading).strip(" .")  # "Huawei Technologies Co., Ltd. (Huawei)."
    return Entry(record, list_name, row["_id"], (parent,) if parent else ())


def _csl_kind(row: dict[str, str]) -> EntityKind | None:
    kind = row["type"].strip().casefold()
    if kind:
        return CSL_KINDS.get(kind)
    personal = row["dates_of_birth"] or row["places_of_birth"] or row["citizenships"] or row["nationalities"]
    looks_like_firm = remove_org_types(row["name"]).strip() != row["name"].strip()
    return EntityKind.person if personal and not looks_like_firm else EntityKind.firm


def read_1260h(path: Path) -> list[Entry]:
    """OpenSanctions' transcription of the 1260H list: one row per company and edition."""
    entries = []
    with path.open(encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            clean = row["Clean Name"].strip()
            aliases = [a.strip() for a in re.split(r"[;,]\s*(?=[A-Z0-9])", row["Alias"]) if a.strip()]
            names = (clean, row["Name"].strip().rstrip("*").strip(), *aliases, row["Previous Name"].strip())
            record = Record(f"urn:us-dod-1260h:{line}", EntityKind.firm, tuple(n for n in names if n))
            parents = (row["Parent Name"].strip(),) if row["Parent Name"].strip() else ()
            entries.append(Entry(record, "us-dod-1260h", comparable(clean), parents))
    return entries


def read_1237(path: Path) -> list[Entry]:
    """Our transcription of the 2020-2021 Section 1237 tranches (name and acronym)."""
    entries = []
    with path.open(encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            names = tuple(n for n in (row["name"].strip(), row["acronym"].strip()) if n)
            record = Record(f"urn:us-dod-1237:{line}", EntityKind.firm, names)
            entries.append(Entry(record, "us-dod-1237", comparable(row["name"])))
    return entries


def official_truth(official: Path) -> Truth:
    """Entries of the SDN (2021-07), consolidated (2025-12), CSL (2022-05), 1260H and 1237 files
    under ../shared/data/official, with the must-merge pairs their IDs and names give."""
    sdn = read_ofac(official / "ofac" / "sdn_legacy_csv_2021-07", "", "us-ofac-sdn")
    cons = read_ofac(official / "ofac" / "consolidated_legacy_csv_2025-12", "cons_", "us-ofac-cons")
    csl = read_csl(official / "trade_gov_csl" / "consolidated_2022-05.csv.gz")
    dod = official / "dod_chinese_military_companies"
    s1260h = read_1260h(dod / "section_1260h_opensanctions_sanctions.csv")
    s1237 = read_1237(dod / "section_1237_ccmc_2020-2021_transcribed.csv")
    truth = Truth(sdn + cons + csl + s1260h + s1237)
    truth.must_merge = set(_must_merge(sdn, cons, csl, s1260h, s1237))
    return truth


def _must_merge(
    sdn: list[Entry], cons: list[Entry], csl: list[Entry], s1260h: list[Entry], s1237: list[Entry]
) -> Iterator[tuple[str, str]]:
    sdn_by_number = {e.authority_id: e for e in sdn}
    cons_by_number = {e.authority_id: e for e in cons}
    for row in csl:
        number = (row.record.authority or "").removeprefix("us-ofac:")
        partner = (sdn_by_number if row.list_name == f"us-csl:{CSL_SDN}" else cons_by_number).get(number)
        if number and partner is not None and partner.record.kind is row.record.kind:
            yield pair_key(partner.iri, row.iri)
    by_clean: dict[str, list[Entry]] = defaultdict(list)
    for row in s1260h:
        by_clean[row.authority_id].append(row)
    for rows in by_clean.values():
        yield from (pair_key(a.iri, b.iri) for a, b in combinations(rows, 2))
    for entry in s1237:
        for row in by_clean.get(entry.authority_id, []):
            yield pair_key(entry.iri, row.iri)


FAMILIES = {
    "Huawei": ("huawei",),
    "Hikvision": ("hikvision",),
    "SMIC": ("smic", "semiconductor manufacturing international"),
    "DJI": ("dji",),
    "ZTE": ("zte", "zhongxing"),
}


def family_of(entry: Entry) -> str | None:
    """Which of the named families an entry belongs to, by a word of any of its names."""
    text = " ".join(entry.record.names).casefold()
    words = set(re.findall(r"[a-z0-9]+", text))
    for family, marks in FAMILIES.items():
        if any((m in words) if " " not in m else (m in text) for m in marks):
            return family
    return None
