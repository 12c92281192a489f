"""Organisations the NER misses: common nouns with a state modifier, media names, acronyms.

Rule family of ``kg.extract.actors`` (which turns these finds into candidates); the words live in
``data/lexicons/organisations.yaml``:

* "the Indian consulate in Dubai", "the Chinese commerce ministry", "the Portuguese EU presidency":
  a demonym, up to three modifier words and an organisation head noun -> an organisation of that
  state, named "<Demonym> <Modifiers> <Head>" ("Indian Consulate"): its later definite mentions
  ("the consulate") resolve to it like any organisation, and two states' ministries never share
  a key ("Chinese Defense Ministry" / "Japanese Defense Ministry").
* "state broadcaster NHK", "news agency Yonhap", "French daily Le Figaro": the capitalised name
  after a media noun is an organisation.
* "Ministry of Economy, Trade and Industry (METI)": the acronym in brackets after a name is that
  organisation's alias in this article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from kg.extract.gazetteer import load_gazetteer, load_words
from kg.paths import LEXICON_DIR

LEXICON = LEXICON_DIR / "organisations.yaml"
_SMALL = frozenset({"of", "and", "for", "the", "on"})


@dataclass(frozen=True)
class OrgWords:
    heads: tuple[str, ...]  # organisation head nouns, longest first
    media_nouns: tuple[str, ...]
    modifiers_not: frozenset[str]  # words that end a modifier run ("growing", "new")
    confidence: dict[str, float]


@lru_cache(maxsize=1)
def load_org_words() -> OrgWords:
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    words = load_words()
    heads = set(data.get("heads") or ()) | set(words.organization_nouns)
    heads -= set(words.state_nouns)  # "the Chinese government" is China, not an organisation
    by_len = lambda xs: tuple(sorted({x.casefold() for x in xs}, key=lambda x: (-len(x), x)))  # noqa: E731
    return OrgWords(
        heads=by_len(heads),
        media_nouns=by_len(data.get("media_nouns") or ()),
        modifiers_not=frozenset(w.casefold() for w in data.get("not_modifiers") or ()),
        confidence={k: float(v) for k, v in (data.get("confidence") or {}).items()},
    )


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@lru_cache(maxsize=1)
def _state_org_pattern() -> re.Pattern[str]:
    gaz, ow = load_gazetteer(), load_org_words()
    demonyms = sorted({d for e in gaz.entries.values() for d in e.demonyms}, key=len, reverse=True)
    return re.compile(
        rf"\b(?P<dem>{_alt(demonyms)})\s+"
        rf"(?P<mods>(?:[A-Za-z][\w.’'-]*\s+){{0,3}}?)"
        rf"(?P<head>(?i:{_alt(ow.heads)}))\b(?!['’-])"
    )


@dataclass(frozen=True)
class OrgFind:
    start: int
    end: int
    name: str  # canonical name, e.g. "Indian Consulate"
    state: str | None = None  # gazetteer key of the state


def _title(words: list[str]) -> str:
    return " ".join(w if w in _SMALL or w.isupper() else w[:1].upper() + w[1:] for w in words)


def state_organisations(text: str, is_modifier=None) -> list[OrgFind]:
    """ "the Indian consulate", "Israeli Prime Minister's Office", "the Portuguese EU presidency".

    ``is_modifier(start, end)`` lets the caller veto a modifier word by its parse (a verb, a
    determiner); without it every word may modify.
    """
    gaz, ow = load_gazetteer(), load_org_words()
    out = []
    for m in _state_org_pattern().finditer(text):
        state = gaz.demonym(m.group("dem"))
        if state is None or state.kind != "State":
            continue
        mods = m.group("mods").split()
        if any(w.casefold().strip("’'") in ow.modifiers_not for w in mods):
            continue
        if "\n" in text[m.start() : m.end()]:
            continue
        if is_modifier is not None:
            pos = m.start("mods")
            ok = True
            for w in mods:
                pos = text.index(w, pos)
                if not is_modifier(pos, pos + len(w)):
                    ok = False
                    break
                pos += len(w)
            if not ok:
                continue
        name = f"{m.group('dem')} {_title(mods + m.group('head').split())}"
        name = re.sub(r"\s+", " ", name)
        out.append(OrgFind(m.start(), m.end(), name, state.key))
    return out


@lru_cache(maxsize=1)
def _media_pattern() -> re.Pattern[str]:
    ow = load_org_words()
    # a dot only inside a name ("Trend.Az"): "… publication Der Kurier. Der Kurier reported" is two sentences
    word = r"[A-Z](?:[\w&’'-]|\.(?=\w))*"
    return re.compile(
        rf"\b(?i:{_alt(ow.media_nouns)})\s+(?P<name>{word}(?:\s+(?:{word}|of|de|du|la|le))*)"
    )


@lru_cache(maxsize=1)
def _media_before_pattern() -> re.Pattern[str]:
    ow = load_org_words()
    return re.compile(
        rf"\b[Tt]he\s+(?P<name>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){{0,3}})\s+(?:{_alt(ow.media_nouns)})\b"
    )


def media_names(text: str) -> list[OrgFind]:
    """ "state broadcaster NHK", "news agency Yonhap", "French daily Le Figaro", "the Yomiuri
    newspaper" -> the named outlet (never a state or demonym: "the Indian newspaper")."""
    gaz = load_gazetteer()
    out = []
    for m in _media_before_pattern().finditer(text):
        name = m.group("name")
        if "\n" in name or gaz.state(name) or gaz.demonym(name.split()[-1]):
            continue
        out.append(OrgFind(m.start("name"), m.end("name"), name))
    for m in _media_pattern().finditer(text):
        name = m.group("name")
        while name.split()[-1] in ("of", "de", "du", "la", "le"):
            name = name.rsplit(" ", 1)[0]
        name = re.sub(r"['’]s$", "", name)
        if "\n" in name:
            name = name.split("\n", 1)[0]
        start = m.start("name")
        out.append(OrgFind(start, start + len(name), name))
    return out


_ACRONYM = re.compile(r"\s*\((?P<acr>[A-Z](?:[A-Za-z&]|-(?=[A-Z])){1,9})\)")  # "(METI)", "(PML-N)"


def acronym_after(text: str, end: int, name: str) -> tuple[str, int, int] | None:
    """ "Ministry of Economy, Trade and Industry (METI)": (acronym, start, end) when the bracket right
    after a name holds capitals whose first letter starts one of the name's words."""
    m = _ACRONYM.match(text, end)
    if not m:
        return None
    acr = m.group("acr")
    if sum(c.isupper() for c in acr) < 2:
        return None
    initials = {w[0] for w in re.findall(r"[A-Za-z][\w-]*", name) if w[0].isupper()}
    if acr[0] not in initials:
        return None
    return acr, m.start("acr"), m.end("acr")
