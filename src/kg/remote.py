"""Remote SPARQL 1.1 servers: push through the Graph Store Protocol, query through the Protocol.

Only the standard library speaks HTTP here (urllib), so ``kg query --endpoint`` costs no extra
dependency. Every failure becomes one :class:`EndpointError` line naming the URL.

Named graphs: our saved queries read the default graph, and the embedded store's default graph
is the union of its named graphs. On a server, :func:`query_endpoint` first checks whether the
server's default graph already is that union (GraphDB, Virtuoso, Neptune; Fuseki with
``unionDefaultGraph``; ``oxigraph serve --union-default-graph``): a triple sampled from one of our
graphs must be visible without ``GRAPH``. If it is, the query goes as is (fast). If not, the
query names the dataset with the standard Protocol parameters: one ``default-graph-uri`` per
graph under our namespace, so the default graph is their merge, which equals the union because no
triple is stored in two graphs (docs/design.md). That is exact on any conforming server, but
slow on big stores (Oxigraph evaluates each pattern against each listed graph): docs/servers.md
says how to switch the union on.
"""

from __future__ import annotations

import base64
import http.client
import os
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from kg.errors import EndpointError, first_line
from kg.namespaces import GRAPH_NS
from kg.queries import QueryResult

GRAPH_NAMESPACE = GRAPH_NS  # https://w3id.org/newskg/graph/
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
# SELECT/ASK answer in results JSON, CONSTRUCT/DESCRIBE in N-Triples; the rest is a fallback
# for servers with other preferences, converted with pyoxigraph.
QUERY_ACCEPT = (f"{RESULTS_JSON}, {N_TRIPLES};q=0.9, application/sparql-results+xml;q=0.8, "
                "text/turtle;q=0.7, application/rdf+xml;q=0.5")
# GRAPH ?g {} enumerates the dataset's named graphs without reading their triples.
LIST_GRAPHS_QUERY = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{}} FILTER(STRSTARTS(STR(?g), "{GRAPH_NAMESPACE}")) }}'
SAMPLE_QUERY = ("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NAMESPACE}") && isIRI(?s) && isIRI(?o)) }} LIMIT 1')
USER_AGENT = "kg-news (SPARQL 1.1 Protocol client)"


@dataclass(frozen=True)
class _Response:
    status: int
    content_type: str
    body: bytes


# -- HTTP ----------------------------------------------------------------------------------
def credentials() -> tuple[str, str] | str | None:
    """(user, password) for basic/digest, a bearer token, or None: from the environment only."""
    user = os.environ.get("KG_SPARQL_USER")
    password = os.environ.get("KG_SPARQL_PASSWORD")
    token = os.environ.get("KG_SPARQL_TOKEN")
    if token and (user or password):
        raise EndpointError("set either KG_SPARQL_TOKEN or KG_SPARQL_USER + KG_SPARQL_PASSWORD, not both")
    if token:
        return token
    if user or password:
        if not (user and password):
            missing = "KG_SPARQL_PASSWORD" if user else "KG_SPARQL_USER"
            raise EndpointError(f"basic authentication needs KG_SPARQL_USER and KG_SPARQL_PASSWORD; {missing} is not set")
        return user, password
    return None


def _check_url(endpoint: str) -> None:
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"{endpoint}: not an http(s) URL (e.g. http://localhost:7878/store)")


def _with_params(endpoint: str, params: list[tuple[str, str]] | str) -> str:
    query = params if isinstance(params, str) else urllib.parse.urlencode(params)
    return endpoint + ("&" if "?" in endpoint else "?") + query


