"""The one RDF reader: files (syntax from the extension) -> pyoxigraph quads, errors in one wording.

Oxigraph parses every syntax we accept, JSON-LD included, so ``kg load``, ``kg validate`` and
``kg query --data`` report a bad file the same way: ``path: not valid Turtle: line 3, column 17:
reason``. rdflib is used only to hand a union graph to code that needs one (pySHACL, rdflib's
SPARQL engine), never to parse.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kg.errors import RDFSyntaxError, first_line
from kg.rdfio import EXTENSIONS, Syntax

_OX_POSITION = re.compile(r"^Parser error at line (\d+) (?:column (\d+)|between columns (\d+) and \d+): ")
_OX_FILE_SUFFIX = re.compile(r" \([^()]*, line \d+\)$")
_REASON_MAX = 160


def syntax_of(path: Path) -> Syntax:
    """The syntax an extension stands for, or RDFSyntaxError naming the extension."""
    syntax = EXTENSIONS.get(Path(path).suffix.lower())
    if syntax is None:
        raise RDFSyntaxError(path, f"unknown RDF file extension '{Path(path).suffix}' "
                                   f"(one of {' '.join(sorted(EXTENSIONS))})")
    return syntax


def rdf_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders replaced by every RDF file under them (sorted, hidden ones skipped)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in EXTENSIONS
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise RDFSyntaxError(path, "no RDF files in this folder "
                                           f"(extensions {' '.join(sorted(EXTENSIONS))})")
            out.extend(found)
        elif path.exists():
            out.append(path)
        else:
            raise RDFSyntaxError(path, "no such file or folder")
    return out


def read_quads(path: Path | str) -> list[ox.Quad]:
    """Every quad of one RDF file (triple syntaxes give default-graph quads).

    Blank nodes get fresh ids per file, so ``_:b1`` in two files are two nodes, as RDF says.
    """
    path = Path(path)
    syntax = syntax_of(path)
    if not path.is_file():
        raise RDFSyntaxError(path, "no such file" if not path.exists() else "not a file")
    try:
        return list(ox.parse(path=str(path), format=getattr(ox.RdfFormat, syntax.ox_format),
                             base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        line, reason = _position(exc)
        raise RDFSyntaxError(path, f"not valid {syntax.label}: {reason}", line) from None
    except (ValueError, OSError) as exc:
        raise RDFSyntaxError(path, f"not valid {syntax.label}: {_cut(first_line(exc))}") from None


def file_prefixes(path: Path) -> dict[str, str]:
    """The prefixes a Turtle/TriG/N3 file declares (for pointing at lines), {} for the others."""
    syntax = syntax_of(path)
    if syntax.name not in ("turtle", "trig", "n3"):
        return {}
    parser = ox.parse(path=str(path), format=getattr(ox.RdfFormat, syntax.ox_format),
                      base_iri=Path(path).resolve().as_uri())
    try:
        for _ in parser:
            pass
    except SyntaxError:
        pass
    return dict(parser.prefixes)


def _position(exc: SyntaxError) -> tuple[int | None, str]:
    """(line, "line N, column M: reason") from an Oxigraph parser error."""
    text = first_line(exc.msg or str(exc))
    text = _OX_FILE_SUFFIX.sub("", text)
    match = _OX_POSITION.match(text)
    if match:
        line = int(match.group(1))
        column = match.group(2) or match.group(3)
        return line, _cut(f"line {line}, column {column}: {text[match.end():]}")
    if "LoadDocumentCallback" in text:
        return None, "it uses a remote @context, and kg reads no network: put the context inline"
    return exc.lineno, _cut((f"line {exc.lineno}: " if exc.lineno else "") + text)


def _cut(text: str) -> str:
    return text if len(text) <= _REASON_MAX else text[: _REASON_MAX - 1] + "…"


# --- handing quads to rdflib ----------------------------------------------------------------

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term):
    """A pyoxigraph term as the equal rdflib term."""
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


def union_graph(quads: Iterable) -> "rdflib.Graph":  # noqa: F821
    """One rdflib Graph holding the triples of every graph of ``quads`` (pyoxigraph quads or
    triples): the data pySHACL and rdflib's SPARQL engine see."""
    import logging

    from rdflib import Graph

    from kg.namespaces import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    term = rdflib_term
    logger = logging.getLogger("rdflib.term")  # ill-typed literals: SHACL reports them properly
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        for q in quads:
            graph.add((term(q.subject), term(q.predicate), term(q.object)))
    finally:
        logger.setLevel(level)
    return graph


def read_graph(paths: Iterable[Path]) -> "rdflib.Graph":  # noqa: F821
    """The union of every triple of the files (folders expanded) as one rdflib Graph."""
    quads: list = []
    for path in rdf_files(paths):
        quads.extend(read_quads(path))
    return union_graph(quads)
