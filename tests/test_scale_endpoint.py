"""kg build --endpoint: article graphs straight to a real ``oxigraph serve`` through the Graph Store
Protocol; the server ends up with exactly the quads of a local build."""

from __future__ import annotations

import urllib.request

import pyoxigraph as ox
import pytest

from kg.rdfio.write import sorted_nquads
from kg.store import KGStore
from tests.conftest import SEEDS, run_kg
from tests.test_remote import oxigraph_serve

pytestmark = pytest.mark.server


def _server_nquads(base: str) -> str:
    """The server's whole dataset, as ``kg export --format nquads`` writes a store (sorted,
    blank nodes labelled canonically)."""
    req = urllib.request.Request(f"{base}/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return sorted_nquads(KGStore.in_memory(ox.parse(resp.read(), format=ox.RdfFormat.N_QUADS)))


def test_build_to_endpoint_gives_the_server_the_local_build(seed_store_path, tmp_path):
    with KGStore(seed_store_path, read_only=True) as store:
        local = sorted_nquads(store)
        articles = len(store.article_ids())
    with oxigraph_serve(tmp_path) as base:
        proc = run_kg("build", str(SEEDS), "--endpoint", f"{base}/store", "-q")
        assert proc.returncode == 0, proc.stderr
        out = proc.stdout.decode()
        assert out.startswith(f"built {articles}, skipped 0 | pushed {articles} article graphs and "
                              f"3 shared graphs ({local.count(chr(10))} triples) to {base}/store in ")
        assert _server_nquads(base) == local
        again = run_kg("build", str(SEEDS), "--endpoint", f"{base}/store", "-q")  # idempotent
        assert again.returncode == 0 and _server_nquads(base) == local


def test_an_unreachable_endpoint_is_one_line(tmp_path):
    proc = run_kg("build", str(SEEDS), "--endpoint", "http://127.0.0.1:9/store", "-q", "--workers", "1")
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.startswith("Error: http://127.0.0.1:9/store (graph <https://w3id.org/newskg/graph/article/")
    assert "cannot connect" in err and len(err.strip().splitlines()) == 1
