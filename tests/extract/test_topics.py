"""Topic tagging: label matching over the SKOS scheme, on sentences written for the test."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.extract.topics import label_regex, load_scheme, tag_topics, topic_labels
from kg.namespaces import KG, TOPIC
from kg.paths import TOPICS_FILE

REQUIRED_KEYS = {
    "taiwan", "ukraine-war", "gaza", "nato-enlargement", "sanctions", "trade", "energy",
    "military-cooperation", "human-rights", "hong-kong", "xinjiang", "south-china-sea",
    "world-order", "olympics", "food-security", "us-china-relations", "technology",
    "nuclear-weapons", "korean-peninsula", "arctic", "belt-and-road", "climate", "covid-19",
    "middle-east", "iran", "afghanistan", "internal-affairs", "democracy",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain labels, case-insensitive, on word boundaries
        ("Officials in Taipei rejected the plan.", ("taiwan",)),
        ("Taiwanese voters went to the polls.", ("taiwan",)),
        ("the TAIWAN STRAIT was calm", ("taiwan",)),
        ("Thailand and Taiwanland are not labels.", ()),
        # a textual mention is a mention: filtering biographies is the claims module's job
        ("She heads the Taiwan Studies project in Bern.", ("taiwan",)),
        # plural and -y/-ies morphology
        ("New sanctions were announced on Monday.", ("sanctions",)),
        ("The bank was sanctioned last year.", ("sanctions",)),
        ("Western democracies disagreed.", ("democracy",)),
        ("Tariffs on steel rose again.", ("trade",)),
        # alternative and hidden labels for the same war
        ("He spoke about the war in Ukraine.", ("ukraine-war",)),
        ("Russia\u2019s invasion of Ukraine changed Europe.", ("ukraine-war",)),
        ("The Ukrainian war dragged on.", ("ukraine-war",)),
        ("They discussed Ukraine.", ()),
        # overlapping labels of different concepts all fire
        ("The US-China trade war hurt farmers.", ("trade", "us-china-relations")),
        ("The Israel-Hamas war spread.", ("gaza", "middle-east")),
        ("Moscow opposes NATO expansion.", ("nato", "nato-enlargement")),
        ("Moscow wants the alliance not to expand eastward.", ("nato-enlargement",)),
        # hyphen and space variants
        ("Sino US ties are tense.", ("us-china-relations",)),
        ("China\u2013US relations are tense.", ("us-china-relations",)),
        ("Covid 19 restrictions ended.", ("covid-19",)),
        # acronyms are case-sensitive: the pronoun is not the country, lower-case nato is no label
        ("Let us talk about trade with us.", ("trade",)),
        ("nato and lng in lower case", ()),
        ("Imports of LNG doubled.", ("energy", "trade")),
        # false friends kept out by choosing labels that name the issue
        ("Police fired tear gas at protesters in Hong Kong.", ("hong-kong",)),
        ("The deal is in the pipeline and used as a bargaining chip.", ()),
        ("The business climate improved.", ()),
        # several topics in one sentence
        (
            "Beijing wants its sovereignty over Xinjiang and the South China Sea respected.",
            ("internal-affairs", "south-china-sea", "xinjiang"),
        ),
        ("A joint naval patrol near the Arctic.", ("arctic", "military-cooperation")),
        ("", ()),
    ],
)
def test_tag_topics(text: str, expected: tuple[str, ...]) -> None:
    assert tag_topics(text) == expected


@pytest.mark.parametrize(
    ("label", "text", "matches"),
    [
        ("sanction", "sanctions", True),
        ("democracy", "democracies", True),
        ("tax", "taxes", True),
        ("US-China", "US China", True),
        ("US-China", "US\u2011China", True),
        ("Russia's war", "Russia\u2019s war", True),
        ("NATO", "Nato", False),
        ("NATO", "NATO", True),
    ],
)
def test_label_regex(label: str, text: str, matches: bool) -> None:
    import re

    assert bool(re.fullmatch(label_regex(label), text, re.IGNORECASE)) is matches


def test_scheme_has_required_concepts_with_labels_and_definitions() -> None:
    graph = Graph().parse(TOPICS_FILE)
    scheme = TOPIC["scheme"]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    keys = set()
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        key = str(concept)[len(str(TOPIC)):]
        keys.add(key)
        assert (concept, RDF.type, KG.Topic) in graph, key
        assert (concept, SKOS.inScheme, scheme) in graph, key
        assert graph.value(concept, SKOS.definition) is not None, key
        assert len(list(graph.objects(concept, SKOS.prefLabel))) == 1, key
        assert (concept, SKOS.topConceptOf, scheme) in graph or graph.value(concept, SKOS.broader), key
    assert REQUIRED_KEYS <= keys
    assert set(topic_labels()) == keys


def test_topic_labels() -> None:
    labels = topic_labels()
    assert labels["ukraine-war"] == "Russia-Ukraine war"
    assert labels["taiwan"] == "Taiwan"


def test_new_concept_is_picked_up_without_code_change(tmp_path) -> None:
    ttl = tmp_path / "topics.ttl"
    ttl.write_text(
        TOPICS_FILE.read_text(encoding="utf-8")
        + """
topic:water-security a skos:Concept, kg:Topic ;
    skos:prefLabel "water security"@en ;
    skos:hiddenLabel "Mekong dam"@en, "eau potable"@fr ;
    skos:definition "Access to fresh water."@en ;
    skos:inScheme topic:scheme ;
    skos:topConceptOf topic:scheme .
""",
        encoding="utf-8",
    )
    scheme = load_scheme(ttl)
    assert scheme.tag("New Mekong dams threaten water security.") == ("water-security",)
    assert scheme.tag("l'eau potable") == ()  # only English (or untagged) labels are matched
    assert scheme.labels["water-security"] == "water security"
