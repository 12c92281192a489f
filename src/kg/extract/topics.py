"""Topic tagging: which concepts of the SKOS topic scheme (ontology/topics.ttl) a text names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.namespaces import TOPIC
from kg.paths import TOPICS_FILE

LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
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

    def tag(self, text: str) -> tuple[str, ...]:
        """Sorted keys of the topics one of whose labels occurs in ``text``."""
        found: set[str] = set()
        for m in self.pattern.finditer(text):
            for group, value in m.groupdict().items():
                if value is not None:
                    found.add(self.group_keys[group])
        return tuple(sorted(found))


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
    for concept in sorted(set(graph.subjects(RDF.type, SKOS.Concept))):
        key = _topic_key(concept)
        if key is None:
            continue
        for prop in LABEL_PROPERTIES:
            for lit in graph.objects(concept, prop):
                if not isinstance(lit, Literal) or not str(lit).strip():
                    continue
                if lit.language is not None and lit.language.split("-")[0] not in LABEL_LANGUAGES:
                    continue
                variants.setdefault(key, set()).add(str(lit).strip())
                if prop == SKOS.prefLabel and (key not in labels or lit.language == "en"):
                    labels[key] = str(lit).strip()
        labels.setdefault(key, key)
    group_keys: dict[str, str] = {}
    branches: list[str] = []
    for i, key in enumerate(sorted(variants)):
        alternatives = sorted(variants[key], key=lambda s: (-len(s), s))
        group = f"t{i}"
        group_keys[group] = key
        alts = "|".join(label_regex(a) for a in alternatives)
        branches.append(f"(?:(?=(?P<{group}>{alts})(?!\\w)))?")
    pattern = re.compile(r"(?<!\w)(?=\w)" + "".join(branches), re.IGNORECASE)
    return TopicScheme(labels=dict(sorted(labels.items())), pattern=pattern, group_keys=group_keys)


def tag_topics(text: str) -> tuple[str, ...]:
    """Sorted keys of the topics named in ``text`` (pass only the content a claim asserts)."""
    return load_scheme().tag(text)


def topic_labels() -> dict[str, str]:
    """Topic key -> English preferred label, for every concept in the scheme."""
    return dict(load_scheme().labels)
