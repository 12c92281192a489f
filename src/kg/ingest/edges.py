"""Trim page furniture that extractors leave at the start and end of an article body.

The patterns are data (``data/lexicons/page_edges.yaml``); only the edges are touched, so text
in the middle of an article is never removed by a pattern.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from kg.paths import LEXICON_DIR

LEXICON = LEXICON_DIR / "page_edges.yaml"
TAIL_SHORT = 30  # words: a longer paragraph is article text, whatever it says
LEAD_SHORT = 12
BEFORE_HEADLINE = 80  # words: at most this much page furniture is dropped when the headline follows it
BOX_ITEM = 20  # words: a box item (a tag list, a linked headline) is at most this long...
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s*$")  # ...and does not end like a sentence


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    return {name: re.compile("|".join(f"(?:{p})" for p in data[name]), re.IGNORECASE)
            for name in ("tail_headers", "tail_lines", "lead_lines", "promo_lines")}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _box_item(text: str) -> bool:
    """A linked headline or a tag list: short (or a list of commas), not ending like a sentence."""
    return (len(_words(text)) <= BOX_ITEM or text.count(",") >= 3) and not _SENTENCE_END.search(text)


def _linked(paragraph: str, links: list[str]) -> bool:
    """The paragraph is (inside) a link: a teaser of another story."""
    key = " ".join(_words(paragraph))
    return bool(key) and any(key in link for link in links)


def trim_edges(paragraphs: list[str], headings: set[str] = frozenset(), links: list[str] = ()) -> list[str]:
    """``paragraphs`` without furniture at either end (never all of them).

    ``headings`` are the page's headline texts and ``links`` the texts of its links (both as
    lower-case word strings): a paragraph near the start that repeats a headline is the headline,
    not the article, and links or short labels before it are page furniture.
    """
    pats = _patterns()
    out = [p for p in paragraphs if not (len(_words(p)) <= TAIL_SHORT and pats["promo_lines"].match(p.strip()))]
    if not out:
        out = list(paragraphs)
    for i in range(1, min(4, len(out) - 1)):  # the headline after a lead, a teaser or breadcrumbs
        if " ".join(_words(out[i])) in headings:
            before = out[:i]
            furniture = sum(len(_words(p)) for p in before) <= BEFORE_HEADLINE and all(
                _linked(p, links) or (len(_words(p)) <= LEAD_SHORT and not _SENTENCE_END.search(p)) for p in before)
            out = out[i:] if furniture else before + out[i + 1:]
            break
    for _ in range(2):  # leading: the headline, then a dateline or reading time
        if len(out) < 2:
            break
        first = out[0].strip()
        n = len(_words(first))
        if " ".join(_words(first)) in headings or (n <= LEAD_SHORT and pats["lead_lines"].search(first)):
            out.pop(0)
        else:
            break
    half = len(out) // 2
    for i in range(max(1, half), len(out)):
        if pats["tail_headers"].fullmatch(out[i].strip(" :|")):
            end = i + 1
            while end < len(out) and _box_item(out[end]):
                end += 1
            out = out[:i] + out[end:]
            break
    while len(out) > 1 and len(_words(out[-1])) <= TAIL_SHORT and (
            pats["tail_lines"].search(out[-1]) or (_linked(out[-1], links) and _box_item(out[-1]))):
        out.pop()  # calls to action, credits, and links to other stories
    return out
