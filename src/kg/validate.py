"""SHACL validation of emitted RDF against ontology/shapes, and reading RDF files to validate."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from json import JSONDecodeError
from pathlib import Path
from xml.sax import SAXParseException

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.plugins.parsers.notation3 import BadSyntax

from kg.namespaces import PREFIXES, bind_prefixes
from kg.paths import ONTOLOGY_FILE, SHAPES_DIR

CORE_SHAPES = "core.ttl"
RECOMMENDED_SHAPES = "recommended.ttl"

# extension -> (rdflib parser, name shown to users, holds named graphs)
RDF_FORMATS: dict[str, tuple[str, str, bool]] = {
    ".ttl": ("turtle", "Turtle", False),
    ".nt": ("nt", "N-Triples", False),
    ".nq": ("nquads", "N-Quads", True),
    ".trig": ("trig", "TriG", True),
    ".jsonld": ("json-ld", "JSON-LD", True),
    ".json": ("json-ld", "JSON-LD", True),
    ".rdf": ("xml", "RDF/XML", False),
    ".xml": ("xml", "RDF/XML", False),
    ".n3": ("n3", "N3", False),
}

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
# Longest namespace first, so id: wins over a shorter base that also matches.
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: len(item[1]), reverse=True)
_REASON_MAX = 160


class RDFSyntaxError(ValueError):
    """An RDF file could not be read; the message is one line naming the file and the reason."""


@dataclass(frozen=True)
class Violation:
    """One SHACL result, every field a compact string (CURIEs, N3 literals) for stable output.

    ``path`` and ``value`` are "" when the result has none; ``severity`` is "Violation",
    "Warning" or "Info".
    """

    focus_node: str
    path: str
    message: str
    severity: str
    source_shape: str
    value: str


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of validating one graph: data first (the report graph), text second."""

    conforms: bool
    violations: tuple[Violation, ...]
    report_graph: Graph

    def to_text(self) -> str:
        """One line per result, ``<Severity>: <focus> <path>: <message>``, sorted."""
        lines = []
        for v in self.violations:
            where = f"{v.focus_node} {v.path}" if v.path else v.focus_node
            lines.append(f"{v.severity}: {where}: {v.message}")
        return "\n".join(lines)

    def to_json(self) -> str:
        """``{"conforms": ..., "results": [...]}`` with sorted keys, results in to_text order."""
        document = {"conforms": self.conforms, "results": [asdict(v) for v in self.violations]}
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)

    def to_turtle(self) -> str:
        """The sh:ValidationReport graph as Turtle."""
        return self.report_graph.serialize(format="turtle")


# --- shapes and ontology, loaded once per process -------------------------------------------


@cache
def shapes_graph(include_warnings: bool = False) -> Graph:
    """Core shapes, plus the recommended (warning) shapes when asked for."""
    graph = Graph()
    graph.parse(SHAPES_DIR / CORE_SHAPES, format="turtle")
    if include_warnings:
        graph.parse(SHAPES_DIR / RECOMMENDED_SHAPES, format="turtle")
    bind_prefixes(graph)
    return graph


@cache
def ontology_graph() -> Graph:
    """The ontology, mixed into every data graph so sh:class and sh:targetClass see subclasses."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


# --- validation -----------------------------------------------------------------------------


def union_graph(data: Graph) -> Graph:
    """A Dataset's named graphs (and default graph) merged into one Graph; a Graph as is."""
    if not isinstance(data, Dataset):
        return data
    merged = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged


def validate_graph(data: Graph, *, include_warnings: bool = False) -> ValidationResult:
    """Validate ``data`` (a Graph, or a Dataset whose graphs are merged) against the shapes.

    Pass an article graph together with graph/entities and graph/topics: actor and topic types
    live there, and sh:class needs them. The ontology is mixed in (``ont_graph``) so sh:class
    and sh:targetClass follow rdfs:subClassOf. No inference: RDFS would add types from our
    rdfs:range axioms (a topic used as a claimant would *become* a kg:Actor), which hides
    exactly the errors sh:class is there to catch, and it is slower.
    """
    _, report_graph, _ = pyshacl.validate(
        union_graph(data),
        shacl_graph=shapes_graph(include_warnings),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=False,
        allow_warnings=True,
        allow_infos=True,
    )
    bind_prefixes(report_graph)
    violations = tuple(sorted(_results(report_graph), key=_sort_key))
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationResult(conforms=conforms, violations=violations, report_graph=report_graph)


