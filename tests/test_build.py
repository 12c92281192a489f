"""The build: parallel workers give exactly what a single process gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.build import build
from kg.rdfio.write import export_text
from kg.store import KGStore

SEEDS = Path(__file__).resolve().parents[1] / "data" / "articles"


def test_workers_build_the_same_graph_as_one_process(tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.md"))[:3]:
        shutil.copy(path, corpus / path.name)
    exports = []
    for workers in (1, 2):
        with KGStore(tmp_path / f"store-{workers}") as store:
            report = build(corpus, store, workers=workers)
            assert report.errors == [] and len(report.built) == 3
            exports.append(export_text(store, "nquads"))
    assert exports[0] == exports[1]


def test_auto_workers_stay_single_for_a_handful_of_articles(monkeypatch):
    from kg import build as b

    monkeypatch.setattr(b.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert [b.auto_workers(n) for n in (0, 5, 11, 12, 1000)] == [1, 1, 1, 2, 2]
    monkeypatch.setattr(b.os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    assert b.auto_workers(1000) == 4
