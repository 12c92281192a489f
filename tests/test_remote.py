"""Push and query through the SPARQL 1.1 protocols: a real Oxigraph server gives the embedded rows.

The server is ``oxigraph serve`` (PyPI ``oxigraph``) on 127.0.0.1 and a free port, in a tmp dir;
it is always stopped in teardown. Failure paths use tiny local ``http.server``s.
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.errors import EndpointError
from kg.rdfio.write import export_text
from kg.queries import bind, find_query, list_queries, parse_header, run_on_graph, run_on_store
from kg.remote import push, query_dataset, query_endpoint, remote_graphs
from kg.store import KGStore
from tests.conftest import oxigraph_binary

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "articles"
SAVED = list_queries()

# Rows only when the default graph is the union: labels live in graph/entities, mentions in
# the article graphs. A server queried on its own default graph returns none.
CROSS_GRAPH_QUERY = """
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?actor ?label (COUNT(?m) AS ?mentions) WHERE {
  ?m kg:mentionOf ?actor . ?actor rdfs:label ?label .
} GROUP BY ?actor ?label ORDER BY ?actor ?label
"""
CONSTRUCT_QUERY = """
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?actor rdfs:label ?label } WHERE { ?m kg:mentionOf ?actor . ?actor rdfs:label ?label }
"""


def example_params(saved, store) -> dict[str, str]:
    """Values for parameters without a default, from the header's ``example`` or
    ``example_from: QUERY?var`` (the first row's ``var`` of QUERY with its defaults)."""
    values = {}
    for p in parse_header(saved.text, saved.path).get("params") or []:
        if p.get("default") is not None:
            continue
        if p.get("example") is not None:
            values[p["name"]] = str(p["example"])
        elif p.get("example_from"):
            source, _, var = str(p["example_from"]).partition("?")
            rows = run_on_store(store, bind(find_query(source))).rows()
            if rows and rows[0].get(var):
                values[p["name"]] = rows[0][var]
    return values


def _kg_command() -> list[str]:
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



# -- fixtures ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built_store_path(tmp_path_factory) -> Path:
    """The seed corpus through the real pipeline. SHACL is off: this module tests transport,
    and an article failing the shapes must not hide a protocol regression (tests of kg.validate do that)."""
    from kg.build import build

    path = tmp_path_factory.mktemp("remote") / "store"
    with KGStore(path) as store:
        report = build(SEEDS, store, validate=False)
    assert report.built, report.errors
    return path


@pytest.fixture(scope="module")
def store(built_store_path):
    with KGStore(built_store_path, read_only=True) as st:
        yield st


@contextlib.contextmanager
def oxigraph_serve(workdir: Path, *flags: str):
    """``oxigraph serve`` on a free port; yields the base URL; the process never outlives the block."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(workdir / "server.log", "wb")
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(workdir / "db"),
                             "--bind", f"127.0.0.1:{port}", *flags],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while True:
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {proc.returncode}: "
                            + (workdir / "server.log").read_text(errors="replace")[-500:])
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("oxigraph serve did not answer within 15 s")
            time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A stock server: its default graph is NOT the union of its named graphs."""
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="module")
def pushed(store, oxigraph_server):
    summary = push(store, f"{oxigraph_server}/store", graph=None, graph_per_article=True, timeout=30)
    return oxigraph_server, summary


@pytest.fixture(scope="module")
def export_graph(store) -> Graph:
    return Graph().parse(data=export_text(store, "turtle"), format="turtle")


# -- the same rows everywhere --------------------------------------------------------------
def test_push_keeps_every_named_graph(store, pushed):
    base, summary = pushed
    assert summary.startswith(f"pushed {len(store.graphs())} graphs ({len(store)} triples) to {base}/store")
    assert remote_graphs(f"{base}/query") == store.graphs()
    # nothing landed in the server's own default graph
    empty = query_endpoint(f"{base}/query", "ASK { ?s ?p ?o }")  # dataset: our graphs
    assert empty.data["boolean"] is True
    with urllib.request.urlopen(f"{base}/query?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", timeout=10) as r:
        assert b"false" in r.read()


