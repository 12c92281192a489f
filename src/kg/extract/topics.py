"""Topic tagging: which concepts of the SKOS topic scheme (ontology/topics.ttl) a text names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.namespaces import KG, TOPIC
from kg.paths import TOPICS_FILE

LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
# A phrase that contains one of the concept's labels but is not about it ("trade union" for
# trade, "olive oil" for energy): a label match overlapping a false-friend match of the same
# concept does not count ("olive oil prices" is no "oil price").
# Declared in ontology/topics.ttl as an annotation property; matched like a label.
FALSE_FRIEND = KG.falseFriend
# Labels in English or without a language tag are matched; other languages are for display.
LABEL_LANGUAGES = ("en", None)
# A label made only of capitals/digits is an acronym: matched case-sensitively, so the
# label "US" would never fire on the pronoun "us", nor "NATO" need a lower-case twin.
_ACRONYM = re.compile(r"[A-Z0-9]*[A-Z][A-Z0-9]*")
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014"
_APOSTROPHES = "'\u2018\u2019"
_SIBILANT_END = re.compile(r"(?:s|x|z|ch|sh)$", re.I)
_CONSONANT_Y_END = re.compile(r"[^aeiou]y$", re.I)


@dataclass(frozen=True)
class TopicScheme:
    """The concepts of one scheme file with a single compiled matcher over all their labels."""

    labels: dict[str, str]  # key -> prefLabel
    pattern: re.Pattern[str]
    group_keys: dict[str, str]  # regex group name -> topic key
    false_friends: re.Pattern[str] | None = None  # same layout, over kg:falseFriend phrases

    def tag(self, text: str) -> tuple[str, ...]:
        """Sorted keys of the topics one of whose labels occurs in ``text``, not overlapping one of
        the same topic's false friends."""
        excluded = _spans(self.false_friends, self.group_keys, text) if self.false_friends else {}
        found: set[str] = set()
        for key, spans in _spans(self.pattern, self.group_keys, text).items():
            if any(not any(a < e and s < b for s, e in excluded.get(key, ())) for a, b in spans):
                found.add(key)
        return tuple(sorted(found))


def _spans(pattern: re.Pattern[str], group_keys: dict[str, str], text: str) -> dict[str, list[tuple[int, int]]]:
    """Topic key -> character spans of its phrases matched by a lookahead-group pattern."""
    out: dict[str, list[tuple[int, int]]] = {}
    for m in pattern.finditer(text):
        for group, value in m.groupdict().items():
            if value is not None:
                out.setdefault(group_keys[group], []).append(m.span(group))
    return out


def label_regex(label: str) -> str:
    """Regex for one label: flexible spaces, hyphens and apostrophes, plus a plural ending.

    Morphology is deliberately light (plural only); adjective forms such as "Taiwanese" are
    data, given as skos:hiddenLabel, because English derivation is too irregular to guess.
    """
    label = " ".join(label.split())
    if _ACRONYM.fullmatch(label):
        return f"(?-i:{re.escape(label)})"
    parts: list[str] = []
    for ch in label:
        if ch == " ":
            parts.append(r"\s+")
        elif ch in _HYPHENS:
            parts.append(f"[{_HYPHENS}\\s]?")
        elif ch in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        else:
            parts.append(re.escape(ch))
    if not label[-1].isalpha():
        return "".join(parts)
    if _CONSONANT_Y_END.search(label):
        return "".join(parts[:-1]) + "(?:y|ies)"
    if _SIBILANT_END.search(label):
        return "".join(parts) + "(?:es)?"
    return "".join(parts) + "s?"


def _topic_key(concept: URIRef) -> str | None:
    iri = str(concept)
    if not iri.startswith(str(TOPIC)):
        return None
    return iri[len(str(TOPIC)):] or None


@lru_cache(maxsize=8)
def load_scheme(path: Path = TOPICS_FILE) -> TopicScheme:
    """Parse a scheme file once and compile one regex with a lookahead group per concept.

    Each concept is tried at every word start inside its own lookahead, so overlapping labels
    of different concepts ("US-China trade war": us-china-relations and trade) all fire.
    """
    graph = Graph().parse(path, format="turtle")
    labels: dict[str, str] = {}
    variants: dict[str, set[str]] = {}
    false_friends: dict[str, set[str]] = {}
    for concept in sorted(set(graph.subjects(RDF.type, SKOS.Concept))):
        key = _topic_key(concept)
        if key is None:
            continue
        for prop in LABEL_PROPERTIES:
            for lit in graph.objects(concept, prop):
                if not _matchable(lit):
                    continue
                variants.setdefault(key, set()).add(str(lit).strip())
                if prop == SKOS.prefLabel and (key not in labels or lit.language == "en"):
                    labels[key] = str(lit).strip()
        for lit in graph.objects(concept, FALSE_FRIEND):
            if _matchable(lit):
                false_friends.setdefault(key, set()).add(str(lit).strip())
        labels.setdefault(key, key)
    group_keys = {f"t{i}": key for i, key in enumerate(sorted(variants))}
    return TopicScheme(
        labels=dict(sorted(labels.items())),
        pattern=_lookahead_pattern(variants, group_keys),
        group_keys=group_keys,
        false_friends=_lookahead_pattern(false_friends, group_keys) if false_friends else None,
    )


def _matchable(lit: object) -> bool:
    if not isinstance(lit, Literal) or not str(lit).strip():
        return False
    return lit.language is None or lit.language.split("-")[0] in LABEL_LANGUAGES


def _lookahead_pattern(phrases: dict[str, set[str]], group_keys: dict[str, str]) -> re.Pattern[str]:
    """One regex with an optional lookahead group per topic, tried at every word start."""
    branches: list[str] = []
    for group, key in group_keys.items():
        if key not in phrases:
            continue
        alts = "|".join(label_regex(a) for a in sorted(phrases[key], key=lambda s: (-len(s), s)))
        branches.append(f"(?:(?=(?P<{group}>{alts})(?!\\w)))?")
    return re.compile(r"(?<!\w)(?=\w)" + "".join(branches), re.IGNORECASE)


def tag_topics(text: str) -> tuple[str, ...]:
    """Sorted keys of the topics named in ``text`` (pass only the content a claim asserts)."""
    return load_scheme().tag(text)


def topic_labels() -> dict[str, str]:
    """Topic key -> English preferred label, for every concept in the scheme."""
    return dict(load_scheme().labels)
