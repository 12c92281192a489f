"""What kind of mention a trigger is: a reference back, a named event, a restatement, or a noun
that describes an actor rather than naming an event.

One rule family of the event extractor (``kg.extract.events``); its answers feed folding
(``kg.extract.events_fold``) and the "not an event" filters."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from kg.extract.events_syntax import SUBJECT_DEPS, is_verb, pobjs
from kg.extract.events_triggers import load_event_words, load_triggers
from kg.model import Mention

# Definite reference back to an event already reported ("the incident", "this meeting").
ANAPHORIC_DETS = frozenset({"the", "this", "that", "these", "those"})
# A definite event noun with one of these is a new event, not a reference back ("the first summit").
NEW_EVENT_MODIFIERS = frozenset({
    "first", "second", "third", "fourth", "fifth", "next", "last", "previous", "another", "other",
    "new", "latest", "earlier", "later", "subsequent", "fresh", "further", "additional", "future",
    "past", "prior", "upcoming", "final",
})


def refers_back(head: Token, by_token: dict[int, list[Mention]]) -> bool:
    """A definite event noun without anything that makes it a new or named event."""
    if is_verb(head):
        return False
    definite = False
    for c in head.children:
        if c.dep_ in ("det", "poss") and c.lower_ in ANAPHORIC_DETS | {"its", "their", "his", "her"}:
            definite = True
        elif c.dep_ in ("amod", "compound", "nummod", "nmod") and (
            c.lower_ in NEW_EVENT_MODIFIERS or (c.pos_ == "PROPN" and c.ent_type_ != "DATE") or c.i in by_token
        ):
            return False
        elif c.dep_ == "poss":
            return False  # "Russia's invasion": named by its actor, not a reference back
    return definite


def describes_actor(head: Token, by_token: dict[int, list[Mention]]) -> bool:
    """An event noun in apposition to, or predicated of, an actor describes it ("the SCO, a forum
    established in 2001"; "NATO is an alliance")."""
    if is_verb(head):
        return False
    if head.dep_ == "appos" and head.head.i in by_token:
        return True
    return head.dep_ == "attr" and head.head.lemma_ == "be" and any(
        c.dep_ in SUBJECT_DEPS and c.i in by_token for c in head.head.children)


def is_named(head: Token, by_token: dict[int, list[Mention]]) -> bool:
    """Does a proper name (not an actor, not a date) name the event ("the Quad Leaders' Summit",
    "the Pulwama attack")? Such a mention is specific even with no participant found."""
    if is_verb(head):
        return False
    naming = load_event_words().naming_verbs
    after = head.doc[head.i + 1 : head.i + 5]
    if any(t.tag_ == "VBN" and t.lemma_.lower() in naming for t in after):
        return True  # "the drills, code-named Ulchi Freedom Shield" (the parser may hang it elsewhere)
    if head.pos_ == "PROPN" and head.text[:1].isupper() and head.i > head.sent.start and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(o.pos_ == "PROPN" for o in pobjs(c)) for c in head.children
    ):
        return True  # "the Summit of the Future"
    generic = _generic_modifiers()
    return any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i not in by_token
               and c.ent_type_ != "DATE" and c.lower_ not in generic for c in head.children)


@lru_cache(maxsize=1)
def _generic_modifiers() -> frozenset[str]:
    """Words that qualify a trigger in the lexicon ("state", "official", "phone"): capitalised in
    a heading or by house style ("a State visit", "Phone Call") they name no particular event."""
    return frozenset(w for e in load_triggers() for w in e.modifiers if " " not in w)


def restates(head: Token, kind_at: dict[int, str]) -> bool:
    """"The visit was his first trip", "This will be the first state visit": a trigger predicated
    of another trigger of its kind, or of a pronoun pointing back at one."""
    if head.dep_ != "attr" or head.head.lemma_ != "be":
        return False
    kind = kind_at.get(head.i)
    return any(c.dep_ in SUBJECT_DEPS and (kind_at.get(c.i) == kind or c.lower_ in ("this", "that", "it"))
               for c in head.head.children)
