"""``kg report``: the server's pages as a static site with relative links, written to a
temporary folder beside the target and renamed into place (never half-written)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from kg.errors import KGError
from kg.web import data, pages
from kg.web.render import STATIC_DIR, ArticleTexts, Links, local_path
from kg.web.snapshot import StoreSnapshots

MARKER = ".kg-report"  # marks a folder as ours, so re-running may replace it


def write_site(store_path: Path, output: Path, *, articles: Path | None = None,
               progress=None) -> dict[str, int]:
    """Write every page; returns how many of each kind. ``progress(done, total)`` after each page."""
    output = Path(output)
    if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not (output / MARKER).exists())):
        raise KGError(f"{output}: exists and is not a folder written by kg report; "
                      "give a new folder (it would be replaced whole)")
    snapshots = StoreSnapshots(store_path)
    snap = snapshots.acquire()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.tmp-", dir=output.parent))
        try:
            counts = _write(snap.store, tmp, ArticleTexts(articles), progress or (lambda done, total: None))
            (tmp / MARKER).write_text("written by kg report; the whole folder is replaced on re-run\n")
            _swap(tmp, output)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    finally:
        snapshots.release(snap)
        snapshots.close()
    return counts


def _swap(tmp: Path, output: Path) -> None:
    os.chmod(tmp, 0o755)
    if not output.exists():
        tmp.rename(output)
        return
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    output.rename(old)
    tmp.rename(output)
    shutil.rmtree(old, ignore_errors=True)


def _write(store, root: Path, texts: ArticleTexts, progress) -> dict[str, int]:
    from kg.queries import bind, list_queries, run_on_store
    from kg.store import KGStore

    entities: dict[str, list[tuple[str, str]]] = {
        "article": [(r["article"], "article") for r in data.articles(store)],
        "actor": [(r["actor"], "actor") for r in data.actors(store)],
        "claim": [(i, "claim") for i in data.all_of(store, "claim")],
        "event": [(i, "event") for i in data.all_of(store, "event")],
        "topic": [(r["topic"], "topic") for r in data.topics(store)],
    }
    known = frozenset(p for items in entities.values() for iri, _ in items
                      if (p := local_path(iri)) is not None)

    def put(rel: str, text: str | bytes) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            text = text.encode("utf-8")
        path.write_bytes(text)

    def links(page: str) -> Links:
        return Links(static_site=True, current=page, known=known)

    # no SPARQL endpoint in a static site: its editor stays out
    shutil.copytree(STATIC_DIR, root / "static", ignore=shutil.ignore_patterns("yasgui", "editor.js"))
    stats = {"articles": len(entities["article"]), "claims": len(entities["claim"]),
             "actors": len(entities["actor"]), "events": len(entities["event"]), "triples": len(store)}
    put("index.html", pages.home(store, links("index.html"), stats=stats, server=False))
    counts: dict[str, int] = {}
    total, done = sum(len(items) for items in entities.values()), 0
    for kind, items in entities.items():
        for iri, _ in items:
            rel = local_path(iri)
            if rel is not None:
                page = rel + ".html"
                put(page, pages.entity_page(store, iri, kind, links(page), texts))
            done += 1
            progress(done, total)
        counts[kind + "s"] = len(items)

    put("ontology.html", pages.render("ontology.html", links("ontology.html"),
                                      terms=data.ontology_terms(store)))
    saved = list_queries()
    put("queries/index.html", pages.render("queries.html", links("queries/index.html"), queries=saved))
    for q in saved:
        page = f"queries/{q.name}.html"
        values = {p.name: p.default or "" for p in q.params}
        result, error = None, None
        if all(values.values()):
            try:
                res = run_on_store(KGStore.over(store), bind(q, {}))
            except KGError as exc:
                error = str(exc)
            else:
                put(f"queries/{q.name}.csv", res.serialize("csv"))
                put(f"queries/{q.name}.json", res.serialize("json"))
                result = {"data": res.data, "vars": res.variables,
                          "rows": res.data.get("results", {}).get("bindings", [])}
        else:
            error = "needs parameters without defaults: run it with kg query or kg serve"
        put(page, pages.render("query.html", links(page), q=q, values=values, result=result, error=error,
                               csv_href=f"{q.name}.csv", json_href=f"{q.name}.json"))
    counts["queries"] = len(saved)
    return counts
