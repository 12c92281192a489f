"""Where and when an event happened, and the evidence sentence: attached to its trigger.

One rule family of the event extractor (``kg.extract.events``). Place: "in/at/near/off <place
entity>" on the trigger or its verb, the object of a visit, else "on the sidelines of X". Date: a
DATE entity attached within one clause to the trigger or its governing verb (never the article
date by default). Evidence: the sentence, cut to the line holding the trigger."""

from __future__ import annotations

import re

from spacy.tokens import Token
from spacy.tokens import Span as SpacySpan

from kg.extract.events_syntax import CLAUSE_DEPS, OBJECT_DEPS, SUBJECT_DEPS, is_verb, pobjs
from kg.extract.events_triggers import VISIT_KINDS, EventWords
from kg.model import PartialDate, Span

PLACE_PREPS = frozenset({"in", "at", "near", "off", "inside", "over", "to"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Subordinators that make a clause simultaneous with the one it hangs from ("agreed ... as they
# held a summit"): a date on the main clause dates the event.
SIMULTANEOUS_MARKS = frozenset({"as", "when", "while"})


def place_of(head: Token, gov: Token | None, ent_of: dict[int, SpacySpan], kind: str) -> tuple[str | None, set[int]]:
    """Where: "in/at/near <place entity>" on the trigger (or its verb), the object of a visit
    ("visited Beijing"), else "on the sidelines of X". Place tokens are never participants."""
    if kind in VISIT_KINDS and is_verb(head):
        for obj in (c for c in head.children if c.dep_ in OBJECT_DEPS):
            ent = ent_of.get(obj.i)
            if ent is not None and ent.label_ in PLACE_LABELS:
                return _strip_article(ent.text), {t.i for t in ent}
    holders = [head] + [c for c in head.children if c.dep_ == "acl"]
    if is_verb(head):
        # "met Joe Biden in Washington": the parser often hangs the place on the person met
        holders += [c for c in head.children if c.dep_ in OBJECT_DEPS and c.ent_type_ == "PERSON"]
    if gov is not None and head.dep_ not in CLAUSE_DEPS:
        holders.append(gov)
    for holder in holders:
        for prep in (c for c in holder.children if c.dep_ == "prep"):
            if prep.lower_ not in PLACE_PREPS or (prep.lower_ == "to" and holder.i != head.i):
                continue
            for obj in pobjs(prep):
                ent = ent_of.get(obj.i)
                if ent is not None and ent.label_ in PLACE_LABELS:
                    return _strip_article(ent.text), {t.i for t in ent}
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "on"):
        for obj in pobjs(prep):
            if obj.lemma_.lower() in ("sideline", "margin"):
                for of in (c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"):
                    for target in pobjs(of):
                        phrase = head.doc[target.left_edge.i : target.right_edge.i + 1]
                        return _strip_article(phrase.text), set()
    return None, set()


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text.strip())


def direct_argument(head: Token, gov: Token | None, words: EventWords) -> bool:
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


def date_of(head: Token, gov: Token | None, sentence_dates: list[tuple[SpacySpan, PartialDate]]) -> PartialDate | None:
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
    found = _attached(sentence_dates, targets)
    if found is None and not any(c.dep_ in SUBJECT_DEPS for c in clause.children):
        # "met on Monday ... and signed several agreements": verbs sharing a subject share a date
        # the second one does not override; so does a listed verb the parser made an adjective on
        # its object ("On Tuesday, X deployed tanks, seized control of ...")
        if clause.dep_ == "conj" and is_verb(clause.head):
            found = _attached(sentence_dates, {clause.head.i})
        elif (is_verb(head) and head.dep_ == "amod" and head.head.dep_ in ("dobj", "obj")
              and is_verb(head.head.head)):
            found = _attached(sentence_dates, {head.head.head.i})
    if found is None and is_verb(head) and head.dep_ == "amod":
        # "X on Sunday scrambled fighter planes", parsed with the verb as an adjective: the date
        # right before the verb is its own
        found = next((date for ent, date in sentence_dates if ent.end == head.i), None)
    return found


def _attached(sentence_dates: list[tuple[SpacySpan, PartialDate]], targets: set[int]) -> PartialDate | None:
    """The first date whose phrase hangs, within its clause, on one of the ``targets`` tokens."""
    for ent, date in sentence_dates:
        tok = ent.root
        for _ in range(8):
            if tok.i in targets:
                return date
            if tok.head.i == tok.i or tok.dep_ in CLAUSE_DEPS:
                break
            tok = tok.head
    return None


def evidence_of(sent: SpacySpan, trigger: Token, body: str, text: str) -> Span:
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
    whole_line = text.rfind("\n", 0, start) + 1
    if whole_line < start and _unfinished(text[whole_line:start]):
        start = whole_line  # the parser cut a line after a word with no full stop ("Press | statement on")
    end = end if line_end == -1 else line_end
    while end > start and body[end - 1].isspace():
        end -= 1
    while start < end and body[start].isspace():
        start += 1
    return Span(start, end, body[start:end])


SENTENCE_END = frozenset(".!?…:;")


def _unfinished(fragment: str) -> bool:
    """Does this start of a line end without a sentence's last punctuation (so a sentence cut
    after it is the parser's mistake)?"""
    fragment = fragment.rstrip().rstrip("\"'\u201d\u2019)]")
    return bool(fragment) and fragment[-1] not in SENTENCE_END


def line_at(body: str, i: int) -> str:
    start = body.rfind("\n", 0, i) + 1
    end = body.find("\n", i)
    return body[start : end if end != -1 else len(body)]


def is_headline(line: str, title: str, at: int, body: str) -> bool:
    """The trigger's line is the article's title (possibly with the site name appended), near the top."""
    if not line or not title or body[:at].count("\n") > 4:
        return False
    return line == title or line.startswith(title) or title.startswith(line)


def norm_line(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()
