"""Is an event mention reported as happened, firmly planned, or only hypothetical?

One rule family of the event extractor (``kg.extract.events``). Word lists and confidence caps
live in ``data/lexicons/events_modality.yaml``. A planned event is kept with status ``planned``
(emitted as ``schema:eventStatus schema:EventScheduled``); a hypothetical one (possible,
considered, wished for, conditional: "considering a diplomatic boycott", "if they meet") is not
reported, since nothing happened and nothing is scheduled.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

from kg.extract.events_syntax import OBJECT_DEPS, SUBJECT_DEPS, is_verb
from kg.model import PartialDate
from kg.paths import LEXICON_DIR

MODALITY_FILE = LEXICON_DIR / "events_modality.yaml"

PLANNED = "planned"
HYPOTHETICAL = "hypothetical"

# Prepositions by which an event noun is a time point or the scene of its verb, not its argument
# ("after the drills", "during talks, X proposed"): such an event is presupposed.
SCENE_PREPS = frozenset({"after", "before", "since", "following", "until", "amid", "despite",
                         "in", "during", "at", "through", "via", "ahead"})
# How many clause heads are climbed from the event's verb ("said ... agreed to ... hold").
CLIMB = 4


@dataclass(frozen=True)
class Modality:
    planned_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    planned_verbs: frozenset[str]
    planned_complement_verbs: frozenset[str]
    hypothetical_verbs: frozenset[str]
    planned_modifiers: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    conditional_marks: frozenset[str]
    motion_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    causative_verbs: frozenset[str]
    planned_confidence: float
    question_confidence: float
    planned_frames: tuple[tuple[str, ...], ...] = ()
    hypothetical_nouns: frozenset[str] = frozenset()
    progressive_aux: frozenset[str] = frozenset()
    demand_verbs: frozenset[str] = frozenset()
    progressive_kinds: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def load_modality(path: Path = MODALITY_FILE) -> Modality:
    """Read the modality lexicon; a missing list is an error naming the file and the key."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    words = {}
    for key in ("planned_aux", "hypothetical_aux", "planned_verbs", "planned_complement_verbs",
                "hypothetical_verbs", "planned_modifiers", "hypothetical_modifiers",
                "conditional_marks", "motion_verbs", "reporting_verbs", "causative_verbs"):
        if not isinstance(data.get(key), list):
            raise ValueError(f"{path}: '{key}' must be a list of words")
        words[key] = frozenset(str(w).lower() for w in data[key])
    frames = tuple(tuple(str(f).lower().split()) for f in data.get("planned_frames") or ())
    nouns = data.get("hypothetical_nouns") or []
    if not isinstance(nouns, list):
        raise ValueError(f"{path}: 'hypothetical_nouns' must be a list of words")
    return Modality(**words, planned_confidence=float(data.get("planned_confidence", 0.6)),
                    question_confidence=float(data.get("question_confidence", 0.5)), planned_frames=frames,
                    hypothetical_nouns=frozenset(str(n).lower() for n in nouns),
                    progressive_aux=frozenset(str(w).lower() for w in data.get("progressive_aux") or ()),
                    progressive_kinds=frozenset(str(k) for k in data.get("progressive_kinds") or ()),
                    demand_verbs=frozenset(str(w).lower() for w in data.get("demand_verbs") or ()))


def arranged(head: Token, gov: Token | None, kind: str, light_verbs: frozenset[str],
             words: Modality | None = None) -> bool:
    """A gathering told in the present progressive is an arrangement ("X is meeting Y", "X is
    holding talks with Y"): planned. A past progressive ("was meeting") is not."""
    w = words or load_modality()
    if kind not in w.progressive_kinds:
        return False
    verb = head if is_verb(head) else gov
    if verb is None or verb.tag_ != "VBG" or (verb.i != head.i and verb.lemma_.lower() not in light_verbs):
        return False
    return any(c.dep_ == "aux" and c.lower_ in w.progressive_aux for c in verb.children)


def _infinitive(tok: Token) -> bool:
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _carrier(head: Token, gov: Token | None, carriers: frozenset[str], existential: frozenset[str]) -> bool:
    """Does ``gov`` carry the event noun ``head`` (its subject/object, or a non-scene
    prepositional object: "host X for a state visit", "plans a summit")?"""
    if gov is None:
        return False
    lemma = gov.lemma_.lower()
    if head.head.i == gov.i:
        if head.dep_ in OBJECT_DEPS or head.dep_ == "nsubjpass":
            return lemma in carriers or (head.dep_ == "attr" and lemma in existential)
        # a subject is carried only by a verb of occurring ("the summit will take place"), not by
        # what it does ("sanctions will lead to cost increases")
        return head.dep_ in SUBJECT_DEPS and lemma in existential
    prep = head.head
    return (head.dep_ == "pobj" and prep.head.i == gov.i and prep.lower_ not in SCENE_PREPS
            and lemma in carriers)


