"""kg import: pages, feeds, JSON Lines and WARC in; article files that kg build reads out."""

from __future__ import annotations

import gzip
import io
import shutil
from pathlib import Path

import pytest
import yaml

from kg.articles import load_articles, read_article
from kg.ingest import run_import
from kg.ingest.core import id_from_name, id_from_url, normalise_url
from kg.ingest.dates import normalise_date
from tests.conftest import run_kg

FIXTURES = Path(__file__).parent / "fixtures" / "import"
# CI: a read-only copy of shared/ beside the clone; a worktree in /work/wt/NAME: /work/shared
SHARED = next((p / "shared" / "data" / "article-extraction" for p in Path(__file__).resolve().parents[1:4]
               if (p / "shared" / "data" / "article-extraction").is_dir()), Path("/nonexistent"))


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.fixture()
def sources(tmp_path, monkeypatch) -> Path:
    """The good fixtures copied to ``in/`` (paths in front matter are relative to tmp_path)."""
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "in"
    src.mkdir()
    for f in FIXTURES.iterdir():
        if f.is_file():
            shutil.copy(f, src / f.name)
    return Path("in")


def warc_bytes(pages: list[tuple[str, bytes, str]], gzip: bool = True) -> bytes:
    """A gzipped WARC with one response record per (url, body, content type), plus a request."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for url, body, ctype in pages:
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return out.getvalue()


# -- the whole command on the fixtures -----------------------------------------------------------
def test_fixture_folder_imports_every_kind_and_names_every_problem(sources):
    shutil.copytree(FIXTURES / "bad", sources / "bad")
    out = run_kg("import", str(sources), "--into", "articles", cwd=Path.cwd())
    assert out.returncode == 1, out.stderr
    assert out.stdout.decode() == "imported 6, duplicates 1, skipped 8, unchanged 0\n"
    assert out.stderr.decode().splitlines() == [
        "Error: in/bad/broken.rss:2: feed does not parse (not well-formed (invalid token))",
        "Error: in/bad/empty.html: no article text found in the page",
        "Error: in/bad/notes.html: not an HTML page, RSS/Atom feed, JSON Lines or WARC file",
        "Error: in/bad/truncated.html.gz: broken gzip file (Compressed file ended before the end-of-stream marker was reached)",
        "Error: in/scrape.jsonl:4: no article text (field 'maintext' or 'text')",
        "Error: in/scrape.jsonl:5: not a JSON object (one article per line)",
        "Error: in/scrape.jsonl:6: not valid JSON (Unterminated string starting at: line 1 column 33 (char 32))",
        "Error: in/world.rss: entry 3: summary only, and the page it links to "
        "(https://inland.example.com/world/bridge-reopens) is not among the sources; skipped",
        "Note: in/scrape.jsonl:3: duplicate of wire.example.com_6c21a42da96143ed (same URL)",
    ]
    assert sorted(p.name for p in Path("articles").iterdir()) == [
        "hafen.md", "harbour-talks.md", "inland.example.com_f3e0590459858179.md",
        "labnotes.example.net_805ea45a62f1c3aa.md", "wire.example.com_6c21a42da96143ed.md",
        "wire.example.com_a2d752acf586d14b.md"]
    loaded = load_articles(Path("articles"))
    assert loaded.errors == [] and len(loaded.articles) == 6  # kg build reads every file written


def test_page_metadata_follows_the_precedence(sources):
    report = run_import([sources / "harbour-talks.html", sources / "world.rss"], Path("out"))
    assert report.imported == ["harbour-talks", "inland.example.com_f3e0590459858179"]
    path = Path("out/harbour-talks.md")
    raw = (sources / "harbour-talks.html").read_bytes()
    import hashlib

    assert front_matter(path) == {
        "id": "harbour-talks",
        "title": "Harbour talks resume after storm damage",  # JSON-LD headline, not og:title
        "publisher": "Coastal Courier",  # JSON-LD publisher, not og:site_name
        "url": "https://news.example.org/2024/03/harbour-talks-resume?utm_source=rss",  # canonical
        "published": "2024-03-01",  # JSON-LD datePublished, not article:published_time
        "authors": ["Mara Lind", "Tomas Berg"],  # "By " dropped
        "language": "en",
        "source": {"file": "in/harbour-talks.html", "sha256": hashlib.sha256(raw).hexdigest()},
    }
    body = read_article(path).body
    assert body.startswith("Negotiations between the port authority")  # headline not repeated
    assert body.rstrip().endswith("a plan for sharing it with the regional government.")
    assert "Comments" not in body and "Finally some progress" not in body and "Home" not in body
    assert body.count("\n\n") == 3  # four paragraphs


def test_feed_entries_with_full_text_become_articles(sources):
    run_import([sources / "science.atom"], Path("out"))
    [path] = Path("out").iterdir()
    meta = front_matter(path)
    assert path.name == id_from_url("https://labnotes.example.net/glacier-survey") + ".md"
    assert meta["title"] == "Glacier survey finds faster melt"
    assert meta["publisher"] == "Lab Notes" and meta["authors"] == ["Lea Novak"]
    assert meta["published"] == "2024-04-01" and meta["language"] == "en"
    assert meta["source"]["record"] == 1
    assert read_article(path).body == (
        "A survey of twelve alpine glaciers found that they lost ice twice as fast last summer as the "
        "average of the previous decade.\n\nThe researchers measured the ice with drones and ground radar.\n")


def test_summary_only_entry_is_skipped_unless_its_page_is_given(sources):
    alone = run_import([sources / "world.rss"], Path("a"))
    assert len(alone.imported) == 1 and alone.skipped == 2
    assert alone.problems[0] == ("in/world.rss: entry 2: summary only, and the page it links to "
                                 "(https://news.example.org/2024/03/harbour-talks-resume/) is not among "
                                 "the sources; skipped")
    both = run_import([sources / "world.rss", sources / "harbour-talks.html"], Path("b"))
    assert both.skipped == 1  # entry 2 matched the page by URL (trailing slash, utm_ ignored)


def test_jsonl_fields_and_date_precision(sources):
    run_import([sources / "scrape.jsonl"], Path("out"))
    rail = front_matter(Path("out") / f"{id_from_url('https://wire.example.com/rail-electrified')}.md")
    assert rail["published"] == "2024-02" and rail["publisher"] == "Wire Service"
    assert "language" not in rail  # undeclared, and too short to measure: left out, not guessed
    strike = Path("out") / f"{id_from_url('https://wire.example.com/port-strike-ends')}.md"
    assert front_matter(strike)["publisher"] == "wire.example.com"
    assert read_article(strike).body == ("Dock workers returned to work on Thursday after union leaders accepted "
                                         "a pay offer of six per cent.\n\nThe strike had closed the container "
                                         "terminal for nine days.\n")


def test_warc_html_responses_are_pages(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = (FIXTURES / "harbour-talks.html").read_bytes()
    german = (FIXTURES / "hafen.html").read_bytes()
    Path("crawl.warc.gz").write_bytes(warc_bytes([
        ("https://news.example.org/harbour", page, "text/html; charset=utf-8"),
        ("https://news.example.org/logo.png", b"\x89PNG....", "image/png"),
        ("https://kuestenbote.example.de/hafen", german, "text/html"),
    ]))
    report = run_import([Path("crawl.warc.gz")], Path("out"))
    assert report.problems == [] and report.duplicates == []
    canonical = "https://news.example.org/2024/03/harbour-talks-resume?utm_source=rss"
    assert report.imported == [id_from_url(canonical), id_from_url("https://kuestenbote.example.de/hafen")]
    meta = front_matter(Path("out") / f"{report.imported[0]}.md")
    assert meta["source"]["file"] == "crawl.warc.gz" and meta["source"]["record"] == 2
    assert front_matter(Path("out") / f"{report.imported[1]}.md")["language"] == "de"


def test_broken_warc_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    report = run_import([Path("bad.warc")], Path("out"))
    assert report.imported == [] and len(report.problems) == 1
    assert report.problems[0].startswith("bad.warc: record 1: not a readable WARC record (")
    assert not Path("out").exists()
    whole = warc_bytes([("https://news.example.org/harbour", (FIXTURES / "harbour-talks.html").read_bytes(),
                         "text/html")] * 2, gzip=False)
    Path("cut.warc").write_bytes(whole[: len(whole) - 200])  # 4 bytes of record end + 196 of the page
    report = run_import([Path("cut.warc")], Path("out"))
    assert report.imported == [id_from_url("https://news.example.org/2024/03/harbour-talks-resume")]
    assert report.problems == ["cut.warc: record 4 (https://news.example.org/harbour): damaged record "
                               "(196 bytes missing); skipped"]


# -- idempotence, duplicates, ids --------------------------------------------------------------
def test_reimport_rewrites_nothing_and_the_same_body_twice_is_one_article(sources):
    first = run_import([sources], Path("out"))
    stamps = {p.name: p.stat().st_mtime_ns for p in Path("out").iterdir()}
    again = run_import([sources], Path("out"))
    assert again.imported == [] and sorted(again.unchanged) == sorted(first.imported)
    assert again.summary() == "imported 0, duplicates 1, skipped 4, unchanged 6"
    assert {p.name: p.stat().st_mtime_ns for p in Path("out").iterdir()} == stamps
    shutil.copy(sources / "harbour-talks.html", sources / "copy-of-harbour.html")
    third = run_import([sources], Path("out"))
    assert third.duplicates[0] == "in/copy-of-harbour.html: duplicate of harbour-talks (same URL)"
    assert not Path("out/copy-of-harbour.md").exists()


def test_changed_source_is_rewritten_and_hand_written_articles_are_never_replaced(sources):
    run_import([sources / "hafen.html"], Path("out"))
    page = sources / "hafen.html"
    page.write_text(page.read_text().replace("am Freitag", "am Samstag"))
    report = run_import([page], Path("out"))
    assert report.imported == ["hafen"]
    assert "am Samstag" in Path("out/hafen.md").read_text()
    Path("out/hafen.md").write_text("---\ntitle: Mine\npublisher: Me\n---\nMy own text about a harbour.\n")
    report = run_import([page], Path("out"))
    assert report.problems == ["in/hafen.html: id hafen is already used by out/hafen.md, which kg import "
                               "did not write; skipped"]
    assert Path("out/hafen.md").read_text().startswith("---\ntitle: Mine")


def test_ids():
    assert id_from_name(Path("0a1b2c.html.gz")) == "0a1b2c"
    assert id_from_name(Path("My Page (1).htm")) == "My-Page-1"
    assert id_from_name(Path("2019.11.18-story.html")) == "2019.11.18-story"
    assert normalise_url("HTTPS://WWW.Example.com:443/a/?utm_source=x&id=3#frag") == "https://www.example.com/a?id=3"
    assert id_from_url("https://www.example.com/a/") == id_from_url("https://www.example.com/a#x")
    assert id_from_url("https://www.example.com/a").startswith("example.com_")


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-11-18T10:00:00+01:00", "2019-11-18"),
    ("2019-11", "2019-11"),
    ("2019", "2019"),
    ("Mon, 18 Nov 2019 10:00:00 GMT", "2019-11-18"),
    ("November 2019", "2019-11"),
    ("18 November", None),
    ("2019-02-30", None),
    ("0001-01-01", None),
    ("yesterday", None),
    (None, None),
])
def test_dates_keep_their_precision(value, expected):
    assert normalise_date(value) == expected


# -- errors and usage ------------------------------------------------------------------------------
def test_missing_source_is_a_usage_error(tmp_path):
    out = run_kg("import", str(tmp_path / "nope"), "--into", str(tmp_path / "out"))
    assert out.returncode == 2
    assert out.stderr.decode() == f"Error: {tmp_path / 'nope'}: no such file or folder\n"


def test_into_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "f").write_text("x")
    out = run_kg("import", str(FIXTURES / "hafen.html"), "--into", str(tmp_path / "f"))
    assert out.returncode == 2
    assert out.stderr.decode() == f"Error: {tmp_path / 'f'}: not a folder (--into takes the folder the articles go to)\n"


def test_help_has_an_example():
    out = run_kg("import", "--help")
    assert out.returncode == 0 and "Example: kg import " in " ".join(out.stdout.decode().split())


def test_no_publisher_anywhere_asks_for_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("p.html").write_text("<html><body><article><p>" + "Words of a story that goes on. " * 20
                              + "</p></article></body></html>")
    report = run_import([Path("p.html")], Path("out"))
    assert report.problems == ["p.html: no title (the source gives none)"] or report.problems == [
        "p.html: no publisher: the source names no site and has no URL (give --publisher NAME)"]
    Path("q.html").write_text("<html><head><title>A story</title></head><body><article><p>"
                              + "Words of a story that goes on. " * 20 + "</p></article></body></html>")
    report = run_import([Path("q.html")], Path("out"))
    assert report.problems == ["q.html: no publisher: the source names no site and has no URL (give --publisher NAME)"]
    report = run_import([Path("q.html")], Path("out"), publisher="My Archive")
    assert report.imported == ["q"] and front_matter(Path("out/q.md"))["publisher"] == "My Archive"


def test_gzip_page_is_read_by_content_not_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("saved").write_bytes(gzip.compress((FIXTURES / "harbour-talks.html").read_bytes()))
    report = run_import([Path("saved")], Path("out"))
    assert report.imported == ["saved"]


# -- a few real pages ------------------------------------------------------------------------------
REAL = ["8634d1211c", "921019755f", "04a6711caa"]  # latimes (JSON-LD body), sky news, nytimes


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/article-extraction is not there")
def test_real_pages_score_like_their_truth(tmp_path):
    import json
    import re

    truth = json.loads((SHARED / "ground-truth.json").read_text())
    files = [next((SHARED / "html").glob(f"{k}*.html.gz")) for k in REAL]
    report = run_import(files, tmp_path)
    assert report.problems == [] and len(report.imported) == 3

    def shingles(text):
        w = re.findall(r"\w+", text.lower())
        return {tuple(w[i:i + 4]) for i in range(len(w) - 3)}

    for f in files:
        key = f.name.split(".")[0]
        article = read_article(tmp_path / f"{key}.md")
        got, want = shingles(article.body), shingles(truth[key]["articleBody"])
        assert len(got & want) / len(got) > 0.9 and len(got & want) / len(want) > 0.85, key
        assert article.url == truth[key]["url"].split("#")[0] or article.url.startswith("https://")


def test_build_skips_an_imported_article_it_has_no_model_for(sources):
    run_import([sources / "hafen.html"], Path("articles"))
    out = run_kg("build", "articles", "--store", "store", "-q", cwd=Path.cwd())
    assert out.returncode == 1
    assert out.stderr.decode() == "Error: articles/hafen.md: language de: no extraction model\n"
    assert out.stdout.decode().startswith("built 0, unchanged 0, skipped 1 | store: 0 articles")


# -- trimming furniture at the edges of a body ------------------------------------------------------
ARTICLE = ["The council approved the budget on Monday after a long debate about road repairs.",
           "Opposition members said the plan ignored the needs of rural villages.",
           "A final vote on the transport levy is expected in the spring."]


@pytest.mark.parametrize(("paragraphs", "expected"), [
    (["Budget approved"] + ARTICLE, ARTICLE),  # the headline
    (["Reading time: 2 minutes"] + ARTICLE, ARTICLE),
    (["November 20, 2019 - 11:28 AMT"] + ARTICLE, ARTICLE),
    (ARTICLE + ["Tags", "budget, council, roads"], ARTICLE),
    (ARTICLE + ["Related stories", "Council faces legal challenge", "Mayor resigns"], ARTICLE),
    (ARTICLE + ["Don't miss", "Storm hits coast [VIDEO]", "It was a long night for the coastguard.",
                "More rain is forecast."],
     ARTICLE + ["It was a long night for the coastguard.", "More rain is forecast."]),
    (ARTICLE + ["Have a tip? Reach the reporter at desk@example.com or follow her on Twitter @desk.",
                "Get the latest updates in your inbox. Subscribe to our newsletters."], ARTICLE),
    (ARTICLE + ["“What kind of products will readers feel are worth a subscription?” she asked, "
                "adding that the council had no answer."],
     ARTICLE + ["“What kind of products will readers feel are worth a subscription?” she asked, "
                "adding that the council had no answer."]),
    (["Tags"], ["Tags"]),  # never everything
    (ARTICLE[:1] + ["Budget approved"] + ARTICLE[1:], ARTICLE),  # a lead before the headline stays
    (["Mayor opens new bridge over the river Tay after two years of work", "Latest", "Budget approved"]
     + ARTICLE, ARTICLE),  # a linked teaser and a label before the headline go
    (ARTICLE[:1] + ["Also on example.com: Mayor opens new bridge"] + ARTICLE[1:], ARTICLE),
    (ARTICLE + ["Mayor opens new bridge over the river Tay after two years of work"], ARTICLE),  # a link
])
def test_trim_edges(paragraphs, expected):
    from kg.ingest.edges import trim_edges

    links = ["mayor opens new bridge over the river tay after two years of work read more"]
    assert trim_edges(paragraphs, {"budget approved"}, links) == expected


def test_undeclared_language_is_measured(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("p.html").write_text(
        "<html><head><title>Corrida em Interlagos - Jornal</title></head><body><article>"
        "<p>Os pilotos da Stock Car correm em Interlagos no domingo, e a corrida do milhão fica para agosto, "
        "segundo o calendário divulgado pela organização nesta segunda-feira.</p>"
        "<p>A temporada terá doze etapas, com duas provas fora do estado de São Paulo pela primeira vez.</p>"
        "</article></body></html>", encoding="utf-8")
    run_import([Path("p.html")], Path("out"), publisher="Jornal")
    assert front_matter(Path("out/p.md"))["language"] == "pt"


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PREFIXES = [b"", b"<html><body><p>", b"<?xml version='1.0'?><rss><channel><item><content:encoded>",
            b'{"title": "t", "maintext": ', b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=400))
def test_any_bytes_give_one_line_problems_never_a_traceback(tmp_path, prefix, data):
    src = tmp_path / "in.html"
    src.write_bytes(prefix + data)
    into = tmp_path / "out"
    report = run_import([src], into)
    for line in report.problems:
        assert line.startswith(str(src)) and "\n" not in line
    written = sorted(p.name for p in into.iterdir()) if into.exists() else []
    assert all(not name.startswith(".") for name in written)  # no temporary file left behind
    for name in written:
        read_article(into / name)


def test_no_source_is_a_usage_error():
    out = run_kg("import")
    assert out.returncode == 2 and b"Missing argument 'SOURCES...'" in out.stderr


def test_embedded_posts_between_paragraphs_are_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paragraphs = [f"<p>Paragraph {n} of the story tells the readers what happened in the town.</p>"
                  for n in ("one", "two", "three", "four")]
    tweet = ('<blockquote class="twitter-tweet"><p>We will rebuild the harbour wall before summer.</p>'
             '— Port Authority (@port) March 2, 2024</blockquote>')
    Path("p.html").write_text(
        "<html lang='en'><head><title>Story - Site</title></head><body><article>"
        + "".join(paragraphs[:2]) + tweet + "".join(paragraphs[2:])
        + "</article></body></html>", encoding="utf-8")
    run_import([Path("p.html")], Path("out"))
    body = read_article(Path("out/p.md")).body.split("\n\n")
    assert body[2:4] == ["We will rebuild the harbour wall before summer.", "— Port Authority (@port) March 2, 2024"]
    assert body[1].startswith("Paragraph two") and body[4].startswith("Paragraph three")
    assert "published" not in front_matter(Path("out/p.md"))  # the tweet's date is not the article's


def test_same_file_name_in_two_folders_is_an_id_clash_and_other_files_are_noted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for folder, page in (("a", "harbour-talks.html"), ("b", "hafen.html")):
        Path(folder).mkdir()
        shutil.copy(FIXTURES / page, Path(folder) / "story.html")
    Path("a/cover.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a page")
    out = run_kg("import", "a", "b", "--into", "out", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.decode().splitlines() == [
        "Error: b/story.html: id story is also the id of a different article (a/story.html); rename one of the files",
        "Note: ignored a/cover.jpg (not a page, feed, JSON Lines or WARC file)"]
    assert out.stdout.decode() == "imported 1, duplicates 0, skipped 1, unchanged 0\n"


def test_words_inside_inline_link_spans_are_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paragraphs = "".join(f"<p>Paragraph {n} of the story tells the readers what happened in the town hall.</p>"
                         for n in ("one", "two", "three"))
    Path("p.html").write_text(
        "<html lang='en'><head><title>Story - Site</title></head><body><article>" + paragraphs
        + '<p>The agency has reported that <span class="link"><a href="/x">the league will fine the player</a>'
        "</span> for his role in the fight on Thursday night.</p></article></body></html>", encoding="utf-8")
    run_import([Path("p.html")], Path("out"))
    assert read_article(Path("out/p.md")).body.rstrip().split("\n\n")[-1] == (
        "The agency has reported that the league will fine the player for his role in the fight on Thursday night.")


def test_an_interrupted_write_leaves_the_old_file_whole_and_no_temporary_file(sources, monkeypatch):
    run_import([sources / "hafen.html"], Path("out"))
    before = Path("out/hafen.md").read_text()
    page = sources / "hafen.html"
    page.write_text(page.read_text().replace("am Freitag", "am Samstag"))

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.files.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_import([page], Path("out"))
    assert Path("out/hafen.md").read_text() == before
    assert sorted(p.name for p in Path("out").iterdir()) == ["hafen.md"]


def test_control_characters_never_reach_an_article_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("d.jsonl").write_text('{"title": "Nul\\u0000 title", "text": "Body with a NUL\\u0000 byte and a bell\\u0007 '
                               'in it, long enough.", "publisher": "P\\u001b"}\n', encoding="utf-8")
    report = run_import([Path("d.jsonl")], Path("out"))
    [path] = Path("out").iterdir()
    article = read_article(path)
    assert report.imported and article.title == "Nul title" and article.publisher == "P"
    assert article.body == "Body with a NUL byte and a bell in it, long enough.\n"


def test_site_name_is_cut_from_the_title(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("p.html").write_text(
        "<html lang='en'><head><meta property='og:title' content='Clymer manual review | MoreBikes'>"
        "<meta property='og:site_name' content='MoreBikes'></head><body><article>"
        + "<p>The manual covers every service job on the bike, from oil changes to valve clearances.</p>" * 3
        + "</article></body></html>", encoding="utf-8")
    run_import([Path("p.html")], Path("out"))
    meta = front_matter(Path("out/p.md"))
    assert (meta["title"], meta["publisher"]) == ("Clymer manual review", "MoreBikes")


def test_relative_canonical_is_resolved_against_the_record_url(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = (FIXTURES / "hafen.html").read_bytes().replace(b"https://kuestenbote.example.de/hafen", b"/nachrichten/hafen")
    Path("c.warc.gz").write_bytes(warc_bytes([("https://kuestenbote.example.de/x?id=1", page, "text/html")]))
    report = run_import([Path("c.warc.gz")], Path("out"))
    [name] = report.imported
    assert front_matter(Path("out") / f"{name}.md")["url"] == "https://kuestenbote.example.de/nachrichten/hafen"


def test_workers_write_exactly_what_one_process_writes(sources):
    shutil.copytree(FIXTURES / "bad", sources / "bad")
    one = run_import([sources], Path("one"), workers=1)
    two = run_import([sources], Path("two"), workers=2)
    assert (one.imported, one.duplicates, one.problems) == (two.imported, two.duplicates, two.problems)
    assert {p.name: p.read_bytes() for p in Path("one").iterdir()} == {p.name: p.read_bytes() for p in Path("two").iterdir()}
