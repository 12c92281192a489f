"""Events (calls, summits, drills, invasions, sanctions...) from trigger words, with who took part, where and when.

A trigger is one head word from ``data/lexicons/event_triggers.yaml`` (matched on its lemma, so
"met", "meets" and "meeting" all count), optionally needing a modifier ("joint" exercises,
"phone" call). Participants are only actors the actors module found (``mentions``) that the
dependency parse ties to the trigger: subject/object of the trigger verb, "between X and Y",
"X's call with Y", the subject of a verb the trigger frames ("during a call, X said"); demonyms
("Chinese and Russian warships", "Sino-Russian") stand for their gazetteer State, and pronouns or
descriptions ("they", "the two leaders", "both countries", "its") are resolved to actors named just
before (such events get a lower confidence). Dates come from DATE entities attached to the
trigger, resolved against the article date.

Two rule families live in their own modules: whether a mention is reported as happened, planned
or only hypothetical (``kg.extract.events_modality``), and the folding of repeated mentions into
one Event and the dropping of bare ones (``kg.extract.events_fold``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import yaml
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.dates import find_date_expressions
from kg.extract.events_fold import Record, finish, fold, reportable
from kg.extract.events_modality import HYPOTHETICAL, load_modality, modality
from kg.extract.gazetteer import load_gazetteer, load_words
from kg.model import ActorRef, Article, Event, Mention, PartialDate, Span
from kg.namespaces import KG
from kg.paths import LEXICON_DIR

EXTRACTOR = "kg.extract.events.v1"
TRIGGERS_FILE = LEXICON_DIR / "event_triggers.yaml"

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "attr", "oprd"})
# Dependents that end a clause: a date or negation beyond them belongs to another predicate.
CLAUSE_DEPS = frozenset({"conj", "xcomp", "ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "pcomp"})
# Prepositions whose object takes part in a noun-triggered event ("talks with X", "sanctions on X").
PARTICIPANT_PREPS = frozenset({"between", "with", "of", "by", "on", "against", "among", "to", "from"})
# Prepositions inside an argument phrase that say whose it is ("leaders of X", "envoys from X").
CORE_PREPS = frozenset({"of", "from"})
# Prepositions by which an event noun frames the action of its verb ("during a call, X said").
FRAMING_PREPS = frozenset({"in", "during", "at", "amid", "through", "via"})
PLACE_PREPS = frozenset({"in", "at", "near", "off", "inside", "over", "to"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
VISIT_KINDS = frozenset({"Visit"})
# Verbs that carry an event noun without adding meaning: their subject takes part in it.
LIGHT_VERBS = frozenset({
    "hold", "have", "conduct", "stage", "host", "attend", "join", "impose", "sign", "lead", "head",
    "launch", "carry", "make", "begin", "start", "complete", "organise", "organize", "convene",
    "chair", "participate", "take", "step", "intensify", "announce", "slap", "place", "extend",
    "expand", "tighten", "pay", "end", "wrap", "co-host", "boycott", "open", "close", "mount",
    "invite", "call", "follow", "engage", "resume",
})
# Verbs an event noun may be the subject of while still being what the clause is about
# ("invasions would be a nightmare", "should an invasion take place").
EXISTENTIAL_VERBS = frozenset({"be", "happen", "occur", "take", "go", "come"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "that"})
# Prepositions on a verb carrying an event noun whose object takes part ("held drills with Russia").
CARRIER_PREPS = frozenset({"with", "between", "against", "among"})
# Kinds for which a lone actor before the head is the topic, not a party ("Ukraine talks").
GATHERING_KINDS = frozenset({"Meeting", "Summit", "Forum", "PhoneCall", "Visit", "Agreement"})
# Definite reference back to an event already reported ("the incident", "this meeting").
ANAPHORIC_DETS = frozenset({"the", "this", "that", "these", "those"})
# "Sino-Russian", "China-US": one token naming two sides.
_PAIR = re.compile(r"[A-Z][\w.]*[-\u2013][A-Z]")
RESOLVED_MENTION_CONFIDENCE = 0.6
# How many sentences before the anaphor's own one are searched for its antecedents (news
# paragraphs are often one sentence long, so the window crosses paragraph breaks).
ANAPHORA_WINDOW = 3
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}
# Prepositions whose object is where something is, not who acts ("the sea off Japan's coast").
LOCATIVE_PREPS = frozenset({"in", "at", "near", "off", "inside", "into", "across", "along", "around",
                            "outside", "within", "throughout", "through", "over"})
# A definite event noun with one of these is a new event, not a reference back ("the first summit").
NEW_EVENT_MODIFIERS = frozenset({
    "first", "second", "third", "fourth", "fifth", "next", "last", "previous", "another", "other",
    "new", "latest", "earlier", "later", "subsequent", "fresh", "further", "additional", "future",
    "past", "prior", "upcoming", "final",
})
# Subordinators that make a clause simultaneous with the one it hangs from ("agreed ... as they
# held a summit"): a date on the main clause dates the event.
SIMULTANEOUS_MARKS = frozenset({"as", "when", "while"})


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


@dataclass(frozen=True)
class Anaphora:
    """Lexicon words for participants that are not names (see the trigger lexicon)."""

    person_nouns: frozenset[str]
    state_nouns: frozenset[str]
    any_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    naming_verbs: frozenset[str]
    host_verbs: frozenset[str] = frozenset()
    joint_modifiers: frozenset[str] = frozenset()
    institution_verbs: frozenset[str] = frozenset()


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
        ))
    return tuple(entries)


@lru_cache(maxsize=4)
def load_anaphora(path: Path = TRIGGERS_FILE) -> Anaphora:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    ana = data.get("anaphora") or {}
    low = lambda words: frozenset(w.lower() for w in words or ())  # noqa: E731
    return Anaphora(
        person_nouns=low(ana.get("person_nouns")),
        state_nouns=low(ana.get("state_nouns")),
        any_nouns=low(ana.get("any_nouns")),
        quantity_nouns=low(data.get("quantity_nouns")),
        naming_verbs=low(data.get("naming_verbs")),
        host_verbs=low(data.get("host_verbs")),
        joint_modifiers=low(data.get("joint_modifiers")),
        institution_verbs=low(data.get("institution_verbs")),
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


# --- syntax helpers ------------------------------------------------------------------------------


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _governor(head: Token) -> Token | None:
    """The verb an event noun hangs from through non-clausal links ("held a meeting" -> held);
    a noun conjunct shares its first conjunct's verb ("attend the Assembly and the Summit")."""
    tok = head
    while tok.dep_ == "conj" and tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head
    for _ in range(4):
        if tok.head.i == tok.i or tok.dep_ in CLAUSE_DEPS:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def _subjects(verb: Token, depth: int = 0) -> list[Token]:
    """Subjects of a verb, inherited through xcomp/conj ("pledged to follow up" -> who pledged);
    an xcomp under a verb with an object is object-controlled ("allowed China to take part")."""
    subs = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if verb.dep_ == "relcl" and any(c.lower_ in RELATIVE_PRONOUNS for c in subs):
        # "countries such as Japan and the UK, which have secured deals": the relative pronoun is
        # the noun it hangs on, and the parser hangs it on the last conjunct
        noun = verb.head
        while noun.dep_ == "conj" and noun.head.i != noun.i:
            noun = noun.head
        subs = [c for c in subs if c.lower_ not in RELATIVE_PRONOUNS] + [noun]
    if subs or depth >= 3 or verb.head.i == verb.i:
        return subs
    if verb.dep_ == "xcomp":
        objects = [c for c in verb.head.children if c.dep_ in ("dobj", "obj")]
        if objects:
            return objects
    if verb.dep_ in ("xcomp", "conj", "advcl"):
        return _subjects(verb.head, depth + 1)
    return subs


