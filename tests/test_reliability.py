"""Bad input gets a clear one-line error, and nothing is ever lost (issue #6).

Subprocess tests run the real ``kg`` for what only a process shows (exact stderr, signals,
the store lock); the rest call the library or ``kg.cli.main`` in-process to stay fast.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from kg import iri
from kg.build import build
from kg.rdfio.write import sorted_nquads, write_atomically
from kg.store import KGStore

pytestmark = pytest.mark.slow

KG = str(Path(sys.executable).parent / "kg")
FIXTURES = Path(__file__).parent / "fixtures"

ARTICLE = """---
id: {id}
title: {title}
publisher: Example News
published: 2024-03-0{n}
authors: [Jane Doe]
---
{body}
"""
GOOD = {
    "g1.md": ARTICLE.format(id="g1", title="Wang Yi on cooperation", n=1, body=(
        "Foreign Minister Wang Yi said on Monday that China and Russia would deepen their cooperation.\n\n"
        "The United States criticized the plan, a spokesman said.")),
    "g2.md": ARTICLE.format(id="g2", title="Talks in Beijing", n=2, body=(
        "Vladimir Putin and Xi Jinping held a phone call on Tuesday, the Kremlin said.\n\n"
        "Putin said the two countries opposed interference in their internal affairs.")),
    "g3.md": ARTICLE.format(id="g3", title="NATO reacts", n=3, body=(
        "NATO Secretary General Jens Stoltenberg said the alliance was watching closely.\n\n"
        "He warned that China was not an adversary but a challenge.")),
}


# -- helpers --------------------------------------------------------------------------------------

def kg(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "KG_LOCK_TIMEOUT": "10", **(env or {})}
    full_env.pop("KG_DEBUG", None)
    return subprocess.run([KG, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)


def kg_main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """``kg ARGS`` in this process (same code path as the console script, no spaCy reload)."""
    from kg.cli import main

    monkeypatch.setattr(sys, "argv", ["kg", *args])
    with pytest.raises(SystemExit) as caught:
        main()
    out, err = capsys.readouterr()
    return caught.value.code, out, err


def nquads(store_path: Path) -> str:
    """What ``kg export --format nquads`` prints (the same function, without a process)."""
    with KGStore(store_path, read_only=True) as st:
        return sorted_nquads(st)


def write_articles(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def tree_digest(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """A clean build of the three good articles: (articles folder, store, its N-Quads export)."""
    base = tmp_path_factory.mktemp("clean")
    articles = write_articles(base / "articles", GOOD)
    with KGStore(base / "store") as st:
        report = build(articles, st)
    assert report.built == ["g1", "g2", "g3"] and not report.errors
    return articles, base / "store", nquads(base / "store")


@pytest.fixture
def store_copy(clean, tmp_path):
    """A private copy of the clean store (safe to change), with the extractor fingerprint beside
    it (without it, a build could not tell which extractor made the graphs and would redo all)."""
    shutil.copytree(clean[1], tmp_path / "store")
    shutil.copy(str(clean[1]) + ".extractor.json", tmp_path / "store.extractor.json")
    return tmp_path / "store"


# -- one folder, every kind of bad file ------------------------------------------------------------

BAD_LINES = [
    "Error: articles/binary.md: binary file (contains NUL bytes), not a text article",
    "Error: articles/broken-yaml.md:3: front matter is not valid YAML: expected ',' or ']', but got '<stream end>'",
    "Error: articles/dup-a.md: duplicate id 'same-id' (also used by articles/dup-b.md)",
    "Error: articles/dup-b.md: duplicate id 'same-id' (also used by articles/dup-a.md)",
    "Error: articles/empty-body.md:5: empty body (nothing after the front matter)",
    "Error: articles/impossible-date.md:4: field 'published': impossible date '2021-02-30'",
    "Error: articles/latin1.md:2: not UTF-8 text (byte 0xe9 at offset 14)",
    "Error: articles/missing-publisher.md: missing required field 'publisher'",
    "Error: articles/no-front-matter.md:1: no front matter (the file must start with a '---' line)",
]


def test_every_bad_file_is_reported_in_one_line_and_the_good_ones_are_built(tmp_path):
    shutil.copytree(FIXTURES / "bad_articles", tmp_path / "articles")
    (tmp_path / "articles" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    run = kg("build", "articles", "--store", "store", "--quiet", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.splitlines() == BAD_LINES + ["Note: ignored articles/photo.png (not a .md or .txt article)"]
    assert re.fullmatch(r"built 2, unchanged 0, skipped 9 \| store: 2 articles, \d+ triples, \d+ claims, "
                        r"\d+ actors, \d+ events\n", run.stdout), run.stdout
    with KGStore(tmp_path / "store", read_only=True) as st:
        assert st.article_ids() == ["good-1", "good-2"]

    # --strict: the same nine lines, then a refusal, and the store is byte-for-byte as it was
    before = nquads(tmp_path / "store")
    (tmp_path / "articles" / "good-1.md").write_text(
        (FIXTURES / "bad_articles" / "good-1.md").read_text().replace("Wang Yi said", "Wang Yi stated"))
    run = kg("build", "articles", "--store", "store", "--quiet", "--strict", cwd=tmp_path)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.splitlines() == BAD_LINES + [
        "Note: ignored articles/photo.png (not a .md or .txt article)",
        "Error: --strict: 9 article(s) would be skipped; the store was not changed"]
    assert nquads(tmp_path / "store") == before


def test_a_missing_folder_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(GOOD["g1.md"])
    code, out, err = kg_main(monkeypatch, capsys, "build", "nowhere", "--store", "store", "--quiet")
    assert (code, out, err) == (2, "", "Error: nowhere: no such folder of articles\n")
    code, out, err = kg_main(monkeypatch, capsys, "build", "a.md", "--store", "store", "--quiet")
    assert (code, out, err) == (2, "", "Error: a.md: not a folder (give the folder that holds the articles)\n")


# -- --strict on an article whose graph fails validation -------------------------------------------

def test_strict_refuses_a_graph_that_fails_validation(clean, store_copy, monkeypatch, capsys):
    import kg.build

    real_check = kg.build.check_article_graph
    def fail_g2(article, graph):
        if article.id == "g2":
            return f"{article.path}: extracted graph fails validation: id:article/g2 dcterms:title: made up"
        return real_check(article, graph)
    monkeypatch.setattr(kg.build, "check_article_graph", fail_g2)

    code, out, err = kg_main(monkeypatch, capsys, "build", str(clean[0]), "--store", str(store_copy),
                             "--force", "--strict", "--quiet")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"Error: {clean[0]}/g2.md: extracted graph fails validation: id:article/g2 dcterms:title: made up",
        "Error: --strict: 1 article(s) would be skipped; the store was not changed"]
    assert nquads(store_copy) == clean[2]

    # without --strict the same build writes g1 and g3 and skips g2 (exit 1)
    code, out, err = kg_main(monkeypatch, capsys, "build", str(clean[0]), "--store", str(store_copy),
                             "--force", "--quiet")
    assert code == 1 and out.startswith("built 2, unchanged 0, skipped 1 | ")


def test_a_strict_build_that_passes_writes_what_a_normal_build_writes(clean, tmp_path):
    with KGStore(tmp_path / "store") as st:
        report = build(clean[0], st, strict=True)
    assert report.written and report.built == ["g1", "g2", "g3"]
    assert nquads(tmp_path / "store") == clean[2]


# -- interruptions -----------------------------------------------------------------------------

INTERRUPTED = ("Error: interrupted: each article is either fully built or as it was before; "
               "run 'kg build' again to finish\n")


def test_a_build_interrupted_or_killed_mid_run_converges_on_rebuild(clean, tmp_path, monkeypatch, capsys):
    articles = write_articles(tmp_path / "articles", GOOD)
    store = tmp_path / "store"

    # Ctrl-C once the first article's graph has landed: exit 130, one line, g1 kept
    # (in-process: SIGINT is a KeyboardInterrupt in this thread, as in the console script)
    monkeypatch.setenv("KG_TEST_DIE_AFTER", "1:INT")
    code, out, err = kg_main(monkeypatch, capsys, "build", str(articles), "--store", str(store), "--quiet")
    monkeypatch.delenv("KG_TEST_DIE_AFTER")
    assert (code, out, err) == (130, "", INTERRUPTED)
    with KGStore(store, read_only=True) as st:
        assert st.article_ids() == ["g1"]

    # SIGKILL after the next article: g1 unchanged; g2, done but waiting in the batch of new
    # graphs for one bulk load (decision 44), is lost as a whole; g3 never started
    run = kg("build", "articles", "--store", "store", "--quiet", cwd=tmp_path, env={"KG_TEST_DIE_AFTER": "1"})
    assert run.returncode == -signal.SIGKILL and run.stdout == ""
    with KGStore(store, read_only=True) as st:
        assert st.article_ids() == ["g1"]
        assert st.graph_ntriples(iri.article_graph("g1")) == _graph_of(clean[1], "g1")

    # a plain rebuild finishes the job and gives exactly what a clean build gives
    with KGStore(store) as st:
        report = build(articles, st)
    assert (report.built, report.unchanged) == (["g2", "g3"], ["g1"])
    assert nquads(store) == clean[2]


def test_a_graph_bulk_loaded_without_its_content_hash_is_rebuilt(clean, tmp_path):
    """What a crash between the bulk load of new graphs and the transaction that writes their
    content hashes leaves behind: the graph without its hash. The next build does not take it
    for done; it replaces it, and the store ends as a clean build's."""
    articles = write_articles(tmp_path / "articles", GOOD)
    store = tmp_path / "store"
    g2 = str(iri.article_graph("g2"))
    whole = _graph_of(clean[1], "g2")
    without_hash = "".join(line for line in whole.splitlines(keepends=True) if "#contentHash>" not in line)
    assert whole.count("#contentHash>") == 1 and len(without_hash) < len(whole)
    with KGStore(store) as st:
        st.add_new_graphs({g2: without_hash}, ledger_predicate="https://example.org/none")
        assert st.article_fingerprint("g2") is None
        report = build(articles, st)
    assert (report.built, report.unchanged) == (["g1", "g2", "g3"], [])
    assert nquads(store) == clean[2]


