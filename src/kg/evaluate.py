"""Score extracted claimants against an analyst's gold file (``kg eval``).

Claimant level, per article: who asserts something, not what. The gold lists per article the
claimants a reader requires, those acceptable either way and those that are wrong; a predicted
claimant matches an entry when its label (any name it has in the article or the entities graph)
or its key equals the entry's name or an alias after normalisation. Scoring:

* true positive: a required entry matched by at least one predicted claimant;
* false negative: a required entry matched by none;
* false positive: a predicted claimant matching no required or acceptable entry (forbidden
  entries are listed separately so a report says *which* tempting mistake was made);
* precision = TP / (TP + FP) (1.0 when nothing is predicted), recall = TP / (TP + FN) (1.0
  when nothing is required), F1 their harmonic mean; "ALL" sums the counts (micro average).

Reads the store through SPARQL only (no spaCy), so an analyst can score any built store.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from kg.errors import KGError

SECTIONS = ("required", "acceptable", "forbidden")


class GoldError(KGError):
    """The gold file is missing or malformed."""


@dataclass(frozen=True)
class GoldEntry:
    name: str
    aliases: tuple[str, ...] = ()

    def forms(self) -> set[str]:
        return {normalise(x) for x in (self.name, *self.aliases)}


@dataclass(frozen=True)
class GoldArticle:
    article: str
    required: tuple[GoldEntry, ...] = ()
    acceptable: tuple[GoldEntry, ...] = ()
    forbidden: tuple[GoldEntry, ...] = ()


@dataclass(frozen=True)
class Claimant:
    """A predicted claimant: its key (IRI local name) and every label it carries."""

    key: str
    labels: tuple[str, ...] = ()

    def forms(self) -> set[str]:
        return {normalise(self.key)} | {normalise(x) for x in self.labels}

    @property
    def display(self) -> str:
        return self.labels[0] if self.labels else self.key


@dataclass
class ArticleScore:
    article: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        d = asdict(self)
        d.update(precision=round(self.precision, 4), recall=round(self.recall, 4), f1=round(self.f1, 4))
        return d


@dataclass
class Report:
    articles: list[ArticleScore]

    @property
    def overall(self) -> ArticleScore:
        total = ArticleScore("ALL")
        for s in self.articles:
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
        return total


_DASHES = dict.fromkeys(map(ord, "‐‑‒–—-_"), " ")
_QUOTES = dict.fromkeys(map(ord, "’‘'`´"), "")


def normalise(text: str) -> str:
    """Case, accents, apostrophes, hyphens/underscores, other punctuation and a leading "the"
    do not distinguish names: "Pakistan's Foreign Office" == "pakistans foreign office"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_QUOTES).translate(_DASHES).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


# -- gold --------------------------------------------------------------------------------------

def _entry(value, where: str) -> GoldEntry:
    if isinstance(value, str) and value.strip():
        return GoldEntry(value.strip())
    if isinstance(value, dict) and isinstance(value.get("name"), str) and value["name"].strip():
        aliases = value.get("aliases") or []
        unknown = set(value) - {"name", "aliases"}
        if unknown:
            raise GoldError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))} "
                            "(an entry has name and aliases)")
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise GoldError(f"{where}: 'aliases' must be a list of names")
        return GoldEntry(value["name"].strip(), tuple(a.strip() for a in aliases))
    raise GoldError(f"{where}: expected a name or {{name: ..., aliases: [...]}}, got {value!r}")


def parse_gold(data, source: str) -> dict[str, GoldArticle]:
    """Validate a parsed gold document; every error names the file, article and field."""
    if not isinstance(data, dict) or not isinstance(data.get("articles"), dict) or not data["articles"]:
        raise GoldError(f"{source}: expected a mapping with a non-empty 'articles:' mapping "
                        "(article id -> required/acceptable/forbidden)")
    out: dict[str, GoldArticle] = {}
    for aid, body in data["articles"].items():
        where = f"{source}: article '{aid}'"
        body = body or {}
        if not isinstance(body, dict):
            raise GoldError(f"{where}: expected a mapping with required/acceptable/forbidden")
        unknown = set(body) - set(SECTIONS)
        if unknown:
            raise GoldError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))} "
                            f"(expected {', '.join(SECTIONS)})")
        sections = {}
        for sec in SECTIONS:
            items = body.get(sec) or []
            if not isinstance(items, list):
                raise GoldError(f"{where}: '{sec}' must be a list")
            sections[sec] = tuple(_entry(v, f"{where}, {sec}[{i}]") for i, v in enumerate(items))
        out[str(aid)] = GoldArticle(str(aid), **sections)
    return out


