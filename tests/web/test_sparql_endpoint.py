"""The /sparql endpoint speaks the SPARQL 1.1 Protocol: tested with SPARQLWrapper as a real client."""

from __future__ import annotations

import csv
import io
import json
import threading
from pathlib import Path

import httpx
import pytest

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"

pytest.importorskip("SPARQLWrapper")
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper  # noqa: E402

COUNT = (
    "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> "
    "SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Designation ; "
    "kg:onList <https://w3id.org/sanctiongraph/id/list/us-dod-1237> }"
)
NAMES = (
    "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> "
    "SELECT ?firm ?name WHERE { ?firm a kg:Company ; kg:name ?name } ORDER BY ?name"
)


def _csv_rows() -> list[dict[str, str]]:
    with (DEMO / "dod_section_1237.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _client(server, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_gets_w3c_json(server) -> None:
    client = _client(server, JSON)
    client.setQuery(COUNT)
    answer = client.query().convert()
    assert answer["head"]["vars"] == ["n"]
    (binding,) = answer["results"]["bindings"]
    assert binding["n"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert int(binding["n"]["value"]) == len(_csv_rows())


def test_sparqlwrapper_gets_w3c_csv_by_post(server) -> None:
    client = _client(server, CSV)
    client.setMethod(POST)
    client.setQuery(NAMES)
    text = client.query().convert().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["name"] for r in rows} >= {r["name"] for r in _csv_rows()}
    assert text.splitlines()[0] == "firm,name"


def test_an_empty_result_still_has_its_header(server) -> None:
    client = _client(server, CSV)
    client.setQuery("SELECT ?nothing WHERE { ?nothing <https://example.org/none> ?x }")
    assert client.query().convert().decode("utf-8").splitlines() == ["nothing"]


def test_ask_is_a_boolean(server) -> None:
    client = _client(server, JSON)
    client.setQuery("ASK { ?s ?p ?o }")
    assert client.query().convert()["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "media", "marker"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
        ("text/tab-separated-values", "text/tab-separated-values", b"?firm\t?name"),
        ("text/csv", "text/csv", b"firm,name"),
    ],
)
def test_content_negotiation(server, accept: str, media: str, marker: bytes) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": NAMES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert marker in response.content


def test_construct_answers_in_rdf_formats(server) -> None:
    query = "CONSTRUCT { ?f <https://w3id.org/sanctiongraph/ontology#name> ?n } WHERE { ?f <https://w3id.org/sanctiongraph/ontology#acronym> ?a ; <https://w3id.org/sanctiongraph/ontology#name> ?n }"  # noqa: E501
    turtle = httpx.post(server.url + "/sparql", data={"query": query}, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    jsonld = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": "application/ld+json"})
    names = {v["@value"] for node in jsonld.json() for v in node["https://w3id.org/sanctiongraph/ontology#name"]}
    assert {r["name"] for r in _csv_rows() if r["acronym"]} <= names
    ntriples = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": "application/n-triples"})
    assert ntriples.text.count(" .\n") == sum(
        len(n["https://w3id.org/sanctiongraph/ontology#name"]) for n in jsonld.json()
    )


def test_update_is_refused(server, demo) -> None:
    before = len(demo)
    by_form = httpx.post(server.url + "/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    by_body = httpx.post(
        server.url + "/sparql",
        content="DELETE WHERE { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-update"},
    )
    disguised = httpx.post(server.url + "/sparql", data={"query": "PREFIX a: <urn:x> DELETE WHERE { ?s ?p ?o }"})
    assert (by_form.status_code, by_body.status_code, disguised.status_code) == (403, 403, 403)
    assert len(demo) == before


