"""The pages as a person sees them: headless Chromium loads actor, claim and article pages of the
seed store from ``kg serve`` and the DOM it renders is checked against the store."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import ROOT, run_kg
from tests.web_helpers import running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

GRANO = "https://w3id.org/newskg/id/actor/simona-grano"
ARTICLE_ID = "000_a75159b12b480dfb"
KG = "https://w3id.org/newskg/ontology#"
OA = "http://www.w3.org/ns/oa#"


def chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           *args], capture_output=True, timeout=120)


def dump_dom(url: str) -> str:
    out = chromium("--virtual-time-budget=3000", "--dump-dom", url)
    assert out.returncode == 0, out.stderr.decode()[-500:]
    return out.stdout.decode("utf-8")


class Element:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.parts, self.children = tag, attrs, [], []

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def find_all(self, tag: str | None = None, cls: str | None = None, id: str | None = None):
        for child in self.children:
            if ((tag is None or child.tag == tag) and (cls is None or cls in child.classes)
                    and (id is None or child.attrs.get("id") == id)):
                yield child
            yield from child.find_all(tag, cls, id)

    def find(self, *args, **kwargs) -> "Element":
        found = next(self.find_all(*args, **kwargs), None)
        assert found is not None, (args, kwargs)
        return found


_VOID = {"meta", "link", "br", "img", "input", "hr", "col", "source", "wbr"}


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        el = Element(tag, dict(attrs))
        self.stack[-1].children.append(el)
        self.stack[-1].parts.append(el)
        if tag not in _VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1].parts.append(data)


def parse(dom: str) -> Element:
    tree = _Tree()
    tree.feed(dom)
    return tree.root


def _rows(store_path: Path, query: str) -> list[dict[str, str]]:
    store = ox.Store.read_only(str(store_path))
    res = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in res.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in res]


def _body(article_id: str) -> str:
    from kg.articles import read_article

    return read_article(ROOT / "data" / "articles" / f"{article_id}.md").body


@pytest.fixture(scope="module")
def server(seed_store_path):
    with running_server(seed_store_path) as base:
        yield base


def test_actor_page_lists_every_claim_the_actor_made(server, seed_store_path, tmp_path):
    doc = parse(dump_dom(server + "/id/actor/simona-grano"))
    assert doc.find("h1").text.split()[:2] == ["Simona", "Grano"]
    assert doc.find("dd", cls="roles").text == "Sinologist"
    claims = _rows(seed_store_path, f"""SELECT DISTINCT ?c ?text WHERE {{
        ?c <{KG}assertedBy> <{GRANO}> ; <https://schema.org/text> ?text }}""")
    section = doc.find("section", id="claims")
    links = [a for a in section.find("table").find_all("a") if a.attrs["href"].startswith("/id/claim/")]
    assert sorted((a.attrs["href"], a.text) for a in links) == sorted(
        (r["c"][len("https://w3id.org/newskg"):], r["text"]) for r in claims)
    shot = tmp_path / "actor.png"
    out = chromium("--window-size=1280,1000", f"--screenshot={shot}", server + "/id/actor/simona-grano")
    assert out.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


def test_the_actor_network_is_drawn_by_the_vendored_library(server, seed_store_path):
    dom = dump_dom(server + "/id/actor/vladimir-putin")
    doc = parse(dom)
    network = doc.find("div", id="network")
    assert "__________cytoscape_container" in network.classes  # Cytoscape.js ran ...
    assert list(network.find_all("canvas"))  # ... and drew
    listed = {a.attrs["href"] for a in doc.find("ul", cls="cooccurring").find_all("a")}
    from kg import queries as q
    from kg.store import KGStore

    putin = "https://w3id.org/newskg/id/actor/vladimir-putin"
    with KGStore(seed_store_path, read_only=True) as st:
        pairs = q.run_on_store(st, q.find_query("actor-cooccurrence").text).rows()
    expected = {(r["actorB"] if r["actorA"] == putin else r["actorA"])[len("https://w3id.org/newskg"):]
                for r in pairs if putin in (r["actorA"], r["actorB"])}
    assert listed == expected and len(expected) == 4  # the saved query's pairs


def test_a_state_links_to_wikidata(server):
    doc = parse(dump_dom(server + "/id/actor/china"))
    assert [a.attrs["href"] for a in doc.find("dd", cls="wikidata").find_all("a")] == [
        "http://www.wikidata.org/entity/Q148"]


def test_claim_page_highlights_the_exact_claimed_span_in_its_sentence(server, seed_store_path):
    row = _rows(seed_store_path, f"""SELECT ?c ?id ?label ?cs ?ce ?es ?ee WHERE {{
        ?c <{KG}assertedBy> ?who ; <{KG}contentSpan> ?content ; <{KG}evidence> ?ev ; <{KG}reportedIn> ?a .
        ?a <{KG}articleId> ?id . ?who <http://www.w3.org/2000/01/rdf-schema#label> ?label .
        ?content <{OA}start> ?cs ; <{OA}end> ?ce . ?ev <{OA}start> ?es ; <{OA}end> ?ee .
        FILTER (?cs > ?es) }} ORDER BY ?c LIMIT 1""")[0]
    body = _body(row["id"])
    doc = parse(dump_dom(server + row["c"][len("https://w3id.org/newskg"):]))
    context = doc.find("p", cls="evidence-context")
    content = "".join(m.text for m in context.find_all("mark", cls="hl-content"))
    assert content == body[int(row["cs"]):int(row["ce"])]
    evidence = "".join(m.text for m in context.find_all("mark", cls="hl-evidence"))
    assert evidence == body[int(row["es"]):int(row["ee"])]
    assert doc.find("dd", cls="claimant").text == row["label"]
    assert doc.find("dd", cls="extractor").text == "kg.extract.claims.v1"


def test_article_page_shows_the_body_with_actors_claims_and_events_linked(server, seed_store_path, tmp_path):
    iri = f"https://w3id.org/newskg/id/article/{ARTICLE_ID}"
    doc = parse(dump_dom(server + f"/id/article/{ARTICLE_ID}"))
    body = doc.find("div", cls="body")
    refs = [a for a in body.find_all("a", cls="ref")]
    shown = "".join(p if isinstance(p, str) else (p.text if p not in refs else "") for p in body.parts)
    assert shown == _body(ARTICLE_ID)  # the whole text, unaltered, markers aside
    actors = {a.attrs["href"] for a in body.find_all("a", cls="hl-actor")}
    expected = {r["a"][len("https://w3id.org/newskg"):] for r in _rows(seed_store_path, f"""
        SELECT DISTINCT ?a WHERE {{ ?m <{KG}reportedIn> <{iri}> ; <{KG}mentionOf> ?a ; <{KG}evidence> ?s }}""")}
    assert actors == expected
    claims = _rows(seed_store_path, f"SELECT ?c WHERE {{ ?c a <{KG}Claim> ; <{KG}reportedIn> <{iri}> }}")
    assert sorted(a.attrs["href"] for a in refs) == sorted(r["c"][len("https://w3id.org/newskg"):] for r in claims)
    events = {a.attrs["href"] for a in body.find_all("a", cls="hl-event")}
    assert "/id/event/" in next(iter(events))
    shot = tmp_path / "article.png"
    out = chromium("--window-size=1280,1000", f"--screenshot={shot}", server + f"/id/article/{ARTICLE_ID}")
    assert out.returncode == 0 and shot.stat().st_size > 20_000


@pytest.mark.slow
def test_html_in_an_article_shows_as_text(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    evil = "<script>document.title='pwned'</script>"
    (articles / "x1.md").write_text(
        "---\ntitle: Tags <b>in</b> a title\npublisher: Example News\npublished: 2024-03-01\n---\n"
        f"Angela Merkel said that {evil} was a test of <i>escaping</i>.\n", encoding="utf-8")
    store = tmp_path / "store"
    built = run_kg("build", str(articles), "--store", str(store), "--quiet")
    assert built.returncode == 0, built.stderr
    with running_server(store, "--articles", str(articles)) as base:  # the last --articles wins
        dom = dump_dom(base + "/id/article/x1")
    doc = parse(dom)
    assert doc.find("title").text.startswith("Tags <b>in</b> a title")  # not 'pwned'
    body = doc.find("div", cls="body")
    assert evil in body.text
    assert not list(body.find_all("script")) and not list(body.find_all("i"))
    assert doc.find("h1").text == "Tags <b>in</b> a title"
