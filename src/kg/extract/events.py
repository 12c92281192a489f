"""Events (calls, summits, drills, invasions, sanctions...) from trigger words, with who took part, where and when.

``find_events(doc, article, mentions)`` runs the rule families in order, each a module of its own:

* ``events_triggers``: which tokens name an event, of which class (``data/lexicons/event_triggers.yaml``);
* ``kg.extract.resolve``: actors at each token, demonyms ("Chinese and Russian warships") and
  anaphora ("they", "the two leaders", "its") — the one resolver the claims step uses too;
* ``events_participants``: who takes part, from the dependency parse around the trigger;
* ``events_attach``: where and when (DATE entities resolved against the article date), evidence;
* ``events_mentions``: references back, named events, restatements, nouns describing actors;
* ``events_modality``: reported as happened, planned or only hypothetical;
* ``events_fold``: repeated mentions of one event folded into one, bare mentions dropped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.extract.dates import find_date_expressions
from kg.extract.events_attach import date_of, direct_argument, evidence_of, is_headline, line_at, norm_line, place_of
from kg.extract.events_fold import Record, finish, fold, reportable
from kg.extract.events_mentions import describes_actor, is_named, refers_back, restates
from kg.extract.events_modality import HYPOTHETICAL, PLANNED, arranged, load_modality, modality
from kg.extract.events_participants import (AFTER_PREPS, EXISTENTIAL_VERBS, GATHERING_KINDS, LIGHT_VERBS,
                                            names_actor_after, participants_of)
from kg.extract.events_syntax import OBJECT_DEPS, SUBJECT_DEPS, governor, is_negated, is_verb, pobjs
from kg.extract.events_triggers import TRIGGERS_FILE, find_triggers, load_event_words, load_triggers, objects_of
from kg.extract.resolve import Resolver, identity_key
from kg.model import Article, Event, Mention, PartialDate, Span

__all__ = ["EXTRACTOR", "TRIGGERS_FILE", "find_events", "load_triggers"]

EXTRACTOR = "kg.extract.events.v1"


def find_events(doc: Doc, article: Article, mentions: Iterable[Mention]) -> list[Event]:
    """Every trigger in ``doc`` as an Event, with participants from ``mentions`` (plus demonyms and
    anaphora resolved to gazetteer/mention actors); repeated mentions of one event are folded."""
    entries = load_triggers()
    words = load_event_words()
    mood = load_modality()
    text = doc.text  # spaCy rebuilds it on every access: read it once
    body = article.body if len(article.body) == len(text) else text
    resolver = Resolver(doc, list(mentions), article.id, text=text)
    by_token = resolver.actors_at()
    demonyms = resolver.demonyms(by_token, EXTRACTOR)
    for m in demonyms:
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        for t in span or ():
            by_token.setdefault(t.i, []).append(m)
    for t in doc:
        if t.i in by_token and t.head.i > t.i and t.head.lower_ in words.flag_words:
            del by_token[t.i]  # "a British-flagged tanker": the flag State is no party
    resolved = resolver.anaphora(demonyms)
    ent_of = {t.i: ent for ent in doc.ents for t in ent}
    dates_by_sent: dict[int, list[tuple[SpacySpan, PartialDate]]] = {}
    for ent, date in find_date_expressions(doc, article.published):
        dates_by_sent.setdefault(ent.sent.start, []).append((ent, date))
    found = list(find_triggers(doc, entries))
    kind_at = {f.head.i: f.entry.kind for f in found}
    title = norm_line(article.title)

    records: list[Record] = []
    heads: list = []  # the trigger head of each record
    for f in found:
        head, entry = f.head, f.entry
        sent = head.sent
        gov = governor(head)
        if is_negated(head) or (gov is not None and gov.lemma_.lower() in LIGHT_VERBS and is_negated(gov)):
            continue
        if head.dep_ == "pobj" and head.head.lower_ == "without":
            continue  # "ended without a deal"
        if restates(head, kind_at):
            continue  # "the visit was his first trip": one event named twice
        if describes_actor(head, by_token) or any(
            c.dep_ == "acl" and c.lemma_.lower() in words.institution_verbs for c in head.children
        ):
            continue  # "the SCO, a forum established in 2001": an organisation, not an event
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.i in kind_at:
            continue  # "the summit of the Forum on Cooperation": who holds the event, not a second one
        if is_verb(head) and any(t.i in kind_at and not set_off(t) for t in objects_of(head)):
            continue  # "bombers flew a joint patrol": the patrol is the event
        if is_verb(head) and any(kind_at.get(o.i) == entry.kind for c in head.children
                                 if c.dep_ == "prep" and c.lower_ == "during" for o in pobjs(c)):
            continue  # "will travel to Goa during his visit": a leg of the visit the frame names
        if entry.actor_preps and entry.kind == "Visit" and any(
                c.dep_ in ("xcomp", "advcl") and (c.i in kind_at or any(o.i in kind_at for o in objects_of(c)))
                for c in head.children):
            continue  # "will travel to Tokyo to attend the summit": the summit is the event
        place, place_tokens = place_of(head, gov, ent_of, entry.kind)
        found_parts = participants_of(head, gov, entry, words, by_token, place_tokens, resolved, resolver)
        participants = found_parts.actors
        parts = tuple(participants.values())
        if entry.actor_preps and not names_actor_after(
                head, entry.actor_preps, by_token, set() if entry.kind == "Visit" else place_tokens):
            continue  # "spoke with Lutnick" is a meeting, "spoke with reporters" is not; a visit's
            # "to" object is its destination ("travelled to Peru"), a place as well as a State
        if entry.actor_object and not any(c.dep_ in OBJECT_DEPS and c.i in by_token for c in head.children):
            continue  # "will receive the envoy" is a meeting, "received an invitation" is not
        if entry.requires_participant and not parts:
            continue
        date = date_of(head, gov if direct_argument(head, gov, words) else None, dates_by_sent.get(sent.start, []))
        status = modality(head, gov, light_verbs=LIGHT_VERBS | entry.governors, existential=EXISTENTIAL_VERBS,
                          date=date, anchor=article.published, words=mood)
        if status is None and arranged(head, gov, entry.kind, LIGHT_VERBS | entry.governors, mood) and (
                date is None or anchor_before(article.published, date)):
            status = PLANNED  # "X is meeting Y": an arrangement, unless dated before the article
        question = sent.text.rstrip().endswith("?")
        if status == HYPOTHETICAL or (status is not None and question):
            continue  # possible, considered, wished for, conditional or asked about: nothing to report
        confidence = entry.confidence
        if status is not None:
            confidence = min(confidence, mood.planned_confidence)
        if question:
            confidence = min(confidence, mood.question_confidence)
        start, end = f.tokens[0].idx, f.tokens[-1].idx + len(f.tokens[-1])
        evidence = evidence_of(sent, head, body, text)
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
            resolved=set(participants) - found_parts.named,
            own={identity_key(k) for k in found_parts.own},
            status=status,
            reference=refers_back(head, by_token),
            headline=is_headline(norm_line(line_at(text, head.idx)), title, head.idx, text),
            sentence=sent.start,
            possessed=any(c.dep_ == "poss" and c.i in by_token for c in head.children),
            named=is_named(head, by_token),
            lemma=head.lemma_.lower(),
            plural=head.tag_ in ("NNS", "NNPS") and not counted_in_time(head, words),
            verb=is_verb(head),
            anchored=gov is not None and head.dep_ in OBJECT_DEPS and head.head.i == gov.i and any(
                c.dep_ in SUBJECT_DEPS and kind_at.get(c.i) in GATHERING_KINDS for c in gov.children),
        ))
        heads.append(head)
    issued_after_gatherings(records, heads)
    kept = fold(records)
    for r in kept:
        if r.after is not None and not r.event.participants:
            source = r.after
            while source.into is not None:
                source = source.into  # "their meeting" folded into "X met Y"
            r.event = replace(r.event, participants=source.event.participants)
            r.own, r.resolved = set(source.own), set(source.resolved)
    return [finish(r) for r in kept if reportable(r)]


def set_off(noun) -> bool:
    """"seized a tanker, the second such incident": a noun phrase after a comma that the parser
    hung on the verb as its object sums the clause up; the clause's own event stands."""
    start = noun.left_edge.i
    return start > 0 and noun.doc[start - 1].text == ","


