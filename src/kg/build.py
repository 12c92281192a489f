"""The main job: articles -> extraction -> RDF -> validated article graphs in the store.

Reliability contract (docs/errors.md):

* an article graph the store holds is replaced in one transaction (one SPARQL UPDATE, drop +
  insert); new graphs are bulk-loaded in batches, each graph's content hash written in a
  transaction after its batch is in the store (decision 44). So an interrupted build (Ctrl-C,
  SIGKILL, an exception) leaves each article either fully old or fully new (a kill loses the
  batch in progress), and the next build picks up where it stopped (unchanged articles are
  recognised by content hash; a graph without one is rebuilt);
* a bad article is reported in one line and skipped; the others are still built;
* ``strict=True`` stages every graph first and writes nothing at all if anything was skipped.
"""

from __future__ import annotations

import itertools
import os
import signal
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from rdflib import Graph, Literal

from kg import iri
from kg.articles import ArticleError, LoadResult, load_articles, one_line
from kg.errors import KGError
from kg.model import Article
from kg.namespaces import KG_NS
from kg.store import KGStore, StoreStats

Progress = Callable[[str, int, int], None]  # (phase, done, total)
EXTRACTION_LANGUAGES = ("en",)  # primary language subtags the extractor has a model for


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line each: "path: what is wrong"
    ignored: list[Path] = field(default_factory=list)
    stats: StoreStats | None = None
    written: bool = True  # False when --strict refused to change the store
    reextracted: bool = False  # the extractor changed since the store's last build: all rebuilt

    @property
    def skipped(self) -> int:
        return len(self.errors)


def validation_graph(article_graph: Iterable[tuple]) -> Graph:
    """The article graph (an rdflib Graph or its triples) plus what SHACL needs beside it: the
    descriptions of the actors it mentions (graph/entities) and the topic scheme (graph/topics),
    where their types live."""
    g = Graph()
    for t in validation_triples(article_graph):
        g.add(t)
    return g


@lru_cache(maxsize=1)
def _topic_scheme() -> dict:
    """Each topic concept's own triples, by concept IRI."""
    from kg.paths import TOPICS_FILE

    by_topic: dict = {}
    if TOPICS_FILE.exists():
        for t in Graph().parse(TOPICS_FILE, format="turtle"):
            by_topic.setdefault(t[0], []).append(t)
    return by_topic


