"""Claimant classes missed on the first run of blind set 4 (tests/blind, set4), one (text, expected)
table each.

expected: sorted (claimant key, claimant name, content) of every claim. Every sentence is written for
the test; none is copied from an article.
"""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Article


def rows(text: str, genre: str | None = None) -> list[tuple[str, str, str]]:
    x = extract(Article(id="t", title="t", publisher="Test Wire", body=text, genre=genre))
    for c in x.claims:
        assert text[c.content.start : c.content.end] == c.text
    return sorted({(c.claimant.key, c.claimant.name, c.text) for c in x.claims})


# 1. a name followed by its acronym in brackets ends before the bracket (never "Agency (WHO"); a
# hyphenated acronym ("(LU-N)") is defined like any other; "the incumbent <Name> (<ACR>) party" is
# that named party, and "the <ACR> chief <Person>" is the person, not the party
BRACKETED_ACRONYMS = [
    ("Stocks of vaccine were low, the World Health Organization (WHO) said in a statement.",
     [("world-health-organization", "World Health Organization", "Stocks of vaccine were low")]),
    ("Stocks of vaccine were low, the Northern Water Board (NWB) said. The NWB added that it had asked for help.",
     [("northern-water-board", "Northern Water Board", "Stocks of vaccine were low"),
      ("northern-water-board", "Northern Water Board", "it had asked for help")]),
    ("The incumbent Liberal Union-Nord (LU-N) party said the count was rigged. The LU-N said it would appeal.",
     [("liberal-union-nord", "Liberal Union-Nord", "it would appeal"),
      ("liberal-union-nord", "Liberal Union-Nord", "the count was rigged")]),
    ("The Liberal Union-Nord (LU-N) lost. The LU-N chief Marta Ruiz -- a former mayor -- alleged that the count was rigged.",
     [("marta-ruiz", "Marta Ruiz", "the count was rigged")]),
]


@pytest.mark.parametrize(("text", "expected"), BRACKETED_ACRONYMS)
def test_bracketed_acronyms(text, expected):
    assert rows(text) == expected


# 2. an anonymous source's label leaves out the time of the telling ("a source on Tuesday")
ANONYMOUS_WITH_TIME = [
    ("An industry source on Tuesday told Reuters that the plant would close. The source said the workers had been told.",
     [("anonymous-t-industry-source", "industry source", "the plant would close"),
      ("anonymous-t-industry-source", "industry source", "the workers had been told")]),
]


@pytest.mark.parametrize(("text", "expected"), ANONYMOUS_WITH_TIME)
def test_anonymous_label_without_time(text, expected):
    assert rows(text) == expected


# 3. "an official quoted by <outlet> said …": the official's claim (here their state's, decision 28),
# relayed by the outlet, which asserts it too; never the outlet alone. Outlets other outlets cite
# are gazetteer entries (NER leaves "Axios" untyped).
PASSIVE_RELAY = [
    ("A French official quoted by Axios said that the talks had been useful.",
     [("axios", "Axios", "the talks had been useful"), ("france", "France", "the talks had been useful")]),
    ("The Kenyan ministry, quoted by Politico, said that the talks had been useful.",
     [("kenyan-ministry", "Kenyan Ministry", "the talks had been useful"),
      ("politico", "Politico", "the talks had been useful")]),
]


@pytest.mark.parametrize(("text", "expected"), PASSIVE_RELAY)
def test_passive_relay(text, expected):
    assert rows(text) == expected


def test_passive_relay_records_the_relay():
    x = extract(Article(id="t", title="t", publisher="Test Wire", body=PASSIVE_RELAY[0][0]))
    france = next(c for c in x.claims if c.claimant.key == "france")
    assert france.relayed_by is not None and france.relayed_by.key == "axios"


# 4. transcript labels of a surname after an honorific with a full stop ("MS. VALE:"): the person the
# header names in full, else the label's surname
BRIEFING = """Daily Briefing by Press Secretary Nora Vale

MS. VALE: Good morning. I have one announcement about the storm relief.

Q: Will the relief fund grow?

MS. VALE: I expect the fund to double by Friday.
"""


def test_honorific_surname_labels():
    got = rows(BRIEFING, genre="transcript")
    assert {k for k, _n, _t in got} == {"nora-vale"}
    assert ("nora-vale", "Nora Vale", "I expect the fund to double by Friday") in got


def test_honorific_surname_label_without_header():
    got = rows(BRIEFING.split("\n", 2)[2], genre="transcript")
    assert {k for k, _n, _t in got} == {"vale"}


# 5. a hyphenated title ("the Director-General") is never the organisation named by its last part
# ("General"): with its holder unnamed, no claim
HYPHENATED_TITLES = [
    ("The Director-General urged all parties to keep calm.", []),
    ("Ana Ruiz is the Director-General of the agency. The Director-General said the vote was fair.", []),
]


@pytest.mark.parametrize(("text", "expected"), HYPHENATED_TITLES)
def test_hyphenated_titles(text, expected):
    assert [r for r in rows(text) if r[0] == "general"] == expected


# 7. an organisation's common description in wire copy is a gazetteer alias ("the U.N. health agency")
DESCRIPTIVE_ALIASES = [
    ("Cases rose to 40, the U.N. health agency said on Monday.",
     [("world-health-organization", "World Health Organization", "Cases rose to 40")]),
]


@pytest.mark.parametrize(("text", "expected"), DESCRIPTIVE_ALIASES)
def test_descriptive_aliases(text, expected):
    assert rows(text) == expected
