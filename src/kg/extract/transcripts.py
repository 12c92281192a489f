"""Transcript speaker labels: who answers for a paragraph that opens with "LABEL:".

Rule family of ``kg.extract.claims``. A briefing or interview transcript labels its turns:
"SANDERS:", "Maria Zakharova:", "Spokesperson:", "Embassy Spokesperson:", "Question:". A label
names a person of the article (every label word is in the person's name, any case), or a role
that speaks for an organisation (lexicon ``transcripts.role_labels`` in data/lexicons/sources.yaml:
the organisation named in the label, else the article's publisher), or the asking side
(``question_labels``). Unlabelled paragraphs continue the last labelled turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.iri import slug
from kg.model import ActorRef, Mention

LABEL = re.compile(r"(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z .'’-]{0,40}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s+(?=\S)")
# Labels in capitals without a colon, as pages print bold labels once the markup is gone:
# "JOURNALIST Does the Prime Minister …", and glued to the answer, "JULIE BISHOPWhy would I …"
CAPS_LABEL = re.compile(r"(?P<label>(?:[A-Z][A-Z.'’-]+ ){0,3}[A-Z][A-Z.'’-]*?[A-Z.])(?:\s+|(?=[A-Z][a-z]))(?=\S)")


def match_label(text: str, start: int, end: int) -> re.Match | None:
    """The label opening a paragraph: "Name:", "**Name:**", or a capitals label without a colon."""
    return LABEL.match(text, start, end) or CAPS_LABEL.match(text, start, end)


def _honorifics() -> frozenset[str]:
    from kg.extract.gazetteer import load_words

    return load_words().honorifics


@dataclass(frozen=True)
class Turn:
    """A labelled paragraph: the label's span and who it is (None: the asking side)."""

    start: int  # paragraph start
    body_start: int  # first character after the label
    end: int
    speaker: ActorRef | None


def classify(label: str, mentions: list[Mention], publisher: ActorRef, question_labels, role_labels,
             header_org: ActorRef | None = None) -> tuple[str, ActorRef | None]:
    """("question"|"speaker"|"", actor) for one label; a role label speaks for the organisation it
    names, else the one the header (text before the first label) names, else the publisher."""
    low = " ".join(label.casefold().split())
    if low in question_labels:
        return "question", None
    # "MR PRICE:", "Dr. Lee:": an honorific is no part of the name
    words = [w for w in low.split() if w.rstrip(".") not in _honorifics()] or low.split()
    people = [m for m in mentions if m.actor.kind == "Person" and set(words) <= set(m.actor.name.casefold().split())]
    if people:
        return "speaker", people[0].actor
    for n in range(min(3, len(words)), 0, -1):
        if " ".join(words[-n:]) in role_labels:
            rest = words[:-n]
            if rest:
                named = [m for m in mentions if m.actor.kind in ("Organization", "State")
                         and set(rest) <= set(m.actor.name.casefold().split())]
                if named:
                    return "speaker", named[0].actor
            return "speaker", header_org or publisher
    return "", None


def turns(text: str, paragraphs: list[tuple[int, int]], mentions: list[Mention], publisher_name: str,
          question_labels, role_labels) -> list[Turn]:
    """Every paragraph of a transcript with its speaker, from the first label on; [] when the text
    is no transcript (it needs a question label and a speaker label)."""
    publisher = ActorRef(key=slug(publisher_name), name=publisher_name, kind="Publisher")
    labelled: list[tuple[int, int, int, str, ActorRef | None]] = []
    first = next((ps for ps, pe in paragraphs if match_label(text, ps, pe)), None)
    header_org = next((m.actor for m in mentions if first is not None and m.span.end <= first
                       and m.actor.kind == "Organization"), None)
    found = [(ps, pe, m) for ps, pe in paragraphs for m in [match_label(text, ps, pe)] if m]
    names = _label_names(text, found, mentions, header=text[:first] if first is not None else "")
    for ps, pe, m in found:
        kind, who = classify(m.group("label"), mentions, publisher, question_labels, role_labels, header_org)
        label, body = m.group("label"), m.end()
        if label in names and (not kind or (who is not None and who.kind == "Person"
                                            and len(who.name.split()) < len(names[label].name.split()))):
            kind, who = "speaker", names[label]  # "MR. LEE:" NER tagged: the header's full name still wins
        elif not kind and label[:-1] in names and label[-1] in "AI":
            # "JULIE BISHOPI have …": the answer's own "I" (or "A") glued onto the label
            kind, who, body = "speaker", names[label[:-1]], m.start("label") + len(label) - 1
        if kind:
            labelled.append((ps, body, pe, kind, who))
    if not any(k == "question" for *_, k, _w in labelled) or not any(k == "speaker" for *_, k, _w in labelled):
        return []
    by_start = {ps: (body, kind, who) for ps, body, _pe, kind, who in labelled}
    out, current, started = [], None, False
    for ps, pe in paragraphs:
        if ps in by_start:
            body, kind, who = by_start[ps]
            current, started = who, True
            out.append(Turn(ps, body, pe, current))
        elif started:
            out.append(Turn(ps, ps, pe, current))
    return out


