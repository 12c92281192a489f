"""The one RDF writer: deterministic, streamed exports (same content, byte-identical file).

Order: the default graph (if any) first, then the named graphs in IRI order; each graph's
triples sorted (as N-Triples lines, which Oxigraph writes and sorting cannot make invalid). Only
one graph is held in memory at a time, so an export takes time proportional to the store and
memory bounded by its biggest graph; the work per triple happens in Oxigraph, not in Python.
Graph-less formats (Turtle, N-Triples) write the set union: a triple an earlier graph already
holds is left out (found by one SPARQL query per graph, no set of the whole store in memory),
and the triples with blank nodes come last.

Blank nodes (the ontology's OWL axioms) are relabelled with RDFC-1.0 canonical labels, so their
random store ids never leak into the order or the text. RDFC-1.0 labels depend only on the
quads that mention blank nodes, so those alone are canonicalised, not the whole store.

Text formats go through Oxigraph's writer (every prefix used is declared); JSON-LD is compacted
by rdflib, one graph at a time, against ontology/context.jsonld, which the file embeds.
"""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Protocol

import pyoxigraph as ox

from kg.errors import KGError
from kg.namespaces import GRAPH_NS, PREFIXES
from kg.files import atomic_output, write_atomically  # noqa: F401  (re-exported)
from kg.paths import ONTOLOGY_DIR
from kg.rdfio import EXPORT_FORMATS, SYNTAXES

CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
FORMATS = {name: SYNTAXES[name].extension for name in EXPORT_FORMATS}


class QuadSource(Protocol):
    """What the writer needs from a store (kg.store.KGStore implements it)."""

    def graph_names(self) -> list: ...  # DefaultGraph first if non-empty, then NamedNodes sorted
    def graph_ntriples_bytes(self, graph) -> bytes: ...  # one graph, in the store's own writer
    def blank_node_quads(self) -> Iterable[ox.Quad]: ...
    def triples_held_earlier(self, graph) -> Iterable[ox.Triple]: ...  # also in an earlier graph


def _graph_key(graph) -> str:
    return "" if isinstance(graph, ox.DefaultGraph) else graph.value


def _canonical(quads: list[ox.Quad]) -> list[ox.Quad]:
    if not quads:
        return []
    ds = ox.Dataset(quads)
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(ds)


def _nt_lines(items: Iterable) -> list[bytes]:
    """Triples (or quads, graph dropped) as N-Triples lines, by Oxigraph's writer."""
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in items]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines() if triples else []


def _is_blank_line(line: bytes) -> bool:
    """An N-Triples line whose subject or object is a blank node (a literal's last token ends
    in a quote, a language tag or a datatype IRI, never in a blank node label)."""
    if line.startswith(b"_:"):
        return True
    last = line[:-2].rsplit(b" ", 1)[-1]
    return last.startswith(b"_:") and b'"' not in last and b">" not in last and b"@" not in last


def graph_lines(store: QuadSource, *, merged: bool = False) -> Iterator[tuple[object, list[bytes]]]:
    """(graph name, its triples as sorted N-Triples lines) for every graph, in order; blank
    nodes carry canonical labels.

    ``merged`` (the set union, for graph-less formats): lines an earlier graph already holds are
    left out, and the blank-node triples come last (graph name None), canonicalised as one graph
    so their labels do not depend on which named graph held them.
    """
    raw = list(store.blank_node_quads())
    with_blank = {_graph_key(q.graph_name) for q in raw}
    canonical: dict[str, list[bytes]] = {}
    if merged:
        merged_blank = sorted(set(_nt_lines(_canonical(list({ox.Quad(q.subject, q.predicate, q.object)
                                                              for q in raw})))))
    else:
        by_graph: dict[str, list] = {}
        for q in _canonical(raw):
            by_graph.setdefault(_graph_key(q.graph_name), []).append(q)
        canonical = {key: _nt_lines(quads) for key, quads in by_graph.items()}
    for graph in store.graph_names():
        key = _graph_key(graph)
        lines = store.graph_ntriples_bytes(graph).splitlines()
        if key in with_blank:
            lines = [line for line in lines if not _is_blank_line(line)]
        if merged:
            seen = set(_nt_lines(store.triples_held_earlier(graph)))
            if seen:
                lines = [line for line in lines if line not in seen]
        else:
            lines.extend(canonical.get(key, ()))
        lines.sort()
        yield graph, lines
    if merged and merged_blank:
        yield None, merged_blank


def _nquads_lines(graph, lines: list[bytes]) -> list[bytes]:
    if graph is None or isinstance(graph, ox.DefaultGraph):
        return lines
    name = b" " + str(graph).encode("utf-8") + b" ."
    return [line[:-2] + name for line in lines]


def _parsed(store: QuadSource, quads: bool) -> Iterator:
    """Every graph's sorted lines parsed back into terms (in Oxigraph), for the writers that
    group by subject and graph (Turtle, TriG): they keep the order of their input."""
    fmt = ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES
    for graph, lines in graph_lines(store, merged=not quads):
        if lines:
            data = b"\n".join(_nquads_lines(graph, lines) if quads else lines) + b"\n"
            yield from ox.parse(data, format=fmt)


