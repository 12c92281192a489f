"""Trigger words: which tokens name an event, of which class (``data/lexicons/event_triggers.yaml``).

One rule family of the event extractor (``kg.extract.events``). A trigger is one head word of a
lexicon entry, looked up by lemma (any capitalisation) or lower-case form plus POS ("met",
"meets", "meeting" all match ``meet``), with the entry's constraints: pre-modifiers ("joint"
exercises, "phone" call), governing verbs (an agreement "signed", not discussed), objects and
subjects of a verb ("scrambled fighter jets", "bombers flew over"), particles ("called up").
The first entry whose constraints hold wins per head."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import yaml
from spacy.tokens import Doc, Token

from kg.extract.events_syntax import OBJECT_DEPS, governor, pobjs
from kg.namespaces import KG
from kg.paths import LEXICON_DIR

TRIGGERS_FILE = LEXICON_DIR / "event_triggers.yaml"
VISIT_KINDS = frozenset({"Visit"})


@dataclass(frozen=True)
class TriggerEntry:
    """One lexicon entry: an event class and the head words (with constraints) that trigger it."""

    kind: str
    lemmas: frozenset[str]
    lower: frozenset[str]
    pos: frozenset[str]
    modifiers: tuple[str, ...]
    except_modifiers: tuple[str, ...]
    governors: frozenset[str]
    requires_participant: bool
    confidence: float
    objects: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    with_actor: bool = False
    particles: frozenset[str] = frozenset()
    actor_preps: frozenset[str] = frozenset()  # with_actor is {"with"}
    actor_object: bool = False  # a verb head needs a direct object naming an actor ("received Fico")
    except_with: frozenset[str] = frozenset()  # never with these "with" objects ("bombards users with ads")
    except_deps: frozenset[str] = frozenset()  # never with a dependent of these relations ("called X a liar": oprd)


@dataclass(frozen=True)
class EventWords:
    """Lexicon words beside the triggers: packages of events, names, hosts, joint modifiers."""

    quantity_nouns: frozenset[str]
    naming_verbs: frozenset[str]
    host_verbs: frozenset[str] = frozenset()
    joint_modifiers: frozenset[str] = frozenset()
    institution_verbs: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    existential_verbs: frozenset[str] = frozenset()
    duration_nouns: frozenset[str] = frozenset()
    travel_on_verbs: frozenset[str] = frozenset()
    flag_words: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def load_triggers(path: Path = TRIGGERS_FILE) -> tuple[TriggerEntry, ...]:
    """Read and check the trigger lexicon; an unknown event class is an error, not a silent IRI."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    entries = []
    for i, raw in enumerate(data.get("triggers", [])):
        kind = raw["kind"]
        if kind != "Event":
            try:
                KG[kind]
            except (AttributeError, KeyError) as exc:
                raise ValueError(f"{path}: trigger {i}: unknown event class {kind!r}") from exc
        if not raw.get("lemmas") and not raw.get("lower"):
            raise ValueError(f"{path}: trigger {i}: needs lemmas or lower")
        entries.append(TriggerEntry(
            kind=kind,
            lemmas=frozenset(w.lower() for w in raw.get("lemmas", [])),
            lower=frozenset(w.lower() for w in raw.get("lower", [])),
            pos=frozenset(raw.get("pos", ["NOUN", "PROPN"])),
            modifiers=tuple(w.lower() for w in raw.get("modifiers", [])),
            except_modifiers=tuple(w.lower() for w in raw.get("except_modifiers", [])),
            governors=frozenset(w.lower() for w in raw.get("governors", [])),
            requires_participant=bool(raw.get("requires_participant", False)),
            confidence=float(raw.get("confidence", 0.7)),
            objects=frozenset(w.lower() for w in raw.get("objects", [])),
            subjects=frozenset(w.lower() for w in raw.get("subjects", [])),
            with_actor=bool(raw.get("with_actor", False)),
            particles=frozenset(w.lower() for w in raw.get("particles", [])),
            actor_preps=frozenset(w.lower() for w in raw.get(
                "actor_prepositions", ["with"] if raw.get("with_actor") else [])),
            actor_object=bool(raw.get("actor_object", False)),
            except_with=frozenset(w.lower() for w in raw.get("except_with", [])),
            except_deps=frozenset(raw.get("except_deps", [])),
        ))
    return tuple(entries)


@lru_cache(maxsize=4)
def load_event_words(path: Path = TRIGGERS_FILE) -> EventWords:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    low = lambda words: frozenset(w.lower() for w in words or ())  # noqa: E731
    return EventWords(
        quantity_nouns=low(data.get("quantity_nouns")),
        naming_verbs=low(data.get("naming_verbs")),
        host_verbs=low(data.get("host_verbs")),
        joint_modifiers=low(data.get("joint_modifiers")),
        institution_verbs=low(data.get("institution_verbs")),
        light_verbs=low(data.get("light_verbs")),
        existential_verbs=low(data.get("existential_verbs")),
        duration_nouns=low(data.get("duration_nouns")),
        travel_on_verbs=low(data.get("travel_on_verbs")),
        flag_words=low(data.get("flag_words")),
    )


