"""Typed values that flow through the pipeline: Article -> Extraction (mentions, claims, events).

Every extracted item carries character offsets into ``Article.body``, the extractor that
made it and a confidence, so any answer can be traced back to the exact text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Precision = Literal["year", "month", "day"]
ActorKind = Literal["Person", "Organization", "State", "Publisher", "AnonymousSource"]


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to year, month or day precision ("2024", "2024-02", "2024-02-08")."""

    value: str
    precision: Precision

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` of ``Article.body``; ``text == body[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """One news article as read from ``data/articles`` (front matter + body)."""

    id: str
    title: str
    publisher: str
    body: str
    url: str | None = None
    published: PartialDate | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    genre: str | None = None
    path: Path | None = None
    content_hash: str = ""
    body_line: int = 1  # 1-based line number of the body's first character in the source file


@dataclass(frozen=True)
class ActorRef:
    """A resolved real-world actor.

    ``key`` is stable across articles: a gazetteer id for known actors, else a slug of the
    normalised name. ``wikidata`` comes only from the gazetteer, never guessed.
    """

    key: str
    name: str
    kind: ActorKind
    wikidata: str | None = None


@dataclass(frozen=True)
class Mention:
    """An actor named (or referred to) at a span of the article, with what the text says of it."""

    actor: ActorRef
    span: Span
    role: str | None = None  # "research fellow", "Foreign Minister"
    affiliation: ActorRef | None = None  # organisation the role is held at
    nationality: ActorRef | None = None  # the State an actor belongs to ("Chinese expert")
    extractor: str = "kg.extract.actors.v1"
    confidence: float = 1.0


@dataclass(frozen=True)
class Claim:
    """An actor asserts something: the content clause, attributed to a claimant."""

    claimant: ActorRef
    text: str  # the asserted content, as written (== content.text)
    content: Span  # offsets of the content clause / quotation
    evidence: Span  # the whole sentence(s) the claim comes from, attribution included
    verb: str | None = None  # lemma of the reporting verb ("say", "warn", "according to")
    direct: bool = False  # a direct quotation
    topics: tuple[str, ...] = ()  # topic keys, local names in ontology/topics.ttl
    target: ActorRef | None = None  # whom a criticise/condemn/accuse claim is aimed at
    relayed_by: ActorRef | None = None  # "X quoted Y as saying": X relays Y's claim
    extractor: str = "kg.extract.claims.v1"
    confidence: float = 1.0


@dataclass(frozen=True)
class Event:
    """Something that happened (a call, summit, drill, incident) with its participants."""

    kind: str  # local name of an event class in ontology/kg.ttl ("PhoneCall", "Summit", ...)
    trigger: Span  # the trigger words ("phone call", "joint exercises")
    evidence: Span  # the sentence the event comes from
    participants: tuple[ActorRef, ...] = ()
    place: str | None = None
    date: PartialDate | None = None
    extractor: str = "kg.extract.events.v1"
    confidence: float = 1.0
    status: str | None = None  # "planned": firmly scheduled, not yet happened; None: reported as happened


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    furniture: tuple[Span, ...] = field(default=())  # page furniture that was masked out
