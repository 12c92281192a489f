"""kg serve as a client meets it: SPARQL 1.1 Protocol, content negotiation, limits, 404s, and
reading the store while a writer changes it."""

from __future__ import annotations

import json
import os
import time
import urllib.parse

import pyoxigraph as ox
import pytest

from kg import queries as q
from tests.conftest import run_kg
from tests.web_helpers import request, running_server

GRANO = "https://w3id.org/newskg/id/actor/simona-grano"
ARTICLE = "https://w3id.org/newskg/id/article/000_a75159b12b480dfb"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def server(seed_store_path):
    with running_server(seed_store_path, "--query-timeout", "20") as base:
        yield base


def _post_query(base: str, text: str, accept: str):
    return request(base + "/sparql", data=text.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-query", "Accept": accept})


def test_saved_query_over_the_protocol_gives_the_rows_of_kg_query(server, seed_store_path):
    text = q.bind(q.find_query("who-asserts-topic"), {"topic": "Taiwan"})
    cli = run_kg("query", "who-asserts-topic", "--param", "topic=Taiwan", "--store", str(seed_store_path),
                 "--format", "csv")
    assert cli.returncode == 0, cli.stderr
    by_post = _post_query(server, text, "text/csv")
    assert by_post.status == 200 and by_post.media == "text/csv"
    assert by_post.body == cli.stdout
    assert by_post.body.count(b"\n") == 3  # header + the two claimants of the README

    by_get = request(server + "/sparql?" + urllib.parse.urlencode({"query": text}),
                     headers={"Accept": "application/sparql-results+json"})
    cli_json = run_kg("query", "who-asserts-topic", "--param", "topic=Taiwan", "--store",
                      str(seed_store_path), "--format", "json")
    assert json.loads(by_get.body) == json.loads(cli_json.stdout)

    by_form = request(server + "/sparql", data=urllib.parse.urlencode({"query": text}).encode(),
                      headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"})
    assert by_form.body == cli.stdout


def test_download_links_of_the_queries_page_give_the_rows_of_kg_query(server, seed_store_path):
    cli = run_kg("query", "who-asserts-topic", "--param", "topic=Ukraine", "--store", str(seed_store_path),
                 "--format", "csv")
    r = request(server + "/queries/who-asserts-topic.csv?topic=Ukraine")
    assert r.status == 200 and r.body == cli.stdout
    page = request(server + "/queries/who-asserts-topic?topic=Ukraine&run=1", headers={"Accept": "text/html"})
    assert page.status == 200
    rows = cli.stdout.decode().count("\n") - 1
    assert rows > 0  # "Ukraine" resolves to the Russia-Ukraine war concept, as in kg query
    assert f"{rows} row(s)" in page.text
    assert "topic=Ukraine: topic Russia-Ukraine war (topic:ukraine-war)" in page.text
    assert 'href="/queries/who-asserts-topic.csv?topic=Ukraine"' in page.text


def test_a_parameter_with_choices_is_a_select_and_filters_like_kg_query(server, seed_store_path):
    page = request(server + "/queries/events-timeline", headers={"Accept": "text/html"})
    assert ('<select name="eventStatus"><option selected>any</option><option>reported</option>'
            '<option>scheduled</option></select>') in page.text
    cli = run_kg("query", "events-timeline", "--param", "eventStatus=scheduled", "--store", str(seed_store_path),
                 "--format", "csv")
    r = request(server + "/queries/events-timeline.csv?eventStatus=scheduled")
    assert r.status == 200 and r.body == cli.stdout and cli.stdout.count(b",scheduled,") == 4


def test_a_query_form_value_that_names_nothing_says_what_it_might_mean(server, seed_store_path):
    cli = run_kg("query", "who-asserts-topic", "--param", "topic=Ukrane", "--store", str(seed_store_path))
    assert cli.returncode == 2
    message = cli.stderr.decode().strip().removeprefix("Error: ")
    r = request(server + "/queries/who-asserts-topic.csv?topic=Ukrane")
    assert r.status == 400 and r.body.decode().strip() == message


@pytest.mark.parametrize("accept, media, fmt", [
    ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", "text/csv", None),
    ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("*/*", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
])
def test_result_formats_by_accept(server, accept, media, fmt):
    text = f"SELECT ?label WHERE {{ <{GRANO}> <{RDFS_LABEL}> ?label }}"
    r = _post_query(server, text, accept)
    assert r.status == 200 and r.media == media
    if fmt is None:  # Oxigraph does not parse CSV (lossy): compare the text
        assert r.text == "label\r\nSimona Grano\r\n"
        return
    rows = list(ox.parse_query_results(r.body, format=fmt))
    assert [row["label"].value for row in rows] == ["Simona Grano"]


def test_an_update_is_refused_and_changes_nothing(server):
    insert = f'INSERT DATA {{ <{GRANO}> <{RDFS_LABEL}> "Hacked" }}'
    message = ("this endpoint is read-only: SPARQL Update is refused (change the store with "
               "kg build or kg load)\n")
    r = request(server + "/sparql", data=urllib.parse.urlencode({"update": insert}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (r.status, r.text) == (403, message)
    r = request(server + "/sparql", data=insert.encode(), headers={"Content-Type": "application/sparql-update"})
    assert (r.status, r.text) == (403, message)
    r = _post_query(server, insert, "text/csv")  # an update sent as a query does not parse as one
    assert r.status == 400 and r.text.startswith("query does not parse: ")
    r = _post_query(server, f"SELECT ?l WHERE {{ <{GRANO}> <{RDFS_LABEL}> ?l }}", "text/csv")
    assert r.text == "l\r\nSimona Grano\r\n"


def test_a_malformed_query_is_a_400_with_the_parser_message(server):
    with pytest.raises(SyntaxError) as parser:
        ox.Store().query("SELECT ?x WHERE { ?x }")
    r = _post_query(server, "SELECT ?x WHERE { ?x }", "application/sparql-results+json")
    assert r.status == 400
    assert r.text == f"query does not parse: {str(parser.value).splitlines()[0]}\n"


def test_protocol_errors(server):
    assert request(server + "/sparql", headers={"Accept": "application/json"}).status == 400
    r = request(server + "/sparql", data=b"x", headers={"Content-Type": "text/plain"})
    assert r.status == 415
    both = urllib.parse.urlencode([("query", "ASK {}"), ("query", "ASK {}")])
    assert request(server + "/sparql?" + both).status == 400


@pytest.mark.parametrize("accept, media, fmt", [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
])
def test_an_iri_resolves_to_its_description_for_machines(server, seed_store_path, accept, media, fmt):
    r = request(server + "/id/actor/simona-grano", headers={"Accept": accept})
    assert r.status == 200 and r.media == media
    assert "Accept" in r.headers.get("vary", "")
    got = {(t.subject.value, t.predicate.value, str(t.object)) for t in ox.parse(r.body, format=fmt)}
    store = ox.Store.read_only(str(seed_store_path))
    own = {(GRANO, s["p"].value, str(s["o"])) for s in store.query(
        f"SELECT ?p ?o WHERE {{ <{GRANO}> ?p ?o }}", use_default_graph_as_union=True)}
    assert own and own <= got  # every triple about her ...
    affiliation = "https://w3id.org/newskg/id/actor/university-of-zurich"
    assert (affiliation, RDFS_LABEL, '"University of Zurich"') in got  # ... plus the labels she points to


def test_an_iri_resolves_to_html_for_a_browser(server):
    r = request(server + "/id/actor/simona-grano",
                headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.status == 200 and r.media == "text/html"
    assert "<h1>Simona Grano" in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    r = request(server + "/id/actor/simona-grano?format=turtle", headers={"Accept": "text/html"})
    assert r.media == "text/turtle"


def test_ontology_terms_resolve(server, seed_store_path):
    page = request(server + "/ontology", headers={"Accept": "text/html"})
    assert page.status == 200 and '<tr id="PhoneCall">' in page.text
    store = ox.Store.read_only(str(seed_store_path))
    call = next(iter(store.query("SELECT ?e WHERE { ?e a <https://w3id.org/newskg/ontology#PhoneCall> } "
                                 "ORDER BY ?e LIMIT 1", use_default_graph_as_union=True)))["e"].value
    event = request(server + call[len("https://w3id.org/newskg"):], headers={"Accept": "text/html"})
    assert 'href="/ontology#PhoneCall"' in event.text
    ttl = request(server + "/ontology", headers={"Accept": "text/turtle"})
    got = {(t.subject.value, t.predicate.value, str(t.object))
           for t in ox.parse(ttl.body, format=ox.RdfFormat.TURTLE)}
    kg = "https://w3id.org/newskg/ontology#"
    assert (kg + "PhoneCall", "http://www.w3.org/2000/01/rdf-schema#subClassOf", f"<{kg}Meeting>") in got


def test_planned_events_say_so_on_their_page_and_in_timelines(server, seed_store_path):
    store = ox.Store.read_only(str(seed_store_path))
    status = "<https://schema.org/eventStatus> <https://schema.org/EventScheduled>"
    planned = sorted(r["e"].value for r in store.query(f"SELECT DISTINCT ?e WHERE {{ ?e {status} }}",
                                                        use_default_graph_as_union=True))
    happened = next(iter(store.query(
        "SELECT ?e WHERE { ?e <https://w3id.org/newskg/ontology#trigger> ?t "
        f"FILTER NOT EXISTS {{ ?e {status} }} }} ORDER BY ?e LIMIT 1", use_default_graph_as_union=True)))["e"].value
    assert len(planned) == 2
    for iri in planned:
        page = request(server + iri[len("https://w3id.org/newskg"):], headers={"Accept": "text/html"})
        assert '<span class="badge">planned event</span>' in page.text
        assert "Reported as firmly planned, not as having happened" in page.text
    page = request(server + happened[len("https://w3id.org/newskg"):], headers={"Accept": "text/html"})
    assert '<span class="badge">event</span>' in page.text and "firmly planned" not in page.text
    putin = request(server + "/id/actor/vladimir-putin", headers={"Accept": "text/html"}).text
    assert putin.count('<span class="badge">planned</span>') >= 1


def test_topic_page_counts_claims_per_month(server, seed_store_path):
    import re
    from collections import Counter

    store = ox.Store.read_only(str(seed_store_path))
    months = Counter(str(r["d"].value)[:7] for r in store.query("""
        SELECT ?c ?d WHERE { ?c <https://w3id.org/newskg/ontology#about> <https://w3id.org/newskg/topic/taiwan> ;
                               <https://w3id.org/newskg/ontology#reportedIn> ?a .
                             ?a <https://schema.org/datePublished> ?d }""", use_default_graph_as_union=True))
    page = request(server + "/topic/taiwan", headers={"Accept": "text/html"}).text
    shown = re.findall(r'<tr><td class="date">([^<]+)</td><td>(\d+)</td>', page.split('id="timeline"')[1])
    assert {m: int(n) for m, n in shown} == dict(months)
    assert sum(months.values()) == 2  # the two Taiwan claims of the README


def test_unknown_iris_are_404(server):
    r = request(server + "/id/actor/nobody-at-all", headers={"Accept": "text/html"})
    assert r.status == 404 and r.media == "text/html"
    assert "https://w3id.org/newskg/id/actor/nobody-at-all" in r.text
    r = request(server + "/id/actor/nobody-at-all", headers={"Accept": "text/turtle"})
    assert (r.status, r.text) == (404, "not found: https://w3id.org/newskg/id/actor/nobody-at-all\n")
    assert request(server + "/no/such/page", headers={"Accept": "text/html"}).status == 404


def test_every_kind_of_page_answers(server, seed_store_path):
    store = ox.Store.read_only(str(seed_store_path))
    first = {}
    for kind, pattern in [("claim", "?x a <https://w3id.org/newskg/ontology#Claim>"),
                          ("event", "?x <https://w3id.org/newskg/ontology#trigger> ?t"),
                          ("span", "?x a <https://w3id.org/newskg/ontology#TextSpan>"),
                          ("mention", "?x a <https://w3id.org/newskg/ontology#Mention>")]:
        rows = list(store.query(f"SELECT ?x WHERE {{ {pattern} }} ORDER BY ?x LIMIT 1",
                                use_default_graph_as_union=True))
        first[kind] = rows[0]["x"].value
    for iri in [*first.values(), ARTICLE, "https://w3id.org/newskg/topic/taiwan"]:
        path = iri[len("https://w3id.org/newskg"):]
        r = request(server + path, headers={"Accept": "text/html"})
        assert r.status == 200, (path, r.status)
    home = request(server + "/", headers={"Accept": "text/html"})
    assert 'href="/id/actor/simona-grano"' in home.text


def test_the_query_editor_is_served_from_the_package(server):
    page = request(server + "/sparql", headers={"Accept": "text/html"})
    assert page.status == 200
    assert 'src="/static/vendor/yasgui/yasgui.min.js"' in page.text
    assert "http" not in page.text.split("<script", 1)[1].split(">", 1)[0]  # no CDN
    js = request(server + "/static/vendor/yasgui/yasgui.min.js")
    assert js.status == 200 and len(js.body) > 500_000


def test_limits_stop_a_runaway_query_and_a_huge_result(seed_store_path):
    with running_server(seed_store_path, "--query-timeout", "1", "--max-result-bytes", "2000",
                        "--workers", "1") as base:
        start = time.monotonic()
        slow = _post_query(base, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                           "text/csv")
        assert slow.status == 503
        assert slow.text == ("the query ran longer than the server's limit of 1 s (--query-timeout) "
                             "and was stopped\n")
        assert time.monotonic() - start < 15
        big = _post_query(base, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
        assert big.status == 413
        assert big.text.startswith("the result is larger than the server's limit of 2000 bytes")
        # the replacement worker answers the next query
        ok = _post_query(base, f"SELECT ?l WHERE {{ <{GRANO}> <{RDFS_LABEL}> ?l }}", "text/csv")
        assert (ok.status, ok.text) == (200, "l\r\nSimona Grano\r\n")


def test_the_server_reads_the_store_while_a_writer_changes_it(seed_store_path, tmp_path):
    import shutil

    from kg.store import KGStore

    store_path = tmp_path / "store"
    shutil.copytree(seed_store_path, store_path)
    marker = "https://w3id.org/newskg/graph/test-marker"
    ask = f"ASK {{ <{marker}> <{RDFS_LABEL}> ?l }}"
    with running_server(store_path) as base:
        assert _post_query(base, ask, "text/csv").text == "false"
        with KGStore(store_path) as writer:  # holds the writers' lock, as kg build does
            writer.replace_graph(marker, f'<{marker}> <{RDFS_LABEL}> "written while serving" .')
            time.sleep(1.2)
            # still answering, from the snapshot taken before the write
            assert _post_query(base, ask, "text/csv").text == "false"
        time.sleep(1.2)
        _post_query(base, ask, "text/csv")  # the first request after the check interval refreshes
        assert _post_query(base, ask, "text/csv").text == "true"
    with KGStore(store_path, read_only=True) as st:  # the store is intact
        assert st.stats().articles == 5


def test_a_browser_form_gets_an_html_table(server):
    r = request(server + "/sparql", data=urllib.parse.urlencode(
        {"query": f"SELECT ?l WHERE {{ <{GRANO}> <{RDFS_LABEL}> ?l }}"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.status == 200 and r.media == "text/html"
    assert "<p>1 row(s)</p>" in r.text and "<td>Simona Grano</td>" in r.text


def test_a_killed_servers_snapshot_is_removed_by_the_next(seed_store_path, tmp_path):
    import shutil

    from kg.web.snapshot import StoreSnapshots

    store = tmp_path / "store"
    shutil.copytree(seed_store_path, store)
    stale = tmp_path / ".store.snapshot-999999999-abc"  # no such pid
    stale.mkdir()
    snaps = StoreSnapshots(store)
    try:
        assert not stale.exists()
        assert [p.name.split("-")[1] for p in tmp_path.glob(".store.snapshot-*")] == [str(os.getpid())]
    finally:
        snaps.close()
    assert list(tmp_path.glob(".store.snapshot-*")) == []


def test_a_port_in_use_is_one_clear_error(seed_store_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = run_kg("serve", "--store", str(seed_store_path), "--port", str(port))
    assert out.returncode == 2
    assert out.stderr.decode() == f"Error: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def test_serve_waits_for_a_running_build_then_says_so(seed_store_path, tmp_path):
    import shutil

    from kg.store import KGStore

    store = tmp_path / "store"
    shutil.copytree(seed_store_path, store)
    with KGStore(store):  # a writer holds the lock, as kg build does
        out = run_kg("serve", "--store", str(store), "--port", "1", env={"KG_LOCK_TIMEOUT": "1"})
    assert out.returncode == 2
    assert out.stderr.decode() == (f"Error: store {store} is being written by another kg process "
                                   f"(lock {store}.lock); try again when it has finished\n")


def test_serve_and_report_help_end_with_an_example():
    for cmd in ("serve", "report"):
        out = run_kg(cmd, "--help")
        assert out.returncode == 0
        assert "Example: kg " in " ".join(out.stdout.decode().split())


def test_serve_without_a_store_says_what_to_do(tmp_path):
    out = run_kg("serve", "--store", str(tmp_path / "none"), "--port", "1")
    assert out.returncode == 2
    assert out.stderr.decode() == f"Error: no store at {tmp_path / 'none'}: run 'kg build' (or 'kg load') first\n"


def test_page_cache_keeps_the_newest_snapshots_pages_within_its_byte_budget():
    from kg.web.server import PageCache

    cache = PageCache(max_bytes=10)
    cache.put("snap1", "a", "aaaa")
    cache.put("snap1", "b", "bbbb")
    assert cache.get("snap1", "a") == "aaaa"  # a is now the most recently used
    cache.put("snap1", "c", "cccc")  # 12 bytes: b, the least recently used, goes
    assert [cache.get("snap1", k) for k in "abc"] == ["aaaa", None, "cccc"]
    cache.put("snap1", "big", "x" * 11)  # larger than the budget: not kept
    assert cache.get("snap1", "big") is None
    assert cache.get("snap2", "a") is None  # another snapshot's page is never served
    cache.put("snap2", "d", "dd")  # a new snapshot empties the cache
    assert [cache.get("snap1", "a"), cache.get("snap2", "d")] == [None, "dd"]


def test_a_cached_actor_page_follows_the_store(seed_store_path, tmp_path):
    import shutil

    from kg.namespaces import ARTICLE_GRAPH_NS, KG_NS
    from kg.store import KGStore

    store_path = tmp_path / "store"
    shutil.copytree(seed_store_path, store_path)
    link = 'href="/id/article/zz_cache_test"'
    with running_server(store_path) as base:
        first = request(base + "/id/actor/simona-grano", headers={"Accept": "text/html"})
        assert first.status == 200 and link not in first.text
        again = request(base + "/id/actor/simona-grano", headers={"Accept": "text/html"})
        assert again.text == first.text
        with KGStore(store_path) as writer:
            writer.replace_graph(ARTICLE_GRAPH_NS + "zz_cache_test",
                                 f"<https://w3id.org/newskg/id/mention/zz_cache_test/1> <{KG_NS}mentionOf> <{GRANO}> .")
        time.sleep(1.2)
        request(base + "/id/actor/simona-grano")  # the first request after the check interval refreshes
        after = request(base + "/id/actor/simona-grano", headers={"Accept": "text/html"})
        assert link in after.text
