"""Which line breaks end a line of text and which only wrap a paragraph (hard-wrapped copy).

Web copy puts one paragraph, headline, bullet or caption per line, so a line break there ends a
sentence. Wire feeds, e-mails and plain-text archives instead wrap paragraphs at a fixed width
(~65-80 columns) with single newlines inside a paragraph and a blank line between paragraphs; a
break there falls in the middle of a sentence or even of a name ("Russian President\\nVladimir
Putin").

The decision is a pure function of the text, so the pipeline can use it before parsing:

* ``soft_breaks(text)`` -> offsets of the ``"\\n"`` characters that only wrap a paragraph;
* ``unwrap(text)`` -> the text with those newlines replaced by spaces (same length, so every
  character offset stays valid);
* ``starts_sentence(text, offset)`` -> whether the newline at ``offset`` may start a sentence.

A break inside a block of non-blank lines is soft when neither line is markup (bullet, heading,
block quote, table row, image) and either

1. **the text is hard-wrapped** -- no line is longer than ~100 characters, at least two breaks
   inside blocks, and most of them are *forced*: the first word of the next line would not have
   fitted on the previous one within the width W (the longest line) -- and this break is forced
   too; or
2. **the next line continues the sentence** -- it starts with a lower-case letter or a
   continuation mark (",", ")", "%") while the previous line does not end with sentence or
   clause punctuation.

A short line (headline, sign-off, "Read more") is never forced, so it keeps its break even in
wrapped text; web copy, whose paragraphs are single long lines, is never "hard-wrapped".
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_WRAP_WIDTH = 100  # wider lines mean one-paragraph-per-line copy, not a fixed wrap width
MIN_WRAP_WIDTH = 30
MIN_WRAPPED_BREAKS = 2
FORCED_SHARE = 0.6  # share of in-paragraph breaks that must be forced for the text to count as wrapped

_MARKUP = re.compile(r"(?:[-*+•▪‣◦]\s|#{1,6}\s|>|\||!\[|\d{1,3}[.)]\s|\[[^\]]*\]\()")
_END_PUNCT = ("." , "!", "?", ":", ";")
_CONTINUES = re.compile(r"[,)%]|[’'”\"]?[a-z]")


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset of the line's newline or len(text), line text without '\\r') for every line."""
    out, start = [], 0
    for m in re.finditer("\n", text):
        out.append((m.start(), text[start : m.start()].rstrip("\r")))
        start = m.end()
    out.append((len(text), text[start:]))
    return out


def _is_markup(line: str) -> bool:
    return bool(_MARKUP.match(line.lstrip()))


def _first_word(line: str) -> str:
    words = line.split()
    return words[0] if words else ""


def _forced(prev: str, nxt: str, width: int) -> bool:
    """The next line's first word would not have fitted after the previous line."""
    return len(prev.rstrip()) + 1 + len(_first_word(nxt)) > width


def _continues(prev: str, nxt: str) -> bool:
    p = prev.rstrip()
    if not p or p.endswith(_END_PUNCT) or p.endswith(("”", '"', "’")) and p[:-1].endswith(_END_PUNCT):
        return False
    return bool(_CONTINUES.match(nxt.lstrip()))


@lru_cache(maxsize=64)
def soft_breaks(text: str) -> frozenset[int]:
    """Offsets of the newlines in ``text`` that wrap a paragraph rather than end a line."""
    lines = _lines(text)
    inner = [
        (nl, prev, nxt)
        for (nl, prev), (_, nxt) in zip(lines, lines[1:])
        if prev.strip() and nxt.strip() and not _is_markup(prev) and not _is_markup(nxt)
    ]
    if not inner:
        return frozenset()
    width = max(len(line.rstrip()) for _, line in lines)
    wrapped = False
    if MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH and len(inner) >= MIN_WRAPPED_BREAKS:
        forced = sum(_forced(p, n, width) for _, p, n in inner)
        wrapped = forced >= FORCED_SHARE * len(inner)
    return frozenset(
        nl for nl, prev, nxt in inner if (wrapped and _forced(prev, nxt, width)) or _continues(prev, nxt)
    )


def unwrap(text: str) -> str:
    """``text`` with the newlines that only wrap a paragraph replaced by spaces (same length)."""
    soft = soft_breaks(text)
    if not soft:
        return text
    chars = list(text)
    for i in soft:
        chars[i] = " "
    return "".join(chars)


def starts_sentence(text: str, offset: int) -> bool:
    """Whether the newline at ``text[offset]`` may start a sentence (it is not a soft wrap)."""
    return offset not in soft_breaks(text)