def load_gold(path: Path | str) -> dict[str, GoldArticle]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise GoldError(f"{path}:{line}: not valid YAML: {problem}") from None
    return parse_gold(data, str(path))


# -- scoring -----------------------------------------------------------------------------------

def score_article(gold: GoldArticle, claimants: Iterable[Claimant]) -> ArticleScore:
    s = ArticleScore(gold.article)
    claimants = list(claimants)
    hit = [False] * len(gold.required)
    for c in claimants:
        forms = c.forms()
        matched = False
        for i, g in enumerate(gold.required):
            if forms & g.forms():
                hit[i] = matched = True
        if matched or any(forms & g.forms() for g in gold.acceptable):
            continue
        s.fp += 1
        s.wrong.append(c.display)
        if any(forms & g.forms() for g in gold.forbidden):
            s.forbidden.append(c.display)
    s.tp = sum(hit)
    s.fn = len(hit) - s.tp
    s.missed = [g.name for g, h in zip(gold.required, hit) if not h]
    return s


def score(gold: Mapping[str, GoldArticle], predicted: Mapping[str, Iterable[Claimant]]) -> Report:
    """Score every gold article (sorted by id); an article with no claim scores its misses."""
    return Report([score_article(gold[aid], predicted.get(aid, ())) for aid in sorted(gold)])


def claimants_in_store(store, article_ids: Iterable[str]) -> dict[str, list[Claimant]]:
    """Distinct claimants of each article's claims, with the names the article and the entities
    graph give them (sorted, so reports are deterministic)."""
    from kg.namespaces import ARTICLE_GRAPH_NS, ENTITIES_GRAPH, KG_NS  # plain strings: no rdflib import

    out: dict[str, list[Claimant]] = {}
    for aid in article_ids:
        g = f"{ARTICLE_GRAPH_NS}{aid}"
        q = f"""
SELECT DISTINCT ?c ?name WHERE {{
  GRAPH <{g}> {{ ?claim a <{KG_NS}Claim> ; <{KG_NS}assertedBy> ?c . }}
  OPTIONAL {{
    {{ GRAPH <{g}> {{ ?m <{KG_NS}mentionOf> ?c ; <https://schema.org/name> ?name }} }}
    UNION {{ GRAPH <{ENTITIES_GRAPH}> {{ ?c <http://www.w3.org/2000/01/rdf-schema#label> ?name }} }}
  }}
}}"""
        names: dict[str, set[str]] = {}
        for row in store.query(q):
            names.setdefault(row["c"].value, set())
            if row["name"] is not None:
                names[row["c"].value].add(row["name"].value)
        out[aid] = [Claimant(c.rsplit("/", 1)[-1], tuple(sorted(n))) for c, n in sorted(names.items())]
    return out


def evaluate_store(store, gold: Mapping[str, GoldArticle], source: str = "gold") -> Report:
    missing = sorted(set(gold) - set(store.article_ids()))
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise GoldError(f"{source}: article '{missing[0]}'{more} is not in the store; "
                        "build the store from the gold's articles first")
    return score(gold, claimants_in_store(store, gold))


# -- output ------------------------------------------------------------------------------------

def render_table(report: Report) -> str:
    rows = [*report.articles, report.overall]
    width = max(len("ALL (micro)"), *(len(s.article) for s in report.articles))
    lines = [f"{'article':{width}}  {'P':>5} {'R':>5} {'F1':>5}  {'TP':>3} {'FP':>3} {'FN':>3}"]
    for s in rows:
        label = "ALL (micro)" if s is rows[-1] else s.article
        lines.append(f"{label:{width}}  {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}  "
                     f"{s.tp:3d} {s.fp:3d} {s.fn:3d}")
        if s is not rows[-1]:
            lines += [f"{'':{width}}    missed: {m}" for m in s.missed]
            lines += [f"{'':{width}}    wrong:  {w}" + (" (forbidden)" if w in s.forbidden else "")
                      for w in s.wrong]
    return "\n".join(lines)


def render_json(report: Report) -> str:
    return json.dumps({"articles": [s.as_dict() for s in report.articles],
                       "overall": report.overall.as_dict()}, indent=2, ensure_ascii=False, sort_keys=True)


def claimants_in_extractions(extractions: Iterable) -> dict[str, list[Claimant]]:
    """The same view from in-memory ``Extraction`` objects (tests score without a store)."""
    out: dict[str, list[Claimant]] = {}
    for x in extractions:
        names: dict[str, set[str]] = {}
        for c in x.claims:
            names.setdefault(c.claimant.key, set()).add(c.claimant.name)
        for m in x.mentions:
            if m.actor.key in names:
                names[m.actor.key].add(m.actor.name)
        out[x.article.id] = [Claimant(k, tuple(sorted(n))) for k, n in sorted(names.items())]
    return out
