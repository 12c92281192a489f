"""Well-known actors (states, organisations, people) and the words around names, from data files."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import yaml

from kg.model import ActorKind, ActorRef
from kg.paths import GAZETTEER_DIR, LEXICON_DIR

ACTORS_FILE = GAZETTEER_DIR / "actors.yaml"
WORDS_FILE = LEXICON_DIR / "actors.yaml"
_SECTIONS: dict[str, ActorKind] = {"states": "State", "organizations": "Organization", "people": "Person"}
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_POSSESSIVE = re.compile(r"['’]s?$")


def normalise(text: str) -> str:
    """Lookup form of a name: NFKC, straight apostrophes, no possessive, no leading "the", casefolded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = " ".join(text.split())
    text = _POSSESSIVE.sub("", text)
    if text.lower().startswith("the "):
        text = text[4:]
    return text.casefold()


@dataclass(frozen=True)
class Entry:
    """One gazetteer actor."""

    key: str
    name: str
    kind: ActorKind
    wikidata: str | None
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    country: str | None = None  # key of the state a person/organisation belongs to
    stands_for: str | None = None  # key of the state an organisation speaks for
    role: str | None = None

    @property
    def ref(self) -> ActorRef:
        return ActorRef(key=self.key, name=self.name, kind=self.kind, wikidata=self.wikidata)


@dataclass(frozen=True)
class Words:
    """Lexicon of words around names (see data/lexicons/actors.yaml)."""

    honorifics: frozenset[str]
    roles: frozenset[str]
    person_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    generic_speakers: frozenset[str]
    not_actors: frozenset[str]
    event_heads: frozenset[str]
    state_nouns: frozenset[str] = frozenset()
    locative_heads: frozenset[str] = frozenset()
    official_nouns: frozenset[str] = frozenset()
    source_nouns: frozenset[str] = frozenset()
    group_persons: frozenset[str] = frozenset()
    group_states: frozenset[str] = frozenset()
    leader_roles: frozenset[str] = frozenset()
    role_verbs: tuple[tuple[str, str], ...] = ()
    name_particles: frozenset[str] = frozenset()


class Gazetteer:
    """Index over the gazetteer: aliases, demonyms and metonyms to entries."""

    def __init__(self, entries: list[Entry], places: list[str]):
        self.entries = {e.key: e for e in entries}
        self.by_alias: dict[str, Entry] = {}
        self.by_demonym: dict[str, Entry] = {}
        self.by_metonym: dict[str, Entry] = {}
        # an alias two entries share ("IAF": Indian and Israeli Air Force) names neither by itself
        self.ambiguous: dict[str, tuple[Entry, ...]] = {}
        for e in entries:
            for alias in (e.name, *e.aliases):
                key = normalise(alias)
                held = self.by_alias.setdefault(key, e)
                if held is not e:
                    self.ambiguous[key] = (*self.ambiguous.get(key, (held,)), e)
            for d in e.demonyms:
                self.by_demonym.setdefault(normalise(d), e)
            for m in e.metonyms:
                self.by_metonym.setdefault(normalise(m), e)
        self.places = frozenset(normalise(p) for p in places)

    def lookup(self, text: str) -> Entry | None:
        """The entry a name or alias names; None for an alias several entries share (see ``resolve_ambiguous``)."""
        key = normalise(text)
        return None if key in self.ambiguous else self.by_alias.get(key)

    def resolve_ambiguous(self, text: str, body: str) -> Entry | None:
        """The entry a shared alias ("PAF") names in this article: the one whose other names, else whose
        state, the article mentions while the others' are not; None when the article does not say."""
        entries = self.ambiguous.get(normalise(text), ())
        low = body.casefold()

        def said(names) -> bool:
            return any(re.search(rf"\b{re.escape(n.casefold())}\b", low) for n in names)

        for forms in (
            lambda e: [a for a in (e.name, *e.aliases) if normalise(a) not in self.ambiguous],
            lambda e: [x for st in [self.entries.get(e.country or "")] if st for x in (st.name, *st.aliases, *st.demonyms)],
        ):
            hits = [e for e in entries if said(forms(e))]
            if len(hits) == 1:
                return hits[0]
            if hits:
                return None
        return None

    def demonym(self, text: str) -> Entry | None:
        return self.by_demonym.get(normalise(text))

    def metonym(self, text: str) -> Entry | None:
        return self.by_metonym.get(normalise(text))

    def state(self, text: str) -> Entry | None:
        """The state a name, metonym or demonym stands for ("China", "Beijing", "Chinese")."""
        entry = self.lookup(text) or self.metonym(text) or self.demonym(text)
        if entry and entry.stands_for:
            entry = self.entries.get(entry.stands_for)
        return entry if entry and entry.kind == "State" else None

    def ref(self, key: str | None) -> ActorRef | None:
        entry = self.entries.get(key) if key else None
        return entry.ref if entry else None

    def surface_forms(self) -> list[tuple[str, str, str]]:
        """(label, key, text) for every alias, metonym and demonym, to build a phrase matcher."""
        forms = []
        for e in self.entries.values():
            forms += [("ALIAS", e.key, a) for a in {e.name, *e.aliases}]
            forms += [("METONYM", e.key, m) for m in e.metonyms]
            forms += [("DEMONYM", e.key, d) for d in e.demonyms]
        return forms


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    data = yaml.safe_load(ACTORS_FILE.read_text(encoding="utf-8"))
    entries = []
    for section, kind in _SECTIONS.items():
        for row in data.get(section) or ():
            entries.append(
                Entry(
                    key=row["key"],
                    name=row["name"],
                    kind=row.get("kind", kind),
                    wikidata=row.get("wikidata"),
                    aliases=tuple(row.get("aliases") or ()),
                    demonyms=tuple(row.get("demonyms") or ()),
                    metonyms=tuple(row.get("metonyms") or ()),
                    country=row.get("country"),
                    stands_for=row.get("stands_for"),
                    role=row.get("role"),
                )
            )
    return Gazetteer(entries, data.get("places") or [])


@lru_cache(maxsize=1)
def load_words() -> Words:
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    low = lambda name: frozenset(w.casefold() for w in data.get(name) or ())  # noqa: E731
    return Words(
        honorifics=frozenset(h.casefold().rstrip(".") for h in data["honorifics"]),
        roles=low("roles"),
        person_nouns=low("person_nouns"),
        organization_nouns=low("organization_nouns"),
        generic_speakers=low("generic_speakers"),
        not_actors=low("not_actors"),
        event_heads=low("event_heads"),
        state_nouns=low("state_nouns"),
        locative_heads=low("locative_heads"),
        official_nouns=low("official_nouns"),
        source_nouns=low("source_nouns"),
        group_persons=frozenset(w.casefold() for w in (data.get("group_nouns") or {}).get("persons") or ()),
        group_states=frozenset(w.casefold() for w in (data.get("group_nouns") or {}).get("states") or ()),
        leader_roles=low("leader_roles"),
        role_verbs=tuple((k.casefold(), v) for k, v in (data.get("role_verbs") or {}).items()),
        name_particles=low("name_particles"),
    )
