"""Page furniture lines are found (and only they), so NLP never reads site chrome."""

import pytest

from kg.extract.furniture import furniture_spans


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT - scroll to continue",
        "Open the people box",
        "Close the person’s box",
        "Hide the info box",
        "Select Voice",
        "Select Speed",
        "1.25x",
        "Reading Time:3 minutes",
        "5 min read",
        "Why you can trust The Daily Planet",
        "01:47",
        "1:02:33",
        "Source link",
        "source site-13",
        "Comments are closed.",
        "37 comments",
        "Photo: Reuters",
        "Image credit: Getty Images",
        "AFP / Jane Doe",
        "Troops march in the capital on Monday. Photo: EPA-EFE",
        "Get more with myFEED",
        "Learn more",
        "Read more",
        "Sign up for our morning briefing",
        "Share on WhatsApp",
        "Twitter",
        "Copy link",
        "42",
        "© 2024 Example Media Group",
        "Listen to this article",
    ],
)
def test_furniture_line(line):
    body = f"The minister spoke on Tuesday.\n\n{line}\n\nHe said talks would continue."
    spans = furniture_spans(body)
    assert [s.text for s in spans] == [line]
    (span,) = spans
    assert body[span.start : span.end] == line


@pytest.mark.parametrize(
    "line",
    [
        "The ministry said the talks would resume in March.",
        "Share prices fell 3 per cent on Monday after the announcement.",
        "Photographers gathered outside the embassy.",
        "In 2024, trade rose by 12 per cent.",
        "“Learn more about us,” the envoy told reporters.",
        "Reuters reported that the talks had stalled.",
        "1.5 million people were displaced.",
    ],
)
def test_article_text_is_not_furniture(line):
    assert furniture_spans(f"Intro.\n\n{line}\n") == []


def test_repeated_headline_line_is_masked_once():
    body = "Leaders meet – talks go on\n\nLeaders meet - talks go on\n\nBody text."
    spans = furniture_spans(body)
    assert [(s.start, s.text) for s in spans] == [(28, "Leaders meet - talks go on")]


def test_indented_line_span_excludes_whitespace():
    body = "Text.\n   Advertisement  \nMore."
    (span,) = furniture_spans(body)
    assert (span.start, span.end, span.text) == (9, 22, "Advertisement")
