"""DoD Section 1237 (NDAA FY1999) "Communist Chinese military companies": our compiled CSV.

The DoD published the 2020-2021 tranches as PDFs and press releases; we ship a CSV compiled
from the public record (sanctiongraph/demo/dod_section_1237.csv). Columns: statute_section,
release_date, tranche, name, acronym, removal_date, removal_basis, source_url.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from sanctiongraph.errors import RecordError
from sanctiongraph.loaders._dod import dod_company, listing
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import reference_iri

SECTION_1237 = reference_iri("law", "us/pl/105/261/s1237")
COLUMNS = (
    "statute_section",
    "release_date",
    "tranche",
    "name",
    "acronym",
    "removal_date",
    "removal_basis",
    "source_url",
)


class Dod1237CsvLoader(Loader):
    """DoD Section 1237 list of Communist Chinese military companies (compiled CSV)."""

    name = "dod-1237-csv"
    title = "DoD Section 1237 Communist Chinese military companies (sanctiongraph CSV)"
    publisher = "U.S. Department of Defense (compiled by sanctiongraph from DoD releases)"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.csv",)
    expected_records = (1, 500)

    def load(self, ctx: LoadContext) -> None:
        ctx.set_release_of(reference_iri("list", "us-dod-1237"))
        latest: dt.date | None = None
        for line, row in ctx.csv_records(required=COLUMNS):
            with ctx.record(row["name"], line=line):
                self._map_row(ctx, row)
                for field in ("release_date", "removal_date"):
                    if row[field]:
                        day = dt.date.fromisoformat(row[field])
                        latest = max(latest, day) if latest else day
        if latest:
            ctx.set_published(latest)

    def _map_row(self, ctx: LoadContext, row: dict[str, str]) -> None:
        if row["statute_section"].strip() != "1237":
            raise RecordError(f"statute_section is {row['statute_section']!r}, this loader reads only 1237")
        if not row["name"].strip():
            raise RecordError("empty name", field="name")
        if not row["release_date"]:
            raise RecordError("no release_date", field="release_date")
        company = dod_company(ctx, row["name"])
        ctx.add(company, KG.acronym, row["acronym"].strip() or None)
        designation = listing(
            ctx,
            kind=KG.Designation,
            list_key="us-dod-1237",
            legal_basis=SECTION_1237,
            target=company,
            date=row["release_date"],
            key=row["name"],
        )
        ctx.add_date(designation, KG.listingDate, row["release_date"])
        ctx.add(designation, KG.tranche, row["tranche"] or None)
        ctx.add(designation, KG.sourceUrl, row["source_url"] or None)
        if row["removal_date"]:
            delisting = listing(
                ctx,
                kind=KG.Delisting,
                list_key="us-dod-1237",
                legal_basis=SECTION_1237,
                target=company,
                date=row["removal_date"],
                key=row["name"],
            )
            ctx.add(delisting, KG.ends, designation)
            ctx.add(delisting, KG.reason, row["removal_basis"] or None)


LOADER = Dod1237CsvLoader