def _np_actors(
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
                stack.extend(_pobjs(c))
    found = [(t.i, m.actor, False) for t in core for m in by_token.get(t.i, ())]
    if found:
        return found
    modifiers: list[Token] = []
    for t in core:
        for c in t.children:
            if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i not in skip:
                modifiers.append(c)
                modifiers.extend(cc for cc in c.children if cc.dep_ == "conj" or (  # "Sino-Russian"
                    cc.dep_ in ("amod", "compound", "nmod") and _in_pair(cc)))
    found = [(t.i, m.actor, False) for t in modifiers for m in by_token.get(t.i, ())]
    if found or not resolved:
        return found
    return [(t.i, ref, True) for t in core + modifiers for ref in resolved.get(t.i, ())]


def _such_as(prep: Token) -> bool:
    """"countries such as Japan and Vietnam": the examples name who the phrase is."""
    return prep.lower_ == "as" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such"


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
        for obj in _pobjs(prep):
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


def _is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children)


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


# --- actors that are not names: demonyms and anaphora ------------------------------------------


def _demonym_mentions(doc: Doc, by_token: dict[int, list[Mention]]) -> list[Mention]:
    """Nationality adjectives that stand for their State ("Chinese and Russian warships",
    "Sino-Russian", "Belarusian officials"), looked up in the shared gazetteer so the key is the
    one the actors module gives the State. A demonym describing a named or titled person
    ("Chinese President Xi Jinping", "the Russian leader") is that person's nationality: skipped.
    """
    gaz, words = load_gazetteer(), load_words()
    person_tokens = {i for i, ms in by_token.items() if any(m.actor.kind == "Person" for m in ms)}
    out: list[Mention] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if not tok.text[:1].isupper() or i in by_token:
            i += 1
            continue
        entry, end = None, i + 1
        if i + 1 < len(doc) and doc[i + 1].text[:1].isupper():
            entry, end = gaz.demonym(doc[i : i + 2].text), i + 2
        if entry is None:
            entry, end = gaz.demonym(tok.text), i + 1
        if entry is None and _in_pair(tok):
            entry = gaz.lookup(tok.text) or gaz.metonym(tok.text)  # "Moscow-Beijing", "US-China"
            entry = entry if entry is not None and entry.kind in ("State", "Organization") else None
        if entry is None:
            i += 1
            continue
        last = doc[end - 1]
        if not _describes_person(last, person_tokens, words.roles):
            span = doc[i:end]
            out.append(Mention(actor=entry.ref, span=Span(span.start_char, span.end_char, span.text),
                               extractor=EXTRACTOR, confidence=RESOLVED_MENTION_CONFIDENCE))
        i = end
    return out


