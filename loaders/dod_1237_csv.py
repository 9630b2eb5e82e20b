"""DoD Section 1237 (NDAA FY1999) "Communist Chinese military companies", in two CSV layouts.

The DoD published the 2020-2021 tranches as PDFs and press releases, not as data, so both
layouts are transcriptions; the loader tells them apart by their header:
- compiled (sanctiongraph/demo/dod_section_1237.csv): statute_section, release_date, tranche,
  name, acronym, removal_date, removal_basis, source_url;
- transcribed (the shared section_1237_ccmc_2020-2021_transcribed.csv, compiled from press and
  law-firm reproductions of the releases): statute, tranche, release_date, name, acronym,
  later_events, source.
`later_events` is a narrative (injunctions, removals, spellings) and stays text on the
designation: reading delistings out of prose would state removals no column states. A `source`
that starts with a URL gives the designation its sourceUrl; the whole text, which names the
reproductions it came through, is kept as a note. Columns of neither layout are audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import ClassVar

from sanctiongraph.errors import RecordError, SourceFormatError
from sanctiongraph.loaders._dod import dod_company, listing
from sanctiongraph.loaders.base import LoadContext, Loader
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import reference_iri

SECTION_1237 = reference_iri("law", "us/pl/105/261/s1237")
# Our field -> the column that holds it, per layout; a field a layout lacks is simply absent.
COMPILED = {
    "statute": "statute_section",
    "release_date": "release_date",
    "tranche": "tranche",
    "name": "name",
    "acronym": "acronym",
    "removal_date": "removal_date",
    "removal_basis": "removal_basis",
    "source_url": "source_url",
}
TRANSCRIBED = {
    "statute": "statute",
    "tranche": "tranche",
    "release_date": "release_date",
    "name": "name",
    "acronym": "acronym",
    "later_events": "later_events",
    "source": "source",
}
LAYOUTS = {"compiled": COMPILED, "transcribed": TRANSCRIBED}
COLUMNS = tuple(COMPILED.values())  # the layout of our own CSV, which the docs describe
TRANSCRIBED_PUBLISHER = (
    "transcribed from press and law-firm reproductions of U.S. Department of Defense releases (not a DoD file)"
)


class Dod1237CsvLoader(Loader):
    """DoD Section 1237 list of Communist Chinese military companies (compiled or transcribed CSV)."""

    name = "dod-1237-csv"
    title = "DoD Section 1237 Communist Chinese military companies (sanctiongraph CSV)"
    publisher = "U.S. Department of Defense (compiled by sanctiongraph from DoD releases)"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.csv",)
    expected_records = (1, 500)

    def load(self, ctx: LoadContext) -> None:
        ctx.set_release_of(reference_iri("list", "us-dod-1237"))
        layout_name, layout = _layout(ctx)
        if layout_name == "transcribed" and ctx.source.publisher is None:
            ctx.source.publisher = TRANSCRIBED_PUBLISHER
        latest: dt.date | None = None
        for line, row in ctx.csv_records(required=tuple(layout.values())):
            fields = {field: row[column] for field, column in layout.items()}
            with ctx.record(fields["name"], line=line):
                _map_row(ctx, fields, statute_column=layout["statute"])
                for field in ("release_date", "removal_date"):
                    if fields.get(field):
                        day = dt.date.fromisoformat(fields[field])
                        latest = max(latest, day) if latest else day
                ctx.audit(fields["name"], {c: v for c, v in row.items() if c not in layout.values()})
        if latest:
            ctx.set_published(latest)


def _layout(ctx: LoadContext) -> tuple[str, dict[str, str]]:
    """The layout whose columns the header holds; else a structural error naming both."""
    first_line = ctx.read_text().split("\n", 1)[0]
    header = [h.strip() for h in next(csv.reader(io.StringIO(first_line)), [])]
    for name, layout in LAYOUTS.items():
        if set(layout.values()) <= set(header):
            return name, layout
    missing = "; ".join(
        f"{name} layout: {', '.join(c for c in layout.values() if c not in header)}" for name, layout in LAYOUTS.items()
    )
    raise SourceFormatError(
        f"missing column(s) for either layout ({missing}); found {', '.join(header)}", path=str(ctx.source.path), line=1
    )


def _map_row(ctx: LoadContext, row: dict[str, str], *, statute_column: str) -> None:
    if row["statute"].strip() != "1237":
        raise RecordError(f"{statute_column} is {row['statute']!r}, this loader reads only 1237", field=statute_column)
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
    ctx.add(designation, KG.tranche, row["tranche"].strip() or None)
    source = row.get("source", "").strip()
    url = row.get("source_url", "").strip() or (source.split()[0] if source.startswith("http") else "")
    ctx.add(designation, KG.sourceUrl, url or None)
    ctx.add(designation, KG.notes, source if source and source != url else None)
    ctx.add(designation, KG.notes, row.get("later_events", "").strip() or None)
    if row.get("removal_date"):
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
