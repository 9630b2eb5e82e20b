"""Explorer pages and their JSON twins, over HTTP from a real uvicorn server."""

from __future__ import annotations

import csv
from pathlib import Path

import httpx

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"


def _rows() -> list[dict[str, str]]:
    with (DEMO / "dod_section_1237.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_search_finds_names_and_aliases(server) -> None:
    by_name = httpx.get(server.url + "/search.json", params={"q": "Xiaomi"}).json()["results"]
    assert [h["name"] for h in by_name] == ["Xiaomi Corporation"]
    row = next(r for r in _rows() if r["acronym"])
    by_acronym = httpx.get(server.url + "/search.json", params={"q": row["acronym"]}).json()["results"]
    assert row["name"] in {h["name"] for h in by_acronym}


def test_every_page_has_a_json_twin(server) -> None:
    rows = _rows()
    xiaomi = next(r for r in rows if r["name"] == "Xiaomi Corporation")
    peer = next(r for r in rows if r["release_date"] == xiaomi["release_date"] and r["name"] != xiaomi["name"])
    firm = httpx.get(server.url + "/firm.json", params={"iri": "Xiaomi"}).json()
    assert firm["kind"] == "firm" and firm["subject"]["name"] == "Xiaomi Corporation"
    pair = httpx.get(server.url + "/pair.json", params={"a": xiaomi["name"], "b": peer["name"]}).json()
    assert pair["kind"] == "pair" and pair["subject"]["with"]["name"] == peer["name"]
    listing = httpx.get(server.url + "/list.json", params={"key": "us-dod-1237", "on": "2021-03-01"}).json()
    members = next(s for s in listing["sections"] if s["id"] == "members")["rows"]
    expected = [r for r in rows if r["release_date"] <= "2021-03-01" and not ("" < r["removal_date"] <= "2021-03-01")]
    assert len(members) == len(expected)
    doc = next(s["iri"] for s in firm["sources"] if s["kind"] == "article")
    article = httpx.get(server.url + "/article.json", params={"iri": doc}).json()
    assert article["kind"] == "article" and article["sources"][0]["iri"] == doc
    for path, params in (("/firm", {"iri": "Xiaomi"}), ("/list", {"key": "us-dod-1237"}), ("/article", {"iri": doc})):
        page = httpx.get(server.url + path, params=params)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "/static/explorer.js" in page.text and "https://cdn" not in page.text


def test_unknown_names_are_404_with_the_reason(server) -> None:
    page = httpx.get(server.url + "/firm.json", params={"iri": "Nobody Whatsoever Ltd"})
    assert page.status_code == 404 and "Nobody Whatsoever" in page.json()["error"]


def test_a_named_query_is_bound_by_name(server) -> None:
    text = httpx.get(server.url + "/queries/actions_by_firm.rq", params={"firm": "Xiaomi Corporation"}).text
    assert "xiaomi-corporation" in text and "?firm" not in text
    answer = httpx.post(server.url + "/sparql", data={"query": text}, headers={"Accept": "application/json"}).json()
    dates = {b["date"]["value"] for b in answer["results"]["bindings"] if "date" in b}
    xiaomi = next(r for r in _rows() if r["name"] == "Xiaomi Corporation")
    assert dates == {xiaomi["release_date"], xiaomi["removal_date"]}
