"""trade.gov Consolidated Screening List API JSON: {"results": [ {...}, ... ]}, one result per listing.

The fields are the CSV's, but multi-valued ones are JSON lists; addresses and ids are lists of
objects ({"address", "city", "state", "postal_code", "country"} and {"type", "number",
"country"}). The API names the id "id"; files saved by other tools sometimes use "_id".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.loaders._csl import CslAddress, CslId, CslMapper, CslRecord
from sanctiongraph.loaders.base import LoadContext, Loader

SIDECAR_SUFFIX = ".meta.json"  # written by sanctiongraph.fetch next to each download
ADDRESS_PARTS = ("address", "city", "state", "postal_code")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")


class CslJsonLoader(Loader):
    """trade.gov Consolidated Screening List, API search JSON."""

    name = "csl-json"
    title = "US Consolidated Screening List (trade.gov API JSON)"
    publisher = "International Trade Administration, U.S. Department of Commerce"
    file_patterns: ClassVar[tuple[str, ...]] = ("*.json",)
    expected_records = (1, 200_000)

    def documents(self, paths: Sequence[Path]) -> list[list[Path]]:
        """As the base class, leaving out fetch sidecars (consolidated.json.meta.json matches *.json)."""
        return [files for files in super().documents(paths) if not files[0].name.endswith(SIDECAR_SUFFIX)]

    def load(self, ctx: LoadContext) -> None:
        path = str(ctx.source.path)
        results = _results(ctx.json_document(), path)  # the shared reader: size, NUL, truncation
        ctx.set_progress_total(len(results))
        mapper = CslMapper(ctx)
        for index, result in enumerate(results):
            where = f"results[{index}]"
            if not isinstance(result, dict):
                raise SourceFormatError(f"expected an object, found {type(result).__name__}", path=path, record=where)
            mapper.map(json_record(result, path=path, where=where))
        mapper.finish()


def _results(document: Any, path: str) -> list[Any]:
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        raise SourceFormatError('expected an object with a "results" list', path=path, line=1)
    return document["results"]


def json_record(result: dict[str, Any], *, path: str, where: str) -> CslRecord:
    """A CslRecord from one API result; lists stay lists, objects become CslAddress/CslId."""
    fields = dict(result)
    key = str(fields.pop("id", None) or fields.pop("_id", None) or "").strip()
    fields.pop("_id", None)
    if not isinstance(fields.get("source"), str):
        raise SourceFormatError('no "source" text', path=path, record=where)
    lists = {name: _strings(fields.pop(name, None), path, where, name) for name in _LIST_FIELDS}
    record = CslRecord(
        key=key,
        source=fields.pop("source"),
        scalars={},
        programs=lists["programs"],
        alt_names=lists["alt_names"],
        countries=lists["citizenships"] + lists["nationalities"],
        birth_dates=lists["dates_of_birth"],
        birth_places=lists["places_of_birth"],
        addresses=[_address(a) for a in _objects(fields.pop("addresses", None), path, where)],
        ids=[_identifier(i) for i in _objects(fields.pop("ids", None), path, where)],
    )
    record.scalars = {name: "" if value is None else str(value) for name, value in fields.items()}
    return record


_LIST_FIELDS = ("programs", "alt_names", "citizenships", "nationalities", "dates_of_birth", "places_of_birth")


def _strings(value: Any, path: str, where: str, name: str) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourceFormatError(f"{name!r} must be a list of strings", path=path, record=where)
    return [v for v in value if v.strip()]


def _objects(value: Any, path: str, where: str) -> list[dict[str, Any]]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise SourceFormatError("addresses and ids must be lists of objects", path=path, record=where)
    return value


def _address(value: dict[str, Any]) -> CslAddress:
    parts = [str(value[p]).strip() for p in ADDRESS_PARTS if value.get(p)]
    country = str(value.get("country") or "").strip()
    if country and not COUNTRY_CODE.fullmatch(country):
        return CslAddress(", ".join([*parts, country]))  # a country name, not a code: keep it as text
    return CslAddress(", ".join(parts), country or None)


def _identifier(value: dict[str, Any]) -> CslId:
    return CslId(
        kind=str(value.get("type") or ""),
        value=str(value.get("number") or ""),
        country=(value.get("country") or None),
    )


LOADER = CslJsonLoader