def _graph_of(store_path: Path, article_id: str) -> str:
    with KGStore(store_path, read_only=True) as st:
        return st.graph_ntriples(iri.article_graph(article_id))


def test_an_exception_in_the_middle_of_an_article_keeps_that_article_as_it_was(clean, store_copy, tmp_path,
                                                                              monkeypatch):
    import kg.rdf.emit

    old_g2 = _graph_of(store_copy, "g2")
    changed = {name: text.replace(" said", " stated") for name, text in GOOD.items()}
    articles = write_articles(tmp_path / "changed", changed)
    real_emit = kg.rdf.emit.emit
    def emit_fails_on_g2(extraction):
        if extraction.article.id == "g2":
            raise RuntimeError("boom")
        return real_emit(extraction)
    monkeypatch.setattr(kg.rdf.emit, "emit", emit_fails_on_g2)
    with KGStore(store_copy) as st, pytest.raises(RuntimeError, match="boom"):
        build(articles, st)
    assert _graph_of(store_copy, "g2") == old_g2  # g2 untouched
    assert _graph_of(store_copy, "g1") != _graph_of(clean[1], "g1")  # g1 (done before) kept
    monkeypatch.setattr(kg.rdf.emit, "emit", real_emit)
    with KGStore(store_copy) as st:
        report = build(articles, st)
    assert (report.built, report.unchanged) == (["g2", "g3"], ["g1"])


