"""An article over spaCy's max_length is extracted a chunk at a time, offsets kept on the whole body.

The limits are lowered for the test (the real ones are 1,000,000 and 100,000 characters): the
body is one seed article three times, so each chunk is one copy and must give the same results,
shifted by the copy's offset.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import kg.extract
from kg.articles import load_articles
from kg.build import check_article_graph
from kg.extract import extract_all
from kg.extract.nlp import load_nlp
from kg.model import Span
from kg.rdf import emit as emitter

SEEDS = Path(__file__).resolve().parents[1] / "data" / "articles"


def _spans(item) -> list[Span]:
    return [v for f in dataclasses.fields(item) if isinstance(v := getattr(item, f.name), Span)]


def _moved(items, offset: int) -> list:
    return [kg.extract._shifted(i, -offset) for i in items]


def test_a_long_article_is_extracted_in_chunks_with_offsets_kept(monkeypatch):
    seed = load_articles(SEEDS).articles[0]
    body = seed.body.strip("\n")
    step = len(body) + 2  # a copy and the paragraph break after it
    article = dataclasses.replace(seed, body="\n\n".join([body] * 3))
    monkeypatch.setattr(load_nlp(), "max_length", len(body) + 10)
    monkeypatch.setattr(kg.extract, "CHUNK_CHARS", step)

    (whole,) = extract_all([article])
    for items in (whole.mentions, whole.claims, whole.events):
        for item in items:
            for span in _spans(item):
                assert article.body[span.start:span.end] == span.text
    assert whole.mentions and whole.claims and whole.events

    def copy(items, k):
        return [i for i in items if k * step <= _spans(i)[0].start < (k + 1) * step]

    for items in (whole.mentions, whole.claims, whole.events):
        first = copy(items, 0)
        assert first and len(first) * 3 == len(items)
        # chunks 0 and 1 are the same text ("body\n\n"): the same results, shifted
        assert _moved(copy(items, 1), step) == first
        assert [type(i) for i in _moved(copy(items, 2), 2 * step)] == [type(i) for i in first]

    graph = emitter.emit(whole)
    assert check_article_graph(article, graph) is None


def test_an_article_within_max_length_is_parsed_whole(monkeypatch):
    seed = load_articles(SEEDS).articles[0]
    monkeypatch.setattr(kg.extract, "CHUNK_CHARS", 100)  # would cut every sentence if it were used
    (whole,) = extract_all([seed])
    assert max(c.evidence.end - c.evidence.start for c in whole.claims) > 100
