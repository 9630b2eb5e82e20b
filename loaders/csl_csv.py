"""trade.gov Consolidated Screening List as CSV (also gzipped): one row per listing on one source list.

Multi-valued cells (programs, addresses, alt_names, ids, ...) are '; '-separated. The 2023-11
extract repeats its header on line 2 (skipped and counted) and ends in a row cut off mid-field:
like any record cut short that fails the load, unless the user accepts the cut
($SANCTIONGRAPH_ACCEPT_TRUNCATED=1: the row is then skipped and counted).
"""

from __future__ import annotations

from typing import ClassVar

from sanctiongraph.loaders._csl import CslMapper, CslRecord, parse_id_entry, split_address
from sanctiongraph.loaders.base import LoadContext, Loader

COLUMNS = [
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
]


def split_cell(text: str) -> list[str]:
    """The non-blank parts of a '; '-separated cell, stripped (each part stripped once)."""
    if not text:  # most list cells of a row are empty
        return []
    return [stripped for part in text.split(";") if (stripped := part.strip())]


def csv_record(row: dict[str, str]) -> CslRecord:
    """A CslRecord from one CSV row (cells as strings); the row becomes its scalars."""
    # Each list cell popped straight into its field: no dict of lists built per row.
    pop = row.pop
    ids = pop("ids", "")
    return CslRecord(
        key=pop("_id").strip(),
        source=pop("source"),
        programs=split_cell(pop("programs", "")),
        addresses=[split_address(a) for a in split_cell(pop("addresses", ""))],
        alt_names=split_cell(pop("alt_names", "")),
        countries=split_cell(pop("citizenships", "")) + split_cell(pop("nationalities", "")),
        birth_dates=split_cell(pop("dates_of_birth", "")),
        birth_places=split_cell(pop("places_of_birth", "")),
        ids=[parse_id_entry(e) for e in ids.split("; ") if e.strip()] if ids else [],
        scalars=row,
    )


class CslCsvLoader(Loader):
    """trade.gov Consolidated Screening List, CSV download (plain or .csv.gz)."""

    name = "csl-csv"
    title = "US Consolidated Screening List (trade.gov CSV)"
    publisher = "International Trade Administration, U.S. Department of Commerce"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.csv", "*.csv.gz")
    expected_records = (1, 200_000)

    def load(self, ctx: LoadContext) -> None:
        mapper = CslMapper(ctx)
        name = ctx.source.path.name
        # The shared strict reader: a row cut short or a NUL byte fails naming file and line.
        for line, row in ctx.csv_records(required=COLUMNS, gunzip=True):
            if row["_id"] == "_id" and row["source"] == "source":
                ctx.skip("repeated header row", f"{name}:{line}")
                continue
            mapper.map(csv_record(row), line=line)
        mapper.finish()


LOADER = CslCsvLoader