def counted_in_time(head, words) -> bool:
    """"two days of meetings", "hours of talks": a plural counted in time is one event."""
    prep = head.head
    return (head.dep_ == "pobj" and prep.lower_ == "of" and prep.head.i != prep.i
            and prep.head.lemma_.lower() in words.duration_nouns)


def issued_after_gatherings(records: list[Record], heads: list) -> None:
    """"Following their meeting, a joint statement was issued": a text issued in the passive with no
    agent, after or at a gathering of the same sentence, is its participants' (those of the
    gathering once folded: "X met Y ... following their meeting"). Sets ``Record.after``."""
    at = {h.i: r for r, h in zip(records, heads)}
    for r, head in zip(records, heads):
        if r.event.kind != "Agreement" or r.event.participants or head.dep_ != "nsubjpass":
            continue
        verb = head.head
        if any(c.dep_ == "agent" for c in verb.children):
            continue
        for c in verb.children:
            if c.dep_ != "prep" or c.lower_ not in AFTER_PREPS | {"at", "during"}:
                continue
            for o in pobjs(c):
                source = next((at[t.i] for t in (o, *o.children) if t.i in at
                               and at[t.i].event.kind in GATHERING_KINDS), None)
                if source is not None:
                    r.after = source
                    break


def anchor_before(anchor: PartialDate | None, date: PartialDate) -> bool:
    """Is ``date`` not before the article's own (an arrangement for today or later)?"""
    return anchor is None or date.value >= anchor.value[: len(date.value)]
