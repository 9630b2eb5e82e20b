"""`sanctiongraph serve`: a read-only local explorer and a SPARQL 1.1 Protocol endpoint.

Starlette (with uvicorn) rather than FastAPI: the site is a handful of read-only pages and one
protocol endpoint whose request and response formats are fixed by the W3C, so FastAPI's
pydantic models and generated OpenAPI would add dependencies without adding anything; Starlette
is the small ASGI toolkit FastAPI itself is built on.

Every page has a JSON twin (same path + `.json`). Report pages are the reports of
sanctiongraph.reports rendered to HTML with links and a small hand-written script that lets a
reader click a node of the relation graph to expand it (no CDN, nothing third-party).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from functools import partial
from html import escape
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs, quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from sanctiongraph.errors import NotFoundError, QueryError, SanctiongraphError
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.web import negotiation
from sanctiongraph.web.reader import SnapshotReader
from sanctiongraph.web.sparql import Limits, QueryTimeout, is_update

KGR = "https://w3id.org/sanctiongraph/id/"


@dataclass
class Settings:
    """Limits of the SPARQL endpoint: seconds per query, rows per answer, queries at once (processes)."""

    timeout: float = 20.0
    max_results: int = 10_000
    workers: int = 2


@dataclass
class _State:
    store: GraphStore
    settings: Settings
    running: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    names: Any = None
    names_size: int = -1
    pool: Any = None  # the SPARQL worker processes (sanctiongraph.web.workers), started at the first query
    reopening: threading.Lock = field(default_factory=threading.Lock)

    def current(self) -> GraphStore:
        """The store a request reads: checked against the newest published snapshot on every
        request (one directory listing, tens of microseconds), so a load is visible at the next
        request rather than after a polling interval; a request keeps the store it started with."""
        store = self.store
        if isinstance(store, SnapshotReader) and store.is_stale():
            with self.reopening:  # one reopen for the requests that noticed at once
                if self.store is store:
                    self.store = store.reopened()
        return self.store

    def query_pool(self) -> Any:
        from sanctiongraph.web.workers import QueryPool

        with self.lock:
            if self.pool is None:
                self.pool = QueryPool(self.store, self.settings.workers)
            return self.pool

    def close(self) -> None:
        with self.lock:
            pool, self.pool = self.pool, None
        if pool is not None:
            pool.close()


def create_app(store: GraphStore, settings: Settings | None = None) -> Starlette:
    """The ASGI application over one store."""
    settings = settings or Settings()
    state = _State(store, settings)
    routes = [
        Route("/", partial(home, state)),
        Route("/search", partial(search, state)),
        Route("/search.json", partial(search, state)),
        Route("/firm", partial(firm_page, state)),
        Route("/firm.json", partial(firm_page, state)),
        Route("/pair", partial(pair_page, state)),
        Route("/pair.json", partial(pair_page, state)),
        Route("/list", partial(list_page, state)),
        Route("/list.json", partial(list_page, state)),
        Route("/article", partial(article_page, state)),
        Route("/article.json", partial(article_page, state)),
        Route("/neighbours.json", partial(neighbours, state)),
        Route("/queries", partial(queries_page, state)),
        Route("/queries.json", partial(queries_page, state)),
        Route("/queries/{name}.rq", partial(bound_query, state)),
        Route("/sparql", partial(sparql_endpoint, state), methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=str(files("sanctiongraph.web").joinpath("static"))), name="static"),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(state.close)  # the SPARQL worker processes end with the server

    app = Starlette(routes=routes, exception_handlers={SanctiongraphError: _error}, lifespan=lifespan)
    app.state.sanctiongraph = state
    return app


async def _error(request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, NotFoundError) else 400
    # An ambiguous name comes with candidates (the lookup's AmbiguousName): a numbered list to pick from.
    candidates = [
        {"iri": str(c.entity), "name": c.label, "kind": getattr(c, "kind", ""),
         "lists": list(getattr(c, "lists", ())), "countries": list(getattr(c, "countries", ()))}
        for c in getattr(exc, "candidates", None) or []
    ]  # fmt: skip
    if request.url.path.endswith(".json"):
        return JSONResponse({"error": str(exc).splitlines()[0], "candidates": candidates}, status_code=status)
    items = "".join(
        f"<li><a href='{link_for(c['iri'])}'>{escape(c['name'])}</a> <span class='muted'>{escape(c['kind'])}"
        f"{'; lists: ' + escape(', '.join(c['lists'])) if c['lists'] else ''}"
        f"{'; countries: ' + escape(', '.join(c['countries'])) if c['countries'] else ''}</span></li>"
        for c in candidates
    )
    body = f"<p class='error'>{escape(str(exc).splitlines()[0])}</p>" + (
        f"<ol id='candidates'>{items}</ol>" if items else ""
    )
    return HTMLResponse(_page("Which one?" if items else "Error", body), status_code=status)


# pages ----------------------------------------------------------------------------------


def link_for(iri: str) -> str:
    """Where the explorer shows an entity: lists and documents have their own pages."""
    if iri.startswith(KGR + "list/"):
        return "/list?key=" + quote(iri[len(KGR) + 5 :], safe="")
    if iri.startswith(KGR + "doc/"):
        return "/article?iri=" + quote(iri, safe="")
    return "/firm?iri=" + quote(iri, safe="")


_STYLE = """body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#1d1d1f}
nav{display:flex;gap:1rem;align-items:center;border-bottom:1px solid #ccc;padding-bottom:.5rem;margin-bottom:1rem}
nav a{text-decoration:none} table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f3f3} textarea{width:100%;font-family:monospace} .error{color:#b3261e} .muted{color:#666}"""


def _nav() -> str:
    return (
        "<nav><a href='/'><b>sanctiongraph</b></a><form action='/search' method='get' role='search'>"
        "<input type='search' name='q' placeholder='Firm name or alias' aria-label='search' id='search-box'>"
        "<button type='submit'>Search</button></form><a href='/queries'>SPARQL</a></nav>"
    )


def _page(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body>{_nav()}<h1>{escape(title)}</h1>{body}"
        "<script src='/static/explorer.js'></script></body></html>"
    )


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def _report_response(request: Request, report: Any) -> Response:
    if _wants_json(request):
        return JSONResponse(report.to_dict())
    from sanctiongraph.reports import html

    text = html.render(report, link_for=link_for)
    # The report file is self-contained; in the explorer it also gets navigation and the script.
    text = text.replace("<body>", "<body>" + _nav(), 1).replace(
        "</body>", f"<script>window.SUBJECT={_js_string(report.subject.get('iri', ''))};</script>"
        "<script src='/static/explorer.js'></script></body>", 1
    )  # fmt: skip
    return HTMLResponse(text)


def _js_string(text: str) -> str:
    import json

    return json.dumps(text).replace("<", "\\u003c")


async def home(state: _State, request: Request) -> Response:
    from sanctiongraph.reports import common, status

    store = await run_in_threadpool(state.current)
    releases = await run_in_threadpool(status.latest_releases, store)
    articles = await run_in_threadpool(
        store.select,
        common.PREFIXES
        + """SELECT ?doc ?title ?issued ?publisher ?file WHERE { ?doc kg:documentKind "article" .
        OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:issued ?issued }
        OPTIONAL { ?doc kg:publisherName ?publisher } OPTIONAL { ?doc kg:sourcePath ?file } } ORDER BY ?issued""",
    )
    items = "".join(
        f"<li><a href='{link_for(r.list)}'>{escape(r.name)}</a> <span class='muted'>latest release "
        f"{escape(r.issued or 'undated: retrieved ' + (r.retrieved or '?')[:10])}</span></li>"
        for r in sorted(releases.values(), key=lambda r: r.name)
    )
    docs = "".join(
        f"<li><a href='{link_for(str(a['doc']))}'>{escape(_article_label(a))}</a> "
        f"<span class='muted'>{escape(str(a['issued'] or ''))}</span></li>"
        for a in articles
    )
    body = (
        "<p>Search a firm by name or alias above, open a list or an article, or ask the "
        "<a href='/queries'>SPARQL endpoint</a>.</p>"
        f"<h2>Lists</h2><ul>{items or '<li>no list loaded</li>'}</ul>"
        f"<h2>Articles</h2><ul>{docs or '<li>none</li>'}</ul>"
    )
    return HTMLResponse(_page("sanctiongraph explorer", body))


def _article_label(row: dict[str, Any]) -> str:
    """An article's title; without one, its publisher and file name rather than a hash IRI."""
    if row.get("title"):
        return str(row["title"])
    named = [str(row[k]) for k in ("publisher", "file") if row.get(k)]
    return ": ".join(named) or str(row["doc"])


_SEARCHED = ("firm", "person", "vessel", "aircraft")


def _search(state: _State, text: str) -> list[dict[str, str]]:
    """Firms whose name or alias contains the words typed, as whole words (the lookup's comparison key)."""
    from sanctiongraph.graph.names import NameIndex, name_key

    store = state.current()
    with state.lock:
        # The set of named graphs changes with every load; len(store) would count every quad.
        signature = hash(tuple(store.graph_names()))
        if state.names is None or state.names_size != signature:
            state.names, state.names_size = NameIndex.from_store(store), signature
        index = state.names
    words = name_key(text).split()
    if not words:
        return []
    keyed = [(entry, f" {name_key(entry.label)} ") for entry in index.entries if entry.kind in _SEARCHED]
    # Whole words first: "Xiaomi" must not find "ZHANG, Xiaoming". Only when no name has the
    # words typed are they read as the start of words, the last one cut short ("Hikv").
    whole, start = f" {' '.join(words)} ", f" {' '.join(words)}"
    matched = [entry for entry, key in keyed if whole in key] or [entry for entry, key in keyed if start in key]
    found: dict[str, dict[str, str]] = {}
    for entry in matched:
        found.setdefault(str(entry.entity), {"iri": str(entry.entity), "name": entry.label,
                                             "kind": entry.kind, "matched": entry.label})  # fmt: skip
    for entry in index.entries:  # show each hit by its name even when an alias matched
        hit = found.get(str(entry.entity))
        if hit is not None and entry.via == "name":
            hit["name"] = entry.label
    ranked = sorted(found.values(), key=lambda h: (len(h["matched"]), h["name"]))[:300]
    return _by_entity(store, ranked)[:100]


def _by_entity(store: GraphStore, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One hit per firm: records that entity resolution joined stand for their cluster (as the
    lookup of every command does), so a firm on three lists is one line, not three."""
    if not hits:
        return []
    records = " ".join(f"<{h['iri']}>" for h in hits)
    rows = store.select_ox(
        "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#> SELECT ?record ?cluster WHERE "
        f"{{ VALUES ?record {{ {records} }} ?record kg:canonical ?cluster }}"
    )
    cluster_of = {r["record"].value: r["cluster"].value for r in rows}
    grouped: dict[str, dict[str, Any]] = {}
    for hit in hits:  # best first: a cluster is named after its best-matching record
        iri = cluster_of.get(hit["iri"], hit["iri"])
        grouped.setdefault(iri, {**hit, "iri": iri, "records": 0})["records"] += 1
    return list(grouped.values())


async def search(state: _State, request: Request) -> Response:
    text = request.query_params.get("q", "")
    hits = await run_in_threadpool(_search, state, text)
    if _wants_json(request):
        return JSONResponse({"query": text, "results": hits})
    rows = "".join(
        f"<li><a href='{link_for(h['iri'])}'>{escape(h['name'])}</a> <span class='muted'>{escape(h['kind'])}"
        f"{' — matched ' + escape(h['matched']) if h['matched'] != h['name'] else ''}"
        f"{'; ' + str(h['records']) + ' records joined' if h['records'] > 1 else ''}</span></li>"
        for h in hits
    )
    return HTMLResponse(_page(f"Search: {text}", f"<ul id='results'>{rows or '<li>nothing found</li>'}</ul>"))


def _match(store: GraphStore, request: Request, name: str) -> Any:
    """The one lookup every command uses; the match says when the name found is not the one given."""
    from sanctiongraph.analysis.lookup import match_entity

    given = request.query_params.get(name) or ""
    if not given:
        raise QueryError(f"give ?{name}=IRI or name")
    return match_entity(store, given)


def _entity(store: GraphStore, request: Request, name: str) -> Any:
    return _match(store, request, name).entity


def _firm_report(state: _State, request: Request) -> Any:
    from sanctiongraph.reports import firm

    store = state.current()
    match = _match(store, request, "iri")
    report = firm.build(store, match.entity)
    report.summary[:0] = [match.notice] if match.notice else []
    return report


async def firm_page(state: _State, request: Request) -> Response:
    report = await run_in_threadpool(_firm_report, state, request)
    return _report_response(request, report)


async def pair_page(state: _State, request: Request) -> Response:
    from sanctiongraph.reports import pair

    store = await run_in_threadpool(state.current)
    report = await run_in_threadpool(
        lambda: pair.build(store, _entity(store, request, "a"), _entity(store, request, "b"))
    )
    return _report_response(request, report)


async def list_page(state: _State, request: Request) -> Response:
    from sanctiongraph.reports import listing

    key = request.query_params.get("key") or ""
    on = request.query_params.get("on")
    try:
        day = dt.date.fromisoformat(on) if on else None
    except ValueError:
        raise QueryError(f"on must be a date like 2021-01-14, not {on!r}") from None
    store = await run_in_threadpool(state.current)
    report = await run_in_threadpool(listing.build, store, key, on=day)
    return _report_response(request, report)


async def article_page(state: _State, request: Request) -> Response:
    from sanctiongraph.reports import article

    iri = request.query_params.get("iri") or ""
    if "://" not in iri:
        raise QueryError("give ?iri=DOCUMENT-IRI")
    store = await run_in_threadpool(state.current)
    report = await run_in_threadpool(lambda: article.build(store, article.document_of(store, iri)))
    return _report_response(request, report)


async def neighbours(state: _State, request: Request) -> Response:
    """The relations of one node, for the graph's click-to-expand."""
    from sanctiongraph.reports import relations

    store = await run_in_threadpool(state.current)
    node = await run_in_threadpool(_entity, store, request, "iri")
    hops = await run_in_threadpool(relations.neighbours, store, node)
    return JSONResponse(
        {
            "iri": str(node),
            "edges": [
                {"source": h.source, "source_name": h.source_name, "target": h.target, "target_name": h.target_name,
                 "kind": h.kind, "directed": h.directed, "is_claim": h.is_claim,
                 "documents": [e.document for e in h.evidence]}
                for h in hops
            ],
        }
    )  # fmt: skip


async def queries_page(state: _State, request: Request) -> Response:
    from sanctiongraph.queries import named_queries

    named = named_queries("sparql")
    if _wants_json(request):
        return JSONResponse(
            [{"name": q.name, "title": q.title, "description": q.description,
              "params": [{"name": p.name, "kind": p.kind, "description": p.description} for p in q.params]}
             for q in named.values()]
        )  # fmt: skip
    options = "".join(f"<option value='{escape(n)}'>{escape(q.title or n)}</option>" for n, q in named.items())
    body = (
        "<p>Choose a named query (its parameters accept names or IRIs) or write SPARQL; results come from "
        "<code>/sparql</code>, the SPARQL 1.1 Protocol endpoint (GET or POST; JSON, XML, CSV, TSV by Accept).</p>"
        f"<form id='named-form'><select id='named' name='name'><option value=''>— named queries —</option>{options}"
        "</select><span id='params'></span><button type='submit' id='use-named'>Use this query</button></form>"
        "<form id='sparql-form' method='post' action='/sparql'><textarea id='query' name='query' rows='12'>"
        "PREFIX kg: &lt;https://w3id.org/sanctiongraph/ontology#&gt;\nSELECT ?firm ?name WHERE { ?firm a kg:Company ; "
        "kg:name ?name } LIMIT 20</textarea><button type='submit' id='run'>Run</button></form>"
        "<p id='status' class='muted'></p><div id='results'></div>"
    )
    return HTMLResponse(_page("SPARQL", body))


async def bound_query(state: _State, request: Request) -> Response:
    """A named query's text with its parameters bound (names looked up as `query` does)."""
    from sanctiongraph.analysis.lookup import find_entity
    from sanctiongraph.graph.store import bind_parameters
    from sanctiongraph.queries import get_query

    query = get_query(request.path_params["name"])
    values = {p.name: request.query_params[p.name] for p in query.params if request.query_params.get(p.name)}
    for p in query.params:
        if p.kind == "iri" and p.name in values and "://" not in values[p.name]:
            store = await run_in_threadpool(state.current)
            values[p.name] = str(await run_in_threadpool(find_entity, store, values[p.name]))
    text = bind_parameters(query.text, query.bind(values)) if values or not query.params else query.text
    return PlainTextResponse(text, media_type="application/sparql-query")


# the SPARQL endpoint ----------------------------------------------------------------------


async def _query_text(request: Request) -> tuple[str | None, str | None]:
    """(query, update) from a GET or a POST (form-encoded or a direct application/sparql-query body)."""
    if request.method == "GET":
        return request.query_params.get("query"), request.query_params.get("update")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-query":
        return (await request.body()).decode("utf-8"), None
    if content_type == "application/sparql-update":
        return None, (await request.body()).decode("utf-8")
    if content_type not in ("", "application/x-www-form-urlencoded"):
        raise QueryError(
            f"POST a query as application/x-www-form-urlencoded or application/sparql-query, not {content_type}"
        )
    # Parsed here rather than with request.form(), which needs python-multipart for nothing more.
    form = parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True)
    query, update = form.get("query"), form.get("update")
    return (query[0] if query else None), (update[0] if update else None)


async def sparql_endpoint(state: _State, request: Request) -> Response:
    query, update = await _query_text(request)
    if update is not None or (query is not None and is_update(query)):
        return PlainTextResponse("SPARQL Update is refused: this endpoint is read-only\n", status_code=403)
    if query is None:
        if "text/html" in request.headers.get("accept", ""):
            return RedirectResponse("/queries")
        return PlainTextResponse("give a query (GET ?query= or POST)\n", status_code=400)
    params = request.query_params
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        return PlainTextResponse(
            "default-graph-uri and named-graph-uri are not supported: the default graph is the union of all "
            "graphs; use GRAPH in the query\n",
            status_code=400,
        )
    form = negotiation.query_form(query)
    asked = params.get("format") or params.get("output")
    fmt = negotiation.choose(form, request.headers.get("accept"), asked)
    if fmt is None:
        return PlainTextResponse("none of the accepted media types can be produced\n", status_code=406)
    settings = state.settings
    with state.lock:
        if state.running >= settings.workers * 32:  # queued beyond this, answers could not come in time
            return PlainTextResponse("too many queries running; try again\n", status_code=503)
        state.running += 1
    limits = Limits(timeout=settings.timeout, max_results=settings.max_results)
    try:
        pool = await run_in_threadpool(state.query_pool)
        answer = await pool.run(query, fmt, limits)
    except QueryTimeout as exc:
        return PlainTextResponse(f"{exc}\n", status_code=503)
    except QueryError as exc:
        return PlainTextResponse(f"{exc}\n", status_code=400)
    finally:
        _done(state)
    headers = {"X-Result-Rows": str(answer.rows)}
    if answer.truncated:
        headers["X-Result-Truncated"] = f"capped at {settings.max_results}"
    media = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith("text/") else "")
    return Response(answer.body, media_type=media, headers=headers)


def _done(state: _State) -> None:
    with state.lock:
        state.running -= 1
