"""The reporting-verbs lexicon (data/lexicons/reporting_verbs.yaml): verbs and nouns of saying,
editorial and anonymity markers, relay verbs. Read by the claim rules and by the resolver, which
must know a relay ("an official quoted by X") from an issuer ("figures released by X")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from kg.paths import LEXICON_DIR

LEXICON = LEXICON_DIR / "reporting_verbs.yaml"


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, dict]
    nouns: frozenset[str]
    editorial: re.Pattern[str]
    interview_end: re.Pattern[str]
    anonymity: re.Pattern[str]
    relay_verbs: frozenset[str] = frozenset({"quote", "cite"})
    continuation_verbs: frozenset[str] = frozenset()
    continuation_adverbs: frozenset[str] = frozenset()
    publishing_verbs: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    alternation = lambda ps: re.compile("|".join(f"(?:{p})" for p in ps), re.IGNORECASE)  # noqa: E731
    return Lexicon(
        verbs={k: v or {} for k, v in data["verbs"].items()},
        nouns=frozenset(data["nouns"]),
        editorial=alternation(data["editorial_markers"]),
        interview_end=alternation(data["interview_end"]),
        anonymity=alternation(data.get("anonymity_markers") or ["(?!)"]),
        relay_verbs=frozenset(data.get("relay_verbs") or ("quote", "cite")),
        continuation_verbs=frozenset((data.get("continuation") or {}).get("verbs") or ()),
        continuation_adverbs=frozenset((data.get("continuation") or {}).get("adverbs") or ()),
        publishing_verbs=frozenset(data.get("publishing_verbs") or ()),
    )
