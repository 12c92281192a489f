"""kg.extract.lines: which line breaks only wrap a paragraph (hard-wrapped copy)."""

from __future__ import annotations

import textwrap

import pytest

from kg.extract.lines import soft_breaks, starts_sentence, unwrap

PARAGRAPH = (
    "MOSCOW, Oct 2 - Chinese President Xi Jinping and Russian President Vladimir Putin spoke by "
    "phone on Thursday, a week after the European Union imposed sanctions on a dozen Chinese "
    "companies, the Kremlin said."
)
SECOND = "Kremlin spokesman Dmitry Peskov told reporters that the two leaders had discussed trade and energy."


def _breaks(text: str) -> list[str]:
    """The two words around every soft break, for readable assertions."""
    return [text[text.rfind(" ", 0, i) + 1 : text.find(" ", i + 1)].replace("\n", "|") for i in sorted(soft_breaks(text))]


@pytest.mark.parametrize("width", [60, 72, 80])
def test_hard_wrapped_paragraphs_are_joined(width):
    text = textwrap.fill(PARAGRAPH, width) + "\n\n" + textwrap.fill(SECOND, width) + "\n"
    inner = [i for i, ch in enumerate(text) if ch == "\n" and text[i - 1] != "\n" and text[i + 1 : i + 2] not in ("\n", "")]
    assert sorted(soft_breaks(text)) == inner
    joined = unwrap(text)
    assert len(joined) == len(text) and joined.split("\n\n")[0] == PARAGRAPH


@pytest.mark.parametrize(
    ("text", "soft"),
    [
        # web copy: one paragraph per line; headline, caption and body lines keep their breaks
        ("China and Russia hold talks\nChinese President Xi Jinping met Russian President Vladimir "
         "Putin in Moscow on Tuesday, the Kremlin said, as the two sides signed a dozen agreements.\n", []),
        # bullets and headings are markup, never joined, even in a wrapped text
        ("## What was agreed?\n- The pipeline would carry gas from western Siberia to China.\n"
         "- Prices have not been disclosed.\n", []),
        ("> \"This is the gas that was meant for Germany,\" said an analyst in London on Monday.\n"
         "> \"It is now going to China.\"\n", []),
        # a short line (headline, sign-off) inside a wrapped text keeps its break
        ("EU sanctions Chinese firms\n" + textwrap.fill(PARAGRAPH, 72) + "\n", ["President|Vladimir", "European|Union"]),
        # a line continued in lower case is joined whatever the width
        ("The ministers said the talks, which lasted four hours, had been\nconstructive and open.\n", ["been|constructive"]),
        # ... but not after a full stop, colon or closing quotation
        ("The talks were long.\nthe next round is in May.\n", []),
        ("Peskov said:\n“We are ready.”\n", []),
    ],
)
def test_soft_breaks(text, soft):
    assert _breaks(text) == soft


def test_starts_sentence_and_unwrap_keep_offsets():
    text = textwrap.fill(PARAGRAPH, 72) + "\n\nNext paragraph.\n"
    nl = text.index("\n")
    assert not starts_sentence(text, nl)
    assert starts_sentence(text, text.index("\n\n"))
    assert unwrap("Short line\nAnother short line.\n") == "Short line\nAnother short line.\n"


def test_unwrapped_text_gives_the_claims_of_the_paragraph():
    """End to end: parsed after ``unwrap`` (how the orchestrator should call it), a hard-wrapped
    paragraph yields the claim and the person a line break would have split."""
    from kg.extract import actors, claims
    from kg.extract.nlp import parse
    from kg.model import Article

    body = textwrap.fill(PARAGRAPH, 72) + "\n\n" + textwrap.fill(SECOND, 72) + "\n"
    article = Article(id="t", title="t", publisher="Test Wire", body=body)
    doc = next(parse([unwrap(body)]))
    mentions = actors.find_mentions(doc, article)
    found = {(c.claimant.key, " ".join(c.text.split())[:40]) for c in claims.find_claims(doc, article, mentions)}
    assert ("dmitry-peskov", "the two leaders had discussed trade and ") in found
    assert ("russia", "Chinese President Xi Jinping and Russian") in found
    assert "vladimir-putin" in {m.actor.key for m in mentions}