def modality(head: Token, gov: Token | None, *, light_verbs: frozenset[str], existential: frozenset[str],
             date: PartialDate | None = None, anchor: PartialDate | None = None,
             words: Modality | None = None) -> str | None:
    """``"planned"``, ``"hypothetical"`` or None (reported as happened) for the event whose
    trigger head is ``head`` and whose governing verb (for a noun trigger) is ``gov``.

    Markers: auxiliaries, planning/hedging verbs up the xcomp/ccomp chain, conditional
    subordinators, infinitives of purpose (planned after a verb of motion: "travelled to Goa to
    attend"), adjectives on the noun ("the scheduled talks", "a possible deal"), and a date after
    the article's own (an event dated after publication has not happened yet).
    """
    w = words or load_modality()
    found: set[str] = set()
    if not is_verb(head):
        for c in head.children:
            if c.dep_ in ("amod", "compound") and c.lower_ in w.hypothetical_modifiers:
                found.add(HYPOTHETICAL)
            elif c.dep_ in ("amod", "compound") and c.lower_ in w.planned_modifiers:
                found.add(PLANNED)
        if _proposed(head, w.hypothetical_nouns):
            found.add(HYPOTHETICAL)
        prep = head.head
        if (head.dep_ == "pobj" and prep.lower_ == "for" and prep.head.i != prep.i
                and prep.head.lemma_.lower() in w.demand_verbs):
            found.add(HYPOTHETICAL)  # "called for talks": demanded, not held
    carriers = light_verbs | w.planned_verbs | w.hypothetical_verbs
    if is_verb(head):
        verb: Token | None = head
    elif _carrier(head, gov, carriers, existential):
        verb = gov
    else:
        verb = None
    for _ in range(CLIMB if verb is not None else 0):
        lemma = verb.lemma_.lower()
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if aux & w.hypothetical_aux:
            reported = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in w.reporting_verbs
            marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
            # "said he would visit": the future of a past statement, unless conditional
            found.add(PLANNED if reported and "would" in aux and not marks & w.conditional_marks else HYPOTHETICAL)
        if aux & w.planned_aux:
            found.add(PLANNED)
        if verb.i != head.i:
            if lemma in w.hypothetical_verbs:
                found.add(HYPOTHETICAL)
            elif lemma in w.planned_verbs:
                found.add(PLANNED)
        if any(c.dep_ == "mark" and c.lower_ in w.conditional_marks for c in verb.children):
            found.add(HYPOTHETICAL)
        if verb.dep_ in ("acl", "relcl", "advcl", "xcomp") and _infinitive(verb) and verb.head.i != verb.i:
            up = verb.head
            if verb.dep_ == "xcomp" and up.lemma_.lower() in w.planned_complement_verbs | w.planned_verbs:
                found.add(PLANNED)  # "agreed to hold talks", "is set to visit"
            elif verb.dep_ == "xcomp" and up.lemma_.lower() in w.hypothetical_verbs:
                found.add(HYPOTHETICAL)
            elif (verb.dep_ == "xcomp" and up.lemma_.lower() not in w.causative_verbs | w.motion_verbs
                  and any(c.dep_ in ("dobj", "obj") for c in up.children)):
                found.add(HYPOTHETICAL)  # "scrambled jets to intercept the aircraft": a purpose
            elif verb.dep_ != "xcomp":
                found.add(PLANNED if up.lemma_.lower() in w.motion_verbs else HYPOTHETICAL)
        if verb.dep_ not in ("xcomp", "ccomp", "advcl", "acl") or verb.head.i == verb.i or not is_verb(verb.head):
            break
        if verb.dep_ in ("advcl", "acl") and not _infinitive(verb):
            break  # "after they met", "talks held on Friday": the clause has its own time
        verb = verb.head
    if HYPOTHETICAL in found:
        return HYPOTHETICAL
    if PLANNED in found:
        return PLANNED
    if date is not None and anchor is not None and _after(date, anchor):
        return PLANNED
    if date is None and not is_verb(head) and _after_frame(head, w.planned_frames):
        return PLANNED  # "ahead of a UN climate summit": it has not happened yet
    return None


def _proposed(head: Token, nouns: frozenset[str]) -> bool:
    """Is the event noun what a proposal-like noun is for ("an invitation for talks", "a
    proposal for a summit")? Such an event is only offered, whatever the clause says."""
    prep = head.head
    return (head.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in ("for", "of", "to")
            and prep.head.pos_ == "NOUN" and prep.head.lemma_.lower() in nouns)


def _after_frame(head: Token, frames: tuple[tuple[str, ...], ...]) -> bool:
    """Is the noun phrase of ``head`` the object of a phrase that puts it in the future ("ahead
    of", "in the run-up to")?"""
    start = head.left_edge.i
    before = [t.lower_ for t in head.doc[max(head.sent.start, start - 5) : start]]
    return any(tuple(before[-len(f):]) == f for f in frames if len(before) >= len(f))


def _after(date: PartialDate, anchor: PartialDate) -> bool:
    """Is every day ``date`` may mean after every day ``anchor`` may mean?"""
    n = min(len(date.value), len(anchor.value))
    return date.value[:n] > anchor.value[:n]