def _in_pair(tok: Token) -> bool:
    """One side of a hyphenated pair of names ("Moscow-Beijing", "China-Russia")."""
    doc = tok.doc
    after = tok.i + 1 < len(doc) and not tok.whitespace_ and doc[tok.i + 1].text in ("-", "\u2013")
    before = tok.i > 0 and doc[tok.i - 1].text in ("-", "\u2013") and not doc[tok.i - 1].whitespace_
    return after or before


def _describes_person(tok: Token, person_tokens: set[int], roles: frozenset[str]) -> bool:
    """Does this modifier (through conjuncts and compounds) describe a person or a role?"""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ not in ("amod", "compound", "nmod"):
        return t.i in person_tokens
    for _ in range(6):
        t = t.head
        if t.i in person_tokens or (t.tag_ not in ("NNS", "NNPS") and (t.lower_ in roles or t.lemma_.lower() in roles)):
            return True  # "Chinese President Xi", "the Chinese envoy"; not "Belarusian officials"
        if t.dep_ != "compound" or t.head.i == t.i:
            break
    return False


@dataclass
class _Occurrence:
    """An actor named at a token, with what anaphora resolution needs to know about it."""

    i: int
    actor: ActorRef
    nationality: ActorRef | None
    group: int  # token index shared by conjoined actors ("Xi and Putin", "Indian and Chinese")
    subject: bool
    locative: bool


