"""trade.gov Consolidated Screening List as CSV (also gzipped): one row per listing on one source list.

Multi-valued cells (programs, addresses, alt_names, ids, ...) are '; '-separated. The 2023-11
extract repeats its header on line 2 (skipped and counted) and ends in a row cut off mid-field
(skipped and counted as truncated, since every row before it is whole); a short row anywhere
else is a structural surprise.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from sanctiongraph.errors import SourceFormatError
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
LIST_COLUMNS = (
    "programs",
    "addresses",
    "alt_names",
    "citizenships",
    "nationalities",
    "dates_of_birth",
    "places_of_birth",
)
TRUNCATED = "truncated final row (the file ends mid-record)"
Row = tuple[int, list[str] | None]


def split_cell(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def csv_record(row: dict[str, str]) -> CslRecord:
    """A CslRecord from one CSV row (cells as strings)."""
    lists = {column: split_cell(row.pop(column, "")) for column in LIST_COLUMNS}
    return CslRecord(
        key=row.pop("_id").strip(),
        source=row.pop("source"),
        scalars=row,
        programs=lists["programs"],
        addresses=[split_address(a) for a in lists["addresses"]],
        alt_names=lists["alt_names"],
        countries=lists["citizenships"] + lists["nationalities"],
        birth_dates=lists["dates_of_birth"],
        birth_places=lists["places_of_birth"],
        ids=[parse_id_entry(e) for e in row.pop("ids", "").split("; ") if e.strip()],
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
        path = ctx.source.path
        for line, cells in self._rows(ctx, path):
            if cells is None:
                ctx.skip(TRUNCATED, f"{path.name}:{line}")
                continue
            row = dict(zip(COLUMNS, cells, strict=True))
            if row["_id"] == "_id" and row["source"] == "source":
                ctx.skip("repeated header row", f"{path.name}:{line}")
                continue
            mapper.map(csv_record(row), line=line)
        mapper.finish()

    def _rows(self, ctx: LoadContext, path: Path) -> Iterator[Row]:
        """(line, cells) per row after a checked header; cells None for a cut-off last row."""
        rows = _read_rows(_decoded_text(ctx, path), path)
        if not rows:
            raise SourceFormatError("the file is empty", path=str(path))
        header = [h.strip() for h in rows[0][1] or []]
        if header != COLUMNS:
            missing = [c for c in COLUMNS if c not in header]
            problem = f"missing column(s) {', '.join(missing)}" if missing else "columns in an unexpected order"
            raise SourceFormatError(f"{problem}; found {', '.join(header)}", path=str(path), line=1)
        last = len(rows) - 1
        for index, (line, cells) in enumerate(rows[1:], start=1):
            if cells is not None and len(cells) == len(COLUMNS):
                yield line, cells
            elif index == last and (cells is None or len(cells) < len(COLUMNS)):
                yield line, None
            else:
                found = "a broken quote" if cells is None else f"{len(cells)} cells"
                raise SourceFormatError(
                    f"expected {len(COLUMNS)} cells, found {found} (truncated or wrong delimiter?)",
                    path=str(path),
                    line=line,
                )


def _decoded_text(ctx: LoadContext, path: Path) -> str:
    """The file's text, gunzipped when it is gzip; strict UTF-8 like ctx.read_text."""
    data = ctx.read_bytes(path)
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise SourceFormatError(f"broken gzip data: {exc}", path=str(path)) from exc
    if not data.strip():
        raise SourceFormatError("the file is empty", path=str(path))
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceFormatError(
            f"not valid utf-8: byte 0x{data[exc.start]:02x} at offset {exc.start}", path=str(path), line=line
        ) from exc


def _read_rows(text: str, path: Path) -> list[Row]:
    """All rows with their starting line; a quote left open at the very end gives cells None."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                rows.append((line, None))
                return rows
            raise SourceFormatError(f"malformed CSV: {exc}", path=str(path), line=reader.line_num) from exc
        if cells and any(c.strip() for c in cells):
            rows.append((line, cells))
        line = reader.line_num + 1


LOADER = CslCsvLoader
