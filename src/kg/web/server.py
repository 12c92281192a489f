"""``kg serve``: the graph over HTTP — SPARQL 1.1 Protocol at /sparql, a page for every minted IRI
(content-negotiated: HTML, Turtle, JSON-LD, N-Triples) and the saved queries (Starlette + Jinja2).

The server only ever reads a snapshot of the store (kg.web.snapshot), so a ``kg build`` can write
the store meanwhile; protocol queries run in killable worker processes (kg.web.sparql).
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.namespaces import BASE, PREFIXES
from kg.web import data, pages
from kg.web.render import STATIC_DIR, ArticleTexts, Links
from kg.web.snapshot import StoreSnapshots
from kg.web.sparql import GRAPH_TYPES, RESULTS_PREFERENCE, QueryFailed, QueryPool, Task, negotiate

MAX_REQUEST_BYTES = 1_000_000
HTML_TYPES = ["text/html", "application/xhtml+xml"]
RDF_FORMATS = {"turtle": "text/turtle", "jsonld": "application/ld+json",
               "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml"}
SECURITY_HEADERS = {
    # Article text is untrusted: even if something slipped past escaping, no script of its own runs.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
EXAMPLE_QUERY = """PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>

# Who claims the most?
SELECT ?claimant ?label (COUNT(?claim) AS ?claims) WHERE {
  ?claim a kg:Claim ; kg:assertedBy ?claimant .
  ?claimant rdfs:label ?label .
}
GROUP BY ?claimant ?label
ORDER BY DESC(?claims) ?label
LIMIT 20
"""


@dataclass(frozen=True)
class ServeConfig:
    store: Path
    articles: Path | None = Path("data/articles")
    query_timeout_s: float = 5.0
    max_result_bytes: int = 10_000_000
    workers: int = 2


class PageCache:
    """Rendered pages of the newest snapshot, least recently used dropped past ``max_bytes``.
    A page depends only on the snapshot it was read from (the caller does not cache pages that
    show article files, which change without the store); a new snapshot empties the cache."""

    def __init__(self, max_bytes: int = 64_000_000):
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._snapshot: str | None = None
        self._pages: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0

    def get(self, snapshot: str, key: str) -> str | None:
        with self._lock:
            if snapshot != self._snapshot or key not in self._pages:
                return None
            self._pages.move_to_end(key)
            return self._pages[key]

    def put(self, snapshot: str, key: str, page: str) -> None:
        with self._lock:
            if snapshot != self._snapshot:
                self._snapshot, self._pages, self._bytes = snapshot, OrderedDict(), 0
            if key in self._pages or len(page) > self.max_bytes:
                return
            self._pages[key] = page
            self._bytes += len(page)
            while self._bytes > self.max_bytes:
                self._bytes -= len(self._pages.popitem(last=False)[1])


CACHED_KINDS = {"actor", "topic", "event", "resource"}  # claim and article pages show article files


class _State:
    def __init__(self, config: ServeConfig):
        self.config = config
        self.snapshots = StoreSnapshots(config.store)
        self.pool: QueryPool | None = None  # started with the app, so tests can build it cheaply
        self.texts = ArticleTexts(config.articles)
        self.home_cache: tuple[str, str] | None = None  # (snapshot folder, page)
        self.pages = PageCache()

    @contextlib.contextmanager
    def store(self):
        snap = self.snapshots.acquire()
        try:
            yield snap
        finally:
            self.snapshots.release(snap)

    def start_workers(self) -> None:
        if self.pool is None:
            self.pool = QueryPool(self.config.workers, self.config.query_timeout_s)

    def run(self, kind: str, task_query: str, accept: str | None, extra: str | None = None,
            default_graphs=(), named_graphs=()):
        self.start_workers()
        with self.store() as snap:
            task = Task(str(snap.path), task_query, accept, self.config.max_result_bytes,
                        tuple(default_graphs), tuple(named_graphs))
            return self.pool.run(kind, task, extra)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self.snapshots.close()


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers={**SECURITY_HEADERS, "Vary": "Accept"})


def _text(message: str, status: int) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status, headers=SECURITY_HEADERS)


def _wants_html(request: Request) -> bool:
    offered = [RDF_FORMATS["turtle"]] + HTML_TYPES
    return negotiate(request.headers.get("accept"), offered) in HTML_TYPES


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_html(request):
        return _html(pages.render("error.html", Links(), status=status, message=message), status)
    return _text(message, status)


# -- pages ---------------------------------------------------------------------------------
def home(request: Request) -> Response:
    """Lists every article, actor and topic: rendered once per snapshot (it changes only with it)."""
    st: _State = request.app.state.kg
    with st.store() as snap:
        cached = st.home_cache
        if cached is None or cached[0] != str(snap.path):
            cached = (str(snap.path), pages.home(snap.store, Links(), stats=_stats(snap.store), server=True))
            st.home_cache = cached
        return _html(cached[1])


def _stats(store) -> dict:
    rows = data.select(store, """SELECT
      (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?c) AS ?claims) (COUNT(DISTINCT ?e) AS ?events)
      WHERE { { ?a a kg:Article } UNION { ?c a kg:Claim } UNION { ?e kg:trigger ?t } }""")[0]
    actors = data.select(store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH <%s> { ?x rdfs:label ?l } }"
                         % (BASE + "graph/entities"))[0]["n"]
    return {**rows, "actors": actors, "triples": len(store)}


def resource(request: Request) -> Response:
    """/id/... and /topic/...: the page (HTML) or the description (RDF) of the minted IRI."""
    st: _State = request.app.state.kg
    path = request.url.path.lstrip("/")
    iri = BASE + path
    try:
        ox.NamedNode(iri)
    except ValueError:
        return _not_found(request, None)
    media = _media(request, "this resource")
    if isinstance(media, Response):
        return media
    with st.store() as snap:
        kind = data.kind_of(snap.store, iri)
        if kind is None:
            return _not_found(request, iri)
        if media in HTML_TYPES:
            if kind not in CACHED_KINDS:
                return _html(pages.entity_page(snap.store, iri, kind, Links(), st.texts))
            page = st.pages.get(str(snap.path), iri)
            if page is None:
                page = pages.entity_page(snap.store, iri, kind, Links(), st.texts)
                st.pages.put(str(snap.path), iri, page)
            return _html(page)
        triples = data.describe(snap.store, iri)
    body = ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_TYPES[media]), prefixes=PREFIXES)
    return Response(body, media_type=media, headers={**SECURITY_HEADERS, "Vary": "Accept"})


def _media(request: Request, what: str) -> "str | Response":
    """The media type to answer with (``?format=`` first, else the Accept header), or the
    error response: 400 for an unknown format, 406 when nothing acceptable is offered."""
    fmt = request.query_params.get("format")
    if fmt is not None and fmt not in RDF_FORMATS:
        return _error(request, 400, f"format: '{fmt}' is not one of {', '.join(RDF_FORMATS)}")
    media = RDF_FORMATS[fmt] if fmt else negotiate(request.headers.get("accept"),
                                                   HTML_TYPES[:1] + list(GRAPH_TYPES) + HTML_TYPES[1:])
    if media is None:
        return _text(f"{what} is available as text/html, " + ", ".join(GRAPH_TYPES), 406)
    return media


def ontology(request: Request) -> Response:
    """/ontology: the kg: terms as a page (``#Term`` anchors) or the ontology graph as RDF."""
    st: _State = request.app.state.kg
    media = _media(request, "the ontology")
    if isinstance(media, Response):
        return media
    with st.store() as snap:
        if media in HTML_TYPES:
            return _html(pages.render("ontology.html", Links(), terms=data.ontology_terms(snap.store)))
        triples = data.ontology_triples(snap.store)
    body = ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_TYPES[media]), prefixes=PREFIXES)
    return Response(body, media_type=media, headers={**SECURITY_HEADERS, "Vary": "Accept"})


