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
    "middle-east", "iran", "afghanistan", "internal-affairs", "democracy", "nato", "space",
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
        # acronyms are case-sensitive: the pronoun is not the country, lower-case lng is no label;
        # the British spelling "Nato" is its own (case-insensitive) hidden label
        ("Let us talk about trade with us.", ("trade",)),
        ("lng and opec and wto in lower case", ()),
        ("Nato allies met in Vilnius.", ("nato",)),
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
    ("text", "expected"),
    [
        # labels added for real news: variants, inflections, place names of the issue
        ("Kyiv's counteroffensive stalled in the south.", ("ukraine-war",)),
        ("Ukrainian forces retook Kherson.", ("ukraine-war",)),
        ("The Kyiv regime is to blame, the Kremlin said.", ("ukraine-war",)),
        ("Russian aggression must not be rewarded.", ("ukraine-war",)),
        ("Tensions in the Taiwan Strait rose.", ("taiwan",)),
        ("Beijing urged restraint on cross-strait ties.", ("taiwan",)),
        ("Kazakhstan adheres to the one-China principle.", ("taiwan",)),
        ("Xi vowed the complete reunification of the motherland.", ("taiwan",)),
        ("Vessels intruded into waters near Ren\u2019ai Jiao.", ("south-china-sea",)),
        ("Manila protested in the West Philippine Sea.", ("south-china-sea",)),
        ("China tightened exports of rare earths.", ("technology", "trade")),
        ("Washington restricted advanced chips and chipmaking tools.", ("technology",)),
        ("Brussels worries about Chinese overcapacity in electric vehicles.", ("technology", "trade")),
        ("The EU opened an anti-dumping probe.", ("trade",)),
        ("Gas flows through the Power of Siberia pipeline rose.", ("energy",)),
        ("OPEC kept oil and gas output steady.", ("energy",)),
        ("The two navies held joint naval drills.", ("military-cooperation",)),
        ("The allies signed a defence pact.", ("military-cooperation",)),
        ("The Mutual Defense Treaty extends to the coast guard.", ("military-cooperation",)),
        ("Peace cannot be built on military blocs.", ("world-order",)),
        ("They back a multipolar order against unilateralism.", ("world-order",)),
        ("BRICS discussed de-dollarisation.", ("world-order",)),
        ("Washington is trying to contain China.", ("us-china-relations",)),
        ("Talks between Washington and Beijing resumed.", ("us-china-relations",)),
        ("Beijing opposes foreign interference in Hong Kong.", ("hong-kong", "internal-affairs")),
        ("Moscow rejected any meddling in its elections.", ("internal-affairs",)),
        ("Rights groups cite internment camps and forced labour in Xinjiang.",
         ("human-rights", "xinjiang")),
        ("The Houthi attacks in the Red Sea continued.", ("middle-east",)),
        ("Israel's offensive on Rafah drew criticism.", ("gaza", "middle-east")),
        ("It is a bridge to a decarbonised industry.", ("climate",)),
        ("North Korea tested an ICBM.", ("korean-peninsula", "nuclear-weapons")),
        ("The IOC suspended the committee.", ("olympics",)),
        ("Moscow was cut off from SWIFT.", ("sanctions",)),
        ("Beijing could launch a full-scale invasion of Taiwan.", ("taiwan",)),
        ("Nasa and Roscosmos plan a joint lunar mission.", ("space",)),
    ],
)
def test_tag_topics_new_labels(text: str, expected: tuple[str, ...]) -> None:
    assert tag_topics(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # common false friends of the labels: no topic at all
        "When the chips are down, friends help.",
        "It was a bargaining chip in the talks.",
        "That would be a bridge too far.",
        "They kept the lobbyists at arms length.",
        "He bought a new Games console.",
        "The Games open on Friday.",  # "the Games" is left out: the tagger ignores case
        "Police fired tear gas at the crowd.",
        "The deal is in the pipeline.",
        "Trade unions called a strike.",
        "It is a trade-off between speed and cost.",
        "The two ministers traded barbs; they trade blows every week.",
        "Olive oil prices doubled.",
        "An arctic blast froze Chicago.",
        "The rally was officially sanctioned by the city.",
        "He won gold at the Special Olympics.",
        "Radio interference disrupted the broadcast.",
        "He spoke for us and for China's farmers.",
        "The drills began at dawn near the coast.",  # drills alone are no cooperation
        "Putin visited Ukraine's neighbours.",  # a country name is not the war
        "The business climate improved.",
        "The space between them grew.",  # the concept's prefLabel is "outer space"
        "GPS interference in the Baltic grew.",
        "Beijing could launch a full-scale invasion of the island.",  # not the Ukraine war
    ],
)
def test_false_friends_tag_nothing(text: str) -> None:
    assert tag_topics(text) == ()


def test_false_friend_only_hides_its_own_occurrence() -> None:
    assert tag_topics("Trade unions backed the new trade deal.") == ("trade",)
    assert tag_topics("Oil prices rose, and so did olive oil.") == ("energy",)


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
    assert labels["space"] == "outer space"  # a bare "space" label fired on "the space between"
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
    assert scheme.tag("Trade unions met.") == ()  # the shipped false friends still apply
    assert scheme.tag("l'eau potable") == ()  # only English (or untagged) labels are matched
    assert scheme.labels["water-security"] == "water security"