def test_an_export_that_fails_half_way_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "kg.nq"
    target.write_text("old\n")
    def interrupted(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "new\n" * 1000)
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["kg.nq"]


@pytest.mark.parametrize("target", ["a-folder", "/proc/kg-test.ttl"])
def test_an_export_to_an_unwritable_target_is_a_usage_error(target, store_copy, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-folder").mkdir()
    code, out, err = kg_main(monkeypatch, capsys, "export", "--format", "turtle", "-o", target,
                             "--store", str(store_copy))
    assert code == 2 and err.startswith(f"Error: {target}: ") and "internal error" not in err


# -- two processes, one store ------------------------------------------------------------------

def _wait_until_stopped(proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the first build ended ({proc.returncode}): {proc.communicate()[1]}")
        state = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "T":
            return
        time.sleep(0.05)
    raise AssertionError("the first build never reached its first article")


def test_a_second_process_waits_for_the_lock_then_fails_clearly_and_nothing_is_corrupted(clean, tmp_path):
    write_articles(tmp_path / "articles", GOOD)
    env = {**os.environ, "KG_TEST_DIE_AFTER": "1:STOP"}
    # the first build stops itself (SIGSTOP) holding the lock, one article written
    first = subprocess.Popen([KG, "build", "articles", "--store", "store", "--quiet"], cwd=tmp_path, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until_stopped(first)
        started = time.monotonic()
        second = kg("load", str(FIXTURES / "reliability" / "good.ttl"), "--store", "store", cwd=tmp_path,
                    env={"KG_LOCK_TIMEOUT": "1"})
        assert time.monotonic() - started >= 1
        assert (second.returncode, second.stdout) == (2, "")
        assert second.stderr == ("Error: store store is in use by another kg process (lock store.lock); "
                                 "try again when it has finished\n")
        # a patient second build waits for the first one instead of failing
        third = subprocess.Popen([KG, "build", "articles", "--store", "store", "--quiet"], cwd=tmp_path,
                                 env={**os.environ, "KG_LOCK_TIMEOUT": "60"},
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert third.poll() is None
    finally:
        first.send_signal(signal.SIGCONT)
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0 and out.startswith("built 3, unchanged 0, skipped 0 | "), err
    out, err = third.communicate(timeout=120)
    assert third.returncode == 0 and out.startswith("built 0, unchanged 3, skipped 0 | "), err
    assert nquads(tmp_path / "store") == clean[2]


# -- queries cannot write, parameters cannot change the query --------------------------------------

PROBE = """#+ summary: probe
#+ params:
#+   - name: label
#+     type: label
#+   - name: thing
#+     type: iri
#+     default: https://w3id.org/newskg/id/article/g1
SELECT ?label ?thing (COUNT(*) AS ?n) WHERE {
  ?s ?p ?o .
} GROUP BY ?label ?thing
"""


@pytest.mark.parametrize("value", [
    'x" } ; DELETE WHERE { ?s ?p ?o } #',
    "Taiwan' } } ; DROP ALL ; SELECT * WHERE { {",
    "two\nlines } ;",
    "{ } ; DELETE DATA { <a:b> <a:b> <a:b> }",
])
def test_a_hostile_parameter_is_only_a_value(value, store_copy, tmp_path, monkeypatch, capsys):
    probe = tmp_path / "probe.rq"
    probe.write_text(PROBE)
    before = tree_digest(store_copy)
    code, out, err = kg_main(monkeypatch, capsys, "query", str(probe), "--param", f"label={value}",
                             "--store", str(store_copy), "--format", "json")
    assert (code, err) == (0, "")
    import json
    rows = json.loads(out)["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == [value.strip()]
    assert tree_digest(store_copy) == before


@pytest.mark.parametrize("value", ["https://example.org/a b", "<https://example.org/a>", 'http://x/"} ;'])
def test_an_iri_parameter_with_spaces_or_brackets_is_refused(value, store_copy, tmp_path, monkeypatch, capsys):
    probe = tmp_path / "probe.rq"
    probe.write_text(PROBE)
    code, out, err = kg_main(monkeypatch, capsys, "query", str(probe), "--param", "label=x",
                             "--param", f"thing={value}", "--store", str(store_copy))
    assert (code, out) == (2, "")
    assert err.startswith("Error: parameter 'thing': ") and err.count("\n") == 1 and "not an absolute IRI" in err


def test_kg_query_reads_without_the_lock_and_writes_nothing(store_copy, tmp_path):
    before = tree_digest(store_copy)
    with FileLock(str(store_copy) + ".lock", timeout=0):  # a writer holds the store
        run = kg("query", "who-asserts-topic", "--param", "topic=Taiwan", "--store", str(store_copy),
                 "--format", "csv", cwd=tmp_path, env={"KG_LOCK_TIMEOUT": "0.1"})
    assert run.returncode == 0, run.stderr
    assert tree_digest(store_copy) == before


# -- bad RDF for kg load / kg validate -----------------------------------------------------------------

def _bad_rdf(tmp_path: Path) -> dict[str, Path]:
    good = (FIXTURES / "reliability" / "good.ttl").read_text()
    files = {
        "not-rdf": tmp_path / "notes.ttl",
        "truncated": tmp_path / "truncated.ttl",
        "extension": tmp_path / "data.xyz",
        "missing": tmp_path / "missing.ttl",
    }
    files["not-rdf"].write_text("This is a shopping list, not RDF.\n")
    files["truncated"].write_text(good[: good.index(" ;") + 2])
    files["extension"].write_text(good)
    return files


def _bad_rdf_messages(files: dict[str, Path]) -> dict[str, str]:
    """The one wording every command gives for a bad RDF file (kg.rdfio.read)."""
    return {
        "not-rdf": f"Error: {files['not-rdf']}: not valid Turtle: line 1, column 1: This is not a valid subject "
                   "or graph name\n",
        "truncated": f"Error: {files['truncated']}: not valid Turtle: line 4, column 32: Unexpected end\n",
        "extension": f"Error: {files['extension']}: unknown RDF file extension '.xyz' "
                     "(one of .json .jsonld .n3 .nq .nt .owl .rdf .trig .ttl .turtle .xml)\n",
        "missing": f"Error: {files['missing']}: no such file or folder\n",
    }


def test_kg_load_of_bad_rdf_is_one_line_exit_2_and_writes_nothing(store_copy, tmp_path, monkeypatch, capsys):
    files = _bad_rdf(tmp_path)
    good = FIXTURES / "reliability" / "good.ttl"
    before = nquads(store_copy)
    expected = _bad_rdf_messages(files)
    for kind, path in files.items():
        code, out, err = kg_main(monkeypatch, capsys, "load", str(good), str(path), "--store", str(store_copy))
        assert (code, out, err) == (2, "", expected[kind]), kind
        assert nquads(store_copy) == before, kind
    code, out, err = kg_main(monkeypatch, capsys, "load", str(good), "--store", str(store_copy))
    assert code == 0 and out.startswith("loaded 2 triples into 1 graph(s)")


@pytest.mark.parametrize("command", [("validate",), ("query", "claims", "--data")])
def test_kg_validate_and_query_data_word_bad_rdf_as_kg_load_does(tmp_path, monkeypatch, capsys, command):
    files = _bad_rdf(tmp_path)
    expected = _bad_rdf_messages(files)
    for kind, path in files.items():
        code, out, err = kg_main(monkeypatch, capsys, *command, str(path))
        assert (code, out, err) == (2, "", expected[kind]), kind


# -- an article longer than spaCy's max_length ---------------------------------------------------------

def test_an_article_longer_than_max_length_is_built_with_true_offsets(tmp_path, monkeypatch):
    from rdflib import Graph

    from kg.extract.nlp import load_nlp, split_chunks
    from kg.namespaces import OA

    nlp = load_nlp()
    monkeypatch.setattr(nlp, "max_length", 1000)  # stands in for the real 1,000,000
    paragraphs = [
        "Foreign Minister Wang Yi said on Monday that China and Russia would deepen their cooperation.",
        "The United States criticized the plan, a spokesman said.",
        "Vladimir Putin said the two countries opposed interference in their internal affairs.",
        "NATO Secretary General Jens Stoltenberg warned that China was a challenge.",
    ] * 9
    body = "\n\n".join(paragraphs) + "\n"
    assert len(split_chunks(body, nlp.max_length - 1)) >= 3
    articles = write_articles(tmp_path / "articles", {"long.md": ARTICLE.format(id="long", title="Long", n=4, body=body)})
    with KGStore(tmp_path / "store") as st:
        report = build(articles, st, validate=False)  # validation is not what is tested here
        assert report.built == ["long"], report.errors
        graph = Graph().parse(data=st.graph_ntriples(iri.article_graph("long")), format="nt")
    text = (articles / "long.md").read_text()
    body = text.split("---\n", 2)[2]
    spans = list(graph.subjects(OA.exact, None))
    assert len(spans) > 10
    for span in spans:
        start, end = int(graph.value(span, OA.start)), int(graph.value(span, OA.end))
        assert body[start:end] == str(graph.value(span, OA.exact))
    assert max(int(graph.value(s, OA.end)) for s in spans) > len(body) - 300  # the last chunk too