@lru_cache(maxsize=4)
def _trigger_index(entries: tuple[TriggerEntry, ...]) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """Entry indices by lemma and by lower-case form: one hash lookup per token. (spaCy's
    Matcher checked every pattern at every token; with the lexicon grown it dominated the cost.)"""
    by_lemma: dict[str, list[int]] = {}
    by_lower: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        for w in entry.lemmas:
            by_lemma.setdefault(w, []).append(i)
        for w in entry.lower:
            by_lower.setdefault(w, []).append(i)
    return ({k: tuple(v) for k, v in by_lemma.items()}, {k: tuple(v) for k, v in by_lower.items()})


@dataclass
class Found:
    entry: TriggerEntry
    head: Token
    tokens: list[Token]  # trigger tokens (head + modifiers next to it)


def find_triggers(doc: Doc, entries: tuple[TriggerEntry, ...]) -> Iterator[Found]:
    """Heads matched by the lexicon; per head the first entry whose constraints hold."""
    by_lemma, by_lower = _trigger_index(entries)
    by_head: dict[int, list[int]] = {}
    for tok in doc:
        hits = by_lemma.get(tok.lemma_.lower(), ()) + by_lower.get(tok.lower_, ())
        hits = tuple(i for i in hits if tok.pos_ in entries[i].pos)
        if hits:
            by_head[tok.i] = list(hits)
    for i in sorted(by_head):
        head = doc[i]
        for index in sorted(set(by_head[i])):
            entry = entries[index]
            if entry.except_modifiers and _modifier_tokens(head, entry.except_modifiers):
                continue
            mods = _modifier_tokens(head, entry.modifiers)
            if entry.modifiers and not mods:
                continue
            if entry.governors and not _governed_by(head, entry.governors):
                continue
            if entry.objects and not any(t.lemma_.lower() in entry.objects for t in objects_of(head)):
                continue
            if entry.except_with and any(o.lemma_.lower() in entry.except_with for c in head.children
                                         if c.dep_ == "prep" and c.lower_ == "with" for o in c.children
                                         if o.dep_ == "pobj"):
                continue
            if entry.actor_preps and is_verb_pos(head) and not any(
                c.dep_ == "prep" and c.lower_ in entry.actor_preps
                for h in (head, *(c for c in head.children if c.dep_ == "dobj")) for c in h.children
            ):
                continue  # "discussed a deal" is no meeting; "discussed a deal with X" may be
            if entry.except_deps and any(c.dep_ in entry.except_deps for c in head.children):
                continue
            if entry.particles and not any(c.dep_ == "prt" and c.lower_ in entry.particles for c in head.children):
                continue
            if entry.subjects and not any(
                c.dep_ == "nsubj" and c.lemma_.lower() in entry.subjects for c in head.children
            ):
                continue
            near = [t for t in mods if head.i - 6 <= t.i <= head.i + 3]
            yield Found(entry, head, sorted({head, *near}, key=lambda t: t.i))
            break


def is_verb_pos(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def _modifier_tokens(head: Token, words: Iterable[str]) -> list[Token]:
    """Tokens among the head's pre-modifiers (nouns) or prepositional objects (any head) that
    spell one of ``words``; multi-word and hyphenated words are matched on the text."""
    words = tuple(words)
    if not words:
        return []
    doc = head.doc
    regions: list[tuple[int, int]] = []
    if head.pos_ in ("NOUN", "PROPN") and head.left_edge.i < head.i:
        regions.append((head.left_edge.i, head.i))
    for prep in (c for c in head.children if c.dep_ == "prep"):
        for obj in pobjs(prep):
            regions.append((obj.left_edge.i, obj.i + 1))
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w-])")
    found: list[Token] = []
    for start, end in regions:
        region = doc[start:end]
        text = region.text.lower()
        lemmas = " ".join(t.lemma_.lower() for t in region)
        for m in pattern.finditer(text):
            span = doc.char_span(region.start_char + m.start(), region.start_char + m.end(), alignment_mode="expand")
            if span is not None:
                found.extend(span)
        if not found:
            # lemma form: "drones" strike -> drone
            for m in pattern.finditer(lemmas):
                idx = lemmas[: m.start()].count(" ")
                found.append(region[idx])
    return sorted(set(found), key=lambda t: t.i)


def objects_of(verb: Token) -> list[Token]:
    """What a verb acts on: its objects, its passive subject ("jets were scrambled"), the object
    of "into"/"over" ("intruded into Pakistani airspace")."""
    out = [c for c in verb.children if c.dep_ in OBJECT_DEPS or c.dep_ == "nsubjpass"]
    if verb.dep_ == "amod" and verb.tag_ in ("VBD", "VBN") and verb.head.i != verb.i:
        out.append(verb.head)  # "India scrambled fighter jets" mis-parsed as an adjective on "jets"
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("into", "over", "across")):
        out += pobjs(prep)
    return out


def _governed_by(head: Token, verbs: frozenset[str]) -> bool:
    gov = governor(head)
    if gov is not None and gov.lemma_.lower() in verbs:
        return True
    if governing_noun(head, verbs) is not None:
        return True  # "oversaw the signing of a pact": the governor named as a noun
    return any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in verbs for c in head.children)


def governing_noun(head: Token, verbs: frozenset[str]) -> Token | None:
    """The noun of one of ``verbs`` whose "of" object ``head`` is ("the signing of a pact" ->
    signing), listed with the verbs in the lexicon; else None."""
    prep = head.head
    if head.dep_ == "pobj" and prep.lower_ == "of" and prep.head.i != prep.i:
        noun = prep.head
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in verbs:
            return noun
    return None
