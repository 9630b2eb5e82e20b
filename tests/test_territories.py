"""Country names to codes: the table kept between processes answers as rigour itself does."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from rigour.territories import lookup_territory
from rigour.territories.lookup import _load_territory_names

from sanctiongraph import territories
from sanctiongraph.territories import cache_path, territory_code

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "official"


def rigour_code(text: str) -> str | None:
    found = lookup_territory(text)
    return found.code if found is not None else None


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test starts with an empty cache folder and nothing memoised in this process."""
    monkeypatch.setenv(territories.CACHE_ENV, str(tmp_path / "cache"))
    territories._codes_by_name.cache_clear()
    territory_code.cache_clear()
    yield tmp_path / "cache"
    territories._codes_by_name.cache_clear()
    territory_code.cache_clear()


def every_name_rigour_knows() -> list[str]:
    names = set()
    for territory, strongs, weaks, places in _load_territory_names():
        names.update([*strongs, *weaks, *places, territory.code, territory.code.upper()])
    return sorted(names)


def test_every_name_rigour_knows_gets_rigours_code() -> None:
    names = every_name_rigour_knows()
    assert len(names) > 10_000
    assert [territory_code(n) for n in names] == [rigour_code(n) for n in names]


def test_the_table_is_kept_and_read_back_instead_of_rebuilt(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [*every_name_rigour_knows()[::50], "Korea, North", "Burma", "nowhere at all"]
    first = [territory_code(n) for n in names]
    assert cache_path().is_file()
    # Another process: nothing memoised, and rigour's table builder must not be needed.
    territories._codes_by_name.cache_clear()
    territory_code.cache_clear()

    def refuse() -> None:
        raise AssertionError("rigour's table was rebuilt although the cache file was there")

    monkeypatch.setattr(territories, "_get_territory_names", refuse)
    assert [territory_code(n) for n in names] == first == [rigour_code(n) for n in names]


@pytest.mark.parametrize("damage", ["", "{not json", "[1, 2]", '{"china": 3}'])
def test_a_damaged_cache_file_is_rebuilt(damage: str) -> None:
    path = cache_path()
    path.parent.mkdir(parents=True)
    path.write_text(damage, encoding="utf-8")
    assert territory_code("Korea, North") == rigour_code("Korea, North")
    assert json.loads(path.read_text(encoding="utf-8"))["korea north"] == rigour_code("Korea, North")


def test_an_unwritable_cache_folder_still_answers(own_cache: Path) -> None:
    own_cache.write_text("a file where the folder should be", encoding="utf-8")
    assert territory_code("Iran") == rigour_code("Iran")
    assert territory_code("Atlantis") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_text_gets_rigours_answer(text: str) -> None:
    assert territory_code(text) == rigour_code(text)


def shared_country_texts() -> set[str]:
    """Every country text of the OFAC legacy address files and of the UN list's nationalities
    and address countries, as the files write them."""
    texts: set[str] = set()
    for folder in sorted((SHARED / "ofac").glob("*_legacy_csv_*")):
        for path in folder.glob("add.csv"):
            with path.open(encoding="latin-1", newline="") as f:
                texts.update(row[4].strip() for row in csv.reader(f) if len(row) > 4)
    for path in sorted((SHARED / "un").glob("*.xml")):
        for _, element in etree.iterparse(str(path), tag=("VALUE", "COUNTRY")):
            parent = element.getparent()
            if element.tag == "COUNTRY" or (parent is not None and parent.tag == "NATIONALITY"):
                texts.add((element.text or "").strip())
    return {t for t in texts if t and t != "-0-"}


@pytest.mark.skipif(not (SHARED / "ofac").is_dir(), reason="../shared/data/official/ofac is absent")
def test_every_country_the_shared_lists_write_gets_rigours_code() -> None:
    texts = sorted(shared_country_texts())
    assert len(texts) > 100
    assert {t: territory_code(t) for t in texts} == {t: rigour_code(t) for t in texts}
