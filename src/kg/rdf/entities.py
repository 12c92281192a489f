"""Actor descriptions (the entities graph), derived from mentions: one description per actor."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import RDF

from kg import iri
from kg.namespaces import KG, SCHEMA

_KIND_PRIORITY = ("Publisher", "Person", "Organization", "State", "AnonymousSource")
MentionRow = tuple  # (actor IRI, name, kind, role, affiliation IRI, nationality IRI)


def mention_rows(triples: Iterable[tuple]) -> Iterator[MentionRow]:
    """The mention rows of one article graph (an rdflib Graph or its triples): what
    ``entities_ntriples`` merges. One pass over the triples; a property given twice keeps the
    first value seen."""
    fields = (KG.mentionOf, SCHEMA.name, KG.entityType, KG.role, KG.affiliation, KG.nationality)
    wanted = set(fields)
    # one-element sets: membership is a hash test in C, where == calls rdflib's __eq__
    mention, rdf_type = {KG.Mention}, {RDF.type}
    mentions: dict = {}
    values: dict = {}
    for s, p, o in triples:
        if p in wanted:
            values.setdefault(s, {}).setdefault(p, o)
        elif p in rdf_type and o in mention:
            mentions[s] = None
    for m in mentions:
        found = values.get(m, {})
        yield tuple(None if found.get(p) is None else str(found[p]) for p in fields)


@lru_cache(maxsize=1)
def _speaks_for() -> dict[str, frozenset[str]]:
    """Gazetteer key -> names of the organisations that speak for it (read once per process:
    the build derives entity descriptions for every article)."""
    from kg.extract.gazetteer import load_gazetteer  # plain data; no NLP is imported

    found: dict[str, set[str]] = defaultdict(set)
    for entry in load_gazetteer().entries.values():
        if entry.stands_for:
            found[entry.stands_for].update((entry.name, *entry.aliases))
    return {key: frozenset(names) for key, names in found.items()}


def _nt_literal(text: str) -> str:
    return str(ox.Literal(text))


def entities_ntriples(rows: Iterable[tuple[str | None, ...]]) -> str:
    """Merge mention rows (actor, name, type, role, affiliation, nationality) into descriptions.

    Deterministic whatever the order of rows: the label is the gazetteer name, else the most
    frequent name (ties: longest, then alphabetical); the type is Publisher if any source says
    so, else the gazetteer kind, else the majority (ties in a fixed order). Gazetteer aliases
    are alternative labels; the metonyms of an actor and the names of organisations that speak
    for it ("Beijing", "Kremlin") are hidden labels: names to find it by, never to display.
    """
    from kg.extract.gazetteer import load_gazetteer  # plain data; no NLP is imported

    names: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, Counter] = defaultdict(Counter)
    facts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for actor, name, kind, role, aff, nat in rows:
        names[actor][name] += 1
        kinds[actor][kind] += 1
        if role:
            facts[actor].add((str(KG.role), _nt_literal(role)))
        if aff:
            facts[actor].add((str(KG.affiliation), f"<{aff}>"))
        if nat:
            facts[actor].add((str(KG.nationality), f"<{nat}>"))
    gaz = load_gazetteer().entries
    speaks_for = _speaks_for()
    lines: list[str] = []
    label_p = "<http://www.w3.org/2000/01/rdf-schema#label>"
    alt_p = "<http://www.w3.org/2004/02/skos/core#altLabel>"
    hidden_p = "<http://www.w3.org/2004/02/skos/core#hiddenLabel>"
    same_p = "<http://www.w3.org/2002/07/owl#sameAs>"
    type_p = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    for actor in sorted(names):
        key = actor.rsplit("/", 1)[-1]
        known = gaz.get(key)
        counted = kinds[actor]
        if counted.get("Publisher"):
            kind = "Publisher"
        elif known and known.kind:
            kind = known.kind
        else:
            kind = sorted(counted, key=lambda k: (-counted[k], _KIND_PRIORITY.index(k)
                                                   if k in _KIND_PRIORITY else 99))[0]
        seen = names[actor]
        label = known.name if known else sorted(seen, key=lambda n: (-seen[n], -len(n), n))[0]
        alts = (set(seen) | set(known.aliases if known else ())) - {label}
        s = f"<{actor}>"
        lines.append(f"{s} {type_p} <{KG[kind] if kind in _KIND_PRIORITY else KG.Actor}> .")
        lines.append(f"{s} {label_p} {_nt_literal(label)} .")
        lines.extend(f"{s} {alt_p} {_nt_literal(a)} ." for a in sorted(alts))
        hidden = (set(known.metonyms) | speaks_for.get(key, set()) if known else set()) - alts - {label}
        lines.extend(f"{s} {hidden_p} {_nt_literal(h)} ." for h in sorted(hidden))
        if known and known.wikidata:
            lines.append(f"{s} {same_p} <{iri.wikidata_iri(known.wikidata)}> .")
        lines.extend(f"{s} <{p}> {o} ." for p, o in sorted(facts[actor]))
    return "\n".join(lines) + ("\n" if lines else "")