def export(store: QuadSource, fmt: str, out: BinaryIO) -> None:
    """Write the whole store to ``out`` in ``fmt``; graph-less formats merge the graphs."""
    if fmt not in FORMATS:
        raise KGError(f"unknown export format '{fmt}' (one of {', '.join(FORMATS)})")
    if fmt == "jsonld":
        _jsonld(store, out)
    elif fmt in ("nquads", "ntriples"):
        for graph, lines in graph_lines(store, merged=fmt == "ntriples"):
            if lines:
                out.write(b"\n".join(_nquads_lines(graph, lines) if fmt == "nquads" else lines) + b"\n")
    else:
        target = _SortedPrefixHeader(out)
        ox.serialize(_parsed(store, quads=fmt == "trig"), target,
                     getattr(ox.RdfFormat, SYNTAXES[fmt].ox_format), prefixes=PREFIXES)
        target.close()


def export_text(store: QuadSource, fmt: str) -> str:
    """The export as one string (tests, small stores); ``export`` streams to a file."""
    buffer = io.BytesIO()
    export(store, fmt, buffer)
    return buffer.getvalue().decode("utf-8")


def sorted_nquads(store: QuadSource) -> str:
    return export_text(store, "nquads")


def sorted_ntriples(store: QuadSource) -> str:
    return export_text(store, "ntriples")


class _SortedPrefixHeader(io.RawIOBase):
    """Passes bytes through, except that the ``@prefix`` lines at the top are sorted first:
    the writer's prefix order is its map's, not ours, and the bytes must never depend on it."""

    def __init__(self, out: BinaryIO):
        self._out = out
        self._head = bytearray()
        self._done = False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        if self._done:
            self._out.write(data)
            return len(data)
        self._head += data
        lines = self._head.split(b"\n")
        # header is complete once a finished line does not start with @prefix
        for i, line in enumerate(lines[:-1]):
            if not line.startswith(b"@prefix "):
                self._flush_head(i)
                break
        return len(data)

    def _flush_head(self, n: int) -> None:
        lines = self._head.split(b"\n")
        self._out.write(b"".join(line + b"\n" for line in sorted(lines[:n])) + b"\n".join(lines[n:]))
        self._head = bytearray()
        self._done = True

    def close(self) -> None:
        if not self._done:
            lines = self._head.split(b"\n")
            n = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")), len(lines))
            self._flush_head(n)
        super().close()


# --- JSON-LD ---------------------------------------------------------------------------------


def context_document() -> dict:
    """The published JSON-LD context (ontology/context.jsonld): our prefixes, and graph: for
    the named graphs. Generated from kg.namespaces; a test checks the shipped file is current."""
    return {"@context": {**PREFIXES, "graph": GRAPH_NS}}


def write_context_file() -> None:
    """(Re)write ontology/context.jsonld from kg.namespaces (make docs)."""
    write_atomically(CONTEXT_FILE, json.dumps(context_document(), indent=2) + "\n")


@cache
def _context() -> dict:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def _jsonld(store: QuadSource, out: BinaryIO) -> None:
    """``{"@context": ..., "@graph": [default-graph nodes..., {"@id": graph, "@graph": [...]}...]}``,
    written one graph at a time; keys sorted, nodes sorted, one node per line."""
    from kg.rdfio.read import union_graph

    context = _context()
    out.write(b'{\n "@context": ' + _dumps(context).encode("utf-8") + b',\n "@graph": [')
    sep = b"\n  "
    for graph, lines in graph_lines(store):
        quads = ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_TRIPLES) if lines else []
        nodes = [_compact_ids(n, context) for n in _compacted_nodes(union_graph(quads), context)]
        if isinstance(graph, ox.DefaultGraph):
            for node in nodes:
                out.write(sep + _dumps(node).encode("utf-8"))
                sep = b",\n  "
            continue
        out.write(sep + b'{"@id":' + _dumps(_compact(graph.value, context)).encode("utf-8") + b',"@graph":[')
        out.write(b",".join(b"\n   " + _dumps(node).encode("utf-8") for node in nodes) + b"\n  ]}")
        sep = b",\n  "
    out.write(b"\n ]\n}\n")


def _compacted_nodes(graph, context: dict) -> list:
    doc = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=False))
    if isinstance(doc, dict):
        doc.pop("@context", None)
        nodes = doc.get("@graph", [doc] if doc else [])
    else:
        nodes = doc
    return _sorted_jsonld(nodes)


def _compact_ids(node, context: dict):
    """rdflib compacts properties and types but leaves ``@id`` values whole; compact those too
    (``id:actor/china``), which every JSON-LD processor expands back through the prefixes."""
    if isinstance(node, dict):
        return {k: (_compact(v, context) if k == "@id" and isinstance(v, str) and not v.startswith("_:")
                    else _compact_ids(v, context)) for k, v in node.items()}
    if isinstance(node, list):
        return [_compact_ids(v, context) for v in node]
    return node


def _compact(iri: str, context: dict) -> str:
    for prefix, ns in sorted(context.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _dumps(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _sorted_jsonld(node):
    """rdflib emits JSON-LD nodes and values in set order; sort them (never an @list)."""
    if isinstance(node, dict):
        return {k: (v if k == "@list" else _sorted_jsonld(v)) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_jsonld(v) for v in node]
        return sorted(items, key=_dumps)
    return node


# --- files -----------------------------------------------------------------------------------


def export_file(store: QuadSource, fmt: str, path: Path) -> None:
    """Export to ``path`` atomically (a failed export leaves the old file, or none)."""
    try:
        with atomic_output(path) as fh:
            export(store, fmt, fh)
    except OSError as exc:
        raise KGError(f"{path}: cannot write: {exc.strerror or exc}") from None
