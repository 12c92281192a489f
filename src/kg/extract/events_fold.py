"""Repeated mentions of one real event become one Event; bare mentions are not events.

One rule family of the event extractor (``kg.extract.events``). News names one event many
times ("imposed sanctions ... the sanctions ... Moscow would respond to the sanctions"); the
extractor builds one record per mention and this module folds them:

* the headline's event is the lead's (folded into the first later compatible mention of its kind);
* a definite reference back ("the talks", "this visit", "their meeting") folds into the last
  compatible event of its kind; so does a possessive ("Jaishankar's visit");
* a mention whose own participants share two with an earlier one of its kind is the same event
  ("X and Y held informal dialogue ... X and Y participated in informal discussions");
* a mention with the same date as an earlier compatible one of its kind ("airstrikes on
  Wednesday ... reported airstrikes early on Wednesday") or in the same sentence is the same event.

Compatible = the participants named by the triggers' own arguments overlap (or one side names
none), dates and places do not disagree, and the statuses agree (a later reference or headline
without a status of its own takes the status of what it refers to).

A mention left with no participant, no date, no place and no name after folding ("sanctions",
"the visit" with nothing to attach to) says nothing checkable about the world: it is dropped,
unless a gathering the text names produced it ("the COP27 summit agreed a climate deal").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from kg.extract.gazetteer import load_gazetteer
from kg.extract.resolve import identity_key
from kg.model import Event

NO_PARTICIPANT_PENALTY = 0.1
# Kinds whose mentions by another word fold when they name a subset of the same actors ("held
# talks with Y ... X met"; "fired water cannon at Y ... the X vessel rammed"); military actions do
# not ("X struck Y ... Y fired at X in response": the shared actor plays the other part).
GATHERINGS = frozenset({"Meeting", "Summit", "Forum", "PhoneCall", "Visit", "Agreement", "Incident"})
# A participant found by resolving "they", "the two sides", "its" rather than by name.
RESOLVED_PENALTY = 0.1


@dataclass
class Record:
    """An event being built, with what folding needs to know about its mention."""

    event: Event
    base_confidence: float  # entry confidence after the planned/question caps, before penalties
    resolved: set[str]  # participant keys found only through anaphora
    own: set[str]  # participant keys named by the trigger's own arguments (not the clause it frames)
    status: str | None  # "planned", or None: reported as happened
    reference: bool  # a definite reference back ("the talks", "their meeting")
    headline: bool  # in the article's title line
    sentence: int = -1  # index of the sentence's first token
    possessed: bool = False  # named by a possessive actor ("Jaishankar's visit")
    named: bool = False  # the trigger phrase carries a proper name ("the Quad Leaders' Summit")
    lemma: str = ""  # the trigger head's lemma
    plural: bool = False  # a plural noun ("regular visits"): never the same as one "visit"
    anchored: bool = False  # the product of a gathering the text names ("the summit agreed a deal")
    verb: bool = False  # a verb trigger ("met"), not a noun
    after: Record | None = None  # the gathering it was issued after ("following the talks, a statement was issued")
    into: Record | None = None  # the record this one was folded into


def finish(r: Record) -> Event:
    confidence = r.base_confidence
    if not r.event.participants:
        confidence -= NO_PARTICIPANT_PENALTY
    elif r.resolved:
        confidence -= RESOLVED_PENALTY
    return replace(r.event, confidence=round(max(confidence, 0.05), 2))


def reportable(r: Record) -> bool:
    """Does the (folded) mention say who, when, where or which? A bare "sanctions" does not."""
    e = r.event
    return bool(e.participants or e.date is not None or e.place or r.named or r.anchored)


def fold(records: list[Record]) -> list[Record]:
    """The records of distinct events, in text order, each with what its repeats added."""
    out: list[Record] = []
    headlines = [r for r in records if r.headline]
    body = [r for r in records if not r.headline]
    for h in headlines:
        later = next((r for r in body if r.event.kind == h.event.kind and compatible(r, h)), None)
        if later is not None:
            absorb(later, h)
            continue
        # A headline names its actors by short forms the lead spells out ("GM CEO" for the chief
        # by name, "Final Executive Board" for the IOC's): when no later mention of its kind shares
        # a participant, it is still the lead's event if nothing else disagrees; of its own actors
        # only States are then kept ("Moscow-Beijing phone call" over the presidents' call).
        later = next((r for r in body if r.event.kind == h.event.kind and compatible(r, h, parties=False)), None)
        if later is None:
            out.append(h)
        else:
            absorb(later, replace_participants(h))
    for r in body:
        same_kind = [o for o in reversed(out) if o.event.kind == r.event.kind]
        target = None
        if (r.reference or r.possessed) and same_kind and compatible(same_kind[0], r):
            target = same_kind[0]
        if target is None and r.event.date is not None:
            target = next((o for o in same_kind if o.event.date == r.event.date and compatible(o, r)
                           and not counterpart(o, r)), None)
        if target is None and not r.named:
            # "reported airstrikes ... as a result of an aerial bombardment": one sentence, one event;
            # "signed six agreements and issued a joint statement on Friday" (compatible() keeps
            # two dates that disagree apart)
            target = next((o for o in same_kind if o.sentence == r.sentence and compatible(o, r)), None)
        if target is None and r.own:
            # "X and Y held informal dialogue ... X and Y participated in informal discussions";
            # "Russian jet scrambles ... Russian jet scrambles" (a headline repeated in the page);
            # "sanctions on Russia ... European sanctions against Russia"
            # A later mention naming a subset or superset of the last one of its kind, though by
            # another word, is that event, told again ("called X and Y for a meeting ... X met
            # Y"): the participants are united; a mention with a date of its own is not folded
            # by another word into an undated one ("made a trip to meet Y ... also visited Y on
            # November 1"), nor a plural noun into a singular one ("an attack on X ... X's
            # airstrikes": the one shared actor may play another part); not for military actions.
            target = next((o for o in same_kind if compatible(o, r) and (
                len(o.own & r.own) >= 2
                or ((o.lemma == r.lemma or (o is same_kind[0] and r.event.kind in GATHERINGS
                                            and (r.event.date is None or o.event.date is not None)
                                            and (o.verb or r.verb or o.plural == r.plural)))
                    and o.own
                    and (within(o.own, r.own) or within(r.own, o.own))))), None)
        if target is None and not r.named:
            # one side names nobody: "the new talks in Cairo today ... mediators from Egypt and
            # Qatar conducted talks in Cairo"; "Israeli airstrikes ... Sunday's airstrikes"
            target = next((o for o in same_kind if not o.named and reportable(o) and compatible(o, r)
                           and (not o.event.participants or not r.event.participants)), None)
        if target is None:
            out.append(r)
        else:
            absorb(target, r)
    return out


def compatible(a: Record, b: Record, *, parties: bool = True) -> bool:
    """Can ``b`` (the later or headline mention) be the same event as ``a``? (``parties=False``:
    whatever the participants.)"""
    if a.lemma == b.lemma and a.plural != b.plural:
        return False  # "agreed to resume regular visits" ... "Yoon's visit"
    ka, kb = a.own, b.own
    if parties and ka and kb and not meet(ka, kb) and not (b.reference and min(len(ka), len(kb)) == 1):
        return False  # a reference may name the other side ("invasion of Ukraine" ... "its invasion")
    da, db = a.event.date, b.event.date
    if da is not None and db is not None and not (da.value.startswith(db.value) or db.value.startswith(da.value)):
        return False
    if a.event.place and b.event.place and a.event.place != b.event.place:
        return False
    return a.status == b.status or (b.status is None and (b.reference or b.headline or b.possessed))


def counterpart(a: Record, b: Record) -> bool:
    """Two military actions of one day by different words, each naming an actor the other does
    not ("X conducted strikes against Y ... Y fired missiles"): blow and counter-blow, not one
    event, though they share an actor."""
    return (a.event.kind not in GATHERINGS and a.lemma != b.lemma and bool(a.own) and bool(b.own)
            and not within(a.own, b.own) and not within(b.own, a.own))


@lru_cache(maxsize=8192)
def same_actor(a: str, b: str) -> bool:
    """Do two participant keys (``identity_key`` forms) name one actor for folding? Equal keys; a
    plural and singular group name ("houthis", "houthi"); or a State and an organisation of it
    ("the Chinese vessel" after "China Coast Guard": "china" and "china-coast-guard"; "the US"
    and "US Central Command")."""
    if a == b or _singular(a) == _singular(b):
        return True
    short, long_ = sorted((a, b), key=len)
    gaz = load_gazetteer()
    entry = gaz.entries.get(short)
    if entry is None or entry.kind != "State":
        return False
    if long_.startswith(short + "-"):
        return True
    # "us-central-command" and "united-states": the organisation's key opens with a short name of
    # the State ("US Central Command", "UK Border Force")
    first = long_.split("-", 1)[0]
    state = gaz.state(first) if "-" in long_ else None
    return state is not None and state.key == short


def _singular(key: str) -> str:
    return key[:-1] if len(key) > 4 and key.endswith("s") and not key.endswith("ss") else key


def meet(ka: set[str], kb: set[str]) -> bool:
    """Does some participant of one side name an actor of the other?"""
    return bool(ka & kb) or any(same_actor(a, b) for a in ka for b in kb)


def within(small: set[str], big: set[str]) -> bool:
    """Is every participant of ``small`` an actor ``big`` names?"""
    return all(a in big or any(same_actor(a, b) for b in big) for a in small)


def replace_participants(r: Record) -> Record:
    """``r`` without the actors it names by short forms: only its States (gazetteer names, so
    reliable: "Moscow-Beijing phone call"), and its date, place, name and status are folded."""
    states = tuple(p for p in r.event.participants if p.kind == "State")
    keys = {p.key for p in states}
    return replace(r, event=replace(r.event, participants=states), own={identity_key(k) for k in keys},
                   resolved=r.resolved & keys)


def absorb(keep: Record, other: Record) -> None:
    """Fold ``other`` into ``keep``: its new participants, and its date/place where ``keep`` has none."""
    other.into = keep
    e = keep.event
    parts = {p.key: p for p in e.participants}
    same = {identity_key(k) for k in parts}
    for p in other.event.participants:
        if p.key not in parts and any(same_actor(identity_key(p.key), k) for k in same):
            continue  # "Pakistan's air force" ... "Pakistan Air Force": one actor, named first as kept
        if p.key not in parts:
            parts[p.key] = p
            if p.key in other.resolved:
                keep.resolved.add(p.key)
        elif p.key in keep.resolved and p.key not in other.resolved:
            keep.resolved.discard(p.key)
    date = e.date
    if other.event.date is not None and (date is None or len(other.event.date.value) > len(date.value)):
        date = other.event.date
    keep.event = replace(e, participants=tuple(parts.values()), date=date, place=e.place or other.event.place)
    keep.own |= other.own
    keep.named = keep.named or other.named
    keep.anchored = keep.anchored or other.anchored
    if other.status == keep.status:
        keep.base_confidence = max(keep.base_confidence, other.base_confidence)