class _Resolver:
    """Resolves pronouns and descriptions ("they", "the two leaders", "both countries", "its") to
    actors named before them: plural ones to the last conjoined (else co-mentioned) actors of the
    right kind, singular "it/its" to the last State/Organization subject, "he/his" to the last
    person subject. Searches the anaphor's sentence and the ``ANAPHORA_WINDOW`` before it."""

    def __init__(self, doc: Doc, mentions: Iterable[Mention], words: Anaphora):
        self.doc = doc
        self.words = words
        self.sent_starts: list[int] = [s.start for s in doc.sents]
        self.by_sent: dict[int, list[_Occurrence]] = {}
        seen: set[tuple[int, str]] = set()
        for m in sorted(mentions, key=lambda m: m.span.start):
            span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            root = span.root
            if (root.i, m.actor.key) in seen:
                continue
            seen.add((root.i, m.actor.key))
            occ = _Occurrence(root.i, m.actor, m.nationality, _group_of(root), _is_subject(root), _is_locative(root))
            self.by_sent.setdefault(self._sent(root.i), []).append(occ)
        self.registered: dict[int, list[tuple[int, list[ActorRef]]]] = {}
        self.positions: dict[str, list[int]] = {}
        for occs in self.by_sent.values():
            for o in occs:
                self.positions.setdefault(o.actor.key, []).append(o.i)
                if o.nationality is not None:
                    self.positions.setdefault(o.nationality.key, []).append(o.i)
        for v in self.positions.values():
            v.sort()

    def _salience(self, refs: list[ActorRef], before: int) -> int:
        """How often the least-named of the actors was named before ``before``."""
        from bisect import bisect_left

        return min(bisect_left(self.positions.get(r.key, []), before) for r in refs)

    def _sent(self, i: int) -> int:
        from bisect import bisect_right

        return bisect_right(self.sent_starts, i) - 1

    def resolve_all(self) -> dict[int, list[ActorRef]]:
        out: dict[int, list[ActorRef]] = {}
        for tok in self.doc:
            spec = self.anaphor(tok)
            if spec is None:
                continue
            refs = self.resolve(tok, *spec)
            if refs:
                out[tok.i] = refs
                if len(refs) > 1:
                    self.registered.setdefault(self._sent(tok.i), []).append((tok.i, refs))
        return out

    def anaphor(self, tok: Token) -> tuple[str, int | None] | None:
        """(wanted kind, count) if the token is an anaphor: plural ones want "Person", "State" or
        "any" actors; singular "it" wants an "agent" (State/Organization), "he" a "person"."""
        low = tok.lower_
        if tok.pos_ == "PRON":
            if low in PLURAL_PRONOUNS:
                return "any", None
            if low in NEUTER_PRONOUNS:
                return "agent", 1
            if low in PERSON_PRONOUNS:
                return "person", 1
            if low == "both" and tok.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"pobj"}:
                return "any", 2
            return None
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet")}
        if tok.pos_ == "NUM" and low in COUNT_WORDS and "the" in dets and tok.dep_ in SUBJECT_DEPS | {"pobj", "dobj"}:
            return "any", COUNT_WORDS[low]  # "the two have met"
        if tok.tag_ not in ("NNS", "NNPS"):
            return None
        if low in self.words.person_nouns:
            kind = "Person"
        elif low in self.words.state_nouns:
            kind = "State"
        elif low in self.words.any_nouns:
            kind = "any"
        else:
            return None
        counts = [COUNT_WORDS[c.lower_] for c in tok.children if c.dep_ == "nummod" and c.lower_ in COUNT_WORDS]
        if "both" in dets:
            counts.append(2)
        if not counts and not dets & {"the", "these", "those"}:
            return None
        return kind, (counts[0] if counts else None)

    def resolve(self, tok: Token, want: str, count: int | None) -> list[ActorRef]:
        """Antecedents of one anaphor. A bare "they"/"the two sides" takes the most recent fitting
        group; a noun that names the kind ("the two countries", "the leaders") takes, among the
        fitting groups of the window, the one whose least-named member is named most often (the
        pair the story is about), then the most recent."""
        here = self._sent(tok.i)
        ranked: list[tuple[int, int, list[ActorRef]]] = []
        for k in range(here, max(-1, here - ANAPHORA_WINDOW - 1), -1):
            occs = [o for o in self.by_sent.get(k, ()) if o.i < tok.i and not o.locative]
            if want in ("agent", "person"):
                kinds = ("State", "Organization") if want == "agent" else ("Person",)
                for o in reversed(occs):
                    if o.actor.kind in kinds and o.subject:
                        return [o.actor]
                continue
            groups: list[tuple[int, list[ActorRef], list[ActorRef | None]]] = []
            by_group: dict[int, list[_Occurrence]] = {}
            for o in occs:
                by_group.setdefault(o.group, []).append(o)
            for members in by_group.values():
                groups.append((members[-1].i, [o.actor for o in members], [o.nationality for o in members]))
            for i, refs in self.registered.get(k, ()):
                if i < tok.i:
                    groups.append((i, refs, [None] * len(refs)))
            fitting: list[tuple[int, list[ActorRef]]] = []
            for pos, refs, nats in sorted(groups, key=lambda g: -g[0]):
                got = _as_kind(refs, nats, want)
                if got and len(got) >= 2 and (count is None or len(got) == count):
                    fitting.append((pos, got))
            if not (count is None and want == "any"):  # bare "they": only actors joined together
                for kind in (("State", "Person") if want == "any" else (want,)):
                    got = _distinct([o.actor for o in occs if o.actor.kind == kind])
                    if len(got) >= 2 and (count is None or len(got) == count):
                        fitting.append((occs[-1].i, got))
                        break
            if want == "any" and fitting:
                return fitting[0][1]
            ranked += [(self._salience(refs, tok.i), pos, refs) for pos, refs in fitting]
        if ranked:
            return max(ranked, key=lambda r: (r[0], r[1]))[2]
        return []


def _distinct(refs: Iterable[ActorRef]) -> list[ActorRef]:
    out: dict[str, ActorRef] = {}
    for r in refs:
        out.setdefault(r.key, r)
    return list(out.values())


def _as_kind(refs: list[ActorRef], nats: list[ActorRef | None], want: str) -> list[ActorRef]:
    """The actors as the kind an anaphor wants: people stand for their States ("Xi and Putin ...
    both countries") when every one has a known nationality; otherwise all must be of one kind."""
    if want == "State":
        out = []
        for r, n in zip(refs, nats):
            if r.kind == "State":
                out.append(r)
            elif r.kind == "Person" and n is not None:
                out.append(n)
            else:
                return []
        return _distinct(out)
    kinds = {r.kind for r in refs}
    if len(kinds) != 1 or (want != "any" and kinds != {want}):
        return []
    return _distinct(refs)


