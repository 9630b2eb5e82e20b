"""BIS Denied Persons List in its original tab-delimited form: one denial order per row.

Columns: Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation. Effective and expiration
dates are MM/DD/YYYY, Last_Update is YYYY-MM-DD. The file has no type column: a name with a
legal form or firm word is a firm, every other name a person (the list is mostly people).

A Last_Update later than the file itself (the 2023-11 file has "3033-09-30") is a typo: the
denial order is still valid, so the record is kept, that one field is dropped and the drop is
audited as "Last_Update (implausible date)". The publication date is the newest plausible one.
Rows identical to an earlier row (two in the 2023-11 file) are skipped and counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import ClassVar

from rdflib import URIRef
from rdflib.namespace import PROV

from sanctiongraph.errors import RecordError
from sanctiongraph.loaders._csl import looks_like_organization
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import derived_iri, reference_iri

COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)
ADDRESS_COLUMNS = ("Street_Address", "City", "State", "Postal_Code", "Country")
DATASET = "us-bis-dpl"
DPL = reference_iri("list", DATASET)
BIS = reference_iri("agency", "us-bis")
EAR_PART_764 = reference_iri("law", "us/cfr/t15/pt764")
IMPLAUSIBLE = "Last_Update (implausible date)"


def us_date(value: str, column: str) -> dt.date | None:
    """A MM/DD/YYYY date (None when blank); a malformed one skips the record."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%m/%d/%Y").date()
    except ValueError:
        raise RecordError(f"bad date {value!r}, expected MM/DD/YYYY", field=column) from None


def _rows(ctx: LoadContext) -> Iterator[tuple[int, dict[str, str]]]:
    return ctx.csv_records(required=COLUMNS, delimiter="\t")


class BisDplLoader(Loader):
    """BIS Denied Persons List, tab-delimited text file."""

    name = "bis-dpl"
    title = "BIS Denied Persons List (tab-delimited)"
    publisher = "Bureau of Industry and Security, U.S. Department of Commerce"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.txt",)
    expected_records = (1, 50_000)

    def load(self, ctx: LoadContext) -> None:
        ctx.set_release_of(DPL)
        retrieved = ctx.source.retrieved_at
        self.latest_plausible = retrieved.date() if retrieved else dt.date.today()
        newest: dt.date | None = None
        seen: set[tuple[str, ...]] = set()
        for line, row in _rows(ctx):
            name = row["Name"].strip()
            if tuple(row.values()) in seen:
                ctx.skip("duplicate row (identical to an earlier one)", f"line {line} {name}")
                continue
            seen.add(tuple(row.values()))
            with ctx.record(name or "?", line=line):
                updated = self._map_row(ctx, name, row, key=f"line {line} {name}")
                if updated:
                    newest = max(newest, updated) if newest else updated
        if newest:
            ctx.set_published(newest)

    def _map_row(self, ctx: LoadContext, name: str, row: dict[str, str], *, key: str) -> dt.date | None:
        if not name:
            raise RecordError("empty name", field="Name")
        person = self._entity(ctx, name, row)
        effective = us_date(row["Effective_Date"], "Effective_Date")
        if effective is None:
            raise RecordError("no effective date", field="Effective_Date")
        action = derived_iri("action", DATASET, str(person), effective.isoformat())
        ctx.add_type(action, KG.Designation)
        ctx.add(action, KG.target, person)
        ctx.add(action, KG.imposedBy, BIS)
        ctx.add(action, KG.onList, DPL)
        ctx.add(action, KG.legalBasis, EAR_PART_764)
        ctx.add(action, KG.measure, KG.exportControl)
        ctx.add(action, KG.effectiveDate, effective)
        ctx.add(action, KG.actionDate, effective)
        ctx.add(action, KG.endDate, us_date(row["Expiration_Date"], "Expiration_Date"))
        ctx.add(action, KG.federalRegisterCitation, row["FR_Citation"].strip())
        ctx.add(action, KG.notes, row["Action"].strip())
        ctx.add(action, PROV.wasDerivedFrom, ctx.doc)
        updated = self._last_update(ctx, row["Last_Update"].strip(), key)
        ctx.add(action, KG.lastUpdated, updated)
        ctx.audit(key, {"Standard_Order": row["Standard_Order"].strip()})
        return updated

    def _entity(self, ctx: LoadContext, name: str, row: dict[str, str]) -> URIRef:
        kind, cls = ("company", KG.Company) if looks_like_organization(name) else ("person", KG.Person)
        address = ", ".join(row[c].strip() for c in ADDRESS_COLUMNS if row[c].strip())
        # No ids on the DPL: name and address tell entries apart (one name may sit at two addresses).
        entity = derived_iri(kind, DATASET, name, address)
        ctx.add_type(entity, cls)
        ctx.add(entity, KG.name, name)
        ctx.add(entity, KG.address, address)
        country = row["Country"].strip()
        if len(country) == 2 and country.isalpha():
            ctx.add(entity, KG.country, ctx.country(country))
        return entity

    def _last_update(self, ctx: LoadContext, value: str, key: str) -> dt.date | None:
        if not value:
            return None
        try:
            updated = dt.date.fromisoformat(value)
        except ValueError:
            raise RecordError(f"bad date {value!r}, expected YYYY-MM-DD", field="Last_Update") from None
        if updated > self.latest_plausible:
            ctx.log.warning("%s: Last_Update %s is after the file was retrieved; dropped", key, value)
            ctx.audit(key, {IMPLAUSIBLE: value})
            return None
        return updated


LOADER = BisDplLoader
