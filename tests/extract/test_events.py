"""Event extraction on sentences written for the test, with mentions built from spaCy NER.

The helper maps PERSON/GPE/ORG entities to ActorRefs keyed by slug(text), so these tests do not
depend on the actors module; participants can only ever come from the mentions given.
"""

from __future__ import annotations

import pytest

from kg.extract.events import EXTRACTOR, find_events, load_triggers
from kg.iri import slug
from kg.model import ActorRef, Article, Mention, PartialDate, Span

pytestmark = pytest.mark.slow

ANCHOR = PartialDate("2023-04-06", "day")  # a Thursday
NER_KINDS = {"PERSON": "Person", "GPE": "State", "ORG": "Organization"}


@pytest.fixture(scope="module")
def nlp():
    from kg.extract.nlp import load_nlp

    return load_nlp()


def ner_mentions(doc) -> list[Mention]:
    return [
        Mention(
            actor=ActorRef(key=slug(e.text), name=e.text, kind=NER_KINDS[e.label_]),
            span=Span(e.start_char, e.end_char, e.text),
        )
        for e in doc.ents
        if e.label_ in NER_KINDS
    ]


def run(nlp, text: str, anchor: PartialDate | None = ANCHOR, mentions=None):
    doc = nlp(text)
    article = Article(id="t", title="t", publisher="p", body=text, published=anchor)
    return find_events(doc, article, ner_mentions(doc) if mentions is None else mentions)


def summary(events) -> list[tuple]:
    return [
        (
            e.kind,
            e.trigger.text,
            tuple(p.key for p in e.participants),
            e.place,
            None if e.date is None else f"{e.date.value}/{e.date.precision}",
            e.confidence,
        )
        for e in events
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # noun trigger with a modifier; light verb subject + "with" object; weekday date
        (
            "Chinese President Xi Jinping held a phone call with French President Emmanuel Macron on Tuesday.",
            [("PhoneCall", "phone call", ("xi-jinping", "emmanuel-macron"), None, "2023-04-04/day", 0.9)],
        ),
        # verb trigger by lemma ("met"), subject + object, place on the person met
        (
            "Olaf Scholz met Joe Biden in Washington on Friday.",
            [("Meeting", "met", ("olaf-scholz", "joe-biden"), "Washington", "2023-03-31/day", 0.85)],
        ),
        # negated: it did not happen
        ("Olaf Scholz did not meet Joe Biden in Washington.", []),
        # question + future: kept, with low confidence
        (
            "Will Olaf Scholz meet Joe Biden in Washington?",
            [("Meeting", "meet", ("olaf-scholz", "joe-biden"), "Washington", None, 0.4)],
        ),
        # "meet" in another sense needs an actor tied to it
        ("The factory met the demand for steel.", []),
        # "meeting" noun: participants from "between X and Y", place from "in <GPE>"
        (
            "The meeting between Narendra Modi and Anthony Albanese took place in Sydney last month.",
            [("Meeting", "meeting", ("narendra-modi", "anthony-albanese"), "Sydney", "2023-03/month", 0.85)],
        ),
        # hypothetical, generic, no participants
        ("A blockade of the island would be a disaster.", [("MilitaryAction", "blockade", (), None, None, 0.3)]),
        # a visited place is the place, not a participant
        (
            "Emmanuel Macron visited Beijing in April.",
            [("Visit", "visited", ("emmanuel-macron",), "Beijing", "2023-04/month", 0.85)],
        ),
        # multi-word trigger; past tense puts a year-less month before the article date
        (
            "Russia and China held joint naval exercises in the Sea of Japan in July.",
            [("MilitaryExercise", "joint naval exercises", ("russia", "china"), "Sea of Japan", "2022-07/month", 0.85)],
        ),
        (
            "Washington imposed sanctions on Huawei.",
            [("Sanction", "sanctions", ("washington", "huawei"), None, None, 0.8)],
        ),
        (
            "The war began with the Russian invasion of Ukraine in February 2022.",
            [("Invasion", "invasion", ("ukraine",), None, "2022-02/month", 0.85)],
        ),
        ("Moscow annexed Crimea in 2014.", [("Annexation", "annexed", ("moscow", "crimea"), None, "2014/year", 0.8)]),
        # an agreement is an event when signed (or reached, ended...), not when merely discussed
        (
            "Iran and Saudi Arabia signed an agreement in Beijing on Friday.",
            [("Agreement", "agreement", ("iran", "saudi-arabia"), "Beijing", "2023-03-31/day", 0.8)],
        ),
        ("Experts discussed whether an agreement was possible.", []),
        # a press conference is no forum
        ("Antony Blinken spoke at a press conference in Tokyo.", []),
        # the frame of a clause: its subject takes part; "during" does not hedge
        (
            "During talks with Antony Blinken in Beijing, Wang Yi warned against interference.",
            [("Meeting", "talks", ("antony-blinken", "wang-yi"), "Beijing", None, 0.75)],
        ),
        # a later "the incident" with nothing new is a reference back, not a second event
        (
            "A collision between a Chinese coast guard ship and a Philippine vessel was reported on Monday. "
            "The incident raised tensions.",
            [("Incident", "collision", (), None, "2023-04-03/day", 0.65)],
        ),
        # an event used as a time point is presupposed, not hedged
        ("Tensions rose after the joint drills ended.", [("MilitaryExercise", "joint drills", (), None, None, 0.75)]),
        # planned
        ("Beijing plans to invade Taiwan.", [("Invasion", "invade", ("beijing", "taiwan"), None, None, 0.4)]),
        # a verb with a modifier in its prepositional object
        (
            "Joe Biden spoke by phone with Olaf Scholz yesterday.",
            [("PhoneCall", "spoke by phone", ("joe-biden", "olaf-scholz"), None, "2023-04-05/day", 0.85)],
        ),
        (
            "The two leaders will hold a summit in Bali next month.",
            [("Summit", "summit", (), "Bali", "2023-05/month", 0.3)],
        ),
        # "Ukraine talks": a lone actor before a gathering is its topic, not a party
        (
            "Diplomats from Brazil joined the Ukraine talks in Jeddah.",
            [("Meeting", "talks", ("brazil",), "Jeddah", None, 0.75)],
        ),
    ],
)
def test_find_events(nlp, text: str, expected: list[tuple]) -> None:
    assert summary(run(nlp, text)) == expected


