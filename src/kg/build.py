"""The main job: articles -> extraction -> RDF -> validated article graphs in the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import Graph

from kg import iri
from kg.articles import ArticleError, load_articles
from kg.model import Article
from kg.store import KGStore, StoreStats

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line each: "path: what is wrong"
    ignored: list[Path] = field(default_factory=list)
    stats: StoreStats | None = None

    @property
    def skipped(self) -> int:
        return len(self.errors)


def validation_graph(article_graph: Graph) -> Graph:
    """The article graph plus descriptions of the actors it mentions, as SHACL needs them."""
    from kg.rdf.entities import entities_ntriples, mention_rows

    g = Graph()
    for t in article_graph:
        g.add(t)
    g.parse(data=entities_ntriples(mention_rows(article_graph)), format="nt")
    return g


def check_article_graph(article: Article, graph: Graph) -> str | None:
    """SHACL-validate one article graph; a one-line error or None when it conforms."""
    from kg.validate import validate_graph

    result = validate_graph(validation_graph(graph))
    if result.conforms:
        return None
    first = result.violations[0]
    where = article.path or article.id
    more = f" (+{len(result.violations) - 1} more)" if len(result.violations) > 1 else ""
    return f"{where}: extracted graph fails validation: {first.focus_node} {first.path}: {first.message}{more}"


def build(
    articles_dir: Path,
    store: KGStore,
    *,
    force: bool = False,
    validate: bool = True,
    progress: Progress | None = None,
) -> BuildReport:
    """Upsert every article of ``articles_dir`` into ``store``; unchanged articles are skipped."""
    from kg.extract import extract_all
    from kg.rdf.emit import emit

    report = BuildReport()
    loaded = load_articles(articles_dir)
    report.errors.extend(str(e) for e in loaded.errors)
    report.ignored = loaded.ignored
    todo = []
    for article in loaded.articles:
        if not force and store.article_fingerprint(article.id) == article.content_hash:
            report.unchanged.append(article.id)
        else:
            todo.append(article)
    total = len(todo)
    if progress:
        progress("extract", 0, total)
    done = 0
    for extraction in extract_all(todo):
        article = extraction.article
        graph = emit(extraction)
        problem = check_article_graph(article, graph) if validate else None
        if problem:
            report.errors.append(problem)
        else:
            store.replace_graph_rdflib(iri.article_graph(article.id), graph)
            report.built.append(article.id)
        done += 1
        if progress:
            progress("extract", done, total)
    store.load_reference_graphs()
    store.rebuild_entities()
    report.stats = store.stats()
    return report


__all__ = ["BuildReport", "build", "ArticleError", "check_article_graph", "validation_graph"]
