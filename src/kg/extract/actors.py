"""Actor mentions: NER + gazetteer, merged per article, with roles, affiliations and simple anaphora."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from kg.extract.gazetteer import Entry, load_gazetteer, load_words, normalise
from kg.extract.orgs import acronym_after, load_org_words, media_names, state_organisations
# A metonym ("Beijing") governed by a locative preposition is a place, not an actor.
from kg.extract.resolve import LOCATIVE_PREPS
from kg.iri import slug
from kg.model import ActorKind, ActorRef, Article, Mention, Span

EXTRACTOR = "kg.extract.actors.v1"
NER_KINDS: dict[str, ActorKind] = {"PERSON": "Person", "ORG": "Organization", "GPE": "State"}
# "to"/"from" a city is a place after motion words ("a visit to Beijing"), an actor otherwise.
MOTION_LEMMAS = frozenset(
    "visit trip travel fly go come return arrive journey move flight head leave drive sail".split()
)
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
ORG_CONNECTIVES = frozenset({"of", "for", "and", "&", "on", "de"})
_QUOTE_CHARS = "“”\"‘’«»„"
_APPOSITION_END = re.compile(r"[,;()\n]|\.(?:\s|$)|\s[–—-]\s")
_ROLE_SPLIT = re.compile(r"\s(?:at|with|from|in|for|on)\s|\sof\s(?=(?:the\s)?[A-Z])")
_SENTENCE_BREAK = re.compile(r"[.!?;:]\s+|\n")
_BOX_LINE = re.compile(r"^(?P<role>[^,\n]{2,60}),\s*(?P<org>[^,\n]{2,80})$")


@dataclass
class _Candidate:
    start: int
    end: int
    kind: ActorKind
    source: str  # "gazetteer" | "metonym" | "ner"
    entry: Entry | None = None
    ref: ActorRef | None = None  # a synthesised actor ("Russia's defence ministry" -> Russian Defence Ministry)
    confidence: float | None = None  # set by rules with a lexicon confidence (kg.extract.orgs)

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class _Facts:
    role: str | None = None
    affiliation: ActorRef | None = None
    nationality: ActorRef | None = None


# --------------------------------------------------------------------------- matching


def _alternation(words) -> str:
    """A regex alternation of the words, longest first so the longest phrase wins."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=4)
def _matchers(vocab_id: int) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Gazetteer surface forms: one word case-sensitive (so "us" is not "US"), longer ones by LOWER."""
    from kg.extract.nlp import load_nlp

    nlp = load_nlp()
    exact, lower = PhraseMatcher(nlp.vocab, attr="ORTH"), PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, key, text in load_gazetteer().surface_forms():
        variants = {text, text.replace("'", "’")}
        for variant in variants:
            pattern = nlp.make_doc(variant)
            (exact if len(pattern) == 1 else lower).add(f"{label}|{key}", [pattern])
    return exact, lower


def _gazetteer_matches(doc: Doc) -> list[tuple[str, Entry, int, int]]:
    """(label, entry, start_token, end_token) for aliases, metonyms and demonyms in the doc."""
    gaz = load_gazetteer()
    found = []
    for matcher in _matchers(id(doc.vocab)):
        for match_id, s, e in matcher(doc):
            label, key = doc.vocab.strings[match_id].split("|", 1)
            found.append((label, gaz.entries[key], s, e))
    return found


def _is_heading_line(text: str, start: int, end: int) -> bool:
    """A title-case line without a full stop (headline, nav label): NER there is mostly noise."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    line = text[ls : le if le != -1 else len(text)].strip()
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < 3 or line.endswith((".", "?", "!", ":", "”", '"')):
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.7


_DATELINE_AFTER_CAPS = re.compile(r"\s*(?:,|\(|[-–—]{1,2}\s)")
_DATELINE_AFTER_NAME = re.compile(r"\s*\(\s*[A-Z][\w./ ]{1,30}\)\s*[-–—]")


def _is_dateline(text: str, start: int, end: int) -> bool:
    """ "MANILA, March 11 (Reuters) -", "BRUSSELS —", "Oslo (AFP) -": a place opening a paragraph."""
    if text[text.rfind("\n", 0, start) + 1 : start].strip():
        return False
    name = text[start:end]
    rest = text[end : end + 40]
    if name.isupper() and len(name) > 2:
        return bool(_DATELINE_AFTER_CAPS.match(rest))
    return bool(_DATELINE_AFTER_NAME.match(rest))


def _role_at(doc: Doc, i: int, max_len: int = 4) -> int:
    """Length in tokens of a lexicon role starting at token i ("Foreign Minister" -> 2), else 0."""
    words = load_words()
    for n in range(max_len, 0, -1):
        if i + n <= len(doc) and doc[i : i + n].text.casefold() in words.roles:
            return n
    return 0