def _group_of(tok: Token) -> int:
    """The token shared by conjoined actors: climb conjuncts/appositions, one modifier hop, again."""
    t = tok
    for hop in range(2):
        for _ in range(8):
            if t.dep_ in ("conj", "appos", "flat") and t.head.i != t.i:
                t = t.head
            else:
                break
        if hop == 0 and t.dep_ in ("amod", "compound", "nmod") and t.head.pos_ in ("NOUN", "PROPN"):
            t = t.head
        else:
            break
    return t.i


def _is_subject(tok: Token) -> bool:
    t = tok
    while t.dep_ in ("conj", "appos", "compound", "flat") and t.head.i != t.i:
        t = t.head
    return t.dep_ in SUBJECT_DEPS


def _is_locative(tok: Token) -> bool:
    """Is the actor only a place here ("the war in Ukraine", "off Japan's west coast")?"""
    t = tok
    for _ in range(4):
        if t.dep_ in ("poss", "compound", "amod", "conj", "flat") and t.head.i != t.i:
            t = t.head
        else:
            break
    return t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS



# --- the extractor ----------------------------------------------------------------------------


@dataclass
class _Found:
    entry: TriggerEntry
    head: Token
    tokens: list[Token]  # trigger tokens (head + modifiers next to it)


def _triggers(doc: Doc, entries: tuple[TriggerEntry, ...]) -> Iterator[_Found]:
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
            if entry.objects and not any(t.lemma_.lower() in entry.objects for t in _objects_of(head)):
                continue
            if entry.particles and not any(c.dep_ == "prt" and c.lower_ in entry.particles for c in head.children):
                continue
            if entry.subjects and not any(
                c.dep_ == "nsubj" and c.lemma_.lower() in entry.subjects for c in head.children
            ):
                continue
            near = [t for t in mods if head.i - 6 <= t.i <= head.i + 3]
            yield _Found(entry, head, sorted({head, *near}, key=lambda t: t.i))
            break


def _objects_of(verb: Token) -> list[Token]:
    """What a verb acts on: its objects, its passive subject ("jets were scrambled"), the object
    of "into"/"over" ("intruded into Pakistani airspace")."""
    out = [c for c in verb.children if c.dep_ in OBJECT_DEPS or c.dep_ == "nsubjpass"]
    if verb.dep_ == "amod" and verb.tag_ in ("VBD", "VBN") and verb.head.i != verb.i:
        out.append(verb.head)  # "India scrambled fighter jets" mis-parsed as an adjective on "jets"
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("into", "over", "across")):
        out += _pobjs(prep)
    return out


def _governed_by(head: Token, verbs: frozenset[str]) -> bool:
    gov = _governor(head)
    if gov is not None and gov.lemma_.lower() in verbs:
        return True
    return any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in verbs for c in head.children)