def _sort_key(v: Violation) -> tuple:
    return (_SEVERITY_ORDER.get(v.severity, 3), v.focus_node, v.path, v.message, v.source_shape, v.value)


def _results(report: Graph) -> Iterator[Violation]:
    for result in report.objects(None, SH.result):
        severity = report.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        yield Violation(
            focus_node=show_node(report.value(result, SH.focusNode)),
            path="" if path is None else show_path(report, path),
            message="; ".join(messages),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            source_shape=show_node(report.value(result, SH.sourceShape)),
            value="" if value is None else show_node(value),
        )


def show_node(node) -> str:
    """A node as a CURIE when one of our prefixes fits, else <iri>; literals in N3 form."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        iri = str(node)
        for prefix, namespace in _NAMESPACES:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return f"<{iri}>"
    if isinstance(node, Literal):
        text = json.dumps(str(node), ensure_ascii=False)
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None:
            return f"{text}^^{show_node(node.datatype)}"
        return text
    return "[]"  # blank node ids differ between runs; never print them


def show_path(graph: Graph, path) -> str:
    """A SHACL property path in SPARQL property-path syntax, e.g. kg:evidence/kg:inArticle."""
    if isinstance(path, URIRef):
        return show_node(path)
    if not isinstance(path, BNode):
        return show_node(path)
    if graph.value(path, RDF.first) is not None:
        return "/".join(show_path(graph, step) for step in Collection(graph, path))
    unary = {
        SH.inversePath: "^{}",
        SH.zeroOrMorePath: "{}*",
        SH.oneOrMorePath: "{}+",
        SH.zeroOrOnePath: "{}?",
    }
    for predicate, template in unary.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(_grouped(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(show_path(graph, step) for step in Collection(graph, alternatives)) + ")"
    return "[]"


def _grouped(graph: Graph, path) -> str:
    text = show_path(graph, path)
    return text if isinstance(path, URIRef) or text.startswith("(") else f"({text})"


# --- reading RDF files ----------------------------------------------------------------------


@contextmanager
def _quiet_literal_warnings() -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal; SHACL reports those properly."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _short_reason(error: Exception) -> str:
    """The parser's complaint on one line, with the line number when the parser knows it."""
    if isinstance(error, BadSyntax):
        reason = f"line {error.lines + 1}: {error._why}"
    elif isinstance(error, JSONDecodeError):
        reason = f"line {error.lineno}: {error.msg}"
    elif isinstance(error, SAXParseException):
        reason = f"line {error.getLineNumber()}: {error.getMessage()}"
    else:
        reason = " ".join(str(error).split()) or type(error).__name__
    if len(reason) > _REASON_MAX:
        reason = reason[: _REASON_MAX - 1] + "…"
    return reason


def load_rdf_file(path: str | Path) -> Graph:
    """Parse an RDF file, the syntax guessed from its extension.

    Quad syntaxes (.nq, .trig, .jsonld/.json) give a Dataset, the others a Graph;
    validate_graph merges a Dataset's graphs. A missing file raises FileNotFoundError.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in RDF_FORMATS:
        raise RDFSyntaxError(f"{path}: unknown RDF file extension '{suffix}'")
    parser, name, quads = RDF_FORMATS[suffix]
    graph: Graph = Dataset() if quads else Graph()
    try:
        with _quiet_literal_warnings():
            graph.parse(path, format=parser)
    except OSError:
        raise
    except Exception as error:  # every rdflib parser has its own exception types
        raise RDFSyntaxError(f"{path}: not valid {name}: {_short_reason(error)}") from None
    bind_prefixes(graph)
    return graph
