"""Events (calls, summits, drills, invasions, sanctions...) from trigger words, with who took part, where and when.

A trigger is one head word from ``data/lexicons/event_triggers.yaml`` (matched on its lemma, so
"met", "meets" and "meeting" all count), optionally needing a modifier ("joint" exercises,
"phone" call). Participants are only actors the actors module found (``mentions``) that the
dependency parse ties to the trigger: subject/object of the trigger verb, "between X and Y",
"X's call with Y", the subject of a verb the trigger frames ("during a call, X said"). Dates
come from DATE entities attached to the trigger, resolved against the article date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import yaml
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.dates import find_date_expressions
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
# An event used as a point in time is presupposed to have happened ("days after the drills").
TEMPORAL_PREPS = frozenset({"after", "before", "since", "following", "until", "amid", "despite"})
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
NEGATIONS = frozenset({"not", "n't", "never", "no"})
# Auxiliaries and verbs that make an event possible, planned or wished for rather than reported.
HEDGE_AUX = frozenset({"would", "could", "might", "may", "should", "can", "must", "will", "shall",
                       "'ll", "'d", "wo", "ca"})
HEDGE_VERBS = frozenset({
    "plan", "suspect", "consider", "threaten", "propose", "fear", "pledge", "agree", "expect",
    "seek", "want", "hope", "aim", "intend", "prepare", "urge", "demand", "mull", "weigh", "offer",
    "predict", "schedule", "promise", "vow", "discuss", "envisage", "float",
})
# Kinds for which a lone actor before the head is the topic, not a party ("Ukraine talks").
GATHERING_KINDS = frozenset({"Meeting", "Summit", "Forum", "PhoneCall", "Visit", "Agreement"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
# Definite reference back to an event already reported ("the incident", "this meeting").
ANAPHORIC_DETS = frozenset({"the", "this", "that", "these", "those"})
# "Sino-Russian", "China-US": one token naming two sides.
_PAIR = re.compile(r"[A-Z][\w.]*[-\u2013][A-Z]")
HEDGED_CONFIDENCE = 0.4
QUESTION_CONFIDENCE = 0.5
NO_PARTICIPANT_PENALTY = 0.1


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
        ))
    return tuple(entries)


def _matcher(vocab, entries: tuple[TriggerEntry, ...]) -> Matcher:
    """One Matcher rule per entry, on LEMMA (any capitalisation) or LOWER, plus POS."""
    matcher = Matcher(vocab)
    for i, entry in enumerate(entries):
        if entry.lemmas:
            forms = sorted({f for w in entry.lemmas for f in (w, w.capitalize(), w.upper())})
            matcher.add(str(i), [[{"LEMMA": {"IN": forms}, "POS": {"IN": sorted(entry.pos)}}]])
        if entry.lower:
            matcher.add(str(i), [[{"LOWER": {"IN": sorted(entry.lower)}, "POS": {"IN": sorted(entry.pos)}}]])
    return matcher


_MATCHERS: dict[tuple[int, int], Matcher] = {}


def _get_matcher(vocab, entries: tuple[TriggerEntry, ...]) -> Matcher:
    key = (id(vocab), id(entries))
    if key not in _MATCHERS:
        _MATCHERS[key] = _matcher(vocab, entries)
    return _MATCHERS[key]


# --- syntax helpers ------------------------------------------------------------------------------


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _governor(head: Token) -> Token | None:
    """The verb an event noun hangs from through non-clausal links ("held a meeting" -> held)."""
    tok = head
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
    if subs or depth >= 3 or verb.head.i == verb.i:
        return subs
    if verb.dep_ == "xcomp":
        objects = [c for c in verb.head.children if c.dep_ in ("dobj", "obj")]
        if objects:
            return objects
    if verb.dep_ in ("xcomp", "conj", "advcl"):
        return _subjects(verb.head, depth + 1)
    return subs


def _np_actors(tok: Token, by_token: dict[int, list[Mention]], skip: set[int]) -> list[tuple[int, ActorRef]]:
    """Actors named by the noun phrase headed by ``tok``.

    The core of the phrase (its head, appositions, conjuncts, "of"/"from" objects) names who it is
    ("his Russian counterpart, Sergei Lavrov"); only when the core names nobody do the head's own
    modifiers stand in ("Chinese and Russian forces"). Deeper modifiers never do ("a US affairs
    expert" is not the United States).
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
            elif c.dep_ == "prep" and c.lower_ in CORE_PREPS:
                stack.extend(_pobjs(c))
    found = [(t.i, m.actor) for t in core for m in by_token.get(t.i, ())]
    if found:
        return found
    modifiers: list[Token] = []
    for t in core:
        for c in t.children:
            if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i not in skip:
                modifiers.append(c)
                modifiers.extend(cc for cc in c.children if cc.dep_ == "conj")
    return [(t.i, m.actor) for t in modifiers for m in by_token.get(t.i, ())]


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


def _hedged(head: Token, gov: Token | None) -> bool:
    """Is the event only possible, planned, wished for or conditional rather than reported?

    A verb trigger is checked itself; a noun trigger through the verb it is an argument of, but
    only when that verb carries the event ("plan an invasion", "invasions would be...") -- an
    event that is condemned, recognised or used as a time ("after the drills") is presupposed.
    The check climbs through xcomp/ccomp ("agreed to hold", "suspects that ... will").
    """
    if _is_verb(head):
        verb = head
        if head.tag_ == "VB" and head.dep_ in ("acl", "relcl", "advcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in head.children
        ):
            return True  # "the first leader to meet Xi", "in order to invade"
    elif gov is not None and _is_argument_of(head, gov) and (
        gov.lemma_.lower() in LIGHT_VERBS | HEDGE_VERBS
        or (head.dep_ in SUBJECT_DEPS and gov.lemma_.lower() in EXISTENTIAL_VERBS)
    ):
        verb = gov
    else:
        return False
    for _ in range(4):
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if aux & HEDGE_AUX:
            return True
        if verb.i != head.i and verb.lemma_.lower() in HEDGE_VERBS:
            return True
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in verb.children):
            return True
        if verb.dep_ not in ("xcomp", "ccomp") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _is_argument_of(noun: Token, verb: Token) -> bool:
    """Subject/object of the verb, or object of a preposition on it that neither dates the
    event ("after the drills") nor sets the scene ("during talks, X proposed")."""
    if noun.head.i == verb.i:
        return noun.dep_ in SUBJECT_DEPS | OBJECT_DEPS
    prep = noun.head
    return (noun.dep_ == "pobj" and prep.head.i == verb.i
            and prep.lower_ not in TEMPORAL_PREPS | FRAMING_PREPS)


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