def _request(method: str, url: str, *, where: str, body=None,
             headers: dict[str, str], timeout: float) -> _Response:
    """One HTTP exchange; any failure is an EndpointError that starts with ``where``."""
    req = urllib.request.Request(url, data=body, method=method,
                                 headers={"User-Agent": USER_AGENT, **headers})
    handlers = []
    creds = credentials()
    if isinstance(creds, str):
        req.add_unredirected_header("Authorization", f"Bearer {creds}")
    elif creds:
        # Basic up front (one round trip); a server that challenges for Digest instead
        # (Virtuoso's *-auth endpoints, Fuseki --auth=digest) gets it from urllib's handler.
        user, password = creds
        token = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
        req.add_unredirected_header("Authorization", f"Basic {token}")
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
    try:
        with urllib.request.build_opener(*handlers).open(req, timeout=timeout) as resp:
            return _Response(resp.status, resp.headers.get("Content-Type", ""), resp.read())
    except urllib.error.HTTPError as exc:
        try:
            text = exc.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            text = ""
        line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        if len(line) > 200:
            line = line[:197] + "..."
        reason = f" {exc.reason}" if exc.reason else ""
        hint = ""
        if exc.code in (401, 403):
            hint = " (credentials come from KG_SPARQL_USER + KG_SPARQL_PASSWORD or KG_SPARQL_TOKEN)"
        raise EndpointError(f"{where}: HTTP {exc.code}{reason}" + (f": {line}" if line else "") + hint) from None
    except urllib.error.URLError as exc:
        raise EndpointError(f"{where}: {_network_problem(exc.reason, timeout)}") from None
    except (TimeoutError, socket.timeout) as exc:
        raise EndpointError(f"{where}: {_network_problem(exc, timeout)}") from None
    except (OSError, http.client.HTTPException) as exc:
        raise EndpointError(f"{where}: {_network_problem(exc, timeout)}") from None


def _network_problem(reason, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} s (timed out; try a larger --timeout)"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({getattr(reason, 'reason', None) or reason})"
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve host ({reason.strerror or reason})"
    if isinstance(reason, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(reason, OSError) and reason.strerror:
        return f"cannot connect ({reason.strerror})"
    return f"cannot connect ({first_line(reason)})"


# -- push (Graph Store HTTP Protocol) ------------------------------------------------------
def push(store, endpoint: str, *, graph: str | None, graph_per_article: bool, timeout: float) -> str:
    """Upload the store to a Graph Store Protocol endpoint; a summary line.

    * ``graph_per_article`` (default): ``PUT endpoint?graph=G`` per named graph of the store,
      so the server ends up with the same named graphs (each PUT replaces that graph only);
    * ``graph``: every triple (set union of the graphs) into that one named graph;
    * neither: every triple into the server's default graph (``PUT endpoint?default``).

    The graphs go in sorted order; a failure names how many (and which) were already pushed.
    """
    _check_url(endpoint)
    if graph is not None:
        _check_graph_iri(graph)
    started = time.monotonic()
    if graph is not None or not graph_per_article:
        import mmap
        import tempfile

        from kg.rdfio.write import export

        target = [("graph", graph)] if graph is not None else "default"
        label = f"<{graph}>" if graph is not None else "the default graph"
        # The merged export streams into a temporary file, sent from a memory map of it: memory
        # stays bounded by the biggest graph, and a Digest retry can send the body again.
        with tempfile.TemporaryFile() as fh:
            export(store, "ntriples", fh)
            fh.flush()
            size = fh.tell()
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else None
            try:
                body = memoryview(mapped) if mapped is not None else b""
                n = sum(mapped[i:i + (1 << 20)].count(b"\n") for i in range(0, size, 1 << 20))
                _request("PUT", _with_params(endpoint, target), where=f"{endpoint} ({label})", body=body,
                         headers={"Content-Type": N_TRIPLES}, timeout=timeout)
            finally:
                if mapped is not None:
                    body.release()
                    mapped.close()
        return f"pushed {n} triples into {label} of {endpoint} in {time.monotonic() - started:.1f} s"

    graphs = store.graphs()
    pushed: list[str] = []
    triples = 0
    for g in graphs:
        body = store.graph_ntriples(g)
        where = endpoint if not pushed else f"{endpoint} (graph <{g}>)"
        try:
            _put(endpoint, [("graph", g)], body, where=where, timeout=timeout)
        except EndpointError as exc:
            if not pushed:
                raise
            raise EndpointError(f"{exc}; {_pushed_so_far(pushed, len(graphs))}") from None
        pushed.append(g)
        triples += body.count("\n")
    return (f"pushed {len(pushed)} graphs ({triples} triples) to {endpoint} "
            f"in {time.monotonic() - started:.1f} s")


def _put(endpoint: str, target, body: str, *, where: str, timeout: float) -> None:
    _request("PUT", _with_params(endpoint, target), where=where, body=body.encode("utf-8"),
             headers={"Content-Type": N_TRIPLES}, timeout=timeout)


def _pushed_so_far(pushed: list[str], total: int) -> str:
    """Which graphs made it: all of them when few, else the sorted range (one line)."""
    if len(pushed) <= 3:
        which = ", ".join(f"<{g}>" for g in pushed)
    else:
        which = f"the first {len(pushed)} in sorted order, <{pushed[0]}> to <{pushed[-1]}>"
    return f"{len(pushed)} of {total} graphs were pushed before the failure ({which}); run kg push again to finish"


def _check_graph_iri(graph: str) -> None:
    if not urllib.parse.urlsplit(graph).scheme or any(c in graph for c in ' <>"{}|^`\\'):
        raise EndpointError(f"--graph: '{graph}' is not an absolute IRI")


# -- query (SPARQL 1.1 Protocol) -----------------------------------------------------------
def query_endpoint(endpoint: str, text: str, *, timeout: float = 60.0) -> QueryResult:
    """Run a query on a SPARQL 1.1 Protocol endpoint; the rows are those of the embedded store.

    The default graph is the server's own when that is already the union of its named graphs,
    else the dataset of every graph under ``GRAPH_NAMESPACE`` (see the module docstring). A
    server with none of our graphs (e.g. after ``kg push --graph OTHER``) is queried as is.
    """
    _check_url(endpoint)
    return _post_query(endpoint, text, query_dataset(endpoint, timeout=timeout), timeout=timeout)


def query_dataset(endpoint: str, *, timeout: float = 60.0) -> list[tuple[str, str]]:
    """The Protocol parameters that make the query's default graph the union of our graphs:
    none when the server's default graph already is (or holds none of our data)."""
    sample = _post_query(endpoint, SAMPLE_QUERY, [], timeout=timeout).rows()
    if not sample or not all(sample[0].get(v) for v in ("s", "p", "o")):
        return []
    s, p, o = (sample[0][v] for v in ("s", "p", "o"))
    visible = _post_query(endpoint, f"ASK {{ <{s}> <{p}> <{o}> }}", [], timeout=timeout)
    if visible.data.get("boolean") is True:
        return []
    return [("default-graph-uri", g) for g in remote_graphs(endpoint, timeout=timeout)]


def remote_graphs(endpoint: str, *, timeout: float = 60.0) -> list[str]:
    """The named graphs the server holds under our graph namespace, sorted."""
    res = _post_query(endpoint, LIST_GRAPHS_QUERY, [], timeout=timeout)
    return sorted({row["g"] for row in res.rows() if row.get("g")})


def _post_query(endpoint: str, text: str, dataset: list[tuple[str, str]], *, timeout: float) -> QueryResult:
    form = urllib.parse.urlencode([("query", text), *dataset]).encode("utf-8")
    resp = _request("POST", endpoint, where=endpoint, body=form, timeout=timeout, headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Accept": QUERY_ACCEPT,
    })
    return _to_result(endpoint, resp)