def _ner_candidates(doc: Doc, article: Article, text: str | None = None) -> list[_Candidate]:
    gaz, words = load_gazetteer(), load_words()
    text = doc.text if text is None else text
    out = []
    for ent in doc.ents:
        kind = NER_KINDS.get(ent.label_)
        if not kind:
            continue
        s, e = ent.start, ent.end
        while s < e and (doc[s].is_space or doc[s].lower_ == "the" or doc[s].is_punct
                         or (doc[s].pos_ in ("ADV", "CCONJ", "SCONJ") and s + 1 < e)):
            s += 1  # "Later PM Modi": an adverb NER took in at a sentence start is no part of the name
        # titles inside the entity: "Kazakh President Kassym-Jomart Tokayev" (a person), "Kremlin Spokesman"
        t = s + (1 if s < e and gaz.demonym(doc[s].text) else 0)
        n = _role_at(doc, t) if t < e else 0
        rest = doc[t + n : e].text.split() if n else []
        if n and t + n < e and doc[t + n].is_title and not any(tok.lower_ in words.organization_nouns for tok in doc[t + n : e]) and (
            len(rest) >= 2  # "PM Modi": one word after a title is a person's surname only when a person NER found has it
            or any(o.label_ == "PERSON" and len(o) > 1 and rest[0] in o.text.split() for o in doc.ents)
        ):
            s, kind = t + n, "Person"
        if kind == "Person":  # "Spokesperson Shafqat Ali Khan" (NER: "Ali Khan"): a given name after a title
            while (s > 1 and doc[s - 1].pos_ == "PROPN" and doc[s - 1].is_title and doc[s - 1].dep_ == "compound"
                   and doc[s - 1].head.i == doc[e - 1].i and not _role_at(doc, s - 1, 1) and _role_at(doc, s - 2, 1)
                   and doc[s - 1].lower_ not in words.organization_nouns):
                s -= 1
        if kind == "Person":  # "Correa do Lago", "Ursula von der Leyen": NER stopped at a name particle
            n = e
            while n < len(doc) and doc[n].lower_ in words.name_particles and not doc[n - 1].whitespace_ == "":
                n += 1
            if n > e and n < len(doc) and doc[n].is_title and doc[n].pos_ == "PROPN" and "\n" not in doc[e - 1].whitespace_:
                e = n + 1
        # "Kremlin Spokesman Dmitry Peskov": the role word and the name after it are not the organisation
        while e - s > 1 and e < len(doc) and doc[e].is_title and _role_at(doc, e - 1, 1):
            e -= 1
        for i in range(s, e):  # entities never run over a line break
            if "\n" in doc[i].text or "\n" in doc[i].whitespace_ and i + 1 < e and doc[i + 1].is_space:
                e = i + (0 if "\n" in doc[i].text else 1)
                break
        # "World Health Organization (WHO": the name ends before a bracket; the acronym step reads the bracket
        e = next((i for i in range(s + 1, e) if doc[i].text in ("(", "[")), e)
        if kind == "Organization":  # "a senior officer at JP Morgan, Caputo said": NER ran over the comma onto a person
            cut = next((i for i in range(s + 1, e - 1) if doc[i].text == "," and any(
                doc[i + 1].text in o.text.split() for o in doc.ents if o.label_ == "PERSON" and len(o) > 1)), None)
            e = cut if cut is not None else e
        while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space or doc[e - 1].tag_ == "POS"):
            e -= 1
        if s >= e:
            continue
        if kind == "Organization" and _titled_name(doc, s, e):
            kind = "Person"  # "president-elect Claudia Sheinbaum" (NER: ORG): a title before a bare name
        if kind == "Organization":
            s, e = _extend_org(doc, s, e)
        span = doc[s:e]
        name = span.text
        if any(q in name for q in _QUOTE_CHARS) or not name[0].isupper():
            continue
        norm = normalise(name)
        if norm in words.not_actors or norm in gaz.places or gaz.demonym(name) or norm.split()[-1] in words.event_heads:
            continue
        if len(span) == 1 and (span[0].is_stop or span[0].lower_ in words.roles):
            continue
        if kind == "Organization" and len(span) > 2 and span[0].lower_ in words.roles and span[1].lower_ == "of":
            continue  # "the Minister of Environment, Water and Forests": a title, whose holder a person is
        if name.isupper() and len(name) > 6:  # shouted junk ("SUBSCRIBE NOW"), not acronyms
            continue
        if _is_heading_line(text, span.start_char, span.end_char) and not gaz.lookup(name):
            continue
        if _is_dateline(text, span.start_char, span.end_char):
            continue
        entry = gaz.lookup(name)
        if entry and entry.stands_for and kind != "Person":
            continue  # "Kremlin spokesman": the metonym step decides whether it acts
        if not entry and kind == "Organization":
            after = doc[e] if e < len(doc) else None
            if after is not None and after.text in ("-", "–") and not doc[e - 1].whitespace_:
                continue  # "IRIS-T": part of a product name
            if len(span) == 1 and after is not None and after.is_title and (_role_at(doc, e) or _role_at(doc, s) > 1):
                continue  # "Defence Secretary Arturo Santos": a title word, not an organisation
        if not entry and kind == "Person" and len(span) == 1 and span[0].dep_ == "compound" and span[0].head.pos_ == "NOUN":
            if not any(name in other.text.split() for other in doc.ents if other.label_ == "PERSON" and len(other) > 1):
                continue  # "Patriot systems", "Javelin missiles": a product name, not a person
        if (not entry and kind == "Person" and len(span) > 1 and span.start > 0 and doc[span.start - 1].lower_ == "the"
                and span.root.dep_ == "compound" and span.root.head.pos_ == "NOUN"
                and span.root.head.lower_ not in words.organization_nouns
                and not any(o.label_ == "PERSON" and o.text == name and o.root.dep_ != "compound" for o in doc.ents)):
            continue  # "the Lok Sabha election campaign": a name modifying a noun after "the" is no person here
        if kind == "State" and not entry:
            if not _acts(span.root):
                continue  # an unknown place name used as a place
        out.append(_Candidate(span.start_char, span.end_char, entry.kind if entry else kind, "ner", entry))
    return out


def _titled_name(doc: Doc, s: int, e: int) -> bool:
    """Two or three capitalised proper nouns, no organisation word, right after a lower-case title
    ("president-elect Claudia Sheinbaum", "minister Ana Silva"): a person's name whatever NER says."""
    words = load_words()
    if not 2 <= e - s <= 3 or s == 0 or load_gazetteer().lookup(doc[s:e].text):
        return False
    if not all(t.pos_ == "PROPN" and t.is_title for t in doc[s:e]) or any(t.lower_ in words.organization_nouns for t in doc[s:e]):
        return False
    before = doc[s - 1]
    if before.lower_ in ("elect", "designate") and s >= 3 and doc[s - 2].text == "-":
        before = doc[s - 3]
    return before.is_lower and before.lower_ in words.roles