def validation_triples(article_graph: Iterable[tuple]) -> list[tuple]:
    """The triples of :func:`validation_graph`, without building an rdflib Graph of them."""
    import pyoxigraph as ox

    from kg.rdf.entities import entities_ntriples, mention_rows
    from kg.rdfio.read import rdflib_term

    triples = list(article_graph)
    scheme = _topic_scheme()
    # hash tests only (rdflib's == and isinstance checks are Python-level); a literal is never a topic
    used = {o for _, _, o in triples if o.__class__ is not Literal and o in scheme}
    for topic in sorted(used):  # only the topics it uses
        triples.extend(scheme[topic])
    entities = entities_ntriples(mention_rows(triples))
    terms: dict = {}  # an actor's IRI recurs on every line of its description: convert it once

    def term(t):
        found = terms.get(t)
        if found is None:
            found = terms[t] = rdflib_term(t)
        return found
    triples.extend((term(t.subject), term(t.predicate), term(t.object))
                   for t in ox.parse(entities.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    return triples


def check_article_graph(article: Article, graph: Iterable[tuple]) -> str | None:
    """SHACL-validate one article graph (its triples); a one-line error or None when it conforms.

    The shapes run compiled (kg.validation.compiled: pySHACL's results, ~15x faster; decision 24);
    pySHACL itself when the shapes use a feature the compiled engine does not implement.
    """
    from kg.validation.compiled import Unsupported, compiled

    try:
        engine = compiled(False)
    except Unsupported:
        engine = None
    if engine is not None:
        conforms, violations = engine.validate(validation_triples(graph))
    else:
        from kg.validation.shacl import validate_graph

        result = validate_graph(validation_graph(graph))
        conforms, violations = result.conforms, result.findings
    if conforms:
        return None
    first = violations[0]
    where = article.path or article.id
    more = f" (+{len(violations) - 1} more)" if len(violations) > 1 else ""
    return one_line(f"{where}: extracted graph fails validation: "
                    f"{first.focus} {first.path}: {first.message}{more}")


def load_for_build(articles_dir: Path) -> tuple[BuildReport, LoadResult]:
    """Every article of the folder, and a report that already names the files that failed."""
    articles_dir = Path(articles_dir)
    if not articles_dir.is_dir():
        raise KGError(f"{articles_dir}: not a folder (give the folder that holds the articles)"
                      if articles_dir.exists() else f"{articles_dir}: no such folder of articles")
    report = BuildReport()
    try:
        loaded = load_articles(articles_dir)
    except ArticleError as err:
        raise KGError(str(err)) from None
    report.errors.extend(str(e) for e in loaded.errors)
    report.ignored = loaded.ignored
    return report, loaded


def build(
    articles_dir: Path,
    store: KGStore,
    *,
    force: bool = False,
    validate: bool = True,
    strict: bool = False,
    workers: int = 0,
    progress: Progress | None = None,
    scheduler: str | None = None,
) -> BuildReport:
    """Upsert every article of ``articles_dir`` into ``store``; unchanged articles are skipped.

    With ``strict``, nothing is written unless every file loads and every graph validates; the
    graphs are then written in one transaction. ``workers`` > 1 extracts and validates in that
    many processes (each loads the spaCy model once); the store is written by this process only.
    ``workers=0`` chooses: one process for a handful of articles, else one per core (up to 4).
    ``scheduler`` (a Dask scheduler address) extracts and validates on that cluster instead
    (kg.distributed); the store is still written by this process only.
    """
    report, loaded = load_for_build(articles_dir)
    fingerprint = extractor_fingerprint()
    if not store.holds_articles():  # nothing stale can be in it: an interrupted build resumes
        write_extractor_fingerprint(store, fingerprint)
    elif not force and read_extractor_fingerprint(store) != fingerprint:
        force = report.reextracted = True  # graphs an older extractor made are stale, whatever their hash
    todo = []
    for article in loaded.articles:
        language = (article.language or "en").replace("_", "-").split("-")[0].lower()
        if language not in EXTRACTION_LANGUAGES:  # an English model on other text extracts nonsense
            report.errors.append(one_line(f"{article.path}: language {language}: no extraction model"))
            continue
        if not force and store.article_fingerprint(article.id) == article.content_hash:
            report.unchanged.append(article.id)
        else:
            todo.append(article)
    if strict and report.errors:
        report.written = False  # no need to extract: the verdict is already "change nothing"
        return report
    total = len(todo)
    workers = workers or auto_workers(total)
    if progress:
        progress("extract", 0, total)
    staged: list[tuple[str, str]] = []
    die_after = _test_die_after()
    done = 0
    if scheduler:
        from kg.distributed import processed_on_cluster

        results = processed_on_cluster(todo, validate=validate, address=scheduler)
    else:
        results = _processed(todo, validate=validate, workers=workers)
    new_graphs: dict[str, str] = {}  # graphs the store does not hold yet, for one bulk load
    try:
        for article, ntriples, problem in results:
            if problem:
                report.errors.append(problem)
            elif strict:
                staged.append((article.id, ntriples))
            else:
                graph = str(iri.article_graph(article.id))
                if graph in new_graphs:  # the same article twice: the batch goes first
                    _add_new_graphs(store, new_graphs)
                if store.holds_graph(graph):
                    store.replace_graph(graph, ntriples)
                else:
                    new_graphs[graph] = ntriples
                    if len(new_graphs) >= BULK_EVERY:
                        _add_new_graphs(store, new_graphs)
                report.built.append(article.id)
                if len(report.built) % FLUSH_EVERY == 0:
                    store.flush()  # RocksDB's write buffers would otherwise grow to ~1 GB
            done += 1
            if die_after is not None and done == die_after[0]:
                os.kill(os.getpid(), die_after[1])
            if progress:
                progress("extract", done, total)
    except BaseException:
        # Ctrl-C or a failed worker: what is done and validated still lands, as it would have
        # one article at a time; a crash (SIGKILL, power) loses the batch: rebuilt next time
        try:
            _add_new_graphs(store, new_graphs)
        except Exception:  # noqa: BLE001 - the first error is the one to report
            pass
        raise
    _add_new_graphs(store, new_graphs)
    if strict:
        if report.errors:
            report.written = False
            return report
        _replace_graphs(store, staged)
        report.built.extend(article_id for article_id, _ in staged)
    store.load_reference_graphs()
    store.rebuild_entities()
    write_extractor_fingerprint(store, fingerprint)  # last: an interrupted re-extraction starts over
    report.stats = store.stats()
    return report


FINGERPRINT_SUFFIX = ".extractor.json"  # beside the store, as its .lock and .validated.json
# what decides an article's graph besides its file: these modules, the lexicons, gazetteer and
# topic scheme, and the spaCy model (not the CLI, the web pages, queries or validation)
_EXTRACTOR_MODULES = ("extract", "rdf", "articles.py", "model.py", "iri.py", "namespaces.py")


def extractor_fingerprint() -> str:
    """A digest of everything besides an article's file that decides its graph.

    An article's content hash says its file is unchanged, not that today's kg would extract the
    same graph from it: after an upgrade (new rules, lexicon or model) every graph is stale.
    """
    import hashlib
    from importlib import metadata

    import kg
    from kg import paths
    from kg.extract import MODEL_NAMES

    package = Path(kg.__file__).parent
    files: list[Path] = []
    for name in _EXTRACTOR_MODULES:
        p = package / name
        files += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    for folder in (paths.LEXICON_DIR, paths.GAZETTEER_DIR):
        files += sorted(f for f in folder.rglob("*") if f.is_file())
    files.append(paths.TOPICS_FILE)
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    for model in MODEL_NAMES:
        try:
            h.update(f"{model}=={metadata.version(model)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return h.hexdigest()


def _fingerprint_path(store: KGStore) -> Path:
    return Path(str(store.path) + FINGERPRINT_SUFFIX)


def read_extractor_fingerprint(store: KGStore) -> str | None:
    """The extractor fingerprint ``store``'s graphs were made with (None: unknown)."""
    import json

    try:
        data = json.loads(_fingerprint_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("extractor") if isinstance(data, dict) else None


def write_extractor_fingerprint(store: KGStore, fingerprint: str) -> None:
    import json

    from kg.files import write_atomically

    write_atomically(_fingerprint_path(store), json.dumps({"extractor": fingerprint}) + "\n")


FLUSH_EVERY = 50  # articles written between flushes: the writer stays ~140 MB, at no CPU cost
BULK_EVERY = 50  # new article graphs per bulk load: ~11 us a quad against ~30 in a transaction


def _add_new_graphs(store: KGStore, graphs: dict[str, str]) -> None:
    """Bulk-load new article graphs, their content hashes last (KGStore.add_new_graphs), and
    empty ``graphs``."""
    if graphs:
        store.add_new_graphs(graphs, ledger_predicate=f"{KG_NS}contentHash")
        graphs.clear()
AUTO_PARALLEL_MIN = 12  # below this, loading the model in extra processes costs more than it saves


def auto_workers(articles: int) -> int:
    """Processes for a build of ``articles``: 1 for a few, else one per core, at most 4."""
    if articles < AUTO_PARALLEL_MIN:
        return 1
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


WORKER_BATCH = 4  # articles per task: small enough for a lively progress bar, big enough for nlp.pipe


def _processed(articles: list[Article], *, validate: bool, workers: int
               ) -> Iterator[tuple[Article, str, str | None]]:
    """(article, its graph as N-Triples, a one-line validation error or None), in input order."""
    if not articles:
        return
    if workers <= 1:
        yield from _iter_work(articles, validate)  # streaming: each article lands as it is done
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    batches = [articles[i:i + WORKER_BATCH] for i in range(0, len(articles), WORKER_BATCH)]
    # spawn, not fork: the parent holds an open RocksDB store with threads of its own.
    # Workers ignore Ctrl-C: the parent alone stops the build (and says so, in one line).
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_ignore_sigint)
    # A bounded window of batches in flight (pool.map would submit them all): finished results
    # wait for the writer in this process, so an archive must not pile up here.
    pending: deque = deque()
    queued = iter(batches)
    try:
        for items in itertools.islice(queued, 2 * workers + 2):
            pending.append(pool.submit(_work, items, validate))
        while pending:
            results = pending.popleft().result()
            for items in itertools.islice(queued, 1):
                pending.append(pool.submit(_work, items, validate))
            yield from results
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _iter_work(articles: list[Article], validate: bool) -> Iterator[tuple[Article, str, str | None]]:
    """Extract, emit and validate articles one after the other."""
    from kg.extract import extract_all  # spaCy: loaded only when there is work to do
    from kg.rdf import emit as emitter

    for extraction in extract_all(articles):
        triples = emitter.emit(extraction)
        problem = check_article_graph(extraction.article, triples) if validate else None
        yield extraction.article, emitter.ntriples(triples), problem


def _work(articles: list[Article], validate: bool) -> list[tuple[Article, str, str | None]]:
    """A worker's batch: all results at once (they travel back to the parent together)."""
    return list(_iter_work(articles, validate))


def _replace_graphs(store: KGStore, graphs: list[tuple[str, str]]) -> None:
    """Replace several article graphs (N-Triples) in one transaction."""
    store.replace_graphs({str(iri.article_graph(article_id)): nt for article_id, nt in graphs})


def _test_die_after() -> tuple[int, int] | None:
    """``KG_TEST_DIE_AFTER=N[:SIGNAL]``: signal this process (default KILL) after N articles.

    A test hook that simulates a crash or a Ctrl-C at a known point of a build.
    """
    raw = os.environ.get("KG_TEST_DIE_AFTER")
    if not raw:
        return None
    count, _, name = raw.partition(":")
    sig = getattr(signal, f"SIG{(name or 'KILL').upper()}", signal.SIGKILL)
    return int(count), int(sig)


__all__ = ["BuildReport", "build", "ArticleError", "check_article_graph", "validation_graph"]
