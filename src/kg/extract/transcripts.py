"""Transcript speaker labels: who answers for a paragraph that opens with "LABEL:".

Rule family of ``kg.extract.claims``. A briefing or interview transcript labels its turns:
"SANDERS:", "Maria Zakharova:", "Spokesperson:", "Embassy Spokesperson:", "Question:". A label
names a person of the article (every label word is in the person's name, any case), or a role
that speaks for an organisation (lexicon ``transcripts.role_labels`` in data/lexicons/sources.yaml:
the organisation named in the label, else the article's publisher), or the asking side
(``question_labels``). Unlabelled paragraphs continue the last labelled turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.iri import slug
from kg.model import ActorRef, Mention

LABEL = re.compile(r"(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z .'’-]{0,40}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s+(?=\S)")


@dataclass(frozen=True)
class Turn:
    """A labelled paragraph: the label's span and who it is (None: the asking side)."""

    start: int  # paragraph start
    body_start: int  # first character after the label
    end: int
    speaker: ActorRef | None


def classify(label: str, mentions: list[Mention], publisher: ActorRef, question_labels, role_labels,
             header_org: ActorRef | None = None) -> tuple[str, ActorRef | None]:
    """("question"|"speaker"|"", actor) for one label; a role label speaks for the organisation it
    names, else the one the header (text before the first label) names, else the publisher."""
    low = " ".join(label.casefold().split())
    if low in question_labels:
        return "question", None
    words = low.split()
    people = [m for m in mentions if m.actor.kind == "Person" and set(words) <= set(m.actor.name.casefold().split())]
    if people:
        return "speaker", people[0].actor
    for n in range(min(3, len(words)), 0, -1):
        if " ".join(words[-n:]) in role_labels:
            rest = words[:-n]
            if rest:
                named = [m for m in mentions if m.actor.kind in ("Organization", "State")
                         and set(rest) <= set(m.actor.name.casefold().split())]
                if named:
                    return "speaker", named[0].actor
            return "speaker", header_org or publisher
    return "", None


def turns(text: str, paragraphs: list[tuple[int, int]], mentions: list[Mention], publisher_name: str,
          question_labels, role_labels) -> list[Turn]:
    """Every paragraph of a transcript with its speaker, from the first label on; [] when the text
    is no transcript (it needs a question label and a speaker label)."""
    publisher = ActorRef(key=slug(publisher_name), name=publisher_name, kind="Publisher")
    labelled: list[tuple[int, int, int, str, ActorRef | None]] = []
    first = next((ps for ps, pe in paragraphs if LABEL.match(text, ps, pe)), None)
    header_org = next((m.actor for m in mentions if first is not None and m.span.end <= first
                       and m.actor.kind == "Organization"), None)
    for ps, pe in paragraphs:
        m = LABEL.match(text, ps, pe)
        if not m:
            continue
        kind, who = classify(m.group("label"), mentions, publisher, question_labels, role_labels, header_org)
        if kind:
            labelled.append((ps, m.end(), pe, kind, who))
    if not any(k == "question" for *_, k, _w in labelled) or not any(k == "speaker" for *_, k, _w in labelled):
        return []
    by_start = {ps: (body, kind, who) for ps, body, _pe, kind, who in labelled}
    out, current, started = [], None, False
    for ps, pe in paragraphs:
        if ps in by_start:
            body, kind, who = by_start[ps]
            current, started = who, True
            out.append(Turn(ps, body, pe, current))
        elif started:
            out.append(Turn(ps, ps, pe, current))
    return out