def _not_found(request: Request, iri: str | None) -> Response:
    if _wants_html(request):
        return _html(pages.not_found(Links(), iri, request.url.path), 404)
    return _text(f"not found: {iri or request.url.path}", 404)


# -- saved queries -------------------------------------------------------------------------
def queries_index(request: Request) -> Response:
    from kg.queries import list_queries

    return _html(pages.render("queries.html", Links(), queries=list_queries()))


def saved_query(request: Request) -> Response:
    """/queries/NAME (form + table), /queries/NAME.csv and .json (downloads)."""
    from kg.errors import QueryError
    from kg.queries import find_query, list_queries

    st: _State = request.app.state.kg
    name = request.path_params["name"]
    fmt = None
    for ext in ("csv", "json", "tsv"):
        if name.endswith("." + ext):
            name, fmt = name[: -len(ext) - 1], ext
    known = {q.name: q for q in list_queries()}
    if name not in known:
        return _not_found(request, None)
    q = find_query(name)
    given = {p.name: request.query_params[p.name] for p in q.params
             if request.query_params.get(p.name, "") != ""}
    values = {p.name: given.get(p.name, p.default or "") for p in q.params}
    runnable = all(values[p.name] for p in q.params)
    def bound() -> tuple[str, list]:
        """Topic/actor values resolved as `kg query` resolves them (kg.resolve_params)."""
        from kg.queries import QueryResult
        from kg.resolve_params import bind_resolved

        def lookup(text: str) -> QueryResult:
            return QueryResult(json_bytes=json.dumps(st.run("saved", text, None, extra="rows")).encode())

        return bind_resolved(q, given, lookup)

    if fmt is not None:
        try:
            text, _ = bound()
            body = st.run("saved", text, None, extra=fmt)
        except QueryError as exc:
            return _text(str(exc), 400)
        except QueryFailed as exc:
            return _text(exc.message, exc.status)
        media = {"csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
                 "json": "application/sparql-results+json"}[fmt]
        return Response(body, media_type=media, headers={
            **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
    result, error, status, notes = None, None, 200, []
    if runnable and (request.query_params.get("run") or not q.params or len(given) == 0):
        try:
            text, resolutions = bound()
            notes = [r.note() for r in resolutions]
            result = _result_view(st.run("saved", text, None, extra="rows"))
        except QueryError as exc:
            error, status = str(exc), 400
        except QueryFailed as exc:
            error, status = exc.message, exc.status
    query_string = urlencode(given)
    suffix = f"?{query_string}" if query_string else ""
    return _html(pages.render("query.html", Links(), q=q, values=values, result=result, error=error, notes=notes,
                              csv_href=f"/queries/{name}.csv{suffix}",
                              json_href=f"/queries/{name}.json{suffix}"), status)


def _result_view(results_json: dict) -> dict:
    return {"data": results_json, "vars": results_json.get("head", {}).get("vars", []),
            "rows": results_json.get("results", {}).get("bindings", [])}


# -- SPARQL 1.1 Protocol -------------------------------------------------------------------
async def sparql(request: Request) -> Response:
    st: _State = request.app.state.kg
    params = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if len(body) > MAX_REQUEST_BYTES:
            return _text(f"request body over {MAX_REQUEST_BYTES} bytes", 413)
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                return _text("the form is not UTF-8", 400)
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            try:
                params.setdefault("query", []).append(body.decode("utf-8"))
            except UnicodeDecodeError:
                return _text("the query is not UTF-8", 400)
        elif ctype == "application/sparql-update":
            return _read_only()
        else:
            return _text("POST needs Content-Type application/x-www-form-urlencoded or "
                         "application/sparql-query", 415)
    if "update" in params:
        return _read_only()
    queries = params.get("query", [])
    accept = request.headers.get("accept")
    if not queries:
        if request.method == "GET" and _wants_html(request):
            return _html(pages.render("sparql.html", Links(), endpoint="/sparql", example=EXAMPLE_QUERY,
                                      timeout=f"{st.config.query_timeout_s:g}",
                                      max_bytes=st.config.max_result_bytes))
        return _text("no query: send ?query=... (GET), a 'query' form field or an "
                     "application/sparql-query body (POST)", 400)
    if len(queries) > 1:
        return _text("more than one 'query' parameter", 400)
    html = negotiate(accept, RESULTS_PREFERENCE + list(GRAPH_TYPES) + ["text/html"]) == "text/html"
    worker_accept = "application/sparql-results+json, text/turtle;q=0.9" if html else accept
    try:
        media, body = await _in_thread(st.run, "protocol", queries[0], worker_accept, None,
                                       params.get("default-graph-uri", []),
                                       params.get("named-graph-uri", []))
    except QueryFailed as exc:
        return _error(request, exc.status, exc.message)
    if html:
        import json

        is_rdf = media == "text/turtle"
        return _html(pages.render("results.html", Links(), query=queries[0],
                                  data=None if is_rdf else json.loads(body),
                                  rdf=body.decode("utf-8") if is_rdf else None))
    if media.startswith("text/") and "charset" not in media:
        media += "; charset=utf-8"
    return Response(body, media_type=media, headers={**SECURITY_HEADERS, "Vary": "Accept"})


async def _in_thread(fn, *args):
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args)


def _read_only() -> Response:
    return _text("this endpoint is read-only: SPARQL Update is refused (change the store with "
                 "kg build or kg load)", 403)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 404:
        return _not_found(request, None)
    return _error(request, exc.status_code, str(exc.detail))


# -- the app -------------------------------------------------------------------------------
def create_app(config: ServeConfig) -> Starlette:
    """The ASGI app; opens the store snapshot at once, so a missing store fails before serving."""
    state = _State(config)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        state.start_workers()  # spawned before the first request, not during it
        try:
            yield
        finally:
            state.close()

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", queries_index),
        Route("/queries/", lambda r: RedirectResponse("/queries")),
        Route("/queries/{name}", saved_query),
        Route("/ontology", ontology),
        Route("/id/{rest:path}", resource),
        Route("/topic/{rest:path}", resource),
        Mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: _http_error})
    app.state.kg = state
    return app


def serve(config: ServeConfig, host: str, port: int, echo=print) -> None:
    """Run until interrupted (Ctrl-C). The socket is bound here, so a port in use is one clear
    error before anything starts."""
    import ipaddress
    import socket

    import uvicorn

    from kg.errors import KGError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise KGError(f"--host {host}: not an address of this machine ({exc.strerror})") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise KGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    app = create_app(config)
    bound = sock.getsockname()[1]
    try:
        loopback = ipaddress.ip_address(address[0]).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        echo(f"Note: listening on {host}: other machines on the network can read the graph")
    echo(f"serving {config.store} at http://{_url_host(host)}:{bound}/ (SPARQL: /sparql); Ctrl-C to stop")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    server.run(sockets=[sock])


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