@pytest.mark.parametrize("saved", SAVED, ids=[q.name for q in SAVED])
def test_saved_query_rows_match_store_export_and_server(saved, store, export_graph, pushed):
    base, _ = pushed
    text = bind(saved, example_params(saved, store))  # the header's defaults (or examples)
    embedded = run_on_store(store, text)
    remote = query_endpoint(f"{base}/query", text)
    exported = run_on_graph(export_graph, text)
    assert remote.variables == embedded.variables == exported.variables
    assert remote.rows() == embedded.rows()
    assert exported.rows() == embedded.rows()


def test_cross_graph_rows_need_the_dataset(store, export_graph, pushed):
    base, _ = pushed
    embedded = run_on_store(store, CROSS_GRAPH_QUERY).rows()
    assert len(embedded) > 5
    # a stock server's own default graph is empty: the rows come from the dataset kg sends
    assert query_dataset(f"{base}/query") == [("default-graph-uri", g) for g in store.graphs()]
    assert query_endpoint(f"{base}/query", CROSS_GRAPH_QUERY).rows() == embedded
    assert run_on_graph(export_graph, CROSS_GRAPH_QUERY).rows() == embedded


def test_union_default_graph_server_is_queried_as_is(store, tmp_path):
    """GraphDB, Virtuoso, Neptune and configured Fuseki/Oxigraph: no dataset, same rows."""
    with oxigraph_serve(tmp_path, "--union-default-graph") as base:
        push(store, f"{base}/store", graph=None, graph_per_article=True, timeout=30)
        assert query_dataset(f"{base}/query") == []
        for text in (CROSS_GRAPH_QUERY, bind(find_query("claims"))):
            assert query_endpoint(f"{base}/query", text).rows() == run_on_store(store, text).rows()


def test_construct_comes_back_as_sorted_ntriples(store, pushed):
    base, _ = pushed
    remote = query_endpoint(f"{base}/query", CONSTRUCT_QUERY)
    assert remote.json_bytes is None
    assert remote.graph_nt == run_on_store(store, CONSTRUCT_QUERY).graph_nt
    assert remote.graph_nt.count("\n") > 5


def test_cli_query_endpoint_prints_what_the_store_prints(built_store_path, pushed):
    base, _ = pushed
    saved = SAVED[0].name
    local = subprocess.run(_kg_command() + ["query", saved, "--store", str(built_store_path), "-f", "csv"],
                           capture_output=True, timeout=60, cwd=ROOT)
    remote = subprocess.run(_kg_command() + ["query", saved, "--endpoint", f"{base}/query", "-f", "csv"],
                            capture_output=True, timeout=60, cwd=ROOT)
    assert (remote.returncode, remote.stderr) == (0, b"")
    assert remote.stdout == local.stdout


