"""Deterministic exports of the store: same store, byte-identical file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.namespaces import bind_prefixes

FORMATS = {
    "turtle": ".ttl",
    "trig": ".trig",
    "ntriples": ".nt",
    "nquads": ".nq",
    "jsonld": ".jsonld",
}


def sorted_nquads(store) -> str:
    lines = sorted({str(q) + " ." for q in store.quads()})
    return "\n".join(lines) + ("\n" if lines else "")


def sorted_ntriples(store) -> str:
    lines = sorted({str(ox.Triple(q.subject, q.predicate, q.object)) + " ." for q in store.quads()})
    return "\n".join(lines) + ("\n" if lines else "")


def export_text(store, fmt: str) -> str:
    """The whole store in ``fmt``; graph-less formats merge every named graph (set union)."""
    if fmt == "nquads":
        return sorted_nquads(store)
    if fmt == "ntriples":
        return sorted_ntriples(store)
    if fmt in ("turtle", "jsonld"):
        from rdflib import Graph

        g = Graph()
        bind_prefixes(g)
        g.parse(data=sorted_ntriples(store), format="nt")
        if fmt == "turtle":
            return g.serialize(format="turtle")
        return g.serialize(format="json-ld", sort_keys=True, indent=1, auto_compact=True)
    if fmt == "trig":
        from rdflib import Dataset

        ds = Dataset()
        bind_prefixes(ds)
        ds.parse(data=sorted_nquads(store), format="nquads")
        return ds.serialize(format="trig")
    raise KGError(f"unknown export format '{fmt}' (one of {', '.join(FORMATS)})")


def write_atomically(path: Path, text: str) -> None:
    """Write to a temp file beside ``path`` and rename, so a reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