def _to_result(endpoint: str, resp: _Response) -> QueryResult:
    """Results JSON as is; other result or RDF formats converted like the embedded store's."""
    import pyoxigraph as ox

    media = resp.content_type.split(";", 1)[0].strip().lower()
    if media in (RESULTS_JSON, "application/json"):
        return QueryResult(json_bytes=resp.body)
    results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
    rdf_format = ox.RdfFormat.from_media_type(media) if media else None
    try:
        if results_format is not None:
            parsed = ox.parse_query_results(resp.body, format=results_format)
            if isinstance(parsed, ox.QueryBoolean):
                return QueryResult(json_bytes=(b'{"head":{},"boolean":%s}' % str(bool(parsed)).lower().encode()))
            return QueryResult(json_bytes=parsed.serialize(format=ox.QueryResultsFormat.JSON))
        if rdf_format is not None:
            lines = sorted({str(ox.Triple(q.subject, q.predicate, q.object)) + " ."
                            for q in ox.parse(resp.body, format=rdf_format)})
            return QueryResult(graph_nt="\n".join(lines) + ("\n" if lines else ""))
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(f"{endpoint}: the server's {media} answer does not parse ({first_line(exc)})") from None
    raise EndpointError(f"{endpoint}: unexpected answer of type '{media or 'none'}' "
                        "(is this the SPARQL query URL, e.g. http://localhost:7878/query?)")
