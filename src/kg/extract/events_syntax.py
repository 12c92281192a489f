"""Dependency-parse helpers shared by the event rule families: clause limits, a noun's governing
verb, a verb's subjects, prepositional objects, negation."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.resolve import OBJECT_DEPS, SUBJECT_DEPS

__all__ = ["CLAUSE_DEPS", "OBJECT_DEPS", "RELATIVE_PRONOUNS", "SUBJECT_DEPS", "governor", "is_negated", "is_verb",
           "noun_before", "pobjs", "subjects"]

# Dependents that end a clause: a date or negation beyond them belongs to another predicate.
CLAUSE_DEPS = frozenset({"conj", "xcomp", "ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "pcomp"})
# Tags of a finite verb, which has a subject of its own.
FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ"})
# How far up (tokens, within a clause) an event noun's governing verb may be: "after a total of 30
# hours of negotiations, X announced" is six links.
GOVERNOR_HOPS = 6
RELATIVE_PRONOUNS = frozenset({"which", "who", "that"})


def pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def governor(head: Token) -> Token | None:
    """The verb an event noun hangs from through non-clausal links ("held a meeting" -> held);
    a noun conjunct shares its first conjunct's verb ("attend the Assembly and the Summit")."""
    tok = head
    while tok.dep_ == "conj" and tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head
    for _ in range(GOVERNOR_HOPS):
        if tok.head.i == tok.i or tok.dep_ in CLAUSE_DEPS:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def subjects(verb: Token, depth: int = 0) -> list[Token]:
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
    if depth == 0 and (verb.tag_ in FINITE_TAGS and verb.dep_ in ("advcl", "amod")
                       or verb.tag_ == "VBN" and verb.dep_ == "amod" and verb.i > 0 and verb.doc[verb.i - 1].ent_type_ == "DATE"):
        before = noun_before(verb)
        if before:
            # the parser left a finite verb without its subject: "as Egyptian, Qatari, and
            # American mediators engage in talks" (a preposition "as"), "X Tuesday scrambled
            # fighter jets" (an adjective on "jets"); the noun phrase right before it is the subject
            return before
    if (depth == 0 and verb.dep_ == "amod" and verb.tag_ in ("VBD", "VBN") and verb.head.dep_ in ("dobj", "obj")
            and verb.head.head.pos_ in ("VERB", "AUX") and verb.i > 0 and verb.doc[verb.i - 1].lower_ in (",", "and")):
        # "deployed tanks to Rafah, seized control of the crossing": the parser made the second
        # verb of a list an adjective on its own object; it shares the first verb's subject
        return subjects(verb.head.head, depth + 1)
    if verb.dep_ == "xcomp":
        objects = [c for c in verb.head.children if c.dep_ in ("dobj", "obj")]
        if objects:
            return objects
    if verb.dep_ in ("xcomp", "conj", "advcl"):
        return subjects(verb.head, depth + 1)
    return subs


def is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children)


def is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def noun_before(verb: Token) -> list[Token]:
    """The head of the noun phrase right before ``verb`` (a date between them skipped), through
    compounds and back to the first of conjoined nouns; none if the word before is no noun."""
    doc, i = verb.doc, verb.i - 1
    while i >= verb.sent.start and (doc[i].ent_type_ == "DATE" or doc[i].lower_ == "on"):
        i -= 1
    if i > verb.sent.start and doc[i].text == ")":  # "The Indian Air Force (IAF) on Sunday scrambled"
        while i > verb.sent.start and doc[i].text != "(":
            i -= 1
        i -= 1
    if i < verb.sent.start or doc[i].pos_ not in ("NOUN", "PROPN"):
        return []
    t = doc[i]
    while t.dep_ in ("compound", "flat") and t.i < t.head.i < verb.i:
        t = t.head
    while t.dep_ == "conj" and t.head.i < t.i:
        t = t.head
    return [t]

