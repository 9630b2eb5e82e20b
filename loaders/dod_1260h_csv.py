"""DoD Section 1260H (NDAA FY2021) "Chinese military companies": OpenSanctions-style CSV.

Columns: Name, Clean Name, Alias, Previous Name, Parent Name, Note, Start date, End date,
Source Url. One row per listing period; Start date is the edition that added the firm.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from sanctiongraph.errors import RecordError
from sanctiongraph.loaders._dod import dod_company, listing
from sanctiongraph.loaders._relations import relation
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import reference_iri

SECTION_1260H = reference_iri("law", "us/pl/116/283/s1260h")
COLUMNS = ("Name", "Clean Name", "Alias", "Previous Name", "Parent Name", "Note", "Start date", "End date")


class Dod1260hCsvLoader(Loader):
    """DoD Section 1260H list of Chinese military companies (OpenSanctions transcription)."""

    name = "dod-1260h-csv"
    title = "DoD Section 1260H Chinese military companies (OpenSanctions CSV)"
    publisher = "U.S. Department of Defense (transcribed by OpenSanctions)"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.csv",)
    expected_records = (1, 5000)

    def load(self, ctx: LoadContext) -> None:
        ctx.set_release_of(reference_iri("list", "us-dod-1260h"))
        seen: set[tuple[str, str]] = set()
        latest: dt.date | None = None
        for line, row in ctx.csv_records(required=COLUMNS):
            name = (row["Clean Name"] or row["Name"]).strip().rstrip("*").strip()
            key = (name.casefold(), row["Start date"])
            if key in seen:
                ctx.skip("duplicate row: same firm and start date", f"line {line} {name}")
                continue
            seen.add(key)
            with ctx.record(name, line=line):
                self._map_row(ctx, name, row)
            for field in ("Start date", "End date"):
                if row[field]:
                    try:
                        day = dt.date.fromisoformat(row[field])
                    except ValueError:
                        continue  # the record was skipped for its bad date above; it dates nothing
                    latest = max(latest, day) if latest else day
        if latest:
            ctx.set_published(latest)

    def _map_row(self, ctx: LoadContext, name: str, row: dict[str, str]) -> None:
        if not name:
            raise RecordError("empty name", field="Name")
        if not row["Start date"]:
            raise RecordError("no start date", field="Start date")
        company = dod_company(ctx, name)
        ctx.add(company, KG.alias, row["Alias"].strip() or None)
        ctx.add(company, KG.previousName, row["Previous Name"].strip() or None)
        if row["Parent Name"].strip():
            # Dated like the listing it comes with: the 2026 edition names no parent for Hikvision.
            relation(
                ctx,
                dataset="us-dod",
                kind="parent company",
                subject=company,
                obj=dod_company(ctx, row["Parent Name"]),
                text=f"{row['Name'].strip()}; Parent Name: {row['Parent Name'].strip()}",
                start=row["Start date"],
                end=row["End date"] or None,
            )
        designation = listing(
            ctx,
            kind=KG.Designation,
            list_key="us-dod-1260h",
            legal_basis=SECTION_1260H,
            target=company,
            date=row["Start date"],
            key=name,
        )
        ctx.add_date(designation, KG.listingDate, row["Start date"])
        ctx.add(designation, KG.notes, row["Note"].strip() or None)
        ctx.add(designation, KG.sourceUrl, (row.get("Source Url") or "").strip() or None)
        if row["End date"]:
            delisting = listing(
                ctx,
                kind=KG.Delisting,
                list_key="us-dod-1260h",
                legal_basis=SECTION_1260H,
                target=company,
                date=row["End date"],
                key=name,
            )
            ctx.add(delisting, KG.ends, designation)


LOADER = Dod1260hCsvLoader
