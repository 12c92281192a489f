"""Who takes part in an event: the actors the dependency parse ties to its trigger.

One rule family of the event extractor (``kg.extract.events``). Participants are only actors the
resolver knows (mentions, demonyms, resolved anaphors), found by the trigger's syntactic role:
subject/object/agent and participant prepositions of a verb; for a noun its possessor, its
prepositions, the subject of a light verb carrying it ("X held talks"), the subject of the clause
it frames ("during the visit, X signed"), and its pre-modifiers when they name two sides or a
convener ("China-Russia patrols", "NATO summit"; a lone State before a gathering is its topic)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.events_syntax import OBJECT_DEPS, RELATIVE_PRONOUNS, SUBJECT_DEPS, is_verb, pobjs, subjects
from kg.extract.events_triggers import VISIT_KINDS, EventWords, TriggerEntry, governing_noun, load_event_words
from kg.extract.resolve import Resolver, in_pair
from kg.model import ActorRef, Mention

# Kinds whose verb's "at" object is its target ("fired water cannon at a Philippine boat"); for a
# meeting "at" names a place.
HOSTILE_KINDS = frozenset({"MilitaryAction", "Incident", "MilitaryFlight"})
TARGET_PREPS = frozenset({"at"})
# Prepositions whose object takes part in a noun-triggered event ("talks with X", "sanctions on X").
PARTICIPANT_PREPS = frozenset({"between", "with", "of", "by", "on", "against", "among", "to", "from"})
# Prepositions inside an argument phrase that say whose it is ("leaders of X", "envoys from X").
CORE_PREPS = frozenset({"of", "from"})
# Prepositions by which an event noun frames the action of its verb ("during a call, X said").
FRAMING_PREPS = frozenset({"in", "during", "at", "amid", "through", "via"})
# ... and, for gatherings only, the action that follows it ("after talks with Y, X said": X
# took part; "after the attack, X said" says nothing of who attacked).
AFTER_PREPS = frozenset({"after", "following"})
# How many quantity nouns an event noun may sit under ("an initial session of 22 hours of talks").
QUANTITY_HOPS = 3
# Verbs that carry an event noun without adding meaning ("X held talks": X takes part) and verbs
# an event noun may be the subject of while still being what the clause is about ("should an
# invasion take place"): data, in event_triggers.yaml.
LIGHT_VERBS = load_event_words().light_verbs
EXISTENTIAL_VERBS = load_event_words().existential_verbs
# Prepositions on a verb carrying an event noun whose object takes part ("held drills with Russia").
CARRIER_PREPS = frozenset({"with", "between", "against", "among"})
# Kinds for which a lone actor before the head is the topic, not a party ("Ukraine talks").
GATHERING_KINDS = frozenset({"Meeting", "Summit", "Forum", "PhoneCall", "Visit", "Agreement"})
# "Sino-Russian", "China-US": one token naming two sides.
_PAIR = re.compile(r"[A-Z][\w.]*[-\u2013][A-Z]")


def np_actors(
    tok: Token, by_token: dict[int, list[Mention]], skip: set[int], resolved: dict[int, list[ActorRef]] | None = None
) -> list[tuple[int, ActorRef, bool]]:
    """Actors named by the noun phrase headed by ``tok``: ``(token index, actor, resolved?)``.

    The core of the phrase (its head, appositions, conjuncts, "of"/"from" objects) names who it is
    ("his Russian counterpart, Sergei Lavrov"); only when the core names nobody do the head's own
    modifiers stand in ("Chinese and Russian forces"). Deeper modifiers never do ("a US affairs
    expert" is not the United States). Only when neither names anybody is an anaphor in the
    phrase resolved ("the two sides", "their navies"); such actors are flagged as resolved.
    """
    core: list[Token] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        if t.i in skip or any(c.i == t.i for c in core):
            continue
        core.append(t)
        for c in t.children:
            if c.dep_ in ("appos", "conj", "flat"):
                stack.append(c)
            elif c.dep_ == "prep" and (c.lower_ in CORE_PREPS or _such_as(c)):
                stack.extend(pobjs(c))
    found = [(t.i, m.actor, False) for t in core for m in by_token.get(t.i, ())]
    if found:
        if any(tok.doc[i].ent_type_ == "NORP" for i, _, _ in found):
            # "Egyptian, Qatari, and American mediators": the parser makes one nationality the
            # head and hangs the others on it or on the noun; every one in the list takes part
            found += [(c.i, m.actor, False) for t in core for c in t.children
                      if c.dep_ in ("amod", "nmod", "compound") and c.ent_type_ == "NORP" and c.i not in skip
                      for m in by_token.get(c.i, ())]
        return found
    modifiers: list[Token] = []
    for t in core:
        for c in t.children:
            if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i not in skip:
                modifiers.append(c)
                modifiers.extend(cc for cc in c.children if cc.dep_ == "conj" or (  # "Sino-Russian"
                    cc.dep_ in ("amod", "compound", "nmod") and in_pair(cc)))
    found = [(t.i, m.actor, False) for t in modifiers for m in by_token.get(t.i, ())]
    if found or not resolved:
        return found
    return [(t.i, ref, True) for t in core + modifiers for ref in resolved.get(t.i, ())]


def _such_as(prep: Token) -> bool:
    """"countries such as Japan and Vietnam": the examples name who the phrase is."""
    return prep.lower_ == "as" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such"


def argument_tokens(
    head: Token, gov: Token | None, entry: TriggerEntry, words: EventWords
) -> tuple[list[Token], list[Token], list[Token]]:
    """Heads of the phrases naming who takes part, by the trigger's syntactic role, the
    pre-modifiers of a noun trigger ("US sanctions", "China-Russia patrols") and the actors of
    the clause it frames ("during the visit, X signed"), each kept apart.

    The verbs an entry needs as governors carry it like light verbs ("X adopted a declaration");
    a quantity noun passes its role on ("X imposed a new package of sanctions").
    """
    carriers = LIGHT_VERBS | entry.governors
    args: list[Token] = []
    framing: list[Token] = []
    modifiers: list[Token] = []
    if is_verb(head):
        args += subjects(head)
        preps = PARTICIPANT_PREPS | (TARGET_PREPS if entry.kind in HOSTILE_KINDS else frozenset())
        for c in head.children:
            if c.dep_ in OBJECT_DEPS:
                args.append(c)
                if entry.actor_preps:  # "discussed trade with X": the parser hangs "with" on the object
                    args += [o for cc in c.children if cc.dep_ == "prep" and cc.lower_ in entry.actor_preps
                             for o in pobjs(cc)]
                if entry.kind in HOSTILE_KINDS:  # "fired rockets at an Israeli base"
                    args += [o for cc in c.children if cc.dep_ == "prep" and cc.lower_ in TARGET_PREPS
                             for o in pobjs(cc)]
            elif c.dep_ == "agent":
                args += pobjs(c)
            elif c.dep_ == "prep" and c.lower_ in preps:
                args += pobjs(c)
        return args, modifiers, framing
    noun_gov = governing_noun(head, entry.governors)
    if noun_gov is not None:  # "the signing of a pact between X and Y", "... by X and Y"
        args += [o for c in noun_gov.children if c.dep_ == "prep" and c.lower_ in CARRIER_PREPS | {"by"}
                 for o in pobjs(c)]
    for c in head.children:
        if c.dep_ == "poss":
            args.append(c)
        elif c.dep_ in ("compound", "amod", "nmod"):
            modifiers.append(c)
        elif c.dep_ == "prep" and c.lower_ in PARTICIPANT_PREPS:
            args += pobjs(c)
        elif c.dep_ in ("acl", "relcl"):
            for cc in c.children:
                if cc.dep_ == "agent":
                    args += pobjs(cc)
                elif cc.dep_ == "ccomp" and c.dep_ == "acl":
                    args += [s for s in cc.children if s.dep_ in SUBJECT_DEPS]  # "involving X being denied"
                elif cc.dep_ in OBJECT_DEPS and c.dep_ == "acl" and c.lemma_.lower() not in words.naming_verbs:
                    args.append(cc)
                elif (c.dep_ == "acl" and c.lemma_.lower() in carriers and cc.dep_ == "prep"
                      and cc.lower_ in CARRIER_PREPS):
                    args += pobjs(cc)  # "agreements signed between X and Y", "talks held with X"
                elif c.dep_ == "relcl" and c.lemma_.lower() in carriers and (
                    (cc.dep_ in SUBJECT_DEPS and cc.lower_ not in RELATIVE_PRONOUNS)
                    or (cc.dep_ == "prep" and cc.lower_ in PARTICIPANT_PREPS)
                ):
                    # "the sanctions that Japan imposed on Iran": the relative clause carries it
                    args += [cc] if cc.dep_ in SUBJECT_DEPS else pobjs(cc)
    if gov is not None:
        anchor = head
        for _ in range(QUANTITY_HOPS):
            if (anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ == "NOUN"
                    and anchor.head.head.lemma_.lower() in words.quantity_nouns):
                # "a new package of sanctions", "a round of talks", "a session of 22 hours of talks"
                anchor = anchor.head.head
        frames = FRAMING_PREPS | (AFTER_PREPS if entry.kind in GATHERING_KINDS else frozenset())
        framed = anchor.dep_ == "pobj" and anchor.head.lower_ in frames and anchor.head.head.i == gov.i
        carried = anchor.dep_ in OBJECT_DEPS | {"nsubjpass"} and gov.lemma_.lower() in carriers
        attended = anchor.dep_ == "pobj" and anchor.head.head.i == gov.i and gov.lemma_.lower() in carriers
        if (entry.kind in VISIT_KINDS and anchor.dep_ == "pobj" and anchor.head.lower_ == "on"
                and anchor.head.head.i == gov.i and gov.lemma_.lower() in words.travel_on_verbs):
            args += subjects(gov)  # "Ribera was away on a week-long trip": she is the visitor
        if (carried or attended) and entry.kind in VISIT_KINDS and gov.lemma_.lower() in words.host_verbs:
            args += [c for c in gov.children if c.dep_ in ("dobj", "obj")]  # the guest, not the host
        elif carried or attended:
            args += subjects(gov)
            if carried:  # "China held drills with Russia": the parser hangs "with" on the verb
                args += [o for c in gov.children if c.dep_ == "prep" and c.lower_ in CARRIER_PREPS
                         for o in pobjs(c)]
        if framed:
            framing += subjects(gov)
            # "measures approved by EU ministers at a meeting": the agent of the framed participle
            framing += [p for c in gov.children if c.dep_ == "agent" for p in pobjs(c)]
        if framed and gov.dep_ == "ccomp" and gov.head.i != gov.i:
            # "X said that ... during a call with Y": the parser often hangs the frame on the
            # reported clause although it sets the scene of the reporting one.
            framing += subjects(gov.head)
        if head.dep_ in SUBJECT_DEPS and gov.lemma_.lower() in carriers:
            args += [p for c in gov.children if c.dep_ == "agent" for p in pobjs(c)]
    return args, modifiers, framing


def convener(actors: list[tuple[int, ActorRef, bool]]) -> bool:
    """A lone organisation before a gathering convenes it ("NATO summit"); a state is its topic."""
    return bool(actors) and all(a.kind == "Organization" for _, a, _ in actors)


@dataclass
class Participants:
    """The actors of one event mention: by key in text order, which were named (not only
    resolved from an anaphor), and which the trigger's own arguments name (not a framed clause)."""

    actors: dict[str, ActorRef]
    named: set[str]
    own: set[str]


def participants_of(
    head: Token, gov: Token | None, entry: TriggerEntry, words: EventWords, by_token: dict[int, list[Mention]],
    place_tokens: set[int], resolved: dict[int, list[ActorRef]], resolver: Resolver,
) -> Participants:
    """Participants of the event triggered at ``head`` (``gov``: its governing verb). Place tokens
    are never participants; "joint"/"bilateral" with no party named takes the story's pair."""
    args, modifiers, framing = argument_tokens(head, gov, entry, words)
    found_at: list[tuple[int, ActorRef, bool]] = []
    for arg in args:
        found_at += np_actors(arg, by_token, place_tokens, resolved)
    framing_at: list[tuple[int, ActorRef, bool]] = []
    for arg in framing:
        framing_at += np_actors(arg, by_token, place_tokens, resolved)
    for mod in modifiers:
        actors_here = np_actors(mod, by_token, place_tokens)
        for side in (c for c in mod.children if c.dep_ in ("amod", "compound", "nmod") and in_pair(c)):
            actors_here += np_actors(side, by_token, place_tokens)  # "Sino-Russian", "US-China"
        if (entry.kind not in GATHERING_KINDS or len({a.key for _, a, _ in actors_here}) >= 2
                or _PAIR.search(mod.text) or convener(actors_here)):
            found_at += actors_here
    own = {a.key for _, a, _ in found_at}
    found_at += framing_at
    participants: dict[str, ActorRef] = {}
    named: set[str] = set()
    for _, actor, was_resolved in sorted(found_at, key=lambda t: t[0]):
        participants.setdefault(actor.key, actor)
        if not was_resolved:
            named.add(actor.key)
    if not participants and any(
        c.dep_ in ("amod", "compound") and c.lower_ in words.joint_modifiers for c in head.children
    ):
        for actor in resolver.pair(head, "State", 2):  # "joint exercises": the story's pair
            participants.setdefault(actor.key, actor)
    return Participants(participants, named, own)


def names_actor_after(head: Token, preps: frozenset[str], by_token: dict[int, list[Mention]],
                      place_tokens: set[int]) -> bool:
    """Does the object of one of ``preps`` on the trigger name an actor ("spoke with Lutnick", not
    "with reporters"; "advanced on Kyiv", not "advanced on Monday")?"""
    heads = [head] + [c for c in head.children if c.dep_ == "dobj"]  # "discussed trade with X"
    return any(np_actors(o, by_token, place_tokens)
               for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in preps for o in pobjs(c))