def test_push_into_one_graph(store, oxigraph_server):
    target = "https://example.org/one-graph"
    summary = push(store, f"{oxigraph_server}/store", graph=target, graph_per_article=False, timeout=30)
    assert summary.startswith(f"pushed {len(store)} triples into <{target}>")
    req = urllib.request.Request(f"{oxigraph_server}/store?graph={target}", headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        remote = sorted({str(ox.Triple(q.subject, q.predicate, q.object))
                         for q in ox.parse(resp.read(), format=ox.RdfFormat.N_TRIPLES)})
    local = sorted({str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.quads()})
    assert len(remote) == len(local)  # blank node labels may differ, counts may not


# -- failures: one line, exit 2 ------------------------------------------------------------
def test_cli_push_to_unreachable_port_is_one_line_exit_2(built_store_path):
    port = _free_port()
    out = subprocess.run(_kg_command() + ["push", "--endpoint", f"http://127.0.0.1:{port}/store",
                                          "--store", str(built_store_path)],
                         capture_output=True, timeout=60, cwd=ROOT)
    assert out.returncode == 2
    assert out.stdout == b""
    assert out.stderr.decode() == f"Error: http://127.0.0.1:{port}/store: cannot connect (Connection refused)\n"


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with the server's ``reply`` and records what it was sent."""

    def _handle(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append((self.command, self.path, dict(self.headers), body))
        status, ctype, payload, delay, *extra = self.server.reply(len(self.server.seen))
        if delay:
            time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in (extra[0] if extra else {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = _handle

    def log_message(self, *args):
        pass


@pytest.fixture()
def fake_server():
    """A local HTTP server; set ``.reply = lambda n: (status, content_type, body, delay)``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.daemon_threads = True
    server.seen = []
    server.reply = lambda n: (204, "text/plain", b"", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture()
def small_store(tmp_path):
    """Five tiny named graphs, no spaCy."""
    with KGStore(tmp_path / "small") as st:
        for i in range(5):
            st.replace_graph(f"https://w3id.org/newskg/graph/article/a{i}",
                             f"<https://w3id.org/newskg/id/article/a{i}> <https://w3id.org/newskg/ontology#articleId> \"a{i}\" .")
        yield st


@pytest.fixture()
def no_credentials(monkeypatch):
    for var in ("KG_SPARQL_USER", "KG_SPARQL_PASSWORD", "KG_SPARQL_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def test_http_error_is_one_line_with_status_and_first_body_line(fake_server, small_store, no_credentials):
    fake_server.reply = lambda n: (500, "text/plain", b"\nstore is read-only\nat line 2\n", 0)
    with pytest.raises(EndpointError) as err:
        push(small_store, f"{fake_server.url}/store", graph=None, graph_per_article=True, timeout=5)
    assert str(err.value) == f"{fake_server.url}/store: HTTP 500 Internal Server Error: store is read-only"


def test_cli_http_error_is_one_line_exit_2(fake_server, small_store, no_credentials):
    fake_server.reply = lambda n: (403, "text/html", b"<html>\n<h1>Forbidden</h1>\n</html>\n", 0)
    path = small_store.path
    small_store.close()
    out = subprocess.run(_kg_command() + ["push", "--endpoint", f"{fake_server.url}/store", "--store", str(path)],
                         capture_output=True, timeout=60, cwd=ROOT)
    assert out.returncode == 2
    assert out.stderr.decode() == (f"Error: {fake_server.url}/store: HTTP 403 Forbidden: <html> (credentials "
                                   "come from KG_SPARQL_USER + KG_SPARQL_PASSWORD or KG_SPARQL_TOKEN)\n")


def test_push_failing_midway_says_which_graphs_were_pushed(fake_server, small_store, no_credentials):
    fake_server.reply = lambda n: (201, "text/plain", b"", 0) if n <= 2 else (503, "text/plain", b"busy", 0)
    with pytest.raises(EndpointError) as err:
        push(small_store, f"{fake_server.url}/store", graph=None, graph_per_article=True, timeout=5)
    g = "https://w3id.org/newskg/graph/article/a"
    assert str(err.value) == (
        f"{fake_server.url}/store (graph <{g}2>): HTTP 503 Service Unavailable: busy; "
        f"2 of 5 graphs were pushed before the failure (<{g}0>, <{g}1>); run kg push again to finish")
    assert "\n" not in str(err.value)


def test_timeout_is_one_line(fake_server, small_store, no_credentials):
    fake_server.reply = lambda n: (204, "text/plain", b"", 2)
    with pytest.raises(EndpointError) as err:
        push(small_store, f"{fake_server.url}/store", graph=None, graph_per_article=True, timeout=0.3)
    assert str(err.value) == (f"{fake_server.url}/store: no answer within 0.3 s "
                              "(timed out; try a larger --timeout)")


def test_push_request_shape(fake_server, small_store, no_credentials):
    push(small_store, f"{fake_server.url}/store", graph=None, graph_per_article=True, timeout=5)
    assert [(m, p) for m, p, _, _ in fake_server.seen] == [
        ("PUT", f"/store?graph=https%3A%2F%2Fw3id.org%2Fnewskg%2Fgraph%2Farticle%2Fa{i}") for i in range(5)]
    method, path, headers, body = fake_server.seen[0]
    assert headers["Content-Type"] == "application/n-triples"
    assert "Authorization" not in headers
    assert body.decode() == '<https://w3id.org/newskg/id/article/a0> <https://w3id.org/newskg/ontology#articleId> "a0" .\n'


def test_basic_auth_from_the_environment(fake_server, small_store, no_credentials):
    no_credentials.setenv("KG_SPARQL_USER", "editor")
    no_credentials.setenv("KG_SPARQL_PASSWORD", "s3cret:x")
    push(small_store, f"{fake_server.url}/store", graph="https://example.org/g", graph_per_article=False, timeout=5)
    assert fake_server.seen[0][2]["Authorization"] == "Basic ZWRpdG9yOnMzY3JldDp4"  # editor:s3cret:x


def test_digest_challenge_is_answered(fake_server, small_store, no_credentials):
    """Virtuoso's -auth endpoints and Fuseki --auth=digest answer Basic with a Digest challenge."""
    no_credentials.setenv("KG_SPARQL_USER", "editor")
    no_credentials.setenv("KG_SPARQL_PASSWORD", "pw")
    challenge = {"WWW-Authenticate": 'Digest realm="SPARQL", nonce="n0nce", qop="auth", algorithm="MD5"'}
    fake_server.reply = lambda n: (401, "text/plain", b"who?", 0, challenge) if n % 2 else (201, "text/plain", b"", 0)
    push(small_store, f"{fake_server.url}/store", graph="https://example.org/g", graph_per_article=False, timeout=5)
    first, second = (h["Authorization"] for _, _, h, _ in fake_server.seen)
    assert first.startswith("Basic ")
    assert second.startswith('Digest username="editor", realm="SPARQL", nonce="n0nce"')
    assert fake_server.seen[0][3] == fake_server.seen[1][3]  # the body was sent again


def test_bearer_token_from_the_environment_on_queries(fake_server, no_credentials):
    no_credentials.setenv("KG_SPARQL_TOKEN", "tok-123")
    g = b'"value":"https://w3id.org/newskg/graph/a"'
    answers = {
        1: b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://x/s"},'
           b'"p":{"type":"uri","value":"http://x/p"},"o":{"type":"uri","value":"http://x/o"}}]}}',
        2: b'{"head":{},"boolean":false}',  # the sampled triple is not in the default graph
        3: b'{"head":{"vars":["g"]},"results":{"bindings":[{"g":{"type":"uri",' + g + b'}}]}}',
        4: b'{"head":{"vars":["s"]},"results":{"bindings":[]}}',
    }
    fake_server.reply = lambda n: (200, "application/sparql-results+json", answers[n], 0)
    query_endpoint(f"{fake_server.url}/sparql", "SELECT * WHERE { ?s ?p ?o }", timeout=5)
    assert [h["Authorization"] for _, _, h, _ in fake_server.seen] == ["Bearer tok-123"] * 4
    assert b"ASK" in fake_server.seen[1][3]
    # the query names our graph as the default graph, with the query text unchanged
    _, _, headers, body = fake_server.seen[3]
    assert headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert headers["Accept"].startswith("application/sparql-results+json")
    assert body == (b"query=SELECT+%2A+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D"
                    b"&default-graph-uri=https%3A%2F%2Fw3id.org%2Fnewskg%2Fgraph%2Fa")


def test_half_configured_credentials_are_an_error(fake_server, small_store, no_credentials):
    no_credentials.setenv("KG_SPARQL_USER", "editor")
    with pytest.raises(EndpointError, match="KG_SPARQL_PASSWORD is not set"):
        push(small_store, f"{fake_server.url}/store", graph=None, graph_per_article=True, timeout=5)
    assert fake_server.seen == []


def test_not_a_url():
    with pytest.raises(EndpointError, match="not an http"):
        query_endpoint("localhost:7878/query", "ASK {}")
