"""Page times of ``kg serve`` on a large store: the seed's article graphs replicated to N articles
(bench/run.py's replicated_store), each page fetched over HTTP, best of --repeat. The server caches
pages per snapshot, so the first fetch is the one that runs the queries; a second table renders
the pages in this process without any cache (best of --repeat), including the home page.

Usage: python bench/web.py [--articles 1000] [--repeat 3] [--work DIR]

--work DIR keeps the built stores in DIR and reuses them on the next run (building takes a minute).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import replicated_store, seed_store  # noqa: E402
from tests.web_helpers import running_server  # noqa: E402

PAGES = [
    ("home", "/"),
    ("actor (20 claims per article copy: capped lists)", "/id/actor/simona-grano"),
    ("actor (a state in every article)", "/id/actor/china"),
    ("article", "/id/article/r000003_15735037f31751e9"),
    ("claim", "/id/claim/r000000_a75159b12b480dfb/33e525ba03b3"),
    ("topic", "/topic/taiwan"),
    ("saved query page", "/queries/who-asserts-taiwan-link"),
    ("actor as Turtle", "/id/actor/simona-grano?format=turtle"),
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, help="keep the stores in this folder and reuse them")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-bench-web-") as tmp:
        work = args.work or Path(tmp)
        seed = seed_store(work)
        triples_per_article = 1500  # about the seed's average
        store = work / f"big-{args.articles}"
        if not store.exists():
            replicated_store(seed, args.articles * triples_per_article, store)
        copies, triples = _size(store)
        print(f"store: {copies} article graphs, {triples} triples")
        with running_server(store, "--query-timeout", "60") as base:
            print("| page | first (s) | best of %d (s) | bytes |\n| --- | --- | --- | --- |" % args.repeat)
            for name, path in PAGES:
                times, size = [], 0
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    with urllib.request.urlopen(base + path, timeout=120) as r:
                        size = len(r.read())
                    times.append(time.perf_counter() - start)
                print(f"| {name} `{path}` | {times[0]:.3f} | {min(times):.3f} | {size} |", flush=True)
        uncached(store, args.repeat)
    return 0


def uncached(path: Path, repeat: int) -> None:
    """Each page rendered from the store with no cache: the queries' and templates' own time."""
    import pyoxigraph as ox

    from kg.namespaces import BASE
    from kg.web import data, pages, server
    from kg.web.render import ArticleTexts, Links

    store = ox.Store.read_only(str(path))
    texts = ArticleTexts(ROOT / "data" / "articles")
    jobs = [("home (page, rendered once per snapshot)",
             lambda: pages.home(store, Links(), stats=server._stats(store), server=True))]
    for name, page in PAGES:
        if "?" not in page and page.startswith(("/id/", "/topic/")):
            iri = BASE + page.lstrip("/")
            jobs.append((f"{name} `{page}`", lambda iri=iri: pages.entity_page(
                store, iri, data.kind_of(store, iri), Links(), texts)))
    print(f"\nuncached, in process\n| page | first (s) | best of {repeat} (s) |\n| --- | --- | --- |")
    for name, job in jobs:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            job()
            times.append(time.perf_counter() - start)
        print(f"| {name} | {times[0]:.3f} | {min(times):.3f} |", flush=True)


def _size(path: Path) -> tuple[int, int]:
    """(article graphs, triples) of a store."""
    import pyoxigraph as ox

    from kg.namespaces import ARTICLE_GRAPH_NS

    store = ox.Store.read_only(str(path))
    graphs = sum(1 for g in store.named_graphs() if g.value.startswith(ARTICLE_GRAPH_NS))
    return graphs, len(store)


if __name__ == "__main__":
    sys.exit(main())