def _argument_tokens(
    head: Token, gov: Token | None, entry: TriggerEntry, words: Anaphora
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
    if _is_verb(head):
        args += _subjects(head)
        for c in head.children:
            if c.dep_ in OBJECT_DEPS:
                args.append(c)
            elif c.dep_ == "agent":
                args += _pobjs(c)
            elif c.dep_ == "prep" and c.lower_ in PARTICIPANT_PREPS:
                args += _pobjs(c)
        return args, modifiers, framing
    for c in head.children:
        if c.dep_ == "poss":
            args.append(c)
        elif c.dep_ in ("compound", "amod", "nmod"):
            modifiers.append(c)
        elif c.dep_ == "prep" and c.lower_ in PARTICIPANT_PREPS:
            args += _pobjs(c)
        elif c.dep_ in ("acl", "relcl"):
            for cc in c.children:
                if cc.dep_ == "agent":
                    args += _pobjs(cc)
                elif cc.dep_ == "ccomp" and c.dep_ == "acl":
                    args += [s for s in cc.children if s.dep_ in SUBJECT_DEPS]  # "involving X being denied"
                elif cc.dep_ in OBJECT_DEPS and c.dep_ == "acl" and c.lemma_.lower() not in words.naming_verbs:
                    args.append(cc)
                elif c.dep_ == "relcl" and c.lemma_.lower() in carriers and (
                    (cc.dep_ in SUBJECT_DEPS and cc.lower_ not in RELATIVE_PRONOUNS)
                    or (cc.dep_ == "prep" and cc.lower_ in PARTICIPANT_PREPS)
                ):
                    # "the sanctions that Japan imposed on Iran": the relative clause carries it
                    args += [cc] if cc.dep_ in SUBJECT_DEPS else _pobjs(cc)
    if gov is not None:
        anchor = head
        if (head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN"
                and head.head.head.lemma_.lower() in words.quantity_nouns):
            anchor = head.head.head  # "a new package of sanctions", "a round of talks"
        framed = anchor.dep_ == "pobj" and anchor.head.lower_ in FRAMING_PREPS and anchor.head.head.i == gov.i
        carried = anchor.dep_ in OBJECT_DEPS | {"nsubjpass"} and gov.lemma_.lower() in carriers
        attended = anchor.dep_ == "pobj" and anchor.head.head.i == gov.i and gov.lemma_.lower() in carriers
        if (carried or attended) and entry.kind in VISIT_KINDS and gov.lemma_.lower() in words.host_verbs:
            args += [c for c in gov.children if c.dep_ in ("dobj", "obj")]  # the guest, not the host
        elif carried or attended:
            args += _subjects(gov)
            if carried:  # "China held drills with Russia": the parser hangs "with" on the verb
                args += [o for c in gov.children if c.dep_ == "prep" and c.lower_ in CARRIER_PREPS
                         for o in _pobjs(c)]
        if framed:
            framing += _subjects(gov)
            # "measures approved by EU ministers at a meeting": the agent of the framed participle
            framing += [p for c in gov.children if c.dep_ == "agent" for p in _pobjs(c)]
        if framed and gov.dep_ == "ccomp" and gov.head.i != gov.i:
            # "X said that ... during a call with Y": the parser often hangs the frame on the
            # reported clause although it sets the scene of the reporting one.
            framing += _subjects(gov.head)
        if head.dep_ in SUBJECT_DEPS and gov.lemma_.lower() in carriers:
            args += [p for c in gov.children if c.dep_ == "agent" for p in _pobjs(c)]
    return args, modifiers, framing


def _place(head: Token, gov: Token | None, ent_of: dict[int, SpacySpan], kind: str) -> tuple[str | None, set[int]]:
    """Where: "in/at/near <place entity>" on the trigger (or its verb), the object of a visit
    ("visited Beijing"), else "on the sidelines of X". Place tokens are never participants."""
    if kind in VISIT_KINDS and _is_verb(head):
        for obj in (c for c in head.children if c.dep_ in OBJECT_DEPS):
            ent = ent_of.get(obj.i)
            if ent is not None and ent.label_ in PLACE_LABELS:
                return _strip_article(ent.text), {t.i for t in ent}
    holders = [head] + [c for c in head.children if c.dep_ == "acl"]
    if _is_verb(head):
        # "met Joe Biden in Washington": the parser often hangs the place on the person met
        holders += [c for c in head.children if c.dep_ in OBJECT_DEPS and c.ent_type_ == "PERSON"]
    if gov is not None and head.dep_ not in CLAUSE_DEPS:
        holders.append(gov)
    for holder in holders:
        for prep in (c for c in holder.children if c.dep_ == "prep"):
            if prep.lower_ not in PLACE_PREPS or (prep.lower_ == "to" and holder.i != head.i):
                continue
            for obj in _pobjs(prep):
                ent = ent_of.get(obj.i)
                if ent is not None and ent.label_ in PLACE_LABELS:
                    return _strip_article(ent.text), {t.i for t in ent}
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "on"):
        for obj in _pobjs(prep):
            if obj.lemma_.lower() in ("sideline", "margin"):
                for of in (c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"):
                    for target in _pobjs(of):
                        phrase = head.doc[target.left_edge.i : target.right_edge.i + 1]
                        return _strip_article(phrase.text), set()
    return None, set()


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text.strip())


def _direct(head: Token, gov: Token | None, words: Anaphora) -> bool:
    """Is the event noun an argument of ``gov`` itself ("held talks on Friday", "a package of
    sanctions imposed on Monday"), not of a noun in between ("the host nation of the talks" under
    "escalated ... on Wednesday": that date is the escalation's)?"""
    if gov is None:
        return False
    t = head
    while t.i != gov.i and t.head.i != t.i:
        via_appos = t.dep_ == "appos"  # "a conference, the first visit by ...": the same thing
        t = t.head
        if (t.i != gov.i and t.pos_ in ("NOUN", "PROPN") and not via_appos
                and t.lemma_.lower() not in words.quantity_nouns):
            return False
    return t.i == gov.i


def _date_for(head: Token, gov: Token | None, sentence_dates: list[tuple[SpacySpan, PartialDate]]) -> PartialDate | None:
    """The date attached to the trigger or its verb within one clause, else none: a date elsewhere
    in the sentence may belong to another predicate, and the article date is never a default."""
    targets = {head.i} | ({gov.i} if gov is not None else set())
    # "a forum hosted ... on Friday", "the sanctions that Japan imposed on Monday"
    targets |= {c.i for c in head.children if c.dep_ in ("acl", "relcl")}
    clause = gov if gov is not None else head
    if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SIMULTANEOUS_MARKS for c in clause.children):
        main = clause.head  # "agreed on Thursday to resume ... as they held a summit"
        targets.add(main.i)
        while main.dep_ == "xcomp" and main.head.i != main.i:
            main = main.head
            targets.add(main.i)
    for ent, date in sentence_dates:
        tok = ent.root
        for _ in range(8):
            if tok.i in targets:
                return date
            if tok.head.i == tok.i or tok.dep_ in CLAUSE_DEPS:
                break
            tok = tok.head
    return None


