"""``kg build --endpoint URL``: article graphs straight to a SPARQL server, no local store between.

The same extraction and per-article validation as a local build (in processes here, or on a Dask
cluster with ``scheduler``); each article graph goes to the server with one Graph Store Protocol
``PUT URL?graph=G`` (kg.remote), which replaces that graph only, so a rerun is idempotent. Then
the shared graphs: graph/entities, derived from the mentions of the articles of this build, and
graph/ontology and graph/topics. Without a local store there is nothing to compare content
hashes with, so every article is sent on every run.
"""

from __future__ import annotations

import time
from pathlib import Path

from rdflib import Graph

from kg import iri
from kg.build import BuildReport, Progress, _processed, auto_workers, load_for_build
from kg.namespaces import ENTITIES_GRAPH, ONTOLOGY_GRAPH, TOPICS_GRAPH


def build_to_endpoint(articles_dir: Path, endpoint: str, *, validate: bool = True, strict: bool = False,
                      workers: int = 0, scheduler: str | None = None, progress: Progress | None = None,
                      timeout: float = 60.0) -> tuple[BuildReport, str]:
    """Build every article of ``articles_dir`` into the server at ``endpoint`` (a GSP URL).

    Returns the report and a summary line. With ``strict`` nothing is sent unless every
    article loads and validates.
    """
    from kg.rdf.entities import entities_ntriples, mention_rows
    from kg.remote import _check_url, _put

    _check_url(endpoint)
    report, loaded = load_for_build(articles_dir)
    if strict and report.errors:
        report.written = False
        return report, ""
    todo = loaded.articles
    if scheduler:
        from kg.distributed import processed_on_cluster

        results = processed_on_cluster(todo, validate=validate, address=scheduler)
    else:
        results = _processed(todo, validate=validate, workers=workers or auto_workers(len(todo)))
    started = time.monotonic()
    rows: list[tuple] = []
    staged: list[tuple[str, str]] = []
    triples = 0

    def send(article_id: str, ntriples: str) -> None:
        nonlocal triples
        g = str(iri.article_graph(article_id))
        _put(endpoint, [("graph", g)], ntriples, where=f"{endpoint} (graph <{g}>)", timeout=timeout)
        report.built.append(article_id)
        triples += ntriples.count("\n")

    if progress:
        progress("extract", 0, len(todo))
    for done, (article, ntriples, problem) in enumerate(results, 1):
        if problem:
            report.errors.append(problem)
        else:
            rows.extend(mention_rows(Graph().parse(data=ntriples, format="nt")))
            if strict:
                staged.append((article.id, ntriples))
            else:
                send(article.id, ntriples)
        if progress:
            progress("extract", done, len(todo))
    if strict:
        if report.errors:
            report.written = False
            return report, ""
        for article_id, ntriples in staged:
            send(article_id, ntriples)
    for graph, ntriples in _shared_graphs(entities_ntriples(rows)):
        _put(endpoint, [("graph", graph)], ntriples, where=f"{endpoint} (graph <{graph}>)", timeout=timeout)
        triples += ntriples.count("\n")
    summary = (f"pushed {len(report.built)} article graphs and 3 shared graphs ({triples} triples) "
               f"to {endpoint} in {time.monotonic() - started:.1f} s")
    return report, summary


def _shared_graphs(entities: str) -> list[tuple[str, str]]:
    """(graph IRI, N-Triples) of graph/entities, graph/ontology and graph/topics."""
    import pyoxigraph as ox

    from kg.paths import ONTOLOGY_FILE, TOPICS_FILE

    out = [(ENTITIES_GRAPH, entities)]
    for graph, path in ((ONTOLOGY_GRAPH, ONTOLOGY_FILE), (TOPICS_GRAPH, TOPICS_FILE)):
        if path.exists():
            quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            nt = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                              format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
            out.append((str(graph), nt))
    return out
