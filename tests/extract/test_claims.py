"""Claims on sentences written for these tests: speakers, content spans, quotes, targets, non-claims."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Article


def claims_of(text: str, genre: str | None = None):
    x = extract(Article(id="t", title="t", publisher="Test Wire", body=text, genre=genre))
    for c in x.claims:
        assert text[c.content.start : c.content.end] == c.text
    return [(c.claimant.key, c.verb, c.text) for c in x.claims], x.claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # named speaker, that-clause
            "Dmitry Peskov said that the talks in Geneva had been useful.",
            [("dmitry-peskov", "say", "the talks in Geneva had been useful")],
        ),
        (  # speaker after a direct quote; short name resolves to the full name
            "Maria Okonkwo, an economist at the University of Lagos, spoke on Monday.\n\n"
            "“Tariffs will hurt small exporters first,” Okonkwo said.",
            [("maria-okonkwo", "say", "Tariffs will hurt small exporters first")],
        ),
        (  # pronoun speaker -> nearest person
            "Sergei Lavrov met reporters in Ankara.\n\n“We are ready to talk without preconditions,” he said.",
            [("sergei-lavrov", "say", "We are ready to talk without preconditions")],
        ),
        (  # speaker before a colon quote
            "Antony Blinken told the committee: “Our alliances are stronger than a year ago.”",
            [("antony-blinken", "tell", "Our alliances are stronger than a year ago")],
        ),
        (  # metonym as speaker
            "Beijing said the sanctions were illegal and counterproductive.",
            [("china", "say", "the sanctions were illegal and counterproductive")],
        ),
        (  # according to, trailing
            "The shipments doubled in March, according to Wang Wenbin.",
            [("wang-wenbin", "according to", "The shipments doubled in March")],
        ),
        (  # organisation statement
            "The Russian Foreign Ministry said in a statement that the drills posed no threat to anyone.",
            [("russian-foreign-ministry", "say", "the drills posed no threat to anyone")],
        ),
        (  # nested attribution: both speakers keep their own content
            "Olaf Scholz said Emmanuel Macron had warned that the bloc could not wait much longer.",
            [
                ("emmanuel-macron", "warn", "the bloc could not wait much longer"),
                ("olaf-scholz", "say", "Emmanuel Macron had warned that the bloc could not wait much longer"),
            ],
        ),
        (  # conjoined speakers
            "Narendra Modi and Fumio Kishida said the partnership would deepen next year.",
            [
                ("fumio-kishida", "say", "the partnership would deepen next year"),
                ("narendra-modi", "say", "the partnership would deepen next year"),
            ],
        ),
        (  # colon elaboration belongs to the content
            "The White House believes that two things matter: speed and unity.",
            [("united-states", "believe", "two things matter: speed and unity")],
        ),
    ],
)
def test_claims(text, expected):
    got, _ = claims_of(text)
    assert sorted(got) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "Dmitry Peskov did not say whether the talks would resume.",  # negated
        "The Kremlin declined to comment on the report.",  # refusal
        "Did Beijing say the sanctions were illegal?",  # question
        "Experts say the economy will slow next year.",  # no actor
        "Protesters gathered in Beijing on Sunday, witnesses said nothing else.",  # place, not speaker
        "Xi Jinping is not afraid to criticise Moscow when it suits him.",  # disposition, not an act
    ],
)
def test_not_claims(text):
    got, _ = claims_of(text)
    assert got == []


def test_place_is_not_speaker_but_actor_is():
    got, _ = claims_of("Officials in Beijing met on Friday. Washington said the meeting was a positive step.")
    assert got == [("united-states", "say", "the meeting was a positive step")]


def test_criticise_has_target():
    _, claims = claims_of("Josep Borrell criticised Iran for supplying drones to Russia.")
    (c,) = claims
    assert (c.claimant.key, c.verb, c.target.key, c.text) == (
        "josep-borrell", "criticise", "iran", "Iran for supplying drones to Russia"
    )


def test_condemn_targets_the_possessor():
    _, claims = claims_of("The Ukrainian Foreign Ministry condemned Russia’s strikes on the power grid.")
    (c,) = claims
    assert (c.claimant.key, c.target.key, c.text) == (
        "ukrainian-foreign-ministry", "russia", "Russia’s strikes on the power grid"
    )


def test_quoted_as_saying_is_relayed():
    _, claims = claims_of("Xinhua quoted Wang Yi as saying that dialogue was the only way forward.")
    (c,) = claims
    assert (c.claimant.key, c.relayed_by.key, c.verb, c.text) == (
        "wang-yi", "xinhua", "say", "dialogue was the only way forward"
    )


def test_direct_quote_flag_and_confidence():
    _, claims = claims_of("“We will not retreat,” Volodymyr Zelensky said.")
    (c,) = claims
    assert c.direct and c.claimant.key == "volodymyr-zelensky" and c.confidence == 0.9
    assert c.evidence.text == "“We will not retreat,” Volodymyr Zelensky said"


def test_continuation_paragraph_of_quotes():
    text = (
        "Jens Stoltenberg said the alliance would keep supporting Kyiv.\n\n"
        "“This is a long war and we must be ready for it.”"
    )
    got, _ = claims_of(text)
    assert ("jens-stoltenberg", "say", "This is a long war and we must be ready for it") in got


def test_interview_answers_belong_to_the_interviewee():
    text = (
        "Anna Berg is a historian at Uppsala University. She has written three books on the Baltic.\n\n"
        "Test Wire: Why does the Baltic matter so much?\n\n"
        "Anna Berg: It is the shortest route between the two navies.\n\n"
        "Will that change soon?\n\n"
        "Nothing suggests that the current tension will ease this decade.\n\n"
        "The interview was conducted by Tom Lee."
    )
    got, claims = claims_of(text)
    assert got == [
        ("anna-berg", "say", "It is the shortest route between the two navies"),
        ("anna-berg", "say", "Nothing suggests that the current tension will ease this decade"),
    ]
    assert all(c.direct for c in claims)


def test_editorial_voice_is_the_publishers():
    text = (
        "The summit ended on Tuesday with a joint communique.\n\n"
        "Both governments should now turn those words into binding commitments."
    )
    got, claims = claims_of(text, genre="editorial")
    assert got == [("test-wire", None, "Both governments should now turn those words into binding commitments")]
    assert claims[0].claimant.kind == "Publisher"


def test_news_narration_is_not_a_claim():
    got, _ = claims_of("The summit ended on Tuesday. Both governments should now act, Test Wire reported nothing.")
    assert all(g[0] != "test-wire" for g in got)