def _extend_org(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Grow a clipped ORG entity over capitalised words joined by of/for/and ("Centre for X Studies")."""
    while e + 1 < len(doc) and doc[e].lower_ in ORG_CONNECTIVES and doc[e + 1].is_title:
        if doc[e].lower_ in ("and", "&") and not any(t.lower_ in ("of", "for", "on", "de") for t in doc[s:e]):
            break  # "the CIA and Mossad": two organisations; "Ministry of Economy, Trade and Industry": one
        e += 1
        while e < len(doc) and doc[e].is_title and not doc[e].is_sent_start:
            e += 1
    while s > 0 and doc[s - 1].is_title and not doc[s - 1].is_sent_start and doc[s - 1].pos_ == "PROPN":
        s -= 1
    if s > 1 and doc[s - 1].lower_ in ("for", "of") and doc[s - 2].is_title and doc[s - 2].pos_ in ("PROPN", "NOUN"):
        s -= 2
    if s > 0 and doc[e - 1].lower_ in load_words().organization_nouns and load_gazetteer().demonym(doc[s - 1].text):
        s -= 1  # "Vietnamese Foreign Ministry": the demonym belongs to the name
    return s, e


def _acts(token: Token) -> bool:
    """Is this place-like name used as an actor (subject, possessor, partner) rather than a location?"""
    t = token
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if nxt is not None and nxt.text in ("-", "–") and not nxt.whitespace_ and not t.whitespace_:
        return False  # "Brussels-based", "Moscow-Beijing"
    if t.dep_ in MODIFIER_DEPS and t.head.pos_ in ("NOUN", "PROPN", "VERB", "ADJ"):
        return any(c.tag_ == "POS" for c in t.children)
    if t.dep_ == "pobj":
        prep = t.head.lower_
        if prep in LOCATIVE_PREPS:
            return False
        if prep in ("to", "from") and t.head.head.lemma_ in MOTION_LEMMAS:
            return False
    return True


def _metonym_candidates(doc: Doc, matches) -> list[_Candidate]:
    gaz = load_gazetteer()
    out = []
    for label, entry, s, e in matches:
        if label != "METONYM" and not (label == "ALIAS" and entry.stands_for):
            continue
        span = doc[s:e]
        if _acts(span.root):
            state = gaz.entries[entry.stands_for] if entry.stands_for else entry
            out.append(_Candidate(span.start_char, span.end_char, state.kind, "metonym", state))
    return out


_SMALL_WORDS = frozenset({"of", "the", "and", "for", "on"})
_ORG_MODIFIERS = frozenset({"foreign", "national", "federal", "central", "state", "presidential", "general"})


@lru_cache(maxsize=1)
def _possessive_org_pattern() -> re.Pattern[str]:
    words = load_words()
    nouns = _alternation(words.organization_nouns - words.state_nouns)
    return re.compile(
        rf"\b(?P<state>[A-Z][\w.]*(?:\s[A-Z][\w.]*){{0,2}})['’]s\s+"
        rf"(?P<org>(?:[A-Za-z][\w-]*\s+){{0,3}}?(?i:{nouns})(?:\s+of(?:\s+the)?(?:,?\s+(?:and\s+)?[A-Z][\w-]*)+)?)\b"
    )


def _possessive_org_candidates(doc: Doc, text: str | None = None) -> list[_Candidate]:
    """ "Russia's defence ministry", "China's Ministry of Commerce": an organisation of a state, keyed by
    the demonym form ("Russian Defence Ministry") so that it meets the same body named the other way."""
    gaz = load_gazetteer()
    text = doc.text if text is None else text  # Doc.text re-joins every token
    out = []
    for m in _possessive_org_pattern().finditer(text):
        if re.search(r"\b(?:of|for)\s+(?:the\s+)?$", text[max(0, m.start() - 8) : m.start()]):
            continue  # "Renmin University of China's National Academy": the state is part of a longer name
        state = gaz.state(m.group("state"))
        place = normalise(m.group("state")) in gaz.places  # "Europe's climate monitor": a region's body, as written
        if not place and (not state or not state.demonyms):
            continue
        span = doc.char_span(m.start("org"), m.end("org"), alignment_mode="expand")
        if span is None or any("\n" in t.whitespace_ for t in span[:-1]):
            continue
        head = span.root
        if any(t.i < head.i and not (t.is_title or t.pos_ in ("NOUN", "PROPN") or t.lower_ in _ORG_MODIFIERS) for t in span):
            continue  # "China's growing military": not an organisation's name
        org = " ".join(w if w in _SMALL_WORDS else w[:1].upper() + w[1:] for w in m.group("org").split())
        name = f"{state.demonyms[0]} {org}" if state and state.demonyms else f"{m.group('state')}'s {org}"
        entry = gaz.lookup(name)
        ref = entry.ref if entry else ActorRef(key=slug(name), name=name, kind="Organization")
        out.append(_Candidate(m.start(), m.end("org"), "Organization", "gazetteer", entry, ref=ref))
    return out


def _org_rule_candidates(doc: Doc, text: str | None = None) -> list[_Candidate]:
    """Organisations named by common nouns and media names (rules in ``kg.extract.orgs``)."""
    gaz, conf = load_gazetteer(), load_org_words().confidence
    text = doc.text if text is None else text  # Doc.text re-joins every token

    def is_modifier(start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        return span is not None and all(t.pos_ in ("NOUN", "PROPN", "ADJ") or t.is_title or t.tag_ == "POS"
                                        or t.is_punct for t in span)

    out = []
    for f in state_organisations(text, is_modifier):
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is None:
            continue
        head = span[-1]
        if head.dep_ in ("compound", "amod", "nmod") and head.head.i > head.i:
            continue  # "Chinese military aircraft": the noun modifies another
        entry = gaz.lookup(f.name)
        ref = entry.ref if entry else ActorRef(key=slug(f.name), name=f.name, kind="Organization")
        out.append(_Candidate(f.start, f.end, "Organization", "gazetteer", entry, ref=ref,
                              confidence=conf.get("state_organisation", 0.75)))
    for f in media_names(text):
        entry = gaz.lookup(f.name)
        if entry and entry.kind != "Organization":
            continue
        ref = entry.ref if entry else ActorRef(key=slug(f.name), name=f.name, kind="Organization")
        out.append(_Candidate(f.start, f.end, "Organization", "gazetteer", entry, ref=ref,
                              confidence=conf.get("media_name", 0.8)))
    return out


def _acronym_candidates(body: str, candidates: list[_Candidate], refs: dict[int, ActorRef]) -> list[_Candidate]:
    """ "Ministry of Economy, Trade and Industry (METI) … METI added": the acronym defined in brackets
    after an organisation's name is that organisation everywhere in the article."""
    defined: dict[str, ActorRef] = {}
    for c in candidates:
        ref = refs.get(c.start)
        if ref is None or ref.kind not in ("Organization", "Publisher"):
            continue
        found = acronym_after(body, c.end, body[c.start : c.end])
        if found and found[0] not in defined:
            defined[found[0]] = ref
    if not defined:
        return []
    conf = load_org_words().confidence.get("acronym", 0.9)
    out = []
    for c in candidates:  # NER's own mention of the acronym joins the full name
        if c.entry is None and body[c.start : c.end] in defined:
            refs[c.start] = defined[body[c.start : c.end]]
    taken = _Taken((c.start, c.end) for c in candidates)  # selected already: no two overlap
    for m in re.finditer(r"\b(" + "|".join(map(re.escape, defined)) + r")\b", body):
        if taken.overlaps(m.start(), m.end()):
            continue
        out.append(_Candidate(m.start(), m.end(), "Organization", "ner", ref=defined[m.group()], confidence=conf))
        refs[m.start()] = defined[m.group()]
    return out


def _surname_candidates(doc: Doc, candidates: list[_Candidate], text: str | None = None) -> list[_Candidate]:
    """Capitalised tokens equal to the last word of a person's full name found earlier in the article."""
    text = doc.text if text is None else text  # Doc.text re-joins every token
    people = [(c.start, _strip_name(text[c.start : c.end]).split()) for c in candidates if c.kind == "Person"]
    surnames: dict[str, int] = {}
    for start, toks in people:
        if len(toks) > 1 and toks[-1][:1].isupper() and len(toks[-1]) > 2:
            surnames.setdefault(toks[-1], start)
    taken = _Taken((c.start, c.end) for c in candidates)  # selected already: no two overlap
    out = []
    for tok in doc:
        first = surnames.get(tok.text)
        if first is None or tok.idx <= first or tok.pos_ != "PROPN":
            continue
        end = tok.idx + len(tok.text)
        if taken.overlaps(tok.idx, end):
            continue
        out.append(_Candidate(tok.idx, end, "Person", "ner"))
    return out


class _Taken:
    """Character ranges that never overlap one another, kept sorted: an overlap test is a bisection,
    not a scan, so selecting among n candidates costs O(n log n) rather than O(n²)."""

    def __init__(self, spans=()):
        self._spans: list[tuple[int, int]] = sorted(spans)
        self._starts = [s for s, _ in self._spans]

    def overlaps(self, start: int, end: int) -> bool:
        """Does [start, end) overlap a taken [s, e) (``s < end and start < e``)?

        The ranges taken never overlap, so sorted by start their ends are sorted too: of those
        starting before ``end``, the last one ends furthest right.
        """
        i = bisect_left(self._starts, end)
        return i > 0 and self._spans[i - 1][1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self._spans, (start, end))
        self._spans.insert(i, (start, end))
        self._starts.insert(i, start)


_HYPHEN_NAME = re.compile(r"[A-Z][\w’']*(?:-[A-Z][\w’']*)+")


def _hyphen_names(doc: Doc, body: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """A state glued by a hyphen to another capitalised word ("Météo-France said", "Radio-Canada
    reported") names an institution, not the state: the whole word is an organisation as written
    (a hyphenated state the gazetteer lists, "Guinea-Bissau", is matched whole before this)."""
    out = []
    for c in candidates:
        if c.kind == "State" and ((c.start > 1 and body[c.start - 1] == "-" and body[c.start - 2].isalpha())
                                  or body[c.end : c.end + 1] == "-"):
            lo = c.start
            while lo > 0 and (body[lo - 1].isalpha() or body[lo - 1] in "-’'"):
                lo -= 1
            m = _HYPHEN_NAME.match(body, lo)
            gaz = load_gazetteer()
            # "US-China talks", "Hamas-Israel truce", "China-Africa ties": every part known -> a pairing, no name
            others = [w for w in m.group().split("-") if w != body[c.start : c.end]] if m else []
            if others and all(gaz.lookup(w) or gaz.demonym(w) or normalise(w) in gaz.places for w in others):
                m = None
            if m is not None:  # "Arab-Israel Relations", "Sino-Brazil trade": a modifier of a noun after it
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                last = span[-1] if span is not None and len(span) else None
                if last is not None and last.dep_ in ("compound", "amod", "nmod") and last.head.i > last.i:
                    m = None
            if m and m.start() <= c.start and m.end() >= c.end and m.end() - m.start() > c.end - c.start:
                name = m.group()
                out.append(_Candidate(m.start(), m.end(), "Organization", "gazetteer",
                                      ref=ActorRef(key=slug(name), name=name, kind="Organization"), confidence=0.7))
                continue
        out.append(c)
    # a piece of the hyphenated name found on its own ("Météo" as a place) is part of it
    wide = [(c.start, c.end) for c in out if c.source == "gazetteer" and c.kind == "Organization" and c.ref
            and "-" in c.ref.name]
    return [c for c in out if not any(s <= c.start and c.end <= e and (s, e) != (c.start, c.end) for s, e in wide)]


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest candidate wins an overlap; on equal length the gazetteer beats NER."""
    rank = {"gazetteer": 0, "metonym": 1, "ner": 2}
    chosen: list[_Candidate] = []
    taken = _Taken()
    for c in sorted(candidates, key=lambda c: (-c.length, rank[c.source], c.start)):
        if taken.overlaps(c.start, c.end):
            continue
        chosen.append(c)
        taken.add(c.start, c.end)
    return sorted(chosen, key=lambda c: c.start)


# --------------------------------------------------------------------------- names and keys


@lru_cache(maxsize=1)
def _role_tails() -> frozenset[str]:
    """Last words of multi-word titles ("executive" of "chief executive", "lady" of "first lady"): NER often
    starts a name inside the title ("Executive Jack Dorsey"), and such a word before a name is title, not name."""
    return frozenset(r.split()[-1] for r in load_words().roles if " " in r)


def _strip_name(text: str) -> str:
    """Drop honorifics/titles in front and a possessive at the end: "President Xi Jinping's" -> "Xi Jinping",
    "Chief Executive Jack Dorsey" and "Executive Jack Dorsey" -> "Jack Dorsey", "PM Modi" -> "Modi"."""
    words = load_words()
    tokens = text.translate(str.maketrans({"’": "'"})).split()
    while len(tokens) > 1:
        low = [t.casefold() for t in tokens]
        n = next((k for k in range(min(4, len(tokens) - 1), 0, -1) if " ".join(low[:k]) in words.roles), 0)
        if n:
            tokens = tokens[n:]
        elif low[0].rstrip(".") in words.honorifics or (len(tokens) > 2 and low[0] in _role_tails()):
            tokens = tokens[1:]
        else:
            break
    name = " ".join(tokens)
    return re.sub(r"'s?$", "", name)


def _person_refs(people: list[tuple[_Candidate, str]]) -> dict[int, ActorRef]:
    """Key every person candidate; a short name ("Liu") joins the full name it is part of."""
    refs: dict[int, ActorRef] = {}
    full: list[tuple[int, list[str], ActorRef]] = []
    for c, name in people:
        if c.entry:
            refs[c.start] = c.entry.ref
        elif len(name.split()) > 1:
            refs[c.start] = ActorRef(key=slug(name), name=name, kind="Person")
        else:
            continue
        full.append((c.start, name.casefold().split(), refs[c.start]))
    for pos, toks, ref in full:  # "Rodríguez Ceja" after "Victoria Rodríguez Ceja": a compound surname, not a new person
        longer = [(abs(p - pos), p > pos, r) for p, t, r in full if len(t) > len(toks) and t[-len(toks):] == toks]
        if longer and not any(c.entry for c, _ in people if c.start == pos):
            refs[pos] = min(longer, key=lambda m: (m[1], m[0]))[2]
    for c, name in people:
        if c.start in refs:
            continue
        token = name.casefold()
        matches = [(abs(pos - c.start), pos > c.start, refs[pos]) for pos, toks, _ref in full if token in toks]
        if matches:
            refs[c.start] = min(matches, key=lambda m: (m[1], m[0]))[2]
        else:
            refs[c.start] = ActorRef(key=slug(name), name=name, kind="Person")
    return refs


def _drop_locative(name: str) -> str:
    """ "Chinese Embassy in Moscow" -> "Chinese Embassy" (heads listed in the lexicon)."""
    m = re.match(r"(?P<base>.+?\b(?P<head>[\w-]+))\s+(?:in|at)\s+[A-Z].*$", name)
    if m and m.group("head").casefold() in load_words().locative_heads:
        return m.group("base")
    return name


def _org_ref(name: str) -> ActorRef | None:
    gaz = load_gazetteer()
    name = name.strip(" ,.;:").removeprefix("the ").removeprefix("The ")
    name = _drop_locative(re.sub(r"['’]s?$", "", name))
    if not name or not name[0].isupper():
        return None
    entry = gaz.lookup(name)
    if entry:
        return entry.ref
    return ActorRef(key=slug(name), name=name, kind="Organization")


# --------------------------------------------------------------------------- roles


@lru_cache(maxsize=1)
def _pre_title_pattern() -> re.Pattern[str]:
    """Title words right before a name: "Chinese Foreign Minister", "Kremlin spokesman", "his Russian counterpart"."""
    gaz, words = load_gazetteer(), load_words()
    demonyms = _alternation(d for e in gaz.entries.values() for d in e.demonyms)
    roles = _alternation(words.roles)
    return re.compile(
        rf"(?:(?P<counterpart>\b(?:his|her|their|its)\s+(?P<cnat>{demonyms})\s+counterpart)"
        rf"|(?:\b(?P<nat>{demonyms})\s+|(?P<poss>\b[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)['’]s\s+)?"
        rf"(?P<org>(?:[A-Z][\w.&-]*\s+){{0,4}}?)(?P<role>\b(?i:{roles})))\s*,?\s*$"
    )


def _pre_title(body: str, start: int, orgs: list[tuple[int, int, ActorRef]] = (),
               org_ends: list[int] | None = None) -> _Facts:
    """Role, nationality, affiliation from the words right before a name.

    ``orgs``: the article's organisation mentions (start, end, ref), sorted and not overlapping, so
    their ends are sorted too; ``org_ends`` (their ends, computed once per article) lets the one
    named right before the title be found by bisection.
    """
    gaz, words = load_gazetteer(), load_words()
    prefix = body[max(0, start - 120) : start]
    prefix = _SENTENCE_BREAK.split(prefix)[-1]
    base = start - len(prefix)
    m = _pre_title_pattern().search(prefix)
    facts = _Facts()
    if not m:
        return facts
    if m.group("counterpart"):
        entry = gaz.demonym(m.group("cnat"))
        facts.nationality = entry.ref if entry else None
        return facts
    facts.role = m.group("role")
    nat = m.group("nat") or m.group("poss")
    if nat:
        entry = gaz.demonym(nat) or gaz.lookup(nat) or gaz.metonym(nat)
        if entry and entry.kind == "State":
            facts.nationality = entry.ref
        elif nat:
            facts.affiliation = _org_ref(nat)
    role_start = base + m.start("role")
    # an organisation named right before the title: "Philippine Coast Guard spokesperson X"
    if org_ends is None:
        org_ends = [e for _, e, _ in orgs]
    for i in range(bisect_right(org_ends, role_start) - 1, -1, -1):  # every one ending by role_start
        s, e, ref = orgs[i]
        if s < base:
            break  # and all before it: starts are sorted
        if not body[e:role_start].strip():
            facts.affiliation = ref
            return facts
    org = (m.group("org") or "").strip()
    if org and not (org.lower() in ("the", "a", "an")):
        entry = gaz.lookup(org) or gaz.demonym(org)
        if entry and entry.kind == "State":
            facts.nationality = entry.ref
        elif entry or org.split()[-1].casefold() in words.organization_nouns:
            facts.affiliation = _org_ref(org)
        elif not re.search(r"\b(?:As|And|But|The|A|An)\b", org):
            facts.role = f"{org} {facts.role}"  # "Economy Minister", "Defence Secretary": part of the title
    return facts


def _role_in(text: str) -> str | None:
    """The role phrase at the head of an apposition, if it names a role from the lexicon."""
    words = load_words()
    head = _ROLE_SPLIT.split(" " + text + " ", maxsplit=1)[0].strip()
    head = re.sub(r"^(?:a|an|the)\s+", "", head, flags=re.I)
    tokens = head.split()
    if not tokens or len(tokens) > 8:
        return None
    low = head.casefold()
    if any(re.search(rf"\b{re.escape(r)}\b", low) for r in words.roles):
        return head
    return None


def _apposition(body: str, end: int, candidates: list[_Candidate], refs: dict[int, ActorRef],
                starts: list[int] | None = None) -> _Facts:
    """", a research fellow at the Chinese Academy of Social Sciences," after a name -> role + affiliation.

    ``candidates`` are sorted by start; ``starts`` (their starts, computed once per article) lets
    the ones in a range be found by bisection rather than by a scan of all of them.
    """
    starts = [c.start for c in candidates] if starts is None else starts
    gaz = load_gazetteer()
    facts = _Facts()
    rest = body[end : end + 300]
    m = re.match(r"\s*,\s+", rest)
    if m:
        app_start = end + m.end()
        stop = _APPOSITION_END.search(body, app_start)
        app_end = stop.start() if stop else min(len(body), app_start + 200)
        app = body[app_start:app_end]
        poss = re.match(r"(?:the\s+)?(?P<who>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)['’]s\s+", app)
        if poss:
            entry = gaz.lookup(poss.group("who")) or gaz.metonym(poss.group("who"))
            if entry and entry.kind == "State":
                facts.nationality = entry.ref
            return _describe(app[poss.end() :], app_start + poss.end(), candidates, refs, facts, starts=starts)
        return _describe(app, app_start, candidates, refs, facts, starts=starts)
    m = re.match(r"\s+(?:from|of|at)\s+(?:the\s+)?", rest)
    if m:
        at = end + m.end()
        for c in candidates[bisect_left(starts, at) : bisect_right(starts, at)]:
            if c.kind == "Organization":
                facts.affiliation = refs.get(c.start)
    return facts


def _starts_apposition(body: str, end: int) -> bool:
    return bool(re.match(r"\s*,\s+", body[end : end + 4]))


def _describe(app: str, app_start: int, candidates, refs, facts: _Facts, *, strict: bool = False,
              starts: list[int] | None = None) -> _Facts:
    """Role and affiliation from a description: "a research fellow at X", "who heads X", "the head of X".

    ``strict`` (copular sentences): the role word must end the role phrase ("is chief economist at X",
    not "is the first leader to ...").
    """
    words = load_words()
    who = re.match(r"who\s+(?:(?:is|was|has been|serves as|served as|is now)\s+|(?P<verb>[\w-]+)\s+)", app)
    role = None
    if who and who.group("verb"):
        role = dict(words.role_verbs).get(who.group("verb").casefold())
        if not role:
            return _Facts()
    elif who:
        app, app_start = app[who.end() :], app_start + who.end()
    if role is None:
        role = _role_in(app)
        if role and strict:
            head = re.sub(r"^(?:a|an|the)\s+", "", role, flags=re.I)
            if len(head.split()) > 4 or not any(head.casefold().endswith(r) for r in words.roles):
                role = None
    if not role:
        return _Facts()
    facts.role = role
    cut = re.search(r"\s(?:and|but)\s", app)
    limit = app_start + (cut.start() if cut else len(app))
    starts = [c.start for c in candidates] if starts is None else starts
    inside = candidates[bisect_left(starts, app_start) : bisect_left(starts, limit)]
    orgs = [refs.get(c.start) for c in inside if c.kind == "Organization"]
    orgs = [o for o in orgs if o]
    if orgs:
        facts.affiliation = orgs[-1]
    return facts


def _copula(body: str, end: int, candidates, refs, starts: list[int] | None = None) -> _Facts:
    """ "Elena Markova is chief economist at X", "Y served as Nigeria's ambassador to China"."""
    gaz = load_gazetteer()
    m = re.match(r"\s+(?:is|was|has been|serves as|served as|is now)\s+", body[end : end + 30])
    if not m:
        return _apposition(body, end, candidates, refs, starts)
    app_start = end + m.end()
    stop = re.compile(r"[;()\n]|[.!?](?:\s|$)").search(body, app_start)
    app_end = stop.start() if stop else min(len(body), app_start + 200)
    app = body[app_start:app_end]
    facts = _Facts()
    poss = re.match(r"(?:the\s+)?(?P<who>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)['’]s\s+", app)
    if poss:
        state = gaz.state(poss.group("who"))
        if state:
            facts.nationality = state.ref
        app, app_start = app[poss.end() :], app_start + poss.end()
    to = re.search(r"\s(?:to|from)\s", app)  # "ambassador to China from 2015": no affiliation there
    if to and not re.search(r"\s(?:at|with|of)\s", app[: to.start()]):
        app = app[: to.start()]
    return _describe(app, app_start, candidates, refs, facts, strict=True, starts=starts)


def _name_box(body: str, start: int, end: int) -> _Facts:
    """An interview/byline box: the name alone on a line, then "Role, Organisation" on the next one."""
    ls = body.rfind("\n", 0, start) + 1
    le = body.find("\n", end)
    if body[ls:start].strip() or (le != -1 and body[end:le].strip()):
        return _Facts()
    nxt = re.match(r"\s*\n\s*([^\n]+)", body[end:])
    if not nxt:
        return _Facts()
    m = _BOX_LINE.match(nxt.group(1).strip())
    if not m or not _role_in(m.group("role")):
        return _Facts()
    return _Facts(role=m.group("role").strip(), affiliation=_org_ref(m.group("org")))


def _merge_facts(*facts: _Facts) -> _Facts:
    out = _Facts()
    for f in facts:
        out.role = out.role or f.role
        out.affiliation = out.affiliation or f.affiliation
        out.nationality = out.nationality or f.nationality
    return out


# --------------------------------------------------------------------------- anaphora


@lru_cache(maxsize=1)
def _description_pattern() -> re.Pattern[str]:
    """ "the Russian leader", "his Chinese counterpart", "The Russian's" (a nationality standing for a person)."""
    gaz, words = load_gazetteer(), load_words()
    demonyms = _alternation(d for e in gaz.entries.values() for d in e.demonyms)
    nouns = _alternation(words.person_nouns)
    return re.compile(
        rf"\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?P<nat>{demonyms})"
        rf"(?:\s+(?P<noun>{nouns})\b|(?=['’]s\b))"
    )


_GAP = re.compile(r"[\s,]*")


def _descriptions(body: str, mentions: list[Mention]) -> list[Mention]:
    """Descriptions ("the Russian leader") standing for the last person of that nationality before them.

    ``mentions`` are find_mentions's: sorted by start and never overlapping, so their ends are
    sorted too and every look-up below is a bisection, not a scan of the article's mentions.
    """
    gaz, words = load_gazetteer(), load_words()
    out = []
    starts = [x.span.start for x in mentions]
    start_set = set(starts)
    people: dict[str, list[Mention]] = {}  # nationality key -> its people, in text order
    for x in mentions:
        if x.actor.kind == "Person" and x.nationality:
            people.setdefault(x.nationality.key, []).append(x)
    people_ends = {key: [x.span.end for x in xs] for key, xs in people.items()}
    for m in _description_pattern().finditer(body):
        nxt = _GAP.match(body, m.end()).end()
        i = bisect_right(starts, m.start()) - 1
        if nxt in start_set or (i >= 0 and m.start() < mentions[i].span.end):
            continue  # "his Russian counterpart Vladimir Putin": the name follows, no anaphora
        state = gaz.demonym(m.group("nat"))
        noun = (m.group("noun") or "").casefold()
        antecedent = None
        if state and state.key in people:
            before = people[state.key][: bisect_right(people_ends[state.key], m.start())]
            antecedent = before[-1] if before else None
            for x in reversed(before) if noun else ():
                role = (x.role or "").casefold()
                if role and (noun in role or (noun == "leader" and any(r in role for r in words.leader_roles))):
                    antecedent = x  # "the Russian leader" is the Russian president, not the spokeswoman
                    break
        if antecedent:
            span = Span(m.start(), m.end(), body[m.start() : m.end()])
            out.append(replace(antecedent, span=span, confidence=0.7))
    return out


# --------------------------------------------------------------------------- main


def find_mentions(doc: Doc, article: Article) -> list[Mention]:
    """Every actor occurrence: named people/organisations/states, metonyms used as actors, descriptions."""
    gaz = load_gazetteer()
    body = article.body
    text = doc.text  # spaCy re-joins every token on each access: read it once
    matches = _gazetteer_matches(doc)
    alias_cands = [
        _Candidate(doc[s:e].start_char, doc[s:e].end_char, entry.kind, "gazetteer", entry)
        for label, entry, s, e in matches
        if label == "ALIAS" and not entry.stands_for and normalise(doc[s:e].text) not in gaz.ambiguous
    ]
    shared = {(s, e) for label, entry, s, e in matches if label == "ALIAS" and normalise(doc[s:e].text) in gaz.ambiguous}
    for s, e in sorted(shared):  # "PAF": the article says which air force, or it stays a name only
        entry = gaz.resolve_ambiguous(doc[s:e].text, body)
        if entry is not None:
            alias_cands.append(_Candidate(doc[s:e].start_char, doc[s:e].end_char, entry.kind, "gazetteer", entry))
    person_alias = sorted((c.start, c.end) for c in alias_cands if c.kind == "Person")
    alias_starts = [s for s, _ in person_alias]

    def aliases_inside(c: _Candidate) -> int:
        found = 0
        for s, e in person_alias[bisect_left(alias_starts, c.start) :]:
            if s > c.end:
                break
            found += e <= c.end
        return found

    ner = [
        c
        for c in _ner_candidates(doc, article, text)
        # "Putin Xi's": NER glued two known people together
        if not (c.kind == "Person" and aliases_inside(c) > 1)
    ]
    candidates = _select(alias_cands + _possessive_org_candidates(doc, text) + _org_rule_candidates(doc, text)
                         + _metonym_candidates(doc, matches) + ner)

    # a surname NER missed ("Rautio said", "**Okafor:**") after the full name: a mention of that person
    candidates = _select(candidates + _surname_candidates(doc, candidates, text))
    candidates = _hyphen_names(doc, body, candidates)

    # NER often tags a lone surname as ORG/GPE ("Okonkwo said"): part of a person's name seen here is that person
    full_names = [_strip_name(body[c.start : c.end]).split() for c in candidates if c.kind == "Person"]
    name_parts = {w for toks in full_names if len(toks) > 1 for w in toks}
    whole_names = {" ".join(toks) for toks in full_names if len(toks) > 1}  # "Correa do Lago" as ORG elsewhere
    # "Rodríguez Ceja clarified" (NER: GPE) after "Victoria Rodríguez Ceja": a compound surname
    whole_names |= {" ".join(toks[i:]) for toks in full_names if len(toks) > 2 for i in range(1, len(toks) - 1)}
    for c in candidates:
        if c.source == "ner" and not c.entry and c.kind != "Person" and (
                body[c.start : c.end] in name_parts or body[c.start : c.end] in whole_names):
            c.kind = "Person"
    # a name a rule types as an organisation ("German publication Der Kurier") is one wherever NER
    # typed it otherwise ("Der Kurier reported", NER: PERSON)
    rule_orgs = {c.ref.name for c in candidates if c.source == "gazetteer" and c.ref is not None and not c.entry
                 and c.ref.kind == "Organization"}
    for c in candidates:
        if c.source == "ner" and not c.entry and c.kind != "Organization" and body[c.start : c.end] in rule_orgs:
            c.kind = "Organization"
    people = [(c, _strip_name(body[c.start : c.end])) for c in candidates if c.kind == "Person"]
    refs = _person_refs(people)
    for c in candidates:
        if c.start in refs:
            continue
        if c.ref:
            refs[c.start] = c.ref
        elif c.entry:
            refs[c.start] = c.entry.ref
        elif c.kind == "Organization":
            ref = _org_ref(body[c.start : c.end])
            if ref:
                refs[c.start] = ref
        else:
            name = re.sub(r"['’]s?$", "", body[c.start : c.end])
            refs[c.start] = ActorRef(key=slug(name), name=name, kind=c.kind)

    # a lone word NER calls an organisation, after a longer organisation's name ending in it, is that one
    longer: dict[str, list[_Candidate]] = {}  # last word -> organisations of several words, in text order
    for x in candidates:
        if x.kind == "Organization" and refs.get(x.start) and " " in body[x.start : x.end]:
            longer.setdefault(body[x.start : x.end].split()[-1], []).append(x)
    longer_ends = {word: [x.end for x in xs] for word, xs in longer.items()}  # sorted: no overlaps
    for c in candidates:
        name = body[c.start : c.end]
        if c.source != "ner" or c.entry or c.kind != "Organization" or " " in name or name not in longer:
            continue
        i = bisect_right(longer_ends[name], c.start)
        if i:
            refs[c.start] = refs[longer[name][i - 1].start]

    acronyms = _acronym_candidates(body, candidates, refs)
    if acronyms:
        candidates = sorted(candidates + acronyms, key=lambda c: c.start)

    orgs = [(c.start, c.end, refs[c.start]) for c in candidates if c.kind == "Organization" and c.start in refs]
    org_ends, starts = [e for _, e, _ in orgs], [c.start for c in candidates]  # both sorted: bisect them
    facts: dict[str, _Facts] = {}
    for c in candidates:
        ref = refs.get(c.start)
        if not ref or ref.kind != "Person":
            continue
        found = _merge_facts(
            _pre_title(body, c.start, orgs, org_ends),
            (_apposition(body, c.end, candidates, refs, starts) if _starts_apposition(body, c.end)
             else _copula(body, c.end, candidates, refs, starts)),
            _name_box(body, c.start, c.end),
        )
        entry = gaz.entries.get(ref.key)
        if entry:
            found = _merge_facts(found, _Facts(role=entry.role, nationality=gaz.ref(entry.country)))
        facts[ref.key] = _merge_facts(facts.get(ref.key, _Facts()), found)

    mentions = []
    for c in candidates:
        ref = refs.get(c.start)
        if not ref:
            continue
        f = facts.get(ref.key, _Facts())
        confidence = c.confidence or (1.0 if c.source == "gazetteer" else 0.85 if c.source == "metonym" else 0.8)
        mentions.append(
            Mention(
                actor=ref,
                span=Span(c.start, c.end, body[c.start : c.end]),
                role=f.role,
                affiliation=f.affiliation,
                nationality=f.nationality,
                extractor=EXTRACTOR,
                confidence=confidence,
            )
        )
    mentions += _descriptions(body, mentions)
    return sorted(mentions, key=lambda m: (m.span.start, m.span.end))


# The resolver lives in kg.extract.resolve; re-exported for callers of the former API.
from kg.extract.resolve import NUMBERS, ActorIndex, Resolver  # noqa: E402,F401
