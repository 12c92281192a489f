"""kg report: a static site whose relative links all resolve, byte-identical on re-runs, written
atomically and never over a folder it did not write."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_kg


@pytest.fixture(scope="module")
def site(seed_store_path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "site"
    r = run_kg("report", "--store", str(seed_store_path), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stderr.decode() == (f"wrote {out}: 5 articles, 46 actors, 68 claims, 26 events, "
                                 "30 topics, 17 queries\n")
    return out


def test_every_relative_link_resolves(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 1 + 5 + 46 + 68 + 26 + 30 + 1 + 17 + 1  # ... + queries, ontology
    broken = []
    for page in pages:
        for href in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            if href.startswith(("http://", "https://", "#", "?")):
                continue
            assert not href.startswith("/"), f"{page}: absolute link {href}"
            if not (page.parent / href.split("#")[0]).resolve().is_file():
                broken.append((str(page.relative_to(site)), href))
    assert broken == []


def test_saved_query_pages_come_with_their_downloads(site, seed_store_path):
    cli = run_kg("query", "who-asserts-taiwan-link", "--store", str(seed_store_path), "--format", "csv")
    assert (site / "queries" / "who-asserts-taiwan-link.csv").read_bytes() == cli.stdout
    page = (site / "queries" / "who-asserts-taiwan-link.html").read_text(encoding="utf-8")
    assert "2 row(s)" in page and 'href="who-asserts-taiwan-link.csv"' in page


def test_a_second_report_is_byte_identical(site, seed_store_path, tmp_path):
    again = tmp_path / "again"
    assert run_kg("report", "--store", str(seed_store_path), "-o", str(again)).returncode == 0
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((site / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_report_replaces_its_own_folder_but_no_other(seed_store_path, tmp_path):
    out = tmp_path / "site"
    assert run_kg("report", "--store", str(seed_store_path), "-o", str(out)).returncode == 0
    (out / "stale.html").write_text("old")
    assert run_kg("report", "--store", str(seed_store_path), "-o", str(out)).returncode == 0
    assert not (out / "stale.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temp folder left behind

    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    r = run_kg("report", "--store", str(seed_store_path), "-o", str(other))
    assert r.returncode == 2
    assert r.stderr.decode() == (f"Error: {other}: exists and is not a folder written by kg report; "
                                 "give a new folder (it would be replaced whole)\n")
    assert (other / "notes.txt").read_text() == "keep me"


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_the_static_actor_page_opens_from_disk(site):
    out = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                          (site / "id" / "actor" / "simona-grano.html").as_uri()],
                         capture_output=True, timeout=120)
    dom = out.stdout.decode()
    assert "<h1>Simona Grano" in dom
    assert 'href="../claim/000_a75159b12b480dfb/' in dom
