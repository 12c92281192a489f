"""Topic and actor parameters: what the user typed -> the IRIs of the concepts or actors meant.

A saved query's ``topic``/``actor`` parameters may be given as any name the product itself knows
the thing by: a SKOS preferred, alternative or hidden label of a topic; an actor's label, its
gazetteer aliases (``skos:altLabel``) or its metonyms and the names of organisations that speak
for it ("Beijing", "the Kremlin": ``skos:hiddenLabel``, see kg.rdf.entities); or the IRI. Case,
accents, punctuation and a leading "the" are ignored, and when no label matches as a whole, a
label containing the value as whole words does ("Ukraine" -> "Russia-Ukraine war").

The labels are read with SPARQL from the same target the query then runs on (store, RDF file or
endpoint), so resolution sees exactly the data the answer comes from. The result is one or more
IRIs, which kg.queries.bind binds with VALUES like any other value (docs/decisions.md #3, #24).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

from kg.errors import QueryError
from kg.namespaces import PREFIXES

# Label strengths, strongest first: an exact match of a stronger label wins over a weaker one.
PREFERRED, ALTERNATIVE, HIDDEN = 0, 1, 2
MAX_SUGGESTIONS = 5
SUGGEST_CUTOFF = 0.75

_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p in ("kg", "skos", "rdfs"))

# One row per (thing, label, strength); DISTINCT because an actor may have several types.
LABEL_QUERIES = {
    "topic": _PREFIXES + """
SELECT DISTINCT ?iri ?label ?strength WHERE {
  ?iri a skos:Concept .
  { ?iri skos:prefLabel ?label BIND (0 AS ?strength) }
  UNION { ?iri skos:altLabel ?label BIND (1 AS ?strength) }
  UNION { ?iri skos:hiddenLabel ?label BIND (2 AS ?strength) }
}""",
    "actor": _PREFIXES + """
SELECT DISTINCT ?iri ?label ?strength WHERE {
  ?iri a ?type .
  ?type rdfs:subClassOf* kg:Actor .
  { ?iri rdfs:label ?label BIND (0 AS ?strength) }
  UNION { ?iri skos:altLabel ?label BIND (1 AS ?strength) }
  UNION { ?iri skos:hiddenLabel ?label BIND (2 AS ?strength) }
}""",
}

# The saved query that lists the known values of each kind (queries/topics.rq, queries/actors.rq).
LIST_QUERY = {"topic": "topics", "actor": "actors"}
KINDS = tuple(LIST_QUERY)
_PLURAL = {"topic": "topics", "actor": "actors"}
_A = {"topic": "a topic", "actor": "an actor"}

_DROP = re.compile(r"[.'’‘`´]")  # "U.S." = "US", "People's" = "Peoples"
_SPLIT = re.compile(r"[\W_]+")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def fold(text: str) -> str:
    """The comparison form of a name: accents, case, punctuation and a leading "the" dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = _SPLIT.sub(" ", _DROP.sub("", text)).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Known:
    """One thing that can be named: its IRI, display label and every label in comparison form."""

    iri: str
    label: str
    labels: tuple[tuple[str, int], ...]  # (folded label, strength)


@dataclass(frozen=True)
class Resolution:
    """What a parameter value resolved to, and how (for --describe and the table footer)."""

    param: str
    kind: str
    value: str
    matches: tuple[Known, ...]
    how: str  # "iri", "label", "hidden label", "words in a label", "words in a hidden label"

    @property
    def iris(self) -> list[str]:
        return [k.iri for k in self.matches]

    def note(self) -> str:
        from kg.queries import compact_iri

        things = ", ".join(f"{k.label} ({compact_iri(k.iri)})" for k in self.matches)
        if len(self.matches) == 1:
            return f"{self.param}={self.value}: {self.kind} {things}"
        return (f"{self.param}={self.value}: {len(self.matches)} {_PLURAL[self.kind]} "
                f"({self.how}), all used: {things}")


def known_things(rows: Iterable[dict[str, str]]) -> list[Known]:
    """Rows of LABEL_QUERIES -> one Known per IRI, its display label the first preferred one."""
    by_iri: dict[str, list[tuple[int, str]]] = {}
    for r in rows:
        if r.get("iri") and r.get("label"):
            by_iri.setdefault(r["iri"], []).append((int(r["strength"]), r["label"]))
    out = []
    for iri_, labels in sorted(by_iri.items()):
        labels.sort()
        shown = labels[0][1] if labels[0][0] == PREFERRED else iri_.rsplit("/", 1)[-1]
        folded = tuple(sorted({(fold(text), s) for s, text in labels if fold(text)}))
        out.append(Known(iri=iri_, label=shown, labels=folded))
    return out


def _looks_like_iri(value: str) -> str | None:
    from kg.queries import expand_iri

    full = expand_iri(value)
    if _IRI.match(full) and (full != value or "://" in full or full.startswith("urn:")):
        return full
    return None