def _evidence(sent: SpacySpan, trigger: Token, body: str, text: str) -> Span:
    """The sentence, cut to the line holding the trigger (a parser may glue a heading to it).

    Lines are read in the parsed ``text`` (``doc.text``, passed once by the caller: spaCy rebuilds
    it from every token on each access, which made the cost quadratic in article length), where
    the pipeline may have joined the lines of a hard-wrapped paragraph (``kg.extract.lines.unwrap``);
    the evidence text comes from ``body``.
    """
    start, end = sent.start_char, sent.end_char
    line_start = text.rfind("\n", start, trigger.idx) + 1
    line_end = text.find("\n", trigger.idx, end)
    start = max(start, line_start)
    end = end if line_end == -1 else line_end
    while end > start and body[end - 1].isspace():
        end -= 1
    while start < end and body[start].isspace():
        start += 1
    return Span(start, end, body[start:end])


def _mention_index(doc: Doc, mentions: Iterable[Mention]) -> dict[int, list[Mention]]:
    index: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.actor.kind == "Publisher":
            continue
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            index.setdefault(t.i, []).append(m)
    return index


def find_events(doc: Doc, article: Article, mentions: Iterable[Mention]) -> list[Event]:
    """Every trigger in ``doc`` as an Event, with participants from ``mentions`` (plus demonyms and
    anaphora resolved to gazetteer/mention actors); repeated mentions of one event are folded."""
    entries = load_triggers()
    words = load_anaphora()
    mood = load_modality()
    text = doc.text  # spaCy rebuilds it on every access: read it once
    body = article.body if len(article.body) == len(text) else text
    mentions = list(mentions)
    by_token = _mention_index(doc, mentions)
    demonyms = _demonym_mentions(doc, by_token)
    for m in demonyms:
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        for t in span or ():
            by_token.setdefault(t.i, []).append(m)
    actors = [m for m in mentions if m.actor.kind != "Publisher"] + demonyms
    resolver = _Resolver(doc, actors, words)
    resolved = resolver.resolve_all()
    ent_of = {t.i: ent for ent in doc.ents for t in ent}
    dates_by_sent: dict[int, list[tuple[SpacySpan, PartialDate]]] = {}
    for ent, date in find_date_expressions(doc, article.published):
        dates_by_sent.setdefault(ent.sent.start, []).append((ent, date))
    found = list(_triggers(doc, entries))
    kind_at = {f.head.i: f.entry.kind for f in found}
    title = _norm_line(article.title)

    records: list[Record] = []
    for f in found:
        head, entry = f.head, f.entry
        sent = head.sent
        gov = _governor(head)
        if _is_negated(head) or (gov is not None and gov.lemma_.lower() in LIGHT_VERBS and _is_negated(gov)):
            continue
        if head.dep_ == "pobj" and head.head.lower_ == "without":
            continue  # "ended without a deal"
        if _restates(head, kind_at):
            continue  # "the visit was his first trip": one event named twice
        if _describes_actor(head, by_token) or any(
            c.dep_ == "acl" and c.lemma_.lower() in words.institution_verbs for c in head.children
        ):
            continue  # "the SCO, a forum established in 2001": an organisation, not an event
        if _is_verb(head) and any(t.i in kind_at for t in _objects_of(head)):
            continue  # "bombers flew a joint patrol": the patrol is the event
        place, place_tokens = _place(head, gov, ent_of, entry.kind)
        args, modifiers, framing = _argument_tokens(head, gov, entry, words)
        found_at: list[tuple[int, ActorRef, bool]] = []
        for arg in args:
            found_at += _np_actors(arg, by_token, place_tokens, resolved)
        framing_at: list[tuple[int, ActorRef, bool]] = []
        for arg in framing:
            framing_at += _np_actors(arg, by_token, place_tokens, resolved)
        for mod in modifiers:
            actors_here = _np_actors(mod, by_token, place_tokens)
            for side in (c for c in mod.children if c.dep_ in ("amod", "compound", "nmod") and _in_pair(c)):
                actors_here += _np_actors(side, by_token, place_tokens)  # "Sino-Russian", "US-China"
            if (entry.kind not in GATHERING_KINDS or len({a.key for _, a, _ in actors_here}) >= 2
                    or _PAIR.search(mod.text) or _convener(actors_here)):
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
            for actor in resolver.resolve(head, "State", 2):  # "joint exercises": the story's pair
                participants.setdefault(actor.key, actor)
        parts = tuple(participants.values())
        if entry.with_actor and not any(
            _np_actors(o, by_token, place_tokens)
            for c in head.children if c.dep_ == "prep" and c.lower_ == "with" for o in _pobjs(c)
        ):
            continue  # "spoke with Lutnick" is a meeting, "spoke with reporters" is not
        if entry.requires_participant and not parts:
            continue
        date = _date_for(head, gov if _direct(head, gov, words) else None, dates_by_sent.get(sent.start, []))
        status = modality(head, gov, light_verbs=LIGHT_VERBS | entry.governors, existential=EXISTENTIAL_VERBS,
                          date=date, anchor=article.published, words=mood)
        question = sent.text.rstrip().endswith("?")
        if status == HYPOTHETICAL or (status is not None and question):
            continue  # possible, considered, wished for, conditional or asked about: nothing to report
        confidence = entry.confidence
        if status is not None:
            confidence = min(confidence, mood.planned_confidence)
        if question:
            confidence = min(confidence, mood.question_confidence)
        start, end = f.tokens[0].idx, f.tokens[-1].idx + len(f.tokens[-1])
        evidence = _evidence(sent, head, body, text)
        records.append(Record(
            event=Event(
                kind=entry.kind,
                trigger=Span(start, end, body[start:end]),
                evidence=evidence,
                participants=parts,
                place=place,
                date=date,
                extractor=EXTRACTOR,
                status=status,
            ),
            base_confidence=confidence,
            resolved=set(participants) - named,
            own=own,
            status=status,
            reference=_refers_back(head, by_token),
            headline=_is_headline(_norm_line(_line_at(text, head.idx)), title, head.idx, text),
            sentence=sent.start,
            possessed=any(c.dep_ == "poss" and c.i in by_token for c in head.children),
            named=_is_named(head, by_token),
            lemma=head.lemma_.lower(),
            plural=head.tag_ in ("NNS", "NNPS"),
        ))
    return [finish(r) for r in fold(records) if reportable(r)]


