"""One actor resolver per article: which actor a token names or refers to, decided once.

``Resolver(doc, mentions)`` answers for the claims and events steps: ``at(token)`` (the
mention covering a token), ``named(token)``, ``conjoined``, ``before``/``after``, ``affiliation``,
``group`` and ``resolve(token, hint)`` — a subject to actors and how it was resolved: "name",
"pronoun", "nominal", "affiliation", "group", "cataphora", "anonymous" or "" (none). For events
it also gives every actor at a token (``actors_at``), nationality adjectives standing for their
State (``demonyms``: "Chinese and Russian warships") and the antecedents of plural and singular
anaphors over the whole text (``anaphora``: "they", "the two leaders", "both countries", "its").

Word lists shared by every step (locative prepositions, counts, pronouns, group descriptions)
are in ``data/lexicons/reference.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import yaml
from spacy.tokens import Doc, Token

from kg.extract.gazetteer import load_gazetteer, load_words
from kg.extract.reporting import load_lexicon
from kg.iri import slug
from kg.model import ActorRef, Mention, Span
from kg.paths import LEXICON_DIR

SOURCES_LEXICON = LEXICON_DIR / "sources.yaml"
REFERENCE_LEXICON = LEXICON_DIR / "reference.yaml"


@dataclass(frozen=True)
class ReferenceWords:
    """data/lexicons/reference.yaml: how a text refers to actors without naming them."""

    locative_preps: frozenset[str]
    count_words: dict[str, int]
    plural_pronouns: frozenset[str]
    neuter_pronouns: frozenset[str]
    person_pronouns: frozenset[str]
    person_groups: frozenset[str]
    state_groups: frozenset[str]
    any_groups: frozenset[str]


@lru_cache(maxsize=4)
def load_reference_words(path: Path = REFERENCE_LEXICON) -> ReferenceWords:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    def low(key: str, xs) -> frozenset[str]:
        bad = [x for x in xs or () if not isinstance(x, str)]
        if bad:  # an unquoted off/on/no in YAML is a boolean, not the word
            raise ValueError(f"{path}: {key}: {bad[0]!r} is not a word (quote it)")
        return frozenset(x.lower() for x in xs or ())

    pron, groups = data.get("pronouns") or {}, data.get("group_descriptions") or {}
    counts = data.get("count_words") or {}
    for word, n in counts.items():
        if not isinstance(n, int) or n < 1:
            raise ValueError(f"{path}: count_words: {word!r} must count a positive integer, not {n!r}")
    return ReferenceWords(
        locative_preps=low("locative_prepositions", data.get("locative_prepositions")),
        count_words={str(k).lower(): v for k, v in counts.items()},
        plural_pronouns=low("pronouns.plural", pron.get("plural")),
        neuter_pronouns=low("pronouns.neuter", pron.get("neuter")),
        person_pronouns=low("pronouns.person", pron.get("person")),
        person_groups=low("group_descriptions.person", groups.get("person")),
        state_groups=low("group_descriptions.state", groups.get("state")),
        any_groups=low("group_descriptions.any", groups.get("any")),
    )


_REFERENCE = load_reference_words()
LOCATIVE_PREPS = _REFERENCE.locative_preps
NUMBERS = _REFERENCE.count_words  # "the two sides", "both leaders": the size of a group
# Subject pronouns a claim's speaker can be ("he said"); possessives never are.
PRONOUNS_SINGULAR = frozenset({"he", "she", "him", "her"})
PRONOUNS_PLURAL = frozenset({"they"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "attr", "oprd"})
# How many sentences before the anaphor's own one are searched for its antecedents by
# ``Resolver.anaphora`` (news paragraphs are often one sentence long, so the window crosses
# paragraph breaks).
ANAPHORA_WINDOW = 3
# A nationality adjective or one side of a pair stands for its State with this confidence.
DEMONYM_CONFIDENCE = 0.6
_LABEL_DROP = frozenset({"det", "nummod", "punct", "relcl", "acl", "appos", "predet", "quantmod"})


@dataclass(frozen=True)
class SourceWords:
    """data/lexicons/sources.yaml: anonymous sources, data nouns, transcript labels."""

    anonymous_always: frozenset[str]
    anonymous_heads: frozenset[str]
    anonymous_qualifier: re.Pattern[str]
    anonymous_confidence: float
    data_nouns: frozenset[str]
    question_labels: frozenset[str]
    role_labels: frozenset[str]
    transcript_confidence: float
    speech_titles: tuple[re.Pattern[str], ...] = ()
    speech_confidence: float = 0.8


@lru_cache(maxsize=1)
def load_source_words() -> SourceWords:
    data = yaml.safe_load(SOURCES_LEXICON.read_text(encoding="utf-8"))
    anon, tr = data.get("anonymous") or {}, data.get("transcripts") or {}
    low = lambda xs: frozenset(str(x).casefold() for x in xs or ())  # noqa: E731
    return SourceWords(
        anonymous_always=low(anon.get("always")),
        anonymous_heads=low(anon.get("heads")),
        anonymous_qualifier=re.compile("|".join(f"(?:{q})" for q in anon.get("qualifiers") or ["(?!)"]), re.I),
        anonymous_confidence=float(anon.get("confidence", 0.5)),
        data_nouns=low(data.get("data_nouns")),
        question_labels=low(tr.get("question_labels")),
        role_labels=low(tr.get("role_labels")),
        transcript_confidence=float(tr.get("confidence", 0.85)),
        speech_titles=tuple(re.compile(p, re.I) for p in (data.get("speeches") or {}).get("title_patterns") or ()),
        speech_confidence=float((data.get("speeches") or {}).get("confidence", 0.8)),
    )



class Resolver:
    """Look-ups over an article's mentions for the claims and events steps: token -> actor, anaphora."""

    def __init__(self, doc: Doc, mentions: list[Mention], article_id: str = "", text: str | None = None):
        self.doc = doc
        self.article_id = article_id
        self.sources = load_source_words()
        self._anonymous: list[Mention] = []  # anonymous actors introduced so far, in text order
        self.text = doc.text if text is None else text  # Doc.text re-joins every token on each access
        self._input = list(mentions)  # as given: the events step reads them in this order
        # each mention's tokens, found once (char_span is not free), in input order
        self._tokens = [doc.char_span(m.span.start, m.span.end, alignment_mode="expand") for m in self._input]
        order = sorted(range(len(self._input)), key=lambda k: self._input[k].span.start)
        self.mentions = [self._input[k] for k in order]
        # for bisection (here and in claims): starts, and the furthest end reached so far (mentions may nest)
        self.starts = [m.span.start for m in self.mentions]
        self._reach = list(accumulate((m.span.end for m in self.mentions), max))
        self._by_token: dict[int, Mention] = {}
        for k in order:
            for tok in self._tokens[k] or ():
                self._by_token.setdefault(tok.i, self._input[k])
        self.words = load_words()

    def at(self, token: Token) -> Mention | None:
        """The mention covering this token, or covering its compound/possessive name parts."""
        if token.i in self._by_token:
            return self._by_token[token.i]
        if token.lower_ in self.words.roles:  # "the LU-N chief Marta Ruiz": the person, not her party
            for child in token.rights:
                m = self._by_token.get(child.i) if child.dep_ == "appos" else None
                if m is not None and m.actor.kind == "Person":
                    return m
        for child in token.lefts:
            if child.dep_ in ("compound",) and child.i in self._by_token:
                return self._by_token[child.i]
        return None

    def named(self, token: Token) -> bool:
        """Is this very token part of a name (not merely attached to one)?"""
        return token.i in self._by_token

    def before(self, char: int, kinds: tuple[str, ...] = ("Person",), nationality: str | None = None) -> Mention | None:
        """The nearest mention ending before ``char`` of one of ``kinds`` (and that nationality)."""
        # the mentions before the first one (in start order) that ends after char, latest first
        for i in range(bisect_right(self._reach, char) - 1, -1, -1):
            m = self.mentions[i]
            if m.actor.kind in kinds and (not nationality or (m.nationality and m.nationality.key == nationality)):
                return m
        return None

    def after(self, char: int, limit: int, kinds: tuple[str, ...] = ("Person",), nationality: str | None = None) -> Mention | None:
        for i in range(bisect_left(self.starts, char), len(self.mentions)):
            m = self.mentions[i]
            if m.span.start > char + limit:
                return None
            if m.actor.kind in kinds and (not nationality or (m.nationality and m.nationality.key == nationality)):
                return m
        return None

    def conjoined(self, token: Token) -> list[Mention]:
        """The actors of a subject and its conjuncts ("Xi and Putin said"), or of its apposition
        ("the regional governor, Oleh Tkachenko, said")."""
        out = []
        stack = [token]
        while stack:
            t = stack.pop()
            m = self.at(t)
            if m and m not in out:
                out.append(m)
            stack += [c for c in t.children if c.dep_ == "conj"]
            if m is not None:  # "A, B and C told clients": the parser makes "B and C" an apposition of A
                stack += [c for c in t.children if c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children)]
        if not out:
            # "Commissioner for Equality, Helena Dalli, added": the parser may hang the apposition
            # on the title's prepositional object
            near = list(token.children) + [g for c in token.children if c.dep_ == "prep"
                                            for g in c.children if g.dep_ == "pobj"]
            kids = [c for c in near if c.dep_ == "appos"] + [g for n in near if n.dep_ == "pobj"
                                                             for g in n.children if g.dep_ == "appos"]
            for c in kids:
                # "the two ministers on the panel, A and B,": every person the apposition lists
                for k in [c, *[g for g in c.children if g.dep_ == "conj"]]:
                    m = self.at(k)
                    if m and m.actor.kind == "Person" and m not in out:
                        out.append(m)
        if not out and token.pos_ == "NOUN" and token.lemma_.lower() in self.words.person_nouns:
            # "the president of the Andean Council, Rosa Quispe," when the parser attached the name elsewhere
            end = token.right_edge.idx + len(token.right_edge.text)
            gap = re.match(r"\s*,\s*", self.text[end : end + 4])
            if gap:
                i = bisect_left(self.starts, end + gap.end())
                if i < len(self.mentions) and self.mentions[i].span.start == end + gap.end() \
                        and self.mentions[i].actor.kind == "Person":
                    out.append(self.mentions[i])
        return out

    def affiliation(self, token: Token) -> list[Mention]:
        """Whom an unnamed official or a document speaks for: "a U.S. State Department spokesperson",
        "a senior Philippine official", "a spokesperson for X", "a statement from X", "China's government"."""
        gaz = load_gazetteer()
        data = token.lemma_.lower() in self.sources.data_nouns or token.lower_ in self.sources.data_nouns
        document = token.lemma_.lower() in self.words.source_nouns or token.lower_ in self.words.source_nouns
        for c in token.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod") and not (data and c.dep_ != "poss"):
                # data speak only through a stated source ("data from X", "X's figures"), not
                # through a modifier ("Chinese customs data")
                office = self.person_office(c)
                if office is not None:
                    return [office]  # "the Netanyahu office's statement"
                m = self.at(c)
                if m and m.actor.kind == "Person" and document and c.dep_ == "poss":
                    return [m]  # "Ruiz's statement said": a person's own statement
                if m and m.actor.kind != "Person":
                    return [m]
                entry = gaz.state(c.text) or (gaz.lookup(c.text) if c.dep_ != "amod" else None)
                if entry and entry.kind != "Person":
                    return [Mention(actor=entry.ref, span=Span(c.idx, c.idx + len(c.text), c.text), confidence=0.8)]
        preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "from", "by", "with")]
        # "the statement issued by Tokyo", "figures released by the bureau": the issuer
        preps += [g for c in token.children if c.dep_ == "acl" and c.lemma_.lower() not in load_lexicon().relay_verbs
                  for g in c.children if g.dep_ == "agent" or (g.dep_ == "prep" and g.lower_ in ("by", "from"))]
        # ("an official quoted by X": X relays the official, it does not employ them)
        for c in preps:
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                m = self.at(g)
                if m and m.actor.kind != "Person":
                    return [m]
                if m is None and g.pos_ == "PROPN" and c.lower_ == "for" and (
                        token.lemma_.lower() in self.words.official_nouns or token.lower_ in self.words.official_nouns):
                    # "a spokesman for the Greens": a party, faction or body NER did not tag is what he speaks for
                    parts = [t for t in self.doc[g.left_edge.i : g.i + 1] if t.dep_ not in ("det", "punct")]
                    name = _as_written(parts)
                    if name[:1].isupper():
                        start, end = parts[0].idx, g.idx + len(g.text)
                        return [Mention(actor=ActorRef(key=slug(name), name=name, kind="Organization"),
                                        span=Span(start, end, self.text[start:end]), confidence=0.7)]
                if token.lemma_.lower() in self.sources.data_nouns or token.lemma_.lower() in self.words.source_nouns:
                    found = self.common_organisation(g)
                    if found:
                        return [found]
        return []

    def person_office(self, token: Token) -> Mention | None:
        """ "Netanyahu's office", "the Netanyahu office": the office a person heads speaks for them as an
        organisation, named by the person's title where known ("Israeli Prime Minister's Office", as the
        common-noun rule names it), else by the person ("Ana Ruiz's Office")."""
        if token.lemma_.lower() != "office" or token.pos_ not in ("NOUN", "PROPN"):
            return None
        for c in token.children:
            if c.dep_ not in ("poss", "compound"):
                continue
            m = self._by_token.get(c.i)
            if m is not None and m.actor.kind in ("Organization", "State") and c.dep_ == "poss" and not self.named(token):
                return m  # "the US Trade Representative's office said": the body's own office
            if m is None and c.dep_ == "poss" and c.is_title:
                first = next(t for t in c.subtree if t.dep_ not in ("det", "case"))
                title = self.text[first.idx : c.idx + len(c.text)]
                if " ".join(title.casefold().split()) in self.words.roles:
                    # "the Prime Minister's Office said": the holder's office when the article names them
                    m = next((x for x in reversed(self.mentions[: bisect_left(self.starts, c.idx)])
                              if x.actor.kind == "Person" and (x.role or "").casefold() == title.casefold()), None)
                    if m is None:
                        name = f"{title}'s Office"
                        start, end = first.idx, token.idx + len(token.text)
                        return Mention(actor=ActorRef(key=slug(name), name=name, kind="Organization"),
                                       span=Span(start, end, self.text[start:end]), confidence=0.6)
            if m is None or m.actor.kind != "Person":
                continue
            demonym = None
            if m.nationality:
                entry = load_gazetteer().entries.get(m.nationality.key)
                demonym = entry.demonyms[0] if entry and entry.demonyms else None
            role = (m.role or "").strip()
            if role and demonym and role.casefold() in self.words.leader_roles:
                name = f"{demonym} {role.title()}'s Office"
            else:
                name = f"{m.actor.name}'s Office"
            start, end = c.left_edge.idx, token.idx + len(token.text)
            return Mention(actor=ActorRef(key=slug(name), name=name, kind="Organization"),
                           span=Span(start, end, self.text[start:end]), confidence=0.7)
        return None

    def common_organisation(self, token: Token) -> Mention | None:
        """ "the statistics bureau", "the customs agency": an organisation named by common nouns
        only (no state, no name), as written; an earlier organisation with that head wins."""
        lemma = token.lemma_.lower()
        if lemma not in self.words.organization_nouns and token.lower_ not in self.words.organization_nouns:
            return None
        for m in reversed(self.mentions):
            if m.span.end <= token.idx and m.actor.kind == "Organization" and lemma in m.actor.name.casefold():
                return m
        mods = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i and c.pos_ in ("NOUN", "PROPN", "ADJ")]
        if not mods:
            return None
        first = min(c.left_edge.i for c in mods)
        named = [self._by_token[i] for i in range(first, token.i) if i in self._by_token]
        if named and named[-1].actor.kind == "Organization":
            return named[-1]  # "the incumbent Liberal Union (LU) party": the named party, not a new label
        name = _as_written(self.doc[first : token.i + 1], title=True)
        start, end = self.doc[first].idx, token.idx + len(token.text)
        return Mention(actor=ActorRef(key=slug(name), name=name, kind="Organization"),
                       span=Span(start, end, self.text[start:end]), confidence=0.6)

    def anonymous(self, token: Token) -> Mention | None:
        """ "two people familiar with the matter", "sources", "an official who asked not to be named":
        an anonymous actor of this article (never merged across articles); "the sources", "one
        source" after one was introduced are the same actor."""
        lemma, low = token.lemma_.lower(), token.lower_
        sw = self.sources
        if lemma not in sw.anonymous_heads and low not in sw.anonymous_heads:
            return None
        s, e = token.left_edge.i, token.right_edge.i + 1
        phrase = self.doc[s:e].text
        always = lemma in sw.anonymous_always or low in sw.anonymous_always
        if not always and not sw.anonymous_qualifier.search(phrase):
            return None
        det = next((c.lower_ for c in token.children if c.dep_ in ("det", "nummod")), None)
        if self._anonymous and (det in ("the", "these", "those", "one", "another") or not self._qualified(token)):
            prev = self._anonymous[-1]
            return Mention(actor=prev.actor, span=Span(token.idx, token.idx + len(token.text), token.text),
                           confidence=sw.anonymous_confidence)
        keep = [t for t in self.doc[s:e] if not self._dropped(t, token)]
        label = _as_written(keep)
        if keep and keep[0].pos_ != "PROPN":
            label = label[:1].lower() + label[1:]
        if not label:
            return None
        ref = ActorRef(key=slug(f"anonymous {self.article_id} {label}"), name=label, kind="AnonymousSource")
        m = Mention(actor=ref, span=Span(self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1].text),
                                         self.text[self.doc[s].idx : self.doc[e - 1].idx + len(self.doc[e - 1].text)]),
                    confidence=sw.anonymous_confidence)
        self._anonymous.append(m)
        return m

    def _qualified(self, token: Token) -> bool:
        return any(c.dep_ in ("amod", "acl", "prep", "relcl", "compound") for c in token.children)

    @staticmethod
    def _dropped(t: Token, head: Token) -> bool:
        """Determiners, numbers, relative clauses, punctuation and a time ("a source on Friday") are
        not part of the label."""
        x = t
        while x.i != head.i and x.head.i != x.i:
            if x.head.i == head.i and (x.dep_ in _LABEL_DROP or _is_time(x)):
                return True
            x = x.head
        return False

    def group(self, token: Token) -> list[Mention]:
        """ "the two sides", "both leaders", "the two heads of state", "the leaders", "the two countries"."""
        lemma = token.lemma_.lower()
        mods = [c.lower_ for c in token.children if c.dep_ in ("nummod", "det", "predet", "quantmod")]
        n = next((NUMBERS[w] for w in mods if w in NUMBERS), None)
        of = [m for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj" for m in self.conjoined(g)]
        if len(of) >= 2 and all(m.actor.kind == "State" for m in of):
            return of  # "the leaders of Norway, Sweden and Finland"
        if lemma in self.words.group_states:
            kinds = ("State",)
        elif lemma in self.words.group_persons:
            kinds = ("Person",)
        else:
            return []
        seen: dict[str, Mention] = {}
        for m in reversed(self.mentions):
            if m.span.end > token.idx or m.actor.kind not in kinds or m.actor.key in seen:
                continue
            if n is None and not (m.role and any(r in m.role.casefold() for r in self.words.leader_roles)):
                continue  # "the leaders": the heads of state or government named so far
            seen[m.actor.key] = m
            if n is not None and len(seen) == n:
                break
        found = list(seen.values())
        if (n is not None and len(found) != n) or len(found) < 2:
            return []
        return sorted(found, key=lambda m: m.span.start)

    def resolve(self, token: Token, hint: Mention | None = None) -> tuple[list[Mention], str]:
        """Actors a subject token refers to, and how: "name", "pronoun", "nominal", "cataphora" or "" (none).

        ``hint`` is the last established speaker, preferred for "he"/"she" when compatible.
        """
        office = self.person_office(token)
        if office is not None:
            return [office], "affiliation"
        if not self.named(token):  # "the U.S. commerce secretary": the person holding it, not the U.S.
            described = self.described_person(token)
            if described:
                return described
        named = self.conjoined(token)
        if named:
            return named, "name"
        low = token.lower_
        char = token.idx
        if low in PRONOUNS_SINGULAR:
            last = self.before(char)
            floor = self._reported_clause_start(token)
            if last is not None and floor is not None and last.span.start >= floor:
                last = self.before(floor)  # "The attack was planned by X's men, he said": X is reported, not "he"
            if hint and hint.actor.kind == "Person" and (not last or hint.span.start >= char - 1500):
                if not last or last.actor.key == hint.actor.key or last.span.start < hint.span.start or self._in_quote(last):
                    return [hint], "pronoun"
            return ([last], "pronoun") if last else ([], "")
        if low in PRONOUNS_PLURAL:
            return self._plural_antecedent(char), "pronoun"
        lemma = token.lemma_.lower()
        words = self.words
        states = self.demonym_group(token)
        if states:
            return states, "affiliation"
        counted = any(c.lower_ in NUMBERS for c in token.children)  # "the two sides": a group
        if not counted and (lemma in words.official_nouns or low in words.official_nouns
                            or lemma in words.source_nouns or lemma in words.state_nouns
                            or lemma in self.sources.data_nouns):
            found = self.affiliation(token)
            if found:
                return found, "affiliation"
        anon = self.anonymous(token)
        if anon is not None:
            return [anon], "anonymous"
        if token.tag_ in ("NNS", "NNPS") or low in words.generic_speakers:
            found = self.group(token) if token.tag_ in ("NNS", "NNPS") or counted else []
            return (found, "group") if found else ([], "")
        det = next((c.lower_ for c in token.children if c.dep_ in ("det", "poss")), None)
        if lemma in words.source_nouns or (lemma in words.official_nouns and det != "the"):
            return [], ""  # unnamed and unattached: "a senior official said", "a statement said"
        if lemma in words.state_nouns and det == "the":
            m = self.before(char, kinds=("State",))
            return ([m], "nominal") if m else ([], "")
        nat = None
        for c in token.children:
            if c.dep_ in ("amod", "compound"):
                entry = load_gazetteer().demonym(c.text)
                if entry:
                    nat = entry.key
        if lemma in self.words.person_nouns or low in self.words.person_nouns:
            if det in ("a", "an"):
                sent_end = token.sent.end_char
                later = [m for m in self.mentions if sent_end <= m.span.start <= char + 1200 and m.actor.kind == "Person"]
                fit = [m for m in later if m.role and lemma in m.role.casefold()]
                m = (fit or later or [None])[0]
                if m is None:
                    m = self.after(char, 1200, nationality=None)
                return ([m], "cataphora") if m else ([], "")
            # "the mayor said": the nearest earlier person whose title says so, else the nearest one
            fit = next((x for x in reversed(self.mentions[: bisect_left(self.starts, char)])
                        if x.actor.kind == "Person" and x.span.end <= char and x.role and lemma in x.role.casefold()
                        and (not nat or (x.nationality and x.nationality.key == nat))), None)
            m = fit or self.before(char, nationality=nat) or (self.before(char) if not nat else None)
            return ([m], "nominal") if m else ([], "")
        if det == "the" and (lemma in self.words.organization_nouns or low in self.words.organization_nouns):
            found = self.common_organisation(token)
            if found:
                return [found], "nominal"
        if lemma in self.words.organization_nouns and det in ("the", "this", "its"):
            for m in reversed(self.mentions):
                if m.span.end <= char and m.actor.kind == "Organization" and (
                    lemma in m.actor.name.casefold() or lemma in m.span.text.casefold()
                ):
                    return [m], "nominal"
        return [], ""

    def demonym_group(self, token: Token) -> list[Mention]:
        """ "Danish leaders", "both Israeli and Saudi leaders", "Norwegian and Swedish officials": unnamed
        people of states, in the plural, speak for those states (one claimant each), not for whichever
        heads of state the article happened to name."""
        lemma = token.lemma_.lower()
        if token.tag_ not in ("NNS", "NNPS") or not (
                lemma in self.words.group_persons or lemma in self.words.official_nouns or token.lower_ in self.words.official_nouns):
            return []
        gaz = load_gazetteer()
        out: list[Mention] = []
        mods = [c for c in token.children if c.dep_ == "amod" and c.i < token.i]
        mods += [g for c in mods for g in c.children if g.dep_ == "conj"]
        for c in sorted(mods, key=lambda t: t.i):
            entry = gaz.demonym(c.text)
            if entry is None or entry.kind != "State":
                return []  # "Saudi and other Gulf leaders": not only the states named
            if all(m.actor.key != entry.key for m in out):
                out.append(Mention(actor=entry.ref, span=Span(c.idx, c.idx + len(c.text), c.text),
                                   confidence=0.8))  # as ``affiliation`` gives "Chinese officials"
        return out

    def described_person(self, token: Token) -> tuple[list[Mention], str] | None:
        """ "Egypt's foreign minister", "the Australian climate minister", "the country's top diplomat":
        a role of a state, unnamed here, is the person of the article holding that role (named before,
        else within the next ~1500 characters: a lede often describes before it names); with no such
        person, the state speaks (an unnamed official with an affiliation, as elsewhere)."""
        gaz = load_gazetteer()
        lemma = token.lemma_.lower()
        if lemma not in self.words.person_nouns or lemma in self.words.official_nouns or token.tag_ in ("NNS", "NNPS"):
            return None
        state = org = None
        for c in token.children:
            if c.dep_ == "poss" and c.lower_ not in ("his", "her", "its", "their", "my", "our", "your"):
                m = self.at(c)
                if m is not None and m.actor.kind == "State":
                    state = m
                elif c.lemma_.lower() in self.words.group_states:  # "the country's top diplomat"
                    state = self.before(c.idx, kinds=("State",))
            elif c.dep_ in ("amod", "compound") and any(d.dep_ == "det" and d.lower_ == "the" for d in token.children):
                entry = gaz.demonym(c.text)
                m = self._by_token.get(c.i)
                if entry and entry.kind == "State":
                    state = Mention(actor=entry.ref, span=Span(c.idx, c.idx + len(c.text), c.text), confidence=0.8)
                elif m is not None and m.actor.kind == "State":
                    state = m  # "the U.S. commerce secretary"
                elif m is not None and m.actor.kind == "Organization" and org is None:
                    org = m  # "the La Libertad Avanza leader", "the Codelco chairman"
        if state is None:
            return self._org_person(token, org) if org is not None else None
        mods = " ".join(c.lower_ for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i
                        and not gaz.demonym(c.text) and c.lower_ not in ("top", "senior", "chief"))
        phrase = f"{mods} {lemma}".strip()

        def fits(m: Mention, words: str) -> bool:
            return (m.actor.kind == "Person" and bool(m.role) and words in m.role.casefold()
                    and (m.nationality is None or m.nationality.key == state.actor.key))

        for words in dict.fromkeys((phrase, lemma)):
            found = self._nearest_person(token, lambda m: fits(m, words))
            if found:
                return found
        return [state], "affiliation"

    def _org_person(self, token: Token, org: Mention) -> tuple[list[Mention], str]:
        """ "the La Libertad Avanza leader declared …": a role at an organisation, unnamed here, is the
        person of the article with that affiliation or a title that fits the noun ("leader" fits a
        president), named before, else within the next ~1500 characters; with none, the organisation
        speaks (like "a Codelco spokesperson"), never the organisation for a person it names."""
        lemma = token.lemma_.lower()

        def fits(m: Mention) -> bool:
            if m.actor.kind != "Person":
                return False
            if m.affiliation is not None and m.affiliation.key == org.actor.key:
                return True
            role = (m.role or "").casefold()
            return bool(role) and (lemma in role or (lemma == "leader" and any(r in role for r in self.words.leader_roles)))

        return self._nearest_person(token, fits) or ([org], "affiliation")

    def _nearest_person(self, token: Token, fits) -> tuple[list[Mention], str] | None:
        """The person a role noun at ``token`` stands for: the last fitting mention before it, else
        the first after its sentence within ~1500 characters (named later: "cataphora")."""
        char = token.idx
        before = [m for m in self.mentions if m.span.end <= char and fits(m)]
        if before:
            return [before[-1]], "nominal"
        sent_end = token.sent.end_char
        after = [m for m in self.mentions if sent_end <= m.span.start <= char + 1500 and fits(m)]
        if after:
            return [after[0]], "cataphora"
        return None

    def _reported_clause_start(self, token: Token) -> int | None:
        """Where the clause a pronoun's reporting verb reports begins, when that clause comes first
        ("A was planned by X, he said"); None otherwise."""
        verb = token.head
        starts = [c.left_edge.idx for c in verb.children if c.dep_ == "ccomp" and c.i < token.i]
        if verb.dep_ == "parataxis" and verb.head.i < verb.i:
            starts.append(verb.head.left_edge.idx)
        return min(starts) if starts else None
    # --- for events: every actor at a token, demonyms, anaphora over the whole text ----------

    def actors_at(self) -> dict[int, list[Mention]]:
        """Every actor mention (not the publisher) covering each token, in mention order; the
        events step looks participants up here (``at`` keeps only the first)."""
        index: dict[int, list[Mention]] = {}
        for m, span in zip(self._input, self._tokens):
            if m.actor.kind == "Publisher" or span is None:
                continue
            for t in span:
                index.setdefault(t.i, []).append(m)
        return index

    def demonyms(self, by_token: dict[int, list[Mention]], extractor: str = "") -> list[Mention]:
        """Nationality adjectives that stand for their State ("Chinese and Russian warships",
        "Sino-Russian", "Belarusian officials") and either side of a hyphenated pair
        ("Moscow-Beijing", "US-China"), looked up in the shared gazetteer so the key is the one
        the actors module gives the State. A demonym describing a named or titled person
        ("Chinese President Xi Jinping", "the Russian leader") is that person's nationality:
        skipped. ``by_token`` is ``actors_at()``: a token already naming an actor is no demonym.
        """
        doc = self.doc
        gaz, words = load_gazetteer(), self.words
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
            if entry is None and in_pair(tok):
                entry = gaz.lookup(tok.text) or gaz.metonym(tok.text)  # "Moscow-Beijing", "US-China"
                entry = entry if entry is not None and entry.kind in ("State", "Organization") else None
            if entry is None:
                i += 1
                continue
            last = doc[end - 1]
            if not _describes_person(last, person_tokens, words.roles):
                span = doc[i:end]
                out.append(Mention(actor=entry.ref, span=Span(span.start_char, span.end_char, span.text),
                                   extractor=extractor, confidence=DEMONYM_CONFIDENCE))
            i = end
        return out

    def anaphora(self, extra: list[Mention] = ()) -> dict[int, list[ActorRef]]:
        """Antecedents of every anaphor in the text, by token: plural pronouns and descriptions
        ("they", "the two leaders", "both countries", "the two sides") to the last conjoined (else
        co-mentioned) actors of the right kind, singular "it/its" to the last State/Organization
        subject, "he/his" to the last person subject; searched in the anaphor's sentence and the
        ``ANAPHORA_WINDOW`` before it. ``extra`` are actors found beside the mentions (demonyms).
        Call once per article, before ``pair``."""
        self._index_occurrences([m for m in self._input if m.actor.kind != "Publisher"] + list(extra))
        out: dict[int, list[ActorRef]] = {}
        for tok in self.doc:
            spec = self.anaphor(tok)
            if spec is None:
                continue
            refs = self.pair(tok, *spec)
            if refs:
                out[tok.i] = refs
                if len(refs) > 1:
                    self._registered.setdefault(self._sent(tok.i), []).append((tok.i, refs))
        return out

    def _index_occurrences(self, mentions: list[Mention]) -> None:
        doc = self.doc
        self._sent_starts: list[int] = [s.start for s in doc.sents]
        self._by_sent: dict[int, list[_Occurrence]] = {}
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
            self._by_sent.setdefault(self._sent(root.i), []).append(occ)
        self._registered: dict[int, list[tuple[int, list[ActorRef]]]] = {}
        self._positions: dict[str, list[int]] = {}
        for occs in self._by_sent.values():
            for o in occs:
                self._positions.setdefault(o.actor.key, []).append(o.i)
                if o.nationality is not None:
                    self._positions.setdefault(o.nationality.key, []).append(o.i)
        for v in self._positions.values():
            v.sort()

    def _salience(self, refs: list[ActorRef], before: int) -> int:
        """How often the least-named of the actors was named before ``before``."""
        return min(bisect_left(self._positions.get(r.key, []), before) for r in refs)

    def _sent(self, i: int) -> int:
        return bisect_right(self._sent_starts, i) - 1

    @staticmethod
    def anaphor(tok: Token) -> tuple[str, int | None] | None:
        """(wanted kind, count) if the token is an anaphor: plural ones want "Person", "State" or
        "any" actors; singular "it" wants an "agent" (State/Organization), "he" a "person"."""
        ref = _REFERENCE
        low = tok.lower_
        if tok.pos_ == "PRON":
            if low in ref.plural_pronouns:
                return "any", None
            if low in ref.neuter_pronouns:
                return "agent", 1
            if low in ref.person_pronouns:
                return "person", 1
            if low == "both" and tok.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"pobj"}:
                return "any", 2
            return None
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet")}
        if tok.pos_ == "NUM" and low in NUMBERS and "the" in dets and tok.dep_ in SUBJECT_DEPS | {"pobj", "dobj"}:
            return "any", NUMBERS[low]  # "the two have met"
        if tok.tag_ not in ("NNS", "NNPS"):
            return None
        if low in ref.person_groups:
            kind = "Person"
        elif low in ref.state_groups:
            kind = "State"
        elif low in ref.any_groups:
            kind = "any"
        else:
            return None
        counts = [NUMBERS[c.lower_] for c in tok.children if c.dep_ == "nummod" and c.lower_ in NUMBERS]
        if "both" in dets:
            counts.append(2)
        if not counts and not dets & {"the", "these", "those"}:
            return None
        return kind, (counts[0] if counts else None)

    def pair(self, tok: Token, want: str, count: int | None) -> list[ActorRef]:
        """Antecedents of one anaphor (after ``anaphora``). A bare "they"/"the two sides" takes the
        most recent fitting group; a noun that names the kind ("the two countries", "the leaders")
        takes, among the fitting groups of the window, the one whose least-named member is named
        most often (the pair the story is about), then the most recent. "joint exercises" with no
        party named asks for ``("State", 2)`` here."""
        here = self._sent(tok.i)
        ranked: list[tuple[int, int, list[ActorRef]]] = []
        for k in range(here, max(-1, here - ANAPHORA_WINDOW - 1), -1):
            occs = [o for o in self._by_sent.get(k, ()) if o.i < tok.i and not o.locative]
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
            for i, refs in self._registered.get(k, ()):
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


    def _in_quote(self, m: Mention) -> bool:
        line_start = self.text.rfind("\n", 0, m.span.start) + 1
        before = self.text[line_start : m.span.start]
        return before.count("“") > before.count("”")

    def _plural_antecedent(self, char: int) -> list[Mention]:
        """ "they" -> the nearest earlier pair of people joined by "and" in this or the previous sentence."""
        tok = self.doc.char_span(char, char + 1, alignment_mode="expand")
        sent = tok[0].sent if tok is not None and len(tok) else None
        floor = self.doc[sent.start - 1].sent.start_char if sent is not None and sent.start > 0 else 0
        for m in reversed(self.mentions):
            if m.span.end > char or m.actor.kind != "Person":
                continue
            if m.span.start < floor:
                break
            tok = self.doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
            if tok is None:
                continue
            root = tok.root
            if root.dep_ == "conj":
                head = self.at(root.head)
                if head and head.actor.key != m.actor.key and head.actor.kind == m.actor.kind:
                    return [head, m]
        return []


