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


def _one_article_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.md"))[0], corpus)
    return corpus


def test_a_changed_extractor_rebuilds_unchanged_articles(tmp_path):
    """An article's content hash says its file is unchanged, not that today's extractor gives the
    same graph: a build after an upgrade re-extracts everything, and says so."""
    from kg.build import extractor_fingerprint, read_extractor_fingerprint

    corpus = _one_article_corpus(tmp_path)
    with KGStore(tmp_path / "store") as store:
        first = build(corpus, store)
        assert (len(first.built), first.reextracted) == (1, False)  # a new store: nothing was stale
        assert read_extractor_fingerprint(store) == extractor_fingerprint()
        again = build(corpus, store)
        assert (again.built, len(again.unchanged), again.reextracted) == ([], 1, False)
    (tmp_path / "store.extractor.json").write_text('{"extractor": "an older kg"}\n', encoding="utf-8")
    with KGStore(tmp_path / "store") as store:
        upgraded = build(corpus, store)
        assert (len(upgraded.built), upgraded.unchanged, upgraded.reextracted) == (1, [], True)
        assert read_extractor_fingerprint(store) == extractor_fingerprint()


def test_the_fingerprint_follows_the_lexicons(tmp_path, monkeypatch):
    from kg import paths
    from kg.build import extractor_fingerprint

    before = extractor_fingerprint()
    lexicons = tmp_path / "lexicons"
    shutil.copytree(paths.LEXICON_DIR, lexicons)
    monkeypatch.setattr(paths, "LEXICON_DIR", lexicons)
    assert extractor_fingerprint() == before  # the same files, elsewhere
    first = sorted(lexicons.rglob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    assert extractor_fingerprint() != before


def test_an_interrupted_build_keeps_the_old_fingerprint(tmp_path, monkeypatch):
    """The fingerprint is written last: a build stopped half-way after an upgrade re-extracts
    every article again next time rather than trust graphs the old extractor made."""
    import pytest

    corpus = _one_article_corpus(tmp_path)
    with KGStore(tmp_path / "store") as store:
        build(corpus, store)
    ledger = tmp_path / "store.extractor.json"
    ledger.write_text('{"extractor": "an older kg"}\n', encoding="utf-8")

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(KGStore, "replace_graph", stop)
    with KGStore(tmp_path / "store") as store, pytest.raises(KeyboardInterrupt):
        build(corpus, store)
    assert ledger.read_text(encoding="utf-8") == '{"extractor": "an older kg"}\n'


def test_an_interrupted_first_build_is_resumed_not_started_over(tmp_path, monkeypatch):
    """A store with no article cannot hold stale graphs: its fingerprint is written first."""
    import pytest

    from kg import build as b
    from kg.build import extractor_fingerprint, read_extractor_fingerprint

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(b, "_add_new_graphs", stop)
    with KGStore(tmp_path / "store") as store, pytest.raises(KeyboardInterrupt):
        build(_one_article_corpus(tmp_path), store)
    with KGStore(tmp_path / "store") as store:
        assert not store.holds_articles()
        assert read_extractor_fingerprint(store) == extractor_fingerprint()