def _refers_back(head: Token, by_token: dict[int, list[Mention]]) -> bool:
    """A definite event noun without anything that makes it a new or named event."""
    if _is_verb(head):
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


def _describes_actor(head: Token, by_token: dict[int, list[Mention]]) -> bool:
    """An event noun in apposition to, or predicated of, an actor describes it ("the SCO, a forum
    established in 2001"; "NATO is an alliance")."""
    if _is_verb(head):
        return False
    if head.dep_ == "appos" and head.head.i in by_token:
        return True
    return head.dep_ == "attr" and head.head.lemma_ == "be" and any(
        c.dep_ in SUBJECT_DEPS and c.i in by_token for c in head.head.children)


def _is_named(head: Token, by_token: dict[int, list[Mention]]) -> bool:
    """Does a proper name (not an actor, not a date) name the event ("the Quad Leaders' Summit",
    "the Pulwama attack")? Such a mention is specific even with no participant found."""
    if _is_verb(head):
        return False
    naming = load_anaphora().naming_verbs
    after = head.doc[head.i + 1 : head.i + 5]
    if any(t.tag_ == "VBN" and t.lemma_.lower() in naming for t in after):
        return True  # "the drills, code-named Ulchi Freedom Shield" (the parser may hang it elsewhere)
    if head.pos_ == "PROPN" and head.text[:1].isupper() and head.i > head.sent.start and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(o.pos_ == "PROPN" for o in _pobjs(c)) for c in head.children
    ):
        return True  # "the Summit of the Future"
    return any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i not in by_token
               and c.ent_type_ != "DATE" for c in head.children)


def _restates(head: Token, kind_at: dict[int, str]) -> bool:
    """"The visit was his first trip", "This will be the first state visit": a trigger predicated
    of another trigger of its kind, or of a pronoun pointing back at one."""
    if head.dep_ != "attr" or head.head.lemma_ != "be":
        return False
    kind = kind_at.get(head.i)
    return any(c.dep_ in SUBJECT_DEPS and (kind_at.get(c.i) == kind or c.lower_ in ("this", "that", "it"))
               for c in head.head.children)


def _convener(actors: list[tuple[int, ActorRef, bool]]) -> bool:
    """A lone organisation before a gathering convenes it ("NATO summit"); a state is its topic."""
    return bool(actors) and all(a.kind == "Organization" for _, a, _ in actors)


def _line_at(body: str, i: int) -> str:
    start = body.rfind("\n", 0, i) + 1
    end = body.find("\n", i)
    return body[start : end if end != -1 else len(body)]


def _is_headline(line: str, title: str, at: int, body: str) -> bool:
    """The trigger's line is the article's title (possibly with the site name appended), near the top."""
    if not line or not title or body[:at].count("\n") > 4:
        return False
    return line == title or line.startswith(title) or title.startswith(line)


def _norm_line(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()
