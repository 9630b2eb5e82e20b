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


def _word_cases() -> tuple[str, set[str], set[str]]:
    """A word that is a whole word of some demo names and only the start of a longer word in
    others ("aero": Aero Engine..., Aerospace...), with both sets of names (from the CSV)."""
    from sanctiongraph.graph.names import name_key

    names = [r["name"] for r in _rows()]
    for word in sorted({w for n in names for w in name_key(n).split() if len(w) >= 4}):
        whole = {n for n in names if word in name_key(n).split()}
        longer = {n for n in names if n not in whole and any(w.startswith(word) for w in name_key(n).split())}
        if whole and longer:
            return word, whole, longer
    raise AssertionError("the demo list has no such word")


def test_search_matches_whole_words_and_starts_of_words_only_when_none_match(server) -> None:
    word, whole, longer = _word_cases()
    hits = {h["name"] for h in httpx.get(server.url + "/search.json", params={"q": word}).json()["results"]}
    assert whole <= hits and not hits & longer  # "Xiaomi" must not find "ZHANG, Xiaoming"
    cut = next(w for n in sorted(longer) for w in n.lower().split() if w.startswith(word))[:-1]
    started = {h["name"] for h in httpx.get(server.url + "/search.json", params={"q": cut}).json()["results"]}
    assert longer & started  # typing a word not yet finished still finds it


def test_search_shows_a_resolved_firm_once_by_its_cluster() -> None:
    from sanctiongraph.graph.ingest import load_paths
    from sanctiongraph.resolution import run_resolution
    from sanctiongraph.web.app import Settings, create_app
    from tests.web.conftest import Server, demo_store

    store = demo_store()
    load_paths(store, "dod-1260h-csv", [DEMO / "dod_1260h_excerpt.csv"])
    run_resolution(store)
    joined = store.select(
        "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> "
        "SELECT ?record ?cluster ?name WHERE { ?record kg:canonical ?cluster ; kg:name ?name }"
    )
    merged = [r for r in joined if sum(o["cluster"] == r["cluster"] for o in joined) > 1]
    assert merged, "resolution joined no demo records: nothing to test"
    row = merged[0]
    records = {str(r["record"]) for r in merged if r["cluster"] == row["cluster"]}
    with Server(create_app(store, Settings(workers=1))) as running:
        hits = httpx.get(running.url + "/search.json", params={"q": str(row["name"])}).json()["results"]
    iris = [h["iri"] for h in hits]
    assert str(row["cluster"]) in iris and not records & set(iris) and len(iris) == len(set(iris))
