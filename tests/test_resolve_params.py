"""Resolution of topic/actor parameter values, on hand-made label tables (no store needed)."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.resolve_params import Known, fold, known_things, match, suggestions

T = "https://w3id.org/newskg/topic/"


@pytest.mark.parametrize("text,folded", [
    ("Russia-Ukraine war", "russia ukraine war"),
    ("  The   Kremlin ", "kremlin"),
    ("the", "the"),  # a lone "the" is a word, not an article
    ("U.S.", "us"),
    ("People’s Republic of China", "peoples republic of china"),
    ("Zürich / Genève", "zurich geneve"),
    ("COVID-19", "covid 19"),
    ("ÉLYSÉE", "elysee"),
    ("--", ""),
])
def test_fold_ignores_case_accents_punctuation_and_a_leading_the(text, folded):
    assert fold(text) == folded


def _things(*rows: tuple[str, str, int]) -> list[Known]:
    return known_things({"iri": T + iri, "label": label, "strength": str(s)} for iri, label, s in rows)


SCHEME = _things(
    ("ukraine-war", "Russia-Ukraine war", 0), ("ukraine-war", "war in Ukraine", 1),
    ("ukraine-war", "Crimea", 2),
    ("grain", "Ukraine grain deal", 0),
    ("crimea", "Crimea", 0),  # an exact preferred label outranks another concept's hidden one
    ("sea", "South China Sea", 0), ("us-china", "US-China relations", 0), ("us-china", "contain China", 2),
    ("unlabelled", "only hidden", 2),
)


@pytest.mark.parametrize("value,iris,how", [
    ("war in ukraine", ["ukraine-war"], "label"),
    ("Crimea", ["crimea"], "label"),
    ("Ukraine", ["ukraine-war", "grain"], "words in a label"),  # several topics: all of them
    ("china", ["sea", "us-china"], "words in a label"),
    ("contain", ["us-china"], "words in a hidden label"),
    ("only hidden", ["unlabelled"], "hidden label"),
    ("topic:crimea", ["crimea"], "iri"),
])
def test_the_strongest_kind_of_match_wins(value, iris, how):
    found = match("topic", "topic", value, SCHEME)
    assert [i.removeprefix(T) for i in found.iris] == iris
    assert found.how == how


def test_display_label_is_the_preferred_one_or_the_iri_name():
    assert {k.iri.removeprefix(T): k.label for k in SCHEME}["unlabelled"] == "unlabelled"
    assert {k.iri.removeprefix(T): k.label for k in SCHEME}["ukraine-war"] == "Russia-Ukraine war"


def test_a_typo_gets_the_closest_labels():
    with pytest.raises(QueryError) as caught:
        match("topic", "topic", "Ukrane", SCHEME)
    assert str(caught.value) == "no topic 'Ukrane'; did you mean: Russia-Ukraine war, Ukraine grain deal?"
    assert suggestions(fold("zzz"), SCHEME) == []


def test_several_actors_are_refused_with_the_list():
    people = known_things({"iri": f"https://w3id.org/newskg/id/actor/{k}", "label": n, "strength": "0"}
                          for k, n in (("wang-yi", "Wang Yi"), ("wang-wenbin", "Wang Wenbin")))
    with pytest.raises(QueryError) as caught:
        match("actor", "actor", "wang", people)
    assert str(caught.value) == ("actor 'wang' matches 2 actors: Wang Wenbin (id:actor/wang-wenbin), Wang Yi "
                                 "(id:actor/wang-yi); give a more specific name or the IRI")
    assert match("actor", "actor", "WANG YI", people).iris == ["https://w3id.org/newskg/id/actor/wang-yi"]