# --- the extractor ----------------------------------------------------------------------------


@dataclass
class _Found:
    entry: TriggerEntry
    head: Token
    tokens: list[Token]  # trigger tokens (head + modifiers next to it)


def _triggers(doc: Doc, entries: tuple[TriggerEntry, ...]) -> Iterator[_Found]:
    """Heads matched by the lexicon; per head the first entry whose constraints hold."""
    matcher = _get_matcher(doc.vocab, entries)
    by_head: dict[int, list[int]] = {}
    for match_id, start, _end in matcher(doc):
        by_head.setdefault(start, []).append(int(doc.vocab.strings[match_id]))
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
            near = [t for t in mods if head.i - 4 <= t.i <= head.i + 3]
            yield _Found(entry, head, sorted({head, *near}, key=lambda t: t.i))
            break


def _governed_by(head: Token, verbs: frozenset[str]) -> bool:
    gov = _governor(head)
    if gov is not None and gov.lemma_.lower() in verbs:
        return True
    return any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in verbs for c in head.children)


def _argument_tokens(head: Token, gov: Token | None) -> tuple[list[Token], list[Token]]:
    """Heads of the phrases naming who takes part, by the trigger's syntactic role, and the
    pre-modifiers of a noun trigger ("US sanctions", "China-Russia patrols") kept apart."""
    args: list[Token] = []
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
        return args, modifiers
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
                elif cc.dep_ in OBJECT_DEPS and c.dep_ == "acl":
                    args.append(cc)
    if gov is not None:
        framed = head.dep_ == "pobj" and head.head.lower_ in FRAMING_PREPS and head.head.head.i == gov.i
        carried = head.dep_ in OBJECT_DEPS | {"nsubjpass"} and gov.lemma_.lower() in LIGHT_VERBS
        attended = head.dep_ == "pobj" and head.head.head.i == gov.i and gov.lemma_.lower() in LIGHT_VERBS
        if framed or carried or attended:
            args += _subjects(gov)
        if framed and gov.dep_ == "ccomp" and gov.head.i != gov.i:
            # "X said that ... during a call with Y": the parser often hangs the frame on the
            # reported clause although it sets the scene of the reporting one.
            args += _subjects(gov.head)
        if head.dep_ in SUBJECT_DEPS and gov.lemma_.lower() in LIGHT_VERBS:
            args += [p for c in gov.children if c.dep_ == "agent" for p in _pobjs(c)]
    return args, modifiers


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


