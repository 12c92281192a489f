"""kg query's CSV/TSV come straight from Oxigraph's solutions (no JSON round trip): byte for byte
what Oxigraph's own CLI prints for the same bound query on the same store (bench/run.py's
comparison, here on the seed store)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.queries import bind, find_query, run_on_store
from kg.resolve_params import bind_resolved
from kg.store import KGStore
from tests.conftest import oxigraph_binary, run_kg



@pytest.mark.parametrize("name, params, fmt", [
    ("claims", {}, "csv"),
    ("claims", {}, "tsv"),
    ("events-timeline", {}, "csv"),
    ("who-asserts-topic", {"topic": "Ukraine"}, "csv"),  # a topic resolved to IRIs first
    ("actors", {}, "tsv"),
])
def test_csv_and_tsv_are_oxigraphs_own_bytes(seed_store_path, tmp_path, name, params, fmt):
    saved = find_query(name)
    with KGStore(seed_store_path, read_only=True) as st:
        text, _ = bind_resolved(saved, params, lambda q: run_on_store(st, q))
    qfile = tmp_path / f"{name}.rq"
    qfile.write_text(text, encoding="utf-8")
    theirs = subprocess.run([oxigraph_binary(), "query", "--location", str(seed_store_path), "--query-file",
                             str(qfile), "--results-format", fmt, "--union-default-graph"],
                            capture_output=True, timeout=120)
    assert theirs.returncode == 0, theirs.stderr
    flags = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    ours = run_kg("query", name, *flags, "--store", str(seed_store_path), "--format", fmt)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.count(b"\n") > 1  # rows, not only the header
    assert ours.stdout == theirs.stdout


def test_lazy_result_reads_as_the_eager_one(seed_store_path):
    """Unread solutions give the same rows, JSON and CSV as a result read at once."""
    text = bind(find_query("claims-by-actor"))
    with KGStore(seed_store_path, read_only=True) as st:
        eager = run_on_store(st, text)
        assert run_on_store(st, text, lazy=True).rows() == eager.rows()
        assert run_on_store(st, text, lazy=True).data == eager.data
        assert run_on_store(st, text, lazy=True).serialize("csv") == eager.serialize("csv")
        lazy = run_on_store(st, text, lazy=True)
        assert lazy.solutions is not None
        assert lazy.serialize("tsv") == eager.serialize("tsv")
        assert lazy.solutions is None  # read once: the solutions are an iterator


def test_ask_and_construct_are_read_at_once(seed_store_path):
    with KGStore(seed_store_path, read_only=True) as st:
        ask = run_on_store(st, "ASK { ?s ?p ?o }", lazy=True)
        assert ask.solutions is None and ask.data["boolean"] is True
        built = run_on_store(st, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2", lazy=True)
        assert built.solutions is None and built.graph_nt.count("\n") == 2


def test_a_reader_closing_the_pipe_is_not_a_query_error(seed_store_path):
    """`kg query ... | head -1`: the closed pipe ends kg quietly (exit 1, as any write to a closed
    pipe), not as "query failed"."""
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "query", "claims", "--store", str(seed_store_path),
                             "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before kg has written anything
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 1
    assert err == b""
