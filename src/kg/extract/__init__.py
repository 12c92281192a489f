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

from typing import Callable, Iterable, Iterator

from kg.model import Article, Extraction, Span

ProgressCallback = Callable[[Article], None]


def mask(body: str, spans: Iterable[Span]) -> str:
    """Blank out spans (keeping newlines) so NLP never sees them and offsets stay the same."""
    chars = list(body)
    for span in spans:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def extract_all(
    articles: Iterable[Article], *, batch_size: int = 16, on_done: ProgressCallback | None = None
) -> Iterator[Extraction]:
    """Extract every article, parsing bodies in batches with ``nlp.pipe``."""
    from kg.extract import actors, claims, events, furniture
    from kg.extract.lines import unwrap
    from kg.extract.nlp import parse

    pending = list(articles)
    furn = [tuple(furniture.furniture_spans(a.body)) for a in pending]
    # hard-wrapped paragraphs are re-joined (same length, so offsets hold) before parsing
    texts = (unwrap(mask(a.body, f)) for a, f in zip(pending, furn, strict=True))
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
