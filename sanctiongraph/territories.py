"""Country names to ISO codes through rigour, with rigour's table of names kept between processes.

rigour's `lookup_territory` builds, on first use in each process, a table of its ~29 k
territory names in their normalised form; normalising means transliterating each to ASCII,
and that cost ~1.6 s CPU in every `load` that meets a country name (SDN, CSL, UN, ...). The
table depends on rigour's data alone, so it is kept as a small file in the user's cache
(as `resolution/places.py` keeps its city words), per rigour version, and read back in
milliseconds. A lookup runs rigour's own identifier lookup and name normalisation, then this
table: the same answer as `lookup_territory` (tests/test_territories.py checks every name
rigour knows and every country the shared lists write).
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path

from rigour.territories.lookup import _get_territory_names, lookup_by_identifier
from rigour.territories.util import normalize_territory_name

CACHE_ENV = "XDG_CACHE_HOME"


def cache_path() -> Path:
    """Where the table is kept: the user's cache folder, one file per rigour version."""
    folder = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache") / "sanctiongraph"
    return folder / f"territory-names-rigour-{version('rigour')}.json"


@cache
def _codes_by_name() -> dict[str, str]:
    """rigour's normalised territory names and the code of each, from the cache file if it is
    there and readable, else from rigour (then written for the next process)."""
    path = cache_path()
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(table, dict) and table and all(isinstance(v, str) for v in table.values()):
            return table
    except (OSError, ValueError):
        pass
    # rigour's private table builder: its public lookup offers no other way to the whole table.
    table = {name: territory.code for name, territory in _get_territory_names().items()}
    _write(path, table)
    return table


def _write(path: Path, table: dict[str, str]) -> None:
    """Write the table whole or not at all (a rename), so a reader never finds half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as out:
            json.dump(table, out, ensure_ascii=False, sort_keys=True)
        os.replace(out.name, path)
    except OSError:  # a read-only home: rigour's table is built in each process, as before
        return


@cache
def territory_code(text: str) -> str | None:
    """The code rigour gives a country name or code ('Korea, North' -> 'kp'), or None.

    Equal to `rigour.territories.lookup_territory(text).code` (not fuzzy)."""
    territory = lookup_by_identifier(text)
    if territory is not None:
        return territory.code
    return _codes_by_name().get(normalize_territory_name(text))
