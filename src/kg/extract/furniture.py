"""Page furniture: site chrome lines (ads, players, share buttons, credits) to mask before NLP."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import yaml

from kg.model import Span
from kg.paths import LEXICON_DIR

LEXICON = LEXICON_DIR / "furniture.yaml"
_LINE = re.compile(r"[^\n]+")
_NORMALISE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """One alternation of every whole-line pattern in the lexicon."""
    lines = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))["lines"]
    return re.compile("|".join(f"(?:{p})" for p in lines), re.IGNORECASE)


def _key(line: str) -> str:
    """Comparison key for repeated lines: pages often print a headline twice with other quotes/dashes."""
    text = unicodedata.normalize("NFKC", line).translate(_NORMALISE)
    return " ".join(text.split()).casefold()


def furniture_spans(body: str) -> list[Span]:
    """Lines that are page furniture, plus a line repeating the previous non-blank line verbatim."""
    pattern = _pattern()
    spans: list[Span] = []
    previous = None
    for m in _LINE.finditer(body):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = m.start() + (len(raw) - len(raw.lstrip()))
        span = Span(start, start + len(stripped), stripped)
        key = _key(stripped)
        if pattern.fullmatch(stripped) or key == previous:
            spans.append(span)
        previous = key
    return spans