def test_date_needs_an_anchor_for_relative_expressions(nlp) -> None:
    text = "Olaf Scholz met Joe Biden in Washington on Friday."
    assert [e.date for e in run(nlp, text, anchor=None)] == [None]
    month = PartialDate("2023-04", "month")
    assert [str(e.date) for e in run(nlp, text, anchor=month)] == ["2023"]


def test_no_date_without_one_in_the_sentence(nlp) -> None:
    events = run(nlp, "Olaf Scholz met Joe Biden in Washington.")
    assert [e.date for e in events] == [None]


def test_spans_are_exact_and_extractor_named(nlp) -> None:
    text = "Trade fell.\n\nOlaf Scholz met Joe Biden in Washington. Trade grew."
    (event,) = run(nlp, text)
    assert text[event.trigger.start : event.trigger.end] == event.trigger.text == "met"
    assert event.evidence.text == "Olaf Scholz met Joe Biden in Washington."
    assert text[event.evidence.start : event.evidence.end] == event.evidence.text
    assert event.extractor == EXTRACTOR


def test_participants_come_only_from_mentions(nlp) -> None:
    events = run(nlp, "Olaf Scholz met Joe Biden in Washington.", mentions=[])
    assert summary(events) == []  # "met" requires a participant
    events = run(nlp, "Russia and China held joint naval exercises.", mentions=[])
    assert summary(events) == [("MilitaryExercise", "joint naval exercises", (), None, None, 0.75)]


def test_participants_deduplicated_by_key(nlp) -> None:
    text = "Joe Biden met Olaf Scholz."
    doc = nlp(text)
    biden = ActorRef(key="joe-biden", name="Joe Biden", kind="Person")
    mentions = [Mention(actor=biden, span=Span(0, 9, "Joe Biden")), Mention(actor=biden, span=Span(4, 9, "Biden"))]
    article = Article(id="t", title="t", publisher="p", body=text, published=ANCHOR)
    (event,) = find_events(doc, article, mentions)
    assert [p.key for p in event.participants] == ["joe-biden"]


def test_lexicon_kinds_are_event_classes(tmp_path) -> None:
    kinds = {e.kind for e in load_triggers()}
    assert kinds <= {
        "Meeting", "Summit", "PhoneCall", "Visit", "Forum", "MilitaryExercise", "MilitaryAction",
        "Invasion", "Annexation", "Incident", "Sanction", "Boycott", "Agreement", "Event",
    }
    bad = tmp_path / "triggers.yaml"
    bad.write_text("triggers:\n  - {kind: Parade, lemmas: [parade]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown event class 'Parade'"):
        load_triggers(bad)