def _label_names(text: str, found, mentions: list[Mention], header: str = "") -> dict[str, ActorRef]:
    """Capitals labels that name a person no mention has ("JULIE BISHOP", NER finds nobody in a
    label glued to its answer; "MR. EARNEST", a surname after an honorific): two or three words, or
    one after an honorific, opening at least two turns, no place or other known name -> that person,
    named in title case; a bare surname takes the full name the header gives ("Press Secretary Josh
    Earnest" before the first turn)."""
    from kg.extract.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    honorifics = _honorifics()
    counts: dict[str, int] = {}
    core: dict[str, list[str]] = {}
    for _ps, _pe, m in found:
        label = m.group("label")
        words = [w for w in label.split() if w.rstrip(".").casefold() not in honorifics]
        titled = len(words) < len(label.split())
        if label.isupper() and (2 <= len(words) <= 3 or (titled and len(words) == 1)) and all(w.isalpha() for w in words):
            counts[label] = counts.get(label, 0) + 1
            core[label] = words
            if label[-1] in "AI" and not titled:  # "MARA QUINNI do …": the answer's "I" glued on
                counts[label[:-1]] = counts.get(label[:-1], 0) + 1
                core[label[:-1]] = label[:-1].split()
    out = {}
    for label, n in counts.items():
        name = " ".join(w.capitalize() for w in core[label])
        if len(core[label]) == 1:
            full = re.findall(rf"\b((?:[A-Z][a-z]+\s+){{1,2}}){re.escape(name)}\b", header)
            name = f"{full[-1].split()[-1]} {name}" if full else name
        if n < 2 or gaz.lookup(name) or any(m.span.text.casefold() == name.casefold() for m in mentions):
            continue
        out[label] = ActorRef(key=slug(name), name=name, kind="Person")
    return out


def _header_organisation(text: str, paragraphs, start: int, mentions: list[Mention]) -> ActorRef | None:
    """The organisation a briefing's header names, nearest the speech: a short heading line with an
    organisation head noun ("Pakistan Ministry of Foreign Affairs"; NER skips heading lines), else
    an organisation mention with one."""
    from kg.extract.gazetteer import load_gazetteer
    from kg.extract.orgs import load_org_words

    heads = load_org_words().heads
    has_head = lambda name: any(re.search(rf"\b{re.escape(h)}\b", name.casefold()) for h in heads)  # noqa: E731
    for ps, pe in reversed([p for p in paragraphs if p[1] <= start]):
        line = text[ps:pe].strip()
        if len(line) <= 80 and not line.endswith((".", "!", "?")) and has_head(line) and not any(
                w in line.casefold().split() for w in ("transcript", "briefing", "remarks")):
            entry = load_gazetteer().lookup(line)
            return entry.ref if entry else ActorRef(key=slug(line), name=line, kind="Organization")
    before = [m for m in mentions if m.span.end <= start and m.actor.kind == "Organization" and has_head(m.actor.name)]
    return before[-1].actor if before else None


_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us)\b")


def speech_speaker(title: str, text: str, paragraphs: list[tuple[int, int]], mentions: list[Mention],
                   publisher_name: str, title_patterns: list[re.Pattern[str]], role_labels) -> tuple[ActorRef, int] | None:
    """A speech, statement or briefing published as text ("WHO Director-General's Opening Remarks at
    …", "Transcript of the Weekly Media Briefing by the Spokesperson"): its unlabelled first-person
    voice is the speaker's. Returns (speaker, where the speech starts: the first paragraph in the
    first person) or None. The speaker is the actor the title names (an organisation or person
    mentioned in the text), a role ("the Spokesperson") speaks for the organisation named last
    before the speech, else the publisher."""
    who = None
    for pattern in title_patterns:
        m = pattern.search(title)
        if m:
            who = m.group("who").rsplit(":", 1)[-1].strip()
            break
    if not who:
        return None
    start = next((ps for ps, pe in paragraphs if _FIRST_PERSON.search(text[ps:pe])), None)
    if start is None:
        return None
    low = who.casefold()
    if low.split() and low.split()[-1] in role_labels and len(low.split()) == 1:
        org = _header_organisation(text, paragraphs, start, mentions)
        if org is not None:
            return org, start
    named = [m for m in mentions if m.actor.kind != "Publisher" and (
        re.search(rf"\b{re.escape(m.span.text.casefold())}\b", low) or m.actor.name.casefold() in low)]
    if named:
        return max(named, key=lambda m: len(m.span.text)).actor, start
    return ActorRef(key=slug(publisher_name), name=publisher_name, kind="Publisher"), start


_HEADING_MAX = 160  # a heading line is short; a paragraph of prose ending in ":" introduces a quotation


def headed_speeches(text: str, paragraphs: list[tuple[int, int]], mentions: list[Mention],
                    title_patterns: list[re.Pattern[str]]) -> list[tuple[ActorRef, int, int]]:
    """Statements printed under a heading line inside a page (live blogs, digests): "Prime Minister
    Jane Roe's statement after the vote:" followed by unlabelled first-person paragraphs. Returns
    (speaker, start, end) per block: the speaker is the actor the heading names (by the speech title
    patterns), the block runs until the next short line that is no sentence (a timestamp, another
    heading) and must be in the first person."""
    out = []
    for i, (ps, pe) in enumerate(paragraphs):
        line = text[ps:pe].strip()
        if len(line) > _HEADING_MAX or not line.endswith(":"):
            continue
        m = next((m for p in title_patterns for m in [p.search(line[:-1])] if m), None)
        if m is None:
            continue
        ws, we = ps + m.start("who"), ps + m.end("who")
        named = [x for x in mentions if ws <= x.span.start and x.span.end <= we and x.actor.kind in ("Person", "Organization", "State")]
        if not named:
            continue
        who = max(named, key=lambda x: len(x.span.text)).actor
        end = None
        for qs, qe in paragraphs[i + 1 :]:
            body = text[qs:qe].strip()
            if len(body) < 80 and not body.endswith((".", "!", "?", "”", '"')):
                break
            end = qe
        if end is not None and _FIRST_PERSON.search(text[pe:end]):
            out.append((who, pe, end))
    return out