def match(kind: str, param: str, value: str, things: list[Known]) -> Resolution:
    """The best matches of ``value`` among ``things``, or a one-line QueryError saying what to give."""
    from kg.queries import _show

    value = value.strip()
    if not value:
        raise QueryError(f"parameter '{param}': {_A[kind]} cannot be empty")
    iri_ = _looks_like_iri(value)
    if iri_ is not None:
        found = tuple(k for k in things if k.iri == iri_)
        if not found:
            raise QueryError(f"no {kind} <{_show(iri_)}> in the data (list them: kg query {LIST_QUERY[kind]})")
        return Resolution(param, kind, value, found, "iri")
    wanted = fold(value)
    if not wanted:
        raise QueryError(f"parameter '{param}': '{_show(value)}' has no letters or digits to match {_A[kind]} by")
    # tiers: exact preferred/alternative label, exact hidden label, words in one, words in the other
    tiers: list[list[Known]] = [[], [], [], []]
    padded = f" {wanted} "
    for k in things:
        best = min((0 if s < HIDDEN else 1 for text, s in k.labels if text == wanted), default=None)
        if best is None:
            best = min((2 if s < HIDDEN else 3 for text, s in k.labels if padded in f" {text} "), default=None)
        if best is not None:
            tiers[best].append(k)
    hows = ("label", "hidden label", "words in a label", "words in a hidden label")
    for tier, how in zip(tiers, hows):
        if tier:
            found = tuple(sorted(tier, key=lambda k: (fold(k.label), k.iri)))
            if len(found) > 1 and kind == "actor":
                from kg.queries import compact_iri

                listed = ", ".join(f"{k.label} ({compact_iri(k.iri)})" for k in found)
                raise QueryError(f"{kind} '{_show(value)}' matches {len(found)} {_PLURAL[kind]}: {listed}; "
                                 f"give a more specific name or the IRI")
            return Resolution(param, kind, value, found, how)
    close = suggestions(wanted, things)
    if close:
        raise QueryError(f"no {kind} '{_show(value)}'; did you mean: {', '.join(close)}?")
    raise QueryError(f"no {kind} '{_show(value)}' (list them: kg query {LIST_QUERY[kind]})")


def suggestions(wanted: str, things: list[Known], limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Display labels of the things whose labels (or runs of words in them) look most like
    ``wanted``: a typo in "Ukrane" still finds "Russia-Ukraine war"."""
    n = len(wanted.split())
    scored = []
    for k in things:
        best = 0.0
        for text, _ in k.labels:
            words = text.split()
            spans = {text} | {" ".join(words[i:i + n]) for i in range(max(len(words) - n + 1, 0))}
            for span in spans:
                sm = difflib.SequenceMatcher(None, wanted, span)
                # the cheap upper bounds first: most labels are nowhere near
                if sm.real_quick_ratio() > best and sm.quick_ratio() > best:
                    best = max(best, sm.ratio())
        if best >= SUGGEST_CUTOFF:
            scored.append((-best, fold(k.label), k.label))
    return [label for _, _, label in sorted(scored)[:limit]]


def values_hint(kind: str) -> str | None:
    """Where the known values of a parameter type are listed (for --describe and kg queries)."""
    if kind not in KINDS:
        return None
    what = ("a topic's label, alternative or hidden label" if kind == "topic"
            else "an actor's name, alias or a place standing for it")
    return (f"{what}, or its IRI; case, accents and punctuation are ignored. "
            f"List them: kg query {LIST_QUERY[kind]}")


class Resolver:
    """Resolves topic/actor parameters against one target, reading each kind's labels once."""

    def __init__(self, run: Callable[[str], "object"]):
        self._run = run  # SPARQL text -> kg.queries.QueryResult on the target
        self._things: dict[str, list[Known]] = {}

    def things(self, kind: str) -> list[Known]:
        if kind not in self._things:
            self._things[kind] = known_things(self._run(LABEL_QUERIES[kind]).rows())
        return self._things[kind]

    def resolve(self, query, given: dict[str, str]) -> list[Resolution]:
        """Every topic/actor parameter of ``query`` (given, else its default) resolved, in order."""
        out = []
        for p in query.params:
            value = given.get(p.name, p.default)
            if p.type in KINDS and value is not None:
                out.append(match(p.type, p.name, value, self.things(p.type)))
        return out


def bound_values(given: dict[str, str], resolutions: list[Resolution]) -> dict[str, "str | list[str]"]:
    """The values to bind: the resolved IRIs in place of what was typed."""
    return {**given, **{r.param: r.iris for r in resolutions}}


def bind_resolved(query, given: dict[str, str], run) -> tuple[str, list[Resolution]]:
    """``query`` bound as ``kg query`` binds it: topics and actors resolved on the target ``run``
    (SPARQL text -> QueryResult), then every value bound with VALUES."""
    from kg.queries import bind, check_params

    check_params(query, given)
    resolutions = Resolver(run).resolve(query, given) if any(p.type in KINDS for p in query.params) else []
    return bind(query, bound_values(given, resolutions)), resolutions