def test_results_are_capped(server) -> None:
    response = httpx.get(
        server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.headers["X-Result-Truncated"] == "capped at 1000"
    assert len(response.text.splitlines()) == 1 + 1000


def test_a_runaway_query_does_not_block_others(demo) -> None:
    # A cross product that streams its rows (10^10 of them, never finishing) is cut at the time
    # limit; one that sorts or aggregates them first cannot be interrupted (pyoxigraph has no
    # cancellation) and would hold its memory, so the test uses the streaming kind. The cap is
    # raised so that the time limit, not the row cap, ends it.
    from sanctiongraph.web.app import Settings, create_app

    from .conftest import Server

    runaway = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    outcome: dict[str, object] = {}
    settings = Settings(timeout=2.0, max_results=10**12, workers=2)
    with Server(create_app(demo, settings)) as server:

        def run_runaway() -> None:
            outcome["runaway"] = httpx.get(server.url + "/sparql", params={"query": runaway}, timeout=120)

        thread = threading.Thread(target=run_runaway)
        thread.start()
        quick = httpx.get(server.url + "/sparql", params={"query": COUNT}, headers={"Accept": "application/json"})
        answered_while_running = thread.is_alive()
        thread.join(timeout=120)
    assert quick.status_code == 200 and int(quick.json()["results"]["bindings"][0]["n"]["value"]) == len(_csv_rows())
    assert answered_while_running, "the quick query was answered while the runaway one was still running"
    assert outcome["runaway"].status_code == 503 and "time limit" in outcome["runaway"].text


def test_a_runaway_that_computes_before_its_first_row_is_stopped(tmp_path: Path) -> None:
    """A COUNT over a 4-way cross product computes 1.6e9 rows before it answers (flat memory, all
    CPU): nothing can interrupt it inside pyoxigraph, so its worker process is killed at the limit."""
    import pyoxigraph as ox

    from sanctiongraph.graph.store import GraphStore
    from sanctiongraph.web.app import Settings, create_app

    from .conftest import Server

    small = GraphStore(None)
    predicate = ox.NamedNode("https://example.org/p")
    small.oxigraph.extend(
        ox.Quad(ox.NamedNode(f"https://example.org/{i}"), predicate, ox.Literal(str(i))) for i in range(200)
    )
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    quick = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    outcome: dict[str, object] = {}
    app = create_app(small, Settings(timeout=2.0, max_results=1000, workers=2))
    state = app.state.sanctiongraph
    with Server(app) as server:

        def ask(key: str, query: str) -> None:
            outcome[key] = httpx.get(server.url + "/sparql", params={"query": query}, timeout=120)

        def count(response: httpx.Response) -> int:
            return int(response.json()["results"]["bindings"][0]["n"]["value"])

        thread = threading.Thread(target=ask, args=("runaway", runaway))
        thread.start()
        for _ in range(400):  # bounded wait until the runaway holds a worker
            if state.running:
                break
            threading.Event().wait(0.01)
        ask("quick", quick)
        answered_while_running = thread.is_alive()
        thread.join(timeout=120)
        # Two runaways take both workers; once they are stopped, the replaced workers answer.
        both = [threading.Thread(target=ask, args=(f"runaway{n}", runaway)) for n in range(2)]
        for t in both:
            t.start()
        for t in both:
            t.join(timeout=120)
        ask("after", quick)
    assert answered_while_running, "the quick query was answered while the runaway one was still running"
    assert outcome["quick"].status_code == 200 and count(outcome["quick"]) == 200
    runaway_answer = outcome["runaway"]
    assert runaway_answer.status_code == 503 and "time limit of 2 s" in runaway_answer.text
    assert [outcome[f"runaway{n}"].status_code for n in range(2)] == [503, 503]
    assert outcome["after"].status_code == 200 and count(outcome["after"]) == 200
    assert state.pool is None, "the server's shutdown stopped the worker processes"


def test_syntax_errors_are_400(server) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": "SELEKT"})
    assert response.status_code == 400 and "syntax" in response.text


def test_cli_sparql_writes_the_same_w3c_formats(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sanctiongraph.cli.main import app

    env = {"SANCTIONGRAPH_STORE": str(tmp_path / "store")}
    runner = CliRunner()
    assert runner.invoke(app, ["load", "dod-1237-csv", str(DEMO / "dod_section_1237.csv")], env=env).exit_code == 0
    answer = json.loads(runner.invoke(app, ["sparql", COUNT, "-f", "json"], env=env).stdout)
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(_csv_rows())
    xml = runner.invoke(app, ["sparql", COUNT, "-f", "xml", "-o", "-"], env=env).stdout
    assert "http://www.w3.org/2005/sparql-results#" in xml
    out = tmp_path / "names.tsv"
    assert runner.invoke(app, ["sparql", NAMES, "-f", "tsv", "-o", str(out)], env=env).exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "?firm\t?name"


def test_service_is_refused_and_nothing_goes_out(server) -> None:  # type: ignore[no-untyped-def]
    import http.server
    import threading

    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    remote = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=remote.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{remote.server_address[1]}/sparql"
        response = httpx.get(
            server.url + "/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"}
        )
    finally:
        remote.shutdown()
        remote.server_close()
    assert response.status_code == 400 and "SERVICE" in response.text
    assert hits == []
