"""Actor mentions on sentences written for these tests: keys, merging, metonyms, roles, anaphora."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Article


def mentions_of(text: str):
    x = extract(Article(id="t", title="t", publisher="Test Wire", body=text))
    for m in x.mentions:
        assert text[m.span.start : m.span.end] == m.span.text
    return x.mentions


def keys(text: str) -> list[tuple[str, str]]:
    return [(m.span.text, m.actor.key) for m in mentions_of(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # gazetteer names, short names and titles
            "President Xi Jinping met Vladimir Putin. Xi later called Putin an old friend.",
            [("Xi Jinping", "xi-jinping"), ("Vladimir Putin", "vladimir-putin"), ("Xi", "xi-jinping"),
             ("Putin", "vladimir-putin")],
        ),
        (  # an unknown person: full name then surname, one key
            "Henrik Larsen, a senior analyst at the Nordic Policy Institute, spoke first. Larsen said little.",
            [("Henrik Larsen", "henrik-larsen"), ("Nordic Policy Institute", "nordic-policy-institute"),
             ("Larsen", "henrik-larsen")],
        ),
        (  # metonyms as actors, not as places
            "Beijing and Moscow signed the deal, which was announced in Beijing.",
            [("Beijing", "china"), ("Moscow", "russia")],
        ),
        (  # possessive metonym; "the US" acronym is not the pronoun "us"
            "Beijing’s stance surprised the US. It told us nothing.",
            [("Beijing", "china"), ("US", "united-states")],
        ),
        (  # state names
            "China and Russia intensified their joint exercises near Japan.",
            [("China", "china"), ("Russia", "russia"), ("Japan", "japan")],
        ),
        (  # the Kremlin as speaker stands for Russia
            "The Kremlin said the meeting went well.",
            [("Kremlin", "russia")],
        ),
    ],
)
def test_mention_keys(text, expected):
    assert keys(text) == expected


def test_apposition_role_and_affiliation():
    (m, *_rest) = mentions_of(
        "Liu Mei, a research fellow at the Chinese Academy of Social Sciences (CASS), argued otherwise."
    )
    assert (m.actor.key, m.role, m.affiliation.key) == ("liu-mei", "research fellow", "chinese-academy-of-social-sciences")


def test_title_gives_role_and_nationality():
    m = next(m for m in mentions_of("Chinese Foreign Minister Wang Yi arrived on Monday.") if m.actor.kind == "Person")
    assert (m.actor.key, m.role, m.nationality.key) == ("wang-yi", "Foreign Minister", "china")


def test_org_title_gives_affiliation():
    m = next(m for m in mentions_of("Kremlin spokesman Dmitry Peskov spoke to reporters.") if m.actor.kind == "Person")
    assert (m.actor.key, m.role, m.affiliation.key) == ("dmitry-peskov", "spokesman", "kremlin")


def test_name_box_gives_role_and_affiliation():
    m = mentions_of("Intro text.\n\nJonas Keller\n\nPolitical scientist, University of Zurich\n\nMore text.")[0]
    assert (m.actor.key, m.role, m.affiliation.key) == ("jonas-keller", "Political scientist", "university-of-zurich")


def test_description_resolves_to_the_national():
    found = keys(
        "Xi Jinping received Vladimir Putin in Beijing. The Russian leader praised his Chinese counterpart."
    )
    assert ("The Russian leader", "vladimir-putin") in found
    assert ("his Chinese", "xi-jinping") in found or ("his Chinese counterpart", "xi-jinping") in found


@pytest.mark.parametrize(
    "text",
    [
        "Advertisement\n\nShare\n\nNews",
        "A reporter in Brussels filed the story from Brussels-based offices.",
        "The Beijing Winter Olympics opened in February.",
    ],
)
def test_no_actor(text):
    assert keys(text) == []
