"""Claims: who asserts what — reporting verbs, quotes, "according to", interviews and editorials."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from kg.extract.gazetteer import load_gazetteer, normalise
from kg.extract.reporting import load_lexicon
from kg.extract.resolve import NUMBERS, Resolver
from kg.extract.topics import tag_topics
from kg.extract.transcripts import headed_speeches, speech_speaker, turns
from kg.iri import slug
from kg.model import ActorRef, Article, Claim, Mention, Span

EXTRACTOR = "kg.extract.claims.v1"
CONTENT_DEPS = frozenset({"ccomp"})
# A reporting verb with no subject of its own shares its head's: "criticised X and warned Y",
# "condemned X, stating that ...", "Liu said, adding ...".
INHERIT_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp", "dep", "parataxis"})
# Dependents of a reporting verb that carry no content of their own.
NON_CONTENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "aux", "auxpass", "neg", "punct", "cc", "conj", "mark", "advmod", "prt", "npadvmod", "agent"}
)
# Time and manner prepositional phrases after a verb are circumstance, not content ("said on Friday").
CIRCUMSTANCE_PREPS = frozenset({"on", "in", "at", "during", "after", "before", "since", "while", "via", "through"})
CONFIDENCE = {"name": 0.85, "pronoun": 0.75, "group": 0.7, "nominal": 0.65, "affiliation": 0.6, "cataphora": 0.5,
              "anonymous": 0.5}
ANONYMOUS_CONFIDENCE = 0.5
# genres whose own voice argues: the authors of a signed piece are its claimants
OPINION_GENRES = frozenset({"opinion", "op-ed", "column", "commentary", "comment"})
RELAY_CONFIDENCE = 0.7
DIRECT_BONUS = 0.05
# quotations: “double”, "straight" and ‘single’ marks (house style in much South Asian and British
# copy); a ’ followed by a letter is an apostrophe inside the quotation (‘It’s …’), not its end
_QUOTE = re.compile(r"“[^”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)|‘(?:[^‘’\n]|’(?=[^\W\d_]))*’(?![^\W\d_])", re.MULTILINE)
_CLOSING_MARKS = "”\"’"
_PARAGRAPH = re.compile(r"[^\n]+")  # web copy: one paragraph per line
_LABEL = re.compile(r"(?:\*\*|__)?(?P<label>[A-Z][^\n:?.*_]{1,60})(?::(?:\*\*|__)|(?:\*\*|__)?:)\s+(?=\S)")
_LEADER = re.compile(r"^(?:[-•*–]\s+|[A-Z][\w ]{0,20}\s\|\s+)")
_EDGE = " \t\n,;:.–—-"
_QUOTE_CLOSERS = frozenset({"”", '"', "’", "»"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll"})
_NEW_SENTENCE = re.compile(r"\s+[A-Z“\"]")
_LOST_SUBJECT_GAP = re.compile(r"\s*(?:,[^,;:.!?“”\"\n]{3,150},)?\s*")  # "X, the ministry's secretary, said"
_ATTRIBUTION_LINE = re.compile(r"\s*[—–-]{1,2}\s*\S")  # "— Spokesperson Jane Doe on …"
# A dateline opening a paragraph: "BRUSSELS —", "MANILA, March 11 (Reuters) -", "MOSCOW, April 8. /TASS/.",
# "Oslo (AFP) -", "ASTANA, May 20 (Xinhua) --".
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z .'’-]{2,}(?:,[^\n]{0,30}?)?(?:\s*\([^)\n]{1,30}\))?\s*(?:[-–—]{1,2}|/[A-Z]+/\.?)"
    r"|[A-Z][\w.'’ -]{1,30}\s*\([A-Z][^)\n]{0,30}\)\s*[-–—]{1,2})\s+"
)
# Interview labels: "Q:", "A:", "Question:", "**Name:**", "**Name**:", "Name:".
_QA = re.compile(r"(?:\*\*|__)?(?P<qa>Q|A|Question|Answer)(?:\*\*|__)?\s*[:.]\s*(?:\*\*|__)?\s*(?=\S)")


class _Builder:
    """Collects claims for one article, with the shared context (body, quotes, paragraphs, actors)."""

    def __init__(self, doc: Doc, article: Article, mentions: list[Mention]):
        self.doc, self.article, self.body = doc, article, article.body
        self.text = self.doc.text  # Doc.text re-joins every token on each access
        self.index = Resolver(self.doc, mentions, article.id, self.text)
        self.lex = load_lexicon()
        self.quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(self.text) if m.end() - m.start() > 2]
        self.paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(self.text) if m.group().strip()]
        self._paragraph_starts = [s for s, _ in self.paragraphs]
        self._quote_starts, self._quote_ends = [s for s, _ in self.quotes], [e for _, e in self.quotes]
        # paragraphs never overlap: sorted by start, their ends are sorted too (bisect both)
        paragraph_ends = [e for _, e in self.paragraphs]
        # sentences clipped to paragraphs, computed once: Token.sent walks the doc on every call;
        # the paragraphs a sentence meets are found by bisection, not by a scan of all of them
        self.segments = sorted(
            (max(s, self.paragraphs[i][0]), min(e, self.paragraphs[i][1]))
            for sent in self.doc.sents
            for s, e in [(sent.start_char, sent.end_char)]
            for i in range(bisect_right(paragraph_ends, s), bisect_left(self._paragraph_starts, e))
        )
        self._segment_starts = [s for s, _ in self.segments]
        self.claims: list[Claim] = []
        self.last_speaker: Mention | None = None
        self.described: dict[str, list[Mention]] = {}  # "spokesperson" -> whom the last unnamed one spoke for

    # ------------------------------------------------------------------ spans

    def span(self, start: int, end: int) -> Span | None:
        """A trimmed span (no dateline, no leading "that"); None when nothing is left."""
        if start == self.paragraph(start)[0]:
            m = _DATELINE.match(self.body, start, end)
            if m:
                start = m.end()
        while start < end and self.body[start] in _EDGE:
            start += 1
        if self.body.startswith("that ", start):
            start += 5
        while end > start and self.body[end - 1] in _EDGE:
            end -= 1
        text = self.body[start:end]
        if text.count("“") > text.count("”"):
            close = re.match(r"[,.]?”", self.body[end : end + 2])
            if close:  # 'condemned X’s “brutal activities,” stating' — keep the quotation whole
                end += close.end()
            elif text.startswith("“"):
                start += 1
        elif text.count("”") > text.count("“") and text.endswith("”"):
            end -= 1
        while end > start and self.body[end - 1] in _EDGE and not self.body[start:end].endswith(",”"):
            end -= 1
        return Span(start, end, self.body[start:end]) if end > start else None

    def paragraph(self, char: int) -> tuple[int, int]:
        i = bisect_right(self._paragraph_starts, char) - 1
        if i >= 0 and char < self.paragraphs[i][1]:
            return self.paragraphs[i]
        return char, char

    def sentence(self, char: int) -> tuple[int, int]:
        """The sentence (clipped to its paragraph) holding ``char``."""
        i = bisect_right(self._segment_starts, char) - 1
        if i >= 0 and char < self.segments[i][1]:
            return self.segments[i]
        return self.paragraph(char)

    def quote_at(self, start: int, end: int) -> tuple[int, int] | None:
        """The quotation containing [start, end), if any.

        Quotations never overlap, so sorted by start their ends are sorted too: the first one
        ending at or after ``end`` is the only one that can contain the range.
        """
        i = bisect_left(self._quote_ends, end)
        if i < len(self.quotes) and self.quotes[i][0] <= start:
            return self.quotes[i]
        return None

    # ------------------------------------------------------------------ output

    def add(self, claimant: ActorRef, content: Span | None, evidence: Span, verb: str | None, *,
            direct: bool = False, target: ActorRef | None = None, relayed_by: ActorRef | None = None,
            confidence: float = 0.8) -> None:
        if content is None or len(content.text.split()) < 2:
            return
        ps, _ = self.paragraph(content.start)
        m = _QA.match(self.text, ps)
        if m and m.group("qa") in ("Q", "Question"):
            return  # an interviewer's question reports, it does not claim ("Question: Japan has expressed concern …")
        if target and target.key == claimant.key:
            target = None
        ev_start, ev_end = min(evidence.start, content.start), max(evidence.end, content.end)
        evidence = Span(ev_start, ev_end, self.body[ev_start:ev_end])
        self.claims.append(
            Claim(
                claimant=claimant,
                text=content.text,
                content=content,
                evidence=evidence,
                verb=verb,
                direct=direct,
                topics=tuple(tag_topics(content.text)),
                target=target,
                relayed_by=relayed_by,
                extractor=EXTRACTOR,
                confidence=round(min(confidence + (DIRECT_BONUS if direct else 0.0), 1.0), 2),
            )
        )

    # ------------------------------------------------------------------ reporting verbs

    def reporting_lemma(self, tok: Token) -> str | None:
        """The lexicon entry this token reports with ("point out" for "pointed ... out"), else None."""
        if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.tag_ == "VBZ"):
            return None
        lemma = tok.lemma_.lower()
        spec = self.lex.verbs.get(lemma)
        if spec is None:
            return None
        particle = spec.get("particle")
        if particle:
            particles = [particle] if isinstance(particle, str) else particle
            found = next((c.lower_ for c in tok.children if c.lower_ in particles and c.dep_ in ("prt", "prep")), None)
            return f"{lemma} {found}" if found else None
        return lemma

    def subject(self, verb: Token) -> tuple[Token | None, Token]:
        """The speaker token of a reporting verb, climbing to the head it shares a subject with."""
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None and any(c.dep_ == "nsubjpass" for c in verb.children):
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
            if pobj is not None:  # "this roadmap has been criticized by the US": the agent speaks
                return pobj, verb
        t = verb
        for _ in range(4):
            subjects = [c for c in t.children if c.dep_ == "nsubj"]
            if t.dep_ == "relcl" and any(c.tag_ in ("WDT", "WP") for c in subjects):
                return self.relative_antecedent(t), t  # "Iran – which has reported …": the antecedent speaks
            if subjects:  # "MANILA, March 11 - The Philippines accused": the subject nearest the verb
                before = [c for c in subjects if c.i < t.i]
                after = [c for c in subjects if c.i > t.i]
                if after and t.i > 0 and t.doc[t.i - 1].text in _QUOTE_CLOSERS:
                    return after[0], t  # "“…, that of making things happen,” said the minister": inverted
                return _closed_list_speaker(before[-1] if before else subjects[0]), t
            if t is verb and t.i > 0 and t.doc[t.i - 1].text in _QUOTE_CLOSERS:
                obj = next((c for c in t.children if c.dep_ == "dobj" and c.i > t.i), None)
                if obj is not None:  # "“…,” tweeted the president of X, Jane Roe": an inverted subject parsed as object
                    return obj, t
            if t.dep_ == "relcl":
                return self.relative_antecedent(t), t
            if t.dep_ in INHERIT_SUBJECT_DEPS and t.head is not t:
                head = t.head
                passive = next((c for c in reversed(list(head.lefts)) if c.dep_ == "nsubjpass"), None)  # nearest
                if t.dep_ == "conj" and t.tag_ in ("VBD", "VBZ", "VBP") and passive is not None \
                        and any(c.dep_ == "cc" and c.i < t.i for c in head.children) \
                        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
                    return passive, head  # "the two ministers were asked about it and denied …": they deny
                if t.dep_ == "conj" and head.dep_ == "ccomp" and self.reporting_lemma(head.head) and self.reporting_lemma(t):
                    # "X said A stood with its ally and urged B": the parser coordinates the second report
                    # inside the first one's clause; it is X's, like the first
                    head = head.head
                t = head
                continue
            break
        return None, t

    def skip_verb(self, verb: Token) -> bool:
        """Negated, future ("will announce"), infinitival under a non-reporting word ("afraid to
        criticise"), or in a question."""
        if any(c.dep_ == "neg" for c in verb.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children):
            return True  # "the Kremlin will announce ...": a statement not yet made
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and any(c.lower_ == "according" and c.dep_ == "prep" and c.i < subj.i for c in verb.children):
            return True  # "According to Tokyo, Seoul agreed to …": Tokyo's claim (according_to), not Seoul's
        if any(c.dep_ == "parataxis" and c.i < verb.i and self.reporting_lemma(c)
               and any(g.dep_ == "nsubj" for g in c.children) for c in verb.children):
            return True  # "…, the ministry said, Canada would welcome …": reported, not Canada's
        if verb.dep_ in ("xcomp", "acl", "amod", "pcomp", "csubj") or any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
        ):
            if not (verb.dep_ == "xcomp" and self.reporting_lemma(verb.head)) and not _free_relative(verb):
                return True
        return self.is_question(verb)

    def is_question(self, tok: Token) -> bool:
        s0, e0 = self.sentence(tok.idx)
        text = self.text[s0:e0].rstrip(" \n”\"’")
        return text.endswith("?")

    def content_of(self, verb: Token, speaker: Token | None) -> tuple[int, int] | None:
        """Character range of what the verb reports: clause, infinitive, object, or the host clause of "as X said"."""
        kids = list(verb.children)
        clause = [c for c in kids if c.dep_ in CONTENT_DEPS]
        if not clause:  # "said in a commentary that it regarded ...": the that-clause hangs off the noun
            clause = [g for c in kids if c.dep_ == "prep" for n in c.children if n.dep_ == "pobj"
                      for g in n.children if g.dep_ in ("relcl", "acl")
                      and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)]
        if clause:
            c = clause[-1]
            start, end = _extent(c)
            same_side = [x for x in clause if (x.i > verb.i) == (c.i > verb.i)]
            if len(same_side) > 1:  # "“A, B,” he said" parsed as two clauses
                start = min(_extent(x)[0] for x in same_side)
                end = max(_extent(x)[1] for x in same_side)
                c = same_side[0]
            start = _skip_mark(c, start)
            if start <= verb.i < end and c.i > verb.i:
                start = verb.i + 1  # "what X said was a record": the clause's "what" stands before the speaker
            inner = [g.left_edge.i for g in c.children if g.i > verb.i and g.i > c.i and self.trailing_report(g)]
            if inner:  # "data show that A, the agency reports, citing B": the relay's clause is not content
                end = min(end, *inner)
            end_char = _end_char(self.doc, end)
            if start > verb.i:  # "suspects that A: B" — the elaboration after a colon is content too
                end_char = self.through_colon(end_char)
            return self.doc[start].idx, end_char
        xcomp = [c for c in kids if c.dep_ == "xcomp" and c.i > verb.i]
        if xcomp:
            start, end = _extent(xcomp[0])
            obj = [c for c in kids if c.dep_ == "dobj" and c.i < xcomp[0].i]
            if obj:  # "urged X to ...": the addressee is part of the content
                start = min(start, _extent(obj[0])[0])
            return self.doc[start].idx, _end_char(self.doc, end)
        right = [
            c for c in kids
            if c.i > verb.i and c.dep_ not in NON_CONTENT_DEPS and not (c.dep_ == "advcl" and self.reporting_lemma(c))
        ]
        objects = [c for c in right if c.dep_ in ("dobj", "attr", "oprd")]
        spec = self.lex.verbs.get(verb.lemma_.lower(), {})
        if objects and spec.get("person_object") is False:
            named = self.index.at(objects[0])
            if named and named.actor.kind == "Person":
                return None  # "welcomed President X to Lisbon": a host, not a statement
        if objects and spec.get("object") == "counted" and not any(g.dep_ == "nummod" for g in objects[0].children):
            objects = []  # "reported 388 cases" gives figures; "reported the story" is no claim
        if objects and spec.get("object"):
            keep = [c for c in right if c.dep_ in ("dobj", "attr", "oprd", "prep", "dative") and not _circumstance(c)]
            start = min(_extent(c)[0] for c in keep)
            end = max(_extent(c)[1] for c in keep)
            return self.doc[start].idx, _end_char(self.doc, end)
        if (verb.dep_ in ("parataxis", "advcl") or self.trailing_report(verb)) and verb.head.pos_ in ("VERB", "AUX") \
                and verb.head.i != verb.i:
            # "In the face of threats, the ministry said, Canada would welcome …": the reporting clause
            # sits inside what it reports; the content is the host clause on the far side of it
            hs, he = _extent(verb.head)
            vs, ve = _extent(verb)
            vs = min(vs, speaker.left_edge.i) if speaker is not None else vs
            if ve < he and verb.head.i >= ve:
                start = ve
                while start < he and self.doc[start].is_punct:
                    start += 1
                return self.doc[start].idx, _end_char(self.doc, he)
            if hs < vs and verb.head.i < vs:
                return self.doc[hs].idx, _end_char(self.doc, vs)
        mark = next((c for c in kids if c.lower_ == "as" and c.dep_ == "mark"), None)
        if mark is not None:  # "Y, as X said." / "As X said, Y."
            s0, e0 = self.sentence(verb.idx)
            if self.text[s0 : mark.idx].strip(_EDGE):
                return s0, mark.idx
            return _end_char(self.doc, _extent(verb)[1]), e0
        return None

    def told_before(self, verb: Token) -> tuple[int, int] | None:
        """ "That's what Reuters reports.": the report is what came before — the previous paragraph
        when the idiom opens its own, else the previous sentence of the paragraph."""
        head = verb.head
        if not (verb.dep_ in ("ccomp", "relcl", "attr") and (head.lemma_ == "be" or head.lower_ in ("’s", "'s"))
                and any(c.dep_ == "dobj" and c.lower_ == "what" for c in verb.children)
                and any(c.dep_ == "nsubj" and c.lower_ in ("that", "this") for c in head.children)):
            return None
        s0, _ = self.sentence(verb.idx)
        ps, _pe = self.paragraph(verb.idx)
        if not self.text[ps:s0].strip():
            i = bisect_right(self._paragraph_starts, ps) - 2
            return self.paragraphs[i] if i >= 0 else None
        i = bisect_right(self._segment_starts, s0) - 2
        return self.segments[i] if i >= 0 and self.segments[i][0] >= ps else None

    def through_colon(self, end: int) -> int:
        """Extend content ending at a colon over what follows, to the end of that sentence (same paragraph)."""
        rest = self.text[end : end + 3].lstrip()
        if not rest.startswith(":"):
            return end
        colon = self.text.index(":", end)
        pe = self.paragraph(end)[1]
        i = bisect_right(self._segment_starts, colon)
        if i < len(self.segments) and self.segments[i][0] < pe:
            return max(end, self.segments[i][1])
        return max(end, self.sentence(colon)[1])

    def adjacent_quote(self, verb: Token, speaker: Token | None) -> tuple[int, int] | None:
        """A quotation right before ("“…,” he said") or right after ("X said: “…”") the attribution."""
        first = min(verb.i, speaker.i if speaker is not None else verb.i)
        last = max(verb.i, speaker.i if speaker is not None else verb.i)
        lo = self.doc[first].idx
        hi = _end_char(self.doc, last + 1)
        # Quotations are sorted and never overlap, and each opens with a quotation mark: only the
        # last one ending by ``lo`` and the first one starting from ``hi`` can be adjacent (the gap
        # to any other holds a quotation mark), the earlier of the two winning.
        i = bisect_right(self._quote_ends, lo) - 1
        if i >= 0 and not self.text[self.quotes[i][1] : lo].strip(" ,\n"):
            return self.quotes[i]
        j = bisect_left(self._quote_starts, hi)
        if j < len(self.quotes) and not self.text[hi : self.quotes[j][0]].strip(" :,"):
            return self.quotes[j]
        return None

    def colon_block(self, verb: Token) -> tuple[int, int] | None:
        """ "In a post on X, Sánchez wrote:" closing its paragraph: the next paragraph is what was
        written (an embedded post or block quotation, its opening mark often lost), as a quotation
        range (start at the character before the text, like a quotation's opening mark)."""
        ps, pe = self.paragraph(verb.idx)
        tail = self.text[_end_char(self.doc, verb.i + 1) : pe]
        if tail.strip() != ":":
            return None
        i = bisect_right(self._paragraph_starts, verb.idx)
        if i >= len(self.paragraphs):
            return None
        ns, ne = self.paragraphs[i]
        if _LABEL.match(self.text, ns, ne) or self.text[ns:ne].rstrip().endswith("?"):
            return None
        return ns - 1, ne

    def direct(self, start: int, end: int) -> tuple[int, int, bool]:
        """Widen content lying inside a quotation to the whole quotation (its inner text)."""
        q = self.quote_at(start, end)
        if q:
            qs, qe = q
            inner = self.text[qs + 1 : qe - 1] if self.text[qe - 1] in _CLOSING_MARKS else self.text[qs + 1 : qe]
            if end - start >= 0.5 * len(inner) or self._quote_is_clause(qs):
                return qs + 1, qe - (1 if self.text[qe - 1] in _CLOSING_MARKS else 0), True
        return start, end, False

    def _quote_is_clause(self, qs: int) -> bool:
        """A quotation opening a paragraph or after a colon is a full utterance, not a scare quote."""
        before = self.text[self.paragraph(qs)[0] : qs].rstrip()
        return before == "" or before.endswith(":")

    def target_of(self, verb: Token) -> ActorRef | None:
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                for t in [c, *[g for g in c.children if g.dep_ == "poss"]]:
                    m = self.index.at(t)
                    if m:
                        return m.actor
            if c.dep_ == "prep" and c.lower_ in ("against", "at"):
                for g in c.children:
                    m = self.index.at(g) if g.dep_ == "pobj" else None
                    if m:
                        return m.actor
        return None

    def resolve_speaker(self, tok: Token) -> tuple[list[Mention], str]:
        """``ActorIndex.resolve`` plus what only the claims step knows: "it" is the organisation or state
        that spoke last, "the spokesperson"/"the statement" the one introduced before without a name."""
        if tok.lower_ == "it":
            prev = self.last_institution(tok.idx)
            return ([prev], "pronoun") if prev else ([], "")
        lemma = tok.lemma_.lower()
        det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
        counted = any(c.lower_ in NUMBERS for c in tok.children)  # "the two sides" is a group, not "the side"
        if det == "the" and lemma in self.described and not counted and not self.index.affiliation(tok):
            return self.described[lemma], "nominal"
        speakers, how = self.index.resolve(tok, hint=self.last_speaker)
        hint = self.last_speaker
        if how == "pronoun" and hint is not None and len(speakers) == 1 and speakers[0].actor.key != hint.actor.key \
                and any(c.claimant.key == hint.actor.key and c.content.start <= speakers[0].span.start < c.content.end
                        for c in self.claims[-20:]):
            speakers = [hint]  # a person named inside what the last speaker said is not the next "he"/"she"
        if how == "pronoun" and hint is not None and len(speakers) == 1 and speakers[0].actor.key != hint.actor.key \
                and self.continues(tok.head) and not any(c.claimant.key == speakers[0].actor.key for c in self.claims):
            speakers = [hint]  # "X said A. Y was in town. He further said B": "further", "added" go on with X
        if not speakers:
            found = self.unnamed_organisation(tok)
            if found is not None:
                speakers, how = [found], "nominal"
        if not speakers:
            published = self.published_by(tok)
            if published:
                speakers, how = published, "affiliation"
        words = self.index.words
        unnamed = not self.index.named(tok) and (lemma in words.official_nouns or lemma in words.source_nouns)
        if speakers and how != "anonymous" and (how == "affiliation" or (unnamed and speakers[0].actor.kind != "Person")):
            self.described[lemma] = speakers  # "A State Department spokesperson said ... The spokesperson said"
            how = "affiliation"
        return speakers, how

    def unnamed_organisation(self, tok: Token) -> Mention | None:
        """ "according to the Inegi", "the Bundesbank said": a proper noun after "the" that NER left
        untyped (or called a place) and no gazetteer place is an organisation named as written —
        people take no article, and states and cities are found by the actors step."""
        if tok.pos_ != "PROPN" or not (tok.is_title or tok.is_upper) or self.index.named(tok) or tok.ent_type_ not in ("", "ORG", "LOC"):
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        words = self.index.words
        if any(tok.lower_ in ws or tok.lemma_.lower() in ws for ws in (
                words.state_nouns, words.organization_nouns, words.person_nouns, words.official_nouns, words.generic_speakers)):
            return None  # "the State promised", "the Ministry said": a common noun capitalised, not a name
        glued = tok.i
        while glued >= 2 and self.doc[glued - 1].text in ("-", "‑") and not self.doc[glued - 1].whitespace_ \
                and not self.doc[glued - 2].whitespace_:
            glued -= 2  # "the Secretary-General": the word is the whole hyphenated one
        if glued < tok.i:
            word = self.text[self.doc[glued].idx : tok.idx + len(tok.text)]
            if " ".join(word.casefold().split()) in words.roles:
                return None  # a title whose holder is unnamed here, not an organisation's name
        parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.is_title]
        first = parts[0] if parts and parts[-1].i == tok.i - 1 and all(p.i == parts[0].i + k for k, p in enumerate(parts)) else tok
        name = self.text[first.idx : tok.idx + len(tok.text)]
        gaz = load_gazetteer()
        if normalise(name) in gaz.places or gaz.demonym(name) or gaz.lookup(name) or name.casefold() in self.index.words.generic_speakers:
            return None
        return Mention(actor=ActorRef(key=slug(name), name=name, kind="Organization"),
                       span=Span(first.idx, tok.idx + len(tok.text), name), confidence=0.6)

    def published_by(self, tok: Token) -> list[Mention]:
        """ "X published its annual outlook. The report found …", "Its findings revealed …": a report or
        data with no source of its own is the organisation (or state) the text just said put it out —
        the subject of a publishing verb whose object is a report or data noun, in this or the previous
        paragraph — or, for "its/their", the organisation named last in this or the previous sentence."""
        data = self.index.sources.data_nouns
        if (tok.lemma_.lower() not in data and tok.lower_ not in data) or self.index.named(tok):
            return []
        det = next((c.lower_ for c in tok.children if c.dep_ in ("det", "poss")), None)
        if det not in ("the", "its", "their", "this", "these") or any(
                c.dep_ == "prep" and c.lower_ in ("from", "by", "of") for c in tok.children):
            return []
        i = bisect_right(self._paragraph_starts, tok.idx) - 1
        floor = self.paragraphs[max(i - 1, 0)][0] if i >= 0 else 0
        t = tok.i - 1
        while t >= 0 and self.doc[t].idx >= floor and tok.i - t <= 200:
            verb = self.doc[t]
            t -= 1
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.lex.publishing_verbs:
                continue
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is None or (obj.lemma_.lower() not in data and obj.lower_ not in data):
                continue
            subject, _ = self.subject(verb)
            found, _how = self.index.resolve(subject) if subject is not None else ([], "")
            if found and all(m.actor.kind in ("Organization", "State") for m in found):
                return found
            return []  # put out by someone else (a person, an unnamed group): not ours to guess
        if det in ("its", "their"):
            s0, _ = self.sentence(tok.idx)
            prev = self.sentence(s0 - 1)[0] if s0 > 0 else s0
            m = self.index.before(tok.idx, kinds=("Organization", "State"))
            if m is not None and m.span.start >= prev:
                return [m]
        return []

    def relative_antecedent(self, verb: Token) -> Token:
        """ "a mission to Iran – which has reported 388 cases –": a relative clause set off by a dash or
        comma right after a name belongs to that name, wherever the parser hung it."""
        rel = next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in ("which", "who")), None)
        if rel is not None and rel.i >= 2 and self.doc[rel.i - 1].text in (",", "–", "—", "-"):
            before = self.doc[rel.i - 2]
            m = self.index.at(before)
            if m is not None and m.actor.kind in ("State", "Organization") and before.i != verb.head.i:
                return before
        return verb.head

    def citations(self, verb: Token) -> list[Token]:
        """The "citing Y" clauses of "X reported Z, citing Y"."""
        return [c for c in verb.children if c.dep_ in ("advcl", "xcomp", "conj") and c.lemma_ in self.lex.relay_verbs
                and c.i > verb.i and not any(g.dep_ == "nsubj" for g in c.children)]

    def trailing_report(self, tok: Token) -> bool:
        """ "A happened, the agency reports": a reporting clause after a comma, parsed as a clause of
        what it reports (parataxis, or a conjunct with a subject of its own)."""
        if not self.reporting_lemma(tok) or tok.dep_ not in ("parataxis", "conj"):
            return False
        if tok.dep_ == "parataxis":
            return True
        first = tok.left_edge.i
        return first > 0 and self.doc[first - 1].text == "," and any(c.dep_ == "nsubj" and c.i < tok.i for c in tok.children) \
            and not any(c.dep_ in CONTENT_DEPS for c in tok.children)

    def names_publisher(self, tok: Token) -> bool:
        """Is this subject the article's own publisher by name ("Test Wire reports")?"""
        s, e = _extent(tok)
        words = [t.text for t in self.doc[s:e] if t.dep_ != "det"]
        return bool(words) and " ".join(words).casefold() == " ".join(self.article.publisher.split()).casefold()

    def continues(self, verb: Token) -> bool:
        """A report that goes on with the last speaker: "he added", "he reiterated", "he further said"."""
        return verb.lemma_.lower() in self.lex.continuation_verbs or any(
            c.dep_ == "advmod" and c.lower_ in self.lex.continuation_adverbs for c in verb.children)

    def lost_subject(self, verb: Token) -> Token | None:
        """ "Correa do Lago, the ministry's secretary, said …": when the parser finds no subject (it read
        the name particle "do" as a verb), a name opening the sentence, alone or with an apposition
        between commas, right before the reporting verb is its speaker."""
        s0, _ = self.sentence(verb.idx)
        i = bisect_left(self.index.starts, s0)
        if i >= len(self.index.mentions):
            return None
        m = self.index.mentions[i]
        if self.text[s0 : m.span.start].strip() or m.span.end > verb.idx:
            return None
        if not _LOST_SUBJECT_GAP.fullmatch(self.text, m.span.end, verb.idx):
            return None
        span = self.doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        return span[-1] if span is not None and len(span) else None

    def is_document(self, tok: Token) -> bool:
        """A statement, letter, pledge … (lexicon ``source_nouns``): a document that can say things."""
        words = self.index.words
        return tok.pos_ in ("NOUN", "PROPN") and (tok.lemma_.lower() in words.source_nouns or tok.lower_ in words.source_nouns)

    def document_issuer(self, doc_tok: Token) -> Token | None:
        """Who speaks through a document a reporting verb hangs on ("a statement saying …"): the
        document itself when its issuer is stated ("a statement from X", "X's statement"), else the
        subject of the verb that issued it ("X issued a statement saying", "X updated its pledge saying")."""
        if self.index.affiliation(doc_tok):
            return doc_tok
        if doc_tok.dep_ in ("dobj", "attr") and doc_tok.head.pos_ in ("VERB", "AUX"):
            subject, _ = self.subject(doc_tok.head)
            return subject
        return None

    def last_institution(self, char: int) -> Mention | None:
        """The organisation/state of the latest claim in this or the previous paragraph ("It added ...")."""
        i = bisect_right(self._paragraph_starts, char) - 1
        floor = self.paragraphs[max(i - 1, 0)][0] if i >= 0 else 0
        for c in reversed(self.claims):
            if c.evidence.start < floor:
                break
            if c.content.start < char and c.claimant.kind in ("Organization", "State"):
                return Mention(actor=c.claimant, span=c.evidence, confidence=0.8)
        return None

    def confidence(self, how: str, speaker: Token) -> float:
        if how == "affiliation":
            s0, e0 = self.sentence(speaker.idx)
            if self.lex.anonymity.search(self.text[s0:e0]):
                return ANONYMOUS_CONFIDENCE
        return CONFIDENCE.get(how, 0.6)

    def verb_claims(self) -> None:
        for tok in self.doc:
            if tok.lower_ == "according" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to":
                self.according_to(tok)
                continue
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lex.nouns:
                self.noun_claim(tok)
                continue
            lemma = self.reporting_lemma(tok)
            if not lemma:
                continue
            relayed_by = relay_verb = relayer = None
            if lemma == "say" and tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lemma_ in self.lex.relay_verbs:
                relay_verb = tok.head.head  # "X quoted Y as saying Z"; "Y was quoted as saying by X"
                speaker = next((c for c in relay_verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
                relayer, _ = self.subject(relay_verb)
                if speaker is not None and speaker.dep_ == "nsubjpass":  # the relay is "by X", wherever it hangs
                    relayer = next((g for v in (relay_verb, tok) for c in v.children if c.dep_ in ("prep", "agent")
                                    and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"), None)
                relayers, _how = self.resolve_speaker(relayer) if relayer is not None else ([], "")
                relayed_by = relayers[0].actor if relayers else None
            elif tok.dep_ == "acl" and self.is_document(tok.head):
                if any(c.dep_ == "neg" for c in tok.children) or self.is_question(tok):
                    continue
                speaker = self.document_issuer(tok.head)  # "issued a statement saying …"
            elif self.skip_verb(tok):
                continue
            else:
                speaker, _ = self.subject(tok)
                if speaker is None and tok.dep_ == "ROOT":
                    speaker = self.lost_subject(tok)
                if speaker is not None:  # "an official quoted by X said …": the official's claim, relayed by X
                    relayer = next((g for c in speaker.children if c.dep_ == "acl" and c.lemma_.lower() in self.lex.relay_verbs
                                    for a in c.children if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ == "by")
                                    for g in a.children if g.dep_ == "pobj"), None)
                    relayers, _how = self.resolve_speaker(relayer) if relayer is not None else ([], "")
                    relayed_by = relayers[0].actor if relayers else None
            if speaker is None:
                continue
            if any(c.dep_ == "nsubjpass" for c in tok.children) and not any(c.dep_ == "agent" for c in tok.children):
                continue
            speakers, how = self.resolve_speaker(speaker)
            relay_only = False
            if not speakers and self.names_publisher(speaker) and self.citations(tok):
                # "…, News Wire reports, citing Y": the publisher names itself as the relay of Y's claim
                # (its own narration is no claim)
                relay_only = True
                publisher = self.article.publisher
                speakers, how = [Mention(actor=ActorRef(key=slug(publisher), name=publisher, kind="Publisher"),
                                         span=Span(speaker.idx, speaker.idx + len(speaker.text), speaker.text))], "name"
            if not speakers:
                # "In a statement released by X, officials said …": the document's issuer speaks
                docs = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "through", "via")
                        for g in c.children if g.dep_ == "pobj" and self.is_document(g)]
                speakers = next((found for g in docs for found in [self.index.affiliation(g)] if found), [])
                how = "affiliation"
            if not speakers:
                continue
            if self.lex.verbs.get(lemma, {}).get("document_only") and not self.is_document(speaker):
                continue  # "she reads the news": only a document reads
            if self.lex.verbs.get(lemma, {}).get("source_only") and not (
                how in ("affiliation", "nominal")
                and (speaker.lemma_.lower() in self.index.sources.data_nouns or speaker.lower_ in self.index.sources.data_nouns)
            ):
                continue  # "the film shows …": only data with a known source speaks
            rng = self.content_of(tok, speaker)
            if rng is None and relay_verb is not None:
                # "“…,” the agency quoted X as saying": the quotation hangs on the relay verb
                rng = self.content_of(relay_verb, relayer)
            if rng is None:
                rng = self.told_before(tok)
            direct = False
            if rng is None:
                q = self.adjacent_quote(tok, speaker) or self.colon_block(tok)
                if q is None:
                    continue
                rng = (q[0] + 1, q[1] - (1 if self.text[q[1] - 1] in _CLOSING_MARKS else 0))
                direct = True
            else:
                start, end, direct = self.direct(*rng)
                rng = (start, end)
            if any(c.dep_ == "nsubjpass" for c in tok.children):  # "was criticised by X": the subject is the content
                subj = next(c for c in tok.children if c.dep_ == "nsubjpass")
                s, e = _extent(subj)
                rng = (self.doc[s].idx, _end_char(self.doc, e))
            content = self.span(*rng)
            if content is None:
                continue
            s0, e0 = self.sentence(tok.idx)
            ev = self.span(min(s0, content.start), max(e0, content.end))
            target = self.target_of(tok) if self.lex.verbs.get(lemma.split()[0], {}).get("target") else None
            conf = self.confidence(how, speaker) * (1.0 if speakers[0].confidence >= 0.8 else 0.95)
            for m in ([] if relay_only else speakers):
                self.add(m.actor, content, ev, lemma, direct=direct, target=target,
                         relayed_by=relayed_by, confidence=conf)
            if relayed_by is not None:  # the relaying outlet asserts that the speaker said it
                self.add(relayed_by, content, ev, "quote", direct=direct, confidence=RELAY_CONFIDENCE)
            for cite in self.citations(tok):
                # "X reported Z, citing Y": Y's claim, relayed by X
                for obj in (g for g in cite.children if g.dep_ == "dobj"):
                    sources, src_how = self.resolve_speaker(obj)
                    for m in sources:
                        if m.actor.key != speakers[0].actor.key:
                            self.add(m.actor, content, ev, "say", direct=direct, relayed_by=speakers[0].actor,
                                     confidence=self.confidence(src_how, obj))
            if speakers[0].actor.kind == "Person":
                # where they spoke, not where they were first named: "he"/"she" after it is them unless
                # someone is named since
                first = speakers[0]
                self.last_speaker = first if how == "name" else Mention(
                    actor=first.actor, span=Span(speaker.idx, speaker.idx + len(speaker.text), speaker.text),
                    role=first.role, affiliation=first.affiliation, nationality=first.nationality,
                    confidence=first.confidence)

    def according_to(self, tok: Token) -> None:
        """ "…, according to X" / "According to X, …": X is the source of the host clause."""
        to = self.doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None or self.is_question(tok):
            return
        speakers, how = self.resolve_speaker(pobj)
        if not speakers:
            return
        s0, e0 = self.sentence(tok.idx)
        a_start, a_end = _extent(tok)
        a_start, a_end = self.doc[a_start].idx, _end_char(self.doc, a_end)
        if a_start - s0 > e0 - a_end:  # attribution trails: content is before it
            left = self.text[s0:a_start]
            cut = max(left.rfind(" – "), left.rfind(" — "))
            start = s0 + cut + 3 if cut >= 0 else s0
            rng = (start, a_start)
        else:
            rng = (a_end, e0)
        content = self.span(*rng)
        if content is None:
            return
        ev = self.span(s0, e0)
        for m in speakers:
            self.add(m.actor, content, ev, "according to", confidence=self.confidence(how, pobj))

    def noun_claim(self, tok: Token) -> None:
        """ "Putin's demand that NATO not expand": the possessor asserts the that-clause."""
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
        if poss is None or clause is None or self.is_question(tok):
            return
        speakers, how = self.index.resolve(poss)
        if not speakers or how != "name":
            return
        s, e = _extent(clause)
        content = self.span(self.doc[_skip_mark(clause, s)].idx, _end_char(self.doc, e))
        ev = self.span(*self.sentence(tok.idx))
        if content and ev:
            for m in speakers:
                self.add(m.actor, content, ev, tok.lemma_.lower(), confidence=0.7)

    # ------------------------------------------------------------------ quote paragraphs, interviews, editorials

    def continuation_quotes(self) -> None:
        """Wire style: a quotation that is a sentence of its own after an attributed claim in the same
        paragraph ("“A,” X said. “B.”"), and a paragraph that is one quotation, right after a paragraph
        whose speaker is known."""
        for ps, pe in self.paragraphs:
            inside = [c for c in self.claims if ps <= c.content.start < pe and c.claimant.kind != "Publisher"]
            if not inside:
                continue
            for qs, qe in self.quotes:
                if not (ps <= qs < pe) or any(c.content.start <= qs + 1 < c.content.end or qs <= c.content.start < qe
                                              for c in self.claims):
                    continue
                before = self.text[ps:qs].rstrip()
                if not before.endswith((".", "!", "?", ":")) or not self.quote_is_sentence(qe, pe):
                    continue  # a scare quote, or a quotation with its own attribution after it
                prev = [c for c in inside if c.content.start < qs]
                if not prev:
                    continue
                content = self.span(qs + 1, qe - (1 if self.text[qe - 1] in _CLOSING_MARKS else 0))
                if content:
                    ev = Span(ps, pe, self.body[ps:pe])
                    self.add(prev[-1].claimant, content, ev, prev[-1].verb, direct=True, confidence=0.75)
        by_para: dict[tuple[int, int], Claim] = {}
        # the paragraph's last speaker goes on ("X criticised A. Y commented: “B.”" then “C.” is Y's)
        for c in sorted(self.claims, key=lambda c: c.content.start):
            by_para[self.paragraph(c.content.start)] = c
        for i, (ps, pe) in enumerate(self.paragraphs[1:], start=1):
            text = self.text[ps:pe]
            prev = by_para.get(self.paragraphs[i - 1])
            if prev is None or (ps, pe) in by_para or not text.startswith(("“", "‘")) or prev.claimant.kind == "Publisher":
                continue
            q = self.quote_at(ps, ps + 1)
            if not q or self.text[q[1]:pe].strip():
                continue
            content = self.span(q[0] + 1, q[1])
            if content:
                self.add(prev.claimant, content, Span(ps, pe, self.body[ps:pe]), "say", direct=True, confidence=0.7)
                by_para[(ps, pe)] = self.claims[-1]

    def quote_is_sentence(self, qe: int, pe: int) -> bool:
        """The quotation ending at ``qe`` ends its sentence: it closes the paragraph, or it ends with
        a full stop (or ! ?) inside the marks and a new sentence follows (“B.” She noted that …)."""
        rest = self.text[qe:pe]
        if not rest.strip(" .,”\"’"):
            return True
        return self.text[qe - 2 : qe - 1] in (".", "!", "?") and bool(_NEW_SENTENCE.match(rest))

    def answer(self, who: ActorRef, start: int, pe: int, confidence: float = 0.85) -> None:
        """Every statement sentence of an answer paragraph, from ``start`` (after any label)."""
        for s, e in self.segments:
            if e <= start or s >= pe:
                continue
            s, e = max(s, start), min(e, pe)
            if self.text[s:e].rstrip().endswith("?") or len(self.text[s:e].split()) < 4:
                continue
            content = self.span(s, e)
            if content:
                self.add(who, content, content, "say", direct=True, confidence=confidence)

    def label_person(self, m: re.Match) -> Mention | None:
        """The person a "Name:" label names: a mention inside the label whose name has every label word
        (NER may tag only "Haugen" in "Ingrid Haugen:")."""
        ls, le = m.start("label"), m.end("label")
        label = m.group("label").casefold().split()
        mentions = self.index.mentions  # sorted by start: bisect to the label's first one
        for i in range(bisect_left(self.index.starts, ls), len(mentions)):
            x = mentions[i]
            if x.span.start > le:
                break
            if x.span.end <= le:
                if x.actor.kind == "Person" and set(label) <= set(x.actor.name.casefold().split()):
                    return x
        return None

    def qa_interview(self) -> bool:
        """ "Q: …" / "A: …" transcripts: the answers are the person the introduction names first."""
        marks = [(ps, pe, _QA.match(self.text, ps, pe)) for ps, pe in self.paragraphs]
        questions = [ps for ps, pe, m in marks if m and m.group("qa") in ("Q", "Question")]
        answers = [(m.end(), pe) for ps, pe, m in marks if m and m.group("qa") in ("A", "Answer")]
        if len(questions) < 2 or len(answers) < 2:
            return False
        authors = {a.casefold() for a in self.article.authors}
        intro = [m for m in self.index.mentions if m.span.end <= questions[0] and m.actor.kind == "Person"
                 and m.actor.name.casefold() not in authors]
        if not intro:
            return False
        who = intro[0].actor
        for start, pe in answers:
            if self.lex.interview_end.search(self.text[start:pe].strip()):
                break
            self.answer(who, start, pe)
        return True

    def interview(self) -> None:
        """Q&A: after the first "Name:" paragraph, every non-question paragraph is the interviewee's answer."""
        if self.qa_interview():
            return
        interviewee, first = None, None
        for ps, pe in self.paragraphs:
            m = _LABEL.match(self.text, ps, pe)
            if not m:
                continue
            text = self.text[ps:pe].rstrip()
            mention = self.label_person(m)
            if first is None:
                first = ps
            if mention and mention.actor.kind == "Person" and not text.endswith("?"):
                interviewee = mention
                break
        questions = sum(self.text[ps:pe].rstrip(" ”\"’").endswith("?") for ps, pe in self.paragraphs)
        if interviewee is None or questions < 2:
            return
        for ps, pe in self.paragraphs:
            if ps < first:
                continue
            text = self.text[ps:pe].strip()
            if self.lex.interview_end.search(text):
                break
            if text.rstrip("”\"’ ").endswith("?"):
                continue
            m = _LABEL.match(self.text, ps, pe)
            start = ps
            if m:
                labelled = self.label_person(m)
                if not labelled or labelled.actor.key != interviewee.actor.key:
                    continue  # the interviewer's line
                start = m.end()
            self.answer(interviewee.actor, start, pe)

    def transcript(self) -> None:
        """Briefing transcripts: "SANDERS:", "Spokesperson:" turns (and the unlabelled paragraphs after
        them) are that speaker's; "Question:" turns are nobody's claims (``kg.extract.transcripts``)."""
        sw = self.index.sources
        for who, start, end in headed_speeches(self.text, self.paragraphs, self.index.mentions, list(sw.speech_titles)):
            for ps, pe in self.paragraphs:
                if start <= ps < end:
                    self.answer(who, ps, pe, confidence=sw.speech_confidence)
        found = turns(self.text, self.paragraphs, self.index.mentions, self.article.publisher,
                      sw.question_labels, sw.role_labels)
        if not found:
            speech = speech_speaker(self.article.title or "", self.text, self.paragraphs, self.index.mentions,
                                    self.article.publisher, list(sw.speech_titles), sw.role_labels)
            if speech:
                who, start = speech
                for ps, pe in self.paragraphs:
                    if ps >= start and not self.lex.interview_end.search(self.text[ps:pe]):
                        self.answer(who, ps, pe, confidence=sw.speech_confidence)
            return
        for t in found:
            if self.lex.interview_end.search(self.text[t.body_start : t.end].strip()):
                break
            if t.speaker is not None:
                self.answer(t.speaker, t.body_start, t.end, confidence=sw.transcript_confidence)

    def pull_quotes(self) -> None:
        """A quotation paragraph followed by an attribution line ("— Spokesperson Jane Doe on …") is
        that person's, never the last person named before it."""
        for i, (ps, pe) in enumerate(self.paragraphs):
            q = self.quote_at(ps, ps + 1)
            if not q or q[0] != ps:
                continue
            rest = self.text[q[1] : pe]
            if _ATTRIBUTION_LINE.match(rest):
                ls, le = q[1], pe
            elif not rest.strip(" .,") and i + 1 < len(self.paragraphs):
                ls, le = self.paragraphs[i + 1]
                if not _ATTRIBUTION_LINE.match(self.text[ls:le]):
                    continue
            else:
                continue
            who = next((m for m in self.index.mentions if ls <= m.span.start < le and m.actor.kind == "Person"), None)
            content = self.span(q[0] + 1, q[1] - (1 if self.text[q[1] - 1] in _CLOSING_MARKS else 0))
            if who and content:
                self.add(who.actor, content, Span(ps, le, self.body[ps:le]), "say", direct=True, confidence=0.85)

    def voices(self) -> list[ActorRef]:
        """Who argues in an opinion text's own voice (decision 36): an editorial's publisher (its
        editorial board); a signed opinion piece's authors (a column without a byline: nobody)."""
        genre = (self.article.genre or "").lower()
        if genre == "editorial":
            return [ActorRef(key=slug(self.article.publisher), name=self.article.publisher, kind="Publisher")]
        if genre in OPINION_GENRES:
            gaz = load_gazetteer()
            out = []
            for name in self.article.authors:
                entry = gaz.lookup(name)
                out.append(entry.ref if entry and entry.kind == "Person" else ActorRef(key=slug(name), name=name, kind="Person"))
            return out
        return []

    def editorial(self) -> None:
        """An editorial's or opinion piece's evaluative, prescriptive or predictive sentences are its
        voice's own claims (``voices``)."""
        voices = self.voices()
        if not voices:
            return
        # a sentence that already attributes content to someone ("…, Xi proposed that …") is theirs only
        attributed = [(c.evidence.start, c.evidence.end) for c in self.claims]
        for s, e in self.segments:
            text = self.text[s:e]
            lead = _LEADER.match(text)
            if lead:
                s += lead.end()
            content = self.span(s, e)
            if content is None or content.text.endswith("?") or len(content.text.split()) < 5:
                continue
            if not self.lex.editorial.search(content.text) or any(
                es < content.end and content.start < ee for es, ee in attributed
            ):
                continue
            for voice in voices:
                self.add(voice, content, content, None, confidence=0.6)

    def result(self) -> list[Claim]:
        """One claim per (claimant, content span), and per (claimant, content text)."""
        seen_spans, seen_text, out = set(), set(), []
        for c in sorted(self.claims, key=lambda c: (-c.confidence, c.content.start)):
            k1 = (c.claimant.key, c.content.start, c.content.end)
            k2 = (c.claimant.key, " ".join(c.text.split()).casefold())
            if k1 in seen_spans or k2 in seen_text:
                continue
            seen_spans.add(k1)
            seen_text.add(k2)
            out.append(c)
        return sorted(out, key=lambda c: (c.content.start, c.claimant.key))


def _closed_list_speaker(subject: Token) -> Token:
    """ "Appreciating the efforts of the UN, the Arab League, Qatar and Turkey, Amr said": the parser
    chains the speaker onto a list closed by "and" before it; the speaker is the conjunct after
    the closed list and its comma, not the list."""
    chain, t = [subject], subject
    while True:
        nxt = [c for c in t.children if c.dep_ == "conj" and c.i > t.i]
        if not nxt:
            break
        t = nxt[-1]
        chain.append(t)
    doc = subject.doc
    for i in range(len(chain) - 1, 0, -1):
        last = chain[i]
        if last.left_edge.i > 0 and doc[last.left_edge.i - 1].text == "," and any(
            doc[j].dep_ == "cc" for j in range(subject.i, last.left_edge.i)
        ):
            return last
    return subject


def _free_relative(verb: Token) -> bool:
    """ "during what Météo-France said was a normal heatwave": a reporting verb with a subject of its
    own inside a free relative ("what" is the subject of the reported clause) reports, wherever the
    parser hung it."""
    return any(c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN") for c in verb.children) and any(
        c.dep_ == "ccomp" and any(g.dep_ == "nsubj" and g.lower_ == "what" for g in c.children) for c in verb.children)


def _extent(tok: Token) -> tuple[int, int]:
    """Token range [start, end) of a subtree."""
    return tok.left_edge.i, tok.right_edge.i + 1


def _end_char(doc: Doc, end: int) -> int:
    return doc[end - 1].idx + len(doc[end - 1].text) if end > 0 else 0


def _skip_mark(clause: Token, start: int) -> int:
    """Drop a leading complementiser: "said that X" -> "X"."""
    doc = clause.doc
    while start < clause.i and (doc[start].dep_ == "mark" and doc[start].lower_ == "that" or doc[start].is_punct):
        start += 1
    return start


def _circumstance(tok: Token) -> bool:
    """ "on Friday", "in a statement", "during a call": a prepositional phrase that is not content."""
    return tok.dep_ == "prep" and tok.lower_ in CIRCUMSTANCE_PREPS


def find_claims(doc: Doc, article: Article, mentions: list[Mention]) -> list[Claim]:
    """All claims of an article, deduplicated, in text order."""
    b = _Builder(doc, article, mentions)
    b.verb_claims()
    b.pull_quotes()
    b.continuation_quotes()
    b.interview()
    b.transcript()
    b.editorial()
    return b.result()