def _date_for(head: Token, gov: Token | None, sentence_dates: list[tuple[SpacySpan, PartialDate]]) -> PartialDate | None:
    """The date attached to the trigger or its verb within one clause, else none: a date elsewhere
    in the sentence may belong to another predicate, and the article date is never a default."""
    targets = {head.i} | ({gov.i} if gov is not None else set())
    targets |= {c.i for c in head.children if c.dep_ == "acl"}  # "a forum hosted ... on Friday"
    for ent, date in sentence_dates:
        tok = ent.root
        for _ in range(8):
            if tok.i in targets:
                return date
            if tok.head.i == tok.i or tok.dep_ in CLAUSE_DEPS:
                break
            tok = tok.head
    return None


def _evidence(sent: SpacySpan, trigger: Token, body: str) -> Span:
    """The sentence, cut to the line holding the trigger (a parser may glue a heading to it)."""
    start, end = sent.start_char, sent.end_char
    line_start = body.rfind("\n", start, trigger.idx) + 1
    line_end = body.find("\n", trigger.idx, end)
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
    """Every trigger in ``doc`` as an Event, with participants from ``mentions`` only."""
    entries = load_triggers()
    body = article.body if len(article.body) == len(doc.text) else doc.text
    by_token = _mention_index(doc, mentions)
    ent_of = {t.i: ent for ent in doc.ents for t in ent}
    dates_by_sent: dict[int, list[tuple[SpacySpan, PartialDate]]] = {}
    for ent, date in find_date_expressions(doc, article.published):
        dates_by_sent.setdefault(ent.sent.start, []).append((ent, date))
    found = list(_triggers(doc, entries))

    events: list[Event] = []
    seen_kinds: set[str] = set()
    for f in found:
        head, entry = f.head, f.entry
        sent = head.sent
        gov = _governor(head)
        if _is_negated(head) or (gov is not None and gov.lemma_.lower() in LIGHT_VERBS and _is_negated(gov)):
            continue
        place, place_tokens = _place(head, gov, ent_of, entry.kind)
        args, modifiers = _argument_tokens(head, gov)
        found_at: list[tuple[int, ActorRef]] = []
        for arg in args:
            found_at += _np_actors(arg, by_token, place_tokens)
        for mod in modifiers:
            actors = _np_actors(mod, by_token, place_tokens)
            if entry.kind not in GATHERING_KINDS or len({a.key for _, a in actors}) >= 2 or _PAIR.search(mod.text):
                found_at += actors
        participants: dict[str, ActorRef] = {}
        for _, actor in sorted(found_at, key=lambda pair: pair[0]):
            participants.setdefault(actor.key, actor)
        parts = tuple(participants.values())
        if entry.requires_participant and not parts:
            continue
        date = _date_for(head, gov, dates_by_sent.get(sent.start, []))
        if not parts and date is None and place is None and f.entry.kind in seen_kinds and _anaphoric(head):
            continue  # "the incident" again: a reference back, nothing new to say
        seen_kinds.add(entry.kind)
        confidence = entry.confidence
        if _hedged(head, gov):
            confidence = min(confidence, HEDGED_CONFIDENCE)
        if sent.text.rstrip().endswith("?"):
            confidence = min(confidence, QUESTION_CONFIDENCE)
        if not parts:
            confidence -= NO_PARTICIPANT_PENALTY
        start, end = f.tokens[0].idx, f.tokens[-1].idx + len(f.tokens[-1])
        events.append(Event(
            kind=entry.kind,
            trigger=Span(start, end, body[start:end]),
            evidence=_evidence(sent, head, body),
            participants=parts,
            place=place,
            date=date,
            extractor=EXTRACTOR,
            confidence=round(max(confidence, 0.05), 2),
        ))
    return events


def _anaphoric(head: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ANAPHORIC_DETS | {"its", "their"} for c in head.children)

