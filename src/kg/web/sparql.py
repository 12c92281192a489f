"""The SPARQL 1.1 Protocol endpoint's engine: queries run in worker processes that are killed at
the time limit, results are negotiated by ``Accept`` and capped in size.

A pyoxigraph query cannot be interrupted from Python, and a thread running one keeps a core busy
after its caller gave up; a process can be killed. Each worker opens the server's current
snapshot read-only and answers exactly as ``kg query`` does: the union of the named graphs as the
default graph, results serialised by Oxigraph.
"""

from __future__ import annotations

import io
import multiprocessing
import queue
import threading
from dataclasses import dataclass

from mimeparse import best_match

from kg.errors import first_line

RESULTS_TYPES = {  # SELECT / ASK
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "application/json": "JSON",
}
GRAPH_TYPES = {  # CONSTRUCT / DESCRIBE
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}
# The first of each list wins for "*/*" (and for no Accept header at all).
RESULTS_PREFERENCE = list(RESULTS_TYPES)
GRAPH_PREFERENCE = list(GRAPH_TYPES)


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header prefers (the first offered on ties), or None."""
    if not accept or not accept.strip():
        return offered[0]
    # mimeparse keeps the last of equally good candidates: offer them in reverse.
    try:
        match = best_match(list(reversed(offered)), accept)
    except (ValueError, IndexError):
        return offered[0]
    return match or None


class QueryFailed(Exception):
    """A query the endpoint refuses or could not answer: ``status`` is the HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class _Capped(io.RawIOBase):
    """A byte sink that raises once more than ``limit`` bytes are written (stops serialising)."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size = limit, [], 0

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self.size += len(b)
        if self.size > self.limit:
            raise OverflowError
        self.parts.append(bytes(b))
        return len(b)


@dataclass(frozen=True)
class Task:
    snapshot: str
    query: str
    accept: str | None
    max_bytes: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def answer(store, task: Task) -> tuple[str, bytes]:
    """(media type, body) for one protocol request, or QueryFailed. Runs inside a worker."""
    import pyoxigraph as ox

    kwargs = {}
    if task.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in task.default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True  # as kg query (kg.queries.run_on_store)
    if task.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in task.named_graphs]
    try:
        result = store.query(task.query, **kwargs)
    except SyntaxError as exc:
        raise QueryFailed(400, f"query does not parse: {first_line(exc)}") from None
    except (OSError, ValueError) as exc:
        raise QueryFailed(400, f"query failed: {first_line(exc)}") from None
    if isinstance(result, ox.QueryTriples):
        media = negotiate(task.accept, GRAPH_PREFERENCE)
        if media is None:
            raise QueryFailed(406, "a CONSTRUCT/DESCRIBE result can be sent as "
                              + ", ".join(GRAPH_PREFERENCE))
        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
        sink = _Capped(task.max_bytes)
        try:
            ox.serialize(result, sink, format=fmt)
        except OverflowError:
            raise _too_big(task.max_bytes) from None
        return media, b"".join(sink.parts)
    media = negotiate(task.accept, RESULTS_PREFERENCE)
    if media is None:
        raise QueryFailed(406, "a SELECT/ASK result can be sent as " + ", ".join(RESULTS_PREFERENCE))
    sink = _Capped(task.max_bytes)
    try:
        result.serialize(sink, format=getattr(ox.QueryResultsFormat, RESULTS_TYPES[media]))
    except OverflowError:
        raise _too_big(task.max_bytes) from None
    except OSError as exc:  # an evaluation error met while streaming the rows
        raise QueryFailed(400, f"query failed: {first_line(exc)}") from None
    return media, b"".join(sink.parts)


def run_saved(store, text: str, fmt: str, max_bytes: int) -> bytes | dict:
    """A bound saved query through kg query's own path (kg.queries.run_on_store): ``fmt`` 'rows'
    gives the SPARQL results JSON as a dict, else the bytes of csv/tsv/json."""
    from kg.errors import KGError
    from kg.queries import run_on_store
    from kg.store import KGStore

    try:
        result = run_on_store(KGStore.over(store), text)
    except KGError as exc:
        raise QueryFailed(400, str(exc)) from None
    body = result.serialize(fmt if fmt != "rows" else "json").encode("utf-8")
    if len(body) > max_bytes:
        raise _too_big(max_bytes)
    return result.data if fmt == "rows" else body


def _too_big(limit: int) -> QueryFailed:
    return QueryFailed(413, f"the result is larger than the server's limit of {limit} bytes "
                            "(--max-result-bytes); add a LIMIT or narrow the query")


# -- worker processes ----------------------------------------------------------------------
def _worker_main(conn) -> None:
    """Serve tasks from ``conn`` until it closes; keep the last snapshot's store open."""
    import pyoxigraph as ox

    opened: tuple[str, object] | None = None
    while True:
        try:
            kind, task, extra = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if opened is None or opened[0] != task.snapshot:
                opened = None  # drop the previous snapshot's store first
                opened = (task.snapshot, ox.Store.read_only(task.snapshot))
            if kind == "protocol":
                out = ("ok", answer(opened[1], task))
            else:
                out = ("ok", run_saved(opened[1], task.query, extra, task.max_bytes))
        except QueryFailed as exc:
            out = ("error", (exc.status, exc.message))
        except Exception as exc:  # never let one query take the worker down
            out = ("error", (500, f"internal error: {type(exc).__name__}: {first_line(exc)}"))
        try:
            conn.send(out)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child,), daemon=True)
        self.proc.start()
        child.close()

    def stop(self) -> None:
        self.conn.close()
        self.proc.join(timeout=2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()


class QueryPool:
    """``workers`` processes; a query that runs past ``timeout_s`` has its worker killed and
    replaced, and the caller gets a 503."""

    def __init__(self, workers: int, timeout_s: float):
        self.timeout_s = timeout_s
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(max(1, workers)):
            self._add()

    def _add(self) -> None:
        w = _Worker(self._ctx)
        with self._lock:
            self._all.add(w)
        self._idle.put(w)

    def run(self, kind: str, task: Task, extra: str | None = None):
        try:
            worker = self._idle.get(timeout=self.timeout_s)
        except queue.Empty:
            raise QueryFailed(503, f"every query worker is busy; try again in {self.timeout_s:g} s") from None
        try:
            worker.conn.send((kind, task, extra))
            if not worker.conn.poll(self.timeout_s):
                raise TimeoutError
            status, value = worker.conn.recv()
        except TimeoutError:
            self._replace(worker)
            raise QueryFailed(503, f"the query ran longer than the server's limit of {self.timeout_s:g} s "
                                   "(--query-timeout) and was stopped") from None
        except (EOFError, OSError):
            self._replace(worker)
            raise QueryFailed(500, "the query worker died; the query was not answered") from None
        self._idle.put(worker)
        if status == "error":
            raise QueryFailed(*value)
        return value

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        self._add()

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()
