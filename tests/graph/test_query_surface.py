"""The SPARQL surface stays local: SERVICE refused unless opted in; bad parameters are clear errors."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest
from rdflib import Literal, URIRef

from sanctiongraph.errors import QueryError
from sanctiongraph.graph.store import GraphStore, uses_service
from sanctiongraph.ontology import KG, KGR


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    """A local SPARQL 'endpoint' that records every request (and answers 500)."""
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "form",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "ASK {{ SERVICE\n<{url}> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_and_nothing_goes_out(memory_store: GraphStore, endpoint: str, form: str) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        memory_store.query(form.format(url=endpoint))
    assert _Recorder.hits == []


def test_service_in_an_update_is_refused(memory_store: GraphStore, endpoint: str) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        memory_store.drop_graphs(
            [URIRef("urn:x> } ; INSERT { GRAPH <urn:y> { ?s ?p ?o } } WHERE { SERVICE <" + endpoint)]
        )
    assert _Recorder.hits == []


def test_opting_in_lets_service_through_and_a_failure_is_a_query_error(endpoint: str) -> None:
    store = GraphStore(None, allow_service=True)
    with pytest.raises(QueryError):
        store.select(f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}")
    assert _Recorder.hits  # it really went out


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service WHERE { ?service <http://ex.org/p> "SERVICE" }  # SERVICE <x>',
        "PREFIX service: <http://ex.org/> SELECT * WHERE { service:a ?p ?o }",
        "SELECT * WHERE { ?s <http://ex.org/SERVICE> ?o }",
    ],
)
def test_the_word_in_names_strings_and_comments_is_not_service(query: str) -> None:
    assert not uses_service(query)


def test_a_parameter_that_is_not_an_iri_is_a_query_error(memory_store: GraphStore) -> None:
    memory_store.replace_graphs({KGR["graph/t"]: [(KGR["company/a"], KG.name, Literal("A"))]})
    with pytest.raises(QueryError, match="parameter firm"):
        memory_store.select("SELECT ?n WHERE { ?firm ?p ?n }", {"firm": URIRef("http://ex.org/a b")})


def test_cli_query_with_a_bad_iri_is_one_line(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"SANCTIONGRAPH_STORE": str(tmp_path / "store")}
    result = run_cli(env, "query", "actions_by_firm", "--param", "firm=http://ex.org/a b")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error:" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_cli_sparql_refuses_service_by_default_in_every_format(run_cli, tmp_path, endpoint: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    env = {"SANCTIONGRAPH_STORE": str(tmp_path / "store")}
    result = run_cli(env, "sparql", "-f", fmt, f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "SERVICE" in result.stderr and "--allow-service" in result.stderr
    assert _Recorder.hits == []


@pytest.mark.parametrize(
    ("flag", "env_value"), [(["--allow-service"], None), ([], "1")], ids=["flag", "environment"]
)
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_cli_sparql_allow_service_lets_it_out(  # type: ignore[no-untyped-def]
    run_cli, tmp_path, endpoint: str, fmt: str, flag: list[str], env_value: str | None
) -> None:
    env = {"SANCTIONGRAPH_STORE": str(tmp_path / "store"), "SANCTIONGRAPH_ALLOW_SERVICE": env_value or "0"}
    result = run_cli(env, "sparql", *flag, "-f", fmt, f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}")
    assert _Recorder.hits  # it really went out; the endpoint answers 500, a clear error
    assert result.returncode == 1 and "Traceback" not in result.stderr