def _is_time(t: Token) -> bool:
    """ "on Friday", "last week", "on 3 May": a time phrase modifying a noun."""
    if t.dep_ == "prep":
        return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in t.children)
    return t.dep_ == "npadvmod" and t.ent_type_ in ("DATE", "TIME")


def _as_written(tokens, title: bool = False) -> str:
    """A label as the text spells it ("Riyadh's thinking", "foreign-ministry"), not its tokens joined
    by spaces ("Riyadh 's thinking"), which match no other spelling of the name; ``title``
    capitalises each word. Whitespace runs become one space, edge commas go."""
    out = "".join((t.text[:1].upper() + t.text[1:] if title else t.text) + t.whitespace_ for t in tokens)
    return " ".join(out.split()).strip(" ,")


# --- token helpers for demonyms and anaphora --------------------------------------------------


@dataclass
class _Occurrence:
    """An actor named at a token, with what anaphora resolution needs to know about it."""

    i: int
    actor: ActorRef
    nationality: ActorRef | None
    group: int  # token index shared by conjoined actors ("Xi and Putin", "Indian and Chinese")
    subject: bool
    locative: bool


def in_pair(tok: Token) -> bool:
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


def _distinct(refs) -> list[ActorRef]:
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


@lru_cache(maxsize=4096)
def identity_key(key: str) -> str:
    """An actor key with each nationality word spelt as its State's key, for deciding whether two
    mentions name the same actor ("pakistani-air-force" and "pakistan-air-force" are one air force;
    "chinese-coast-guard" and "china-coast-guard" one coast guard). Keys themselves are unchanged."""
    gaz = load_gazetteer()
    parts = []
    for part in key.split("-"):
        entry = gaz.demonym(part)
        parts.append(entry.key if entry is not None and entry.kind == "State" else part)
    return "-".join(parts)


ActorIndex = Resolver  # the former name
