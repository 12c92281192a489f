"""Deterministic exports of the store: same store content, byte-identical file.

Blank nodes (the ontology's OWL axioms) are relabelled with RDFC-1.0 canonical labels first,
so their random store ids never leak into the order or the text of an export.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.namespaces import PREFIXES, bind_prefixes

FORMATS = {
    "turtle": ".ttl",
    "trig": ".trig",
    "ntriples": ".nt",
    "nquads": ".nq",
    "jsonld": ".jsonld",
}


def canonical_quads(store) -> list[ox.Quad]:
    """The store's quads with canonical blank node labels (RDFC-1.0), in sorted order."""
    quads = list(store.quads())
    if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        ds = ox.Dataset(quads)
        ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(ds)
    return sorted(quads, key=str)


def _lines(quads, with_graph: bool) -> str:
    if with_graph:
        lines = sorted({str(q) + " ." for q in quads})
    else:
        lines = sorted({f"{q.subject} {q.predicate} {q.object} ." for q in quads})
    return "\n".join(lines) + ("\n" if lines else "")


def sorted_nquads(store) -> str:
    return _lines(canonical_quads(store), with_graph=True)


def sorted_ntriples(store) -> str:
    return _lines(canonical_quads(store), with_graph=False)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _rdflib_term(term):
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # RDF 1.1: a simple literal *is* xsd:string;
        return Literal(term.value)          # rdflib would treat the two as different terms
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _rdflib_graph(quads):
    """An rdflib Graph holding the quads' triples, keeping the canonical blank node labels."""
    from rdflib import Graph

    g = Graph()
    bind_prefixes(g)
    for q in quads:
        g.add((_rdflib_term(q.subject), _rdflib_term(q.predicate), _rdflib_term(q.object)))
    return g


def _graph_key(q) -> str:
    return "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value


def _oxigraph_text(items, fmt: "ox.RdfFormat") -> str:
    """Oxigraph's own writer: every prefix it uses is declared, and sorted input gives
    sorted, byte-stable output (it groups consecutive triples of one subject)."""
    text = ox.serialize(items, format=fmt, prefixes=PREFIXES).decode("utf-8")
    # The writer's prefix order is its map's, not ours: sort the header lines so the bytes
    # never depend on it.
    lines = text.split("\n")
    n = next((i for i, line in enumerate(lines) if not line.startswith("@prefix ")), len(lines))
    return "\n".join(sorted(lines[:n]) + lines[n:])


def _trig(quads) -> str:
    """TriG with graphs in IRI order and each graph's triples sorted."""
    ordered = sorted(quads, key=lambda q: (_graph_key(q), str(q.subject), str(q.predicate), str(q.object)))
    return _oxigraph_text(ordered, ox.RdfFormat.TRIG)


def _turtle(quads) -> str:
    """Turtle of the set union of every graph's triples, sorted."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return _oxigraph_text(ordered, ox.RdfFormat.TURTLE)


def export_text(store, fmt: str) -> str:
    """The whole store in ``fmt``; graph-less formats merge every named graph (set union)."""
    if fmt not in FORMATS:
        raise KGError(f"unknown export format '{fmt}' (one of {', '.join(FORMATS)})")
    quads = canonical_quads(store)
    if fmt == "nquads":
        return _lines(quads, with_graph=True)
    if fmt == "ntriples":
        return _lines(quads, with_graph=False)
    if fmt == "trig":
        return _trig(quads)
    if fmt == "turtle":
        return _turtle(quads)
    g = _rdflib_graph(quads)
    doc = json.loads(g.serialize(format="json-ld", auto_compact=True))
    return json.dumps(_sorted_jsonld(doc), sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def _sorted_jsonld(node):
    """rdflib emits JSON-LD nodes and values in set order; sort them (never an @list)."""
    if isinstance(node, dict):
        return {k: (v if k == "@list" else _sorted_jsonld(v)) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_jsonld(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


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
