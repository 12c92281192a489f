"""SHACL: the shapes (ontology/shapes/), the engine that checks a graph against them, and the
translation of its sh:ValidationReport into Findings.

The engine sits behind :class:`ShaclEngine` (``ENGINE``): it takes an rdflib Graph and gives
the report graph, so a faster engine can replace pySHACL without touching the callers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Iterator, Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kg.namespaces import bind_prefixes, curie
from kg.paths import ONTOLOGY_FILE, SHAPES_DIR
from kg.validation.report import Finding, sort_key

CORE_SHAPES = "core.ttl"
RECOMMENDED_SHAPES = "recommended.ttl"


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


@cache
def shape_names(include_warnings: bool = False) -> tuple[str, ...]:
    """Every named shape (node and property shapes), as CURIEs, sorted: the JUnit test cases."""
    g = shapes_graph(include_warnings)
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    return tuple(sorted(show_node(s) for s in shapes if isinstance(s, URIRef)))


class ShaclEngine(Protocol):
    def validate(self, data: Graph, shapes: Graph, ontology: Graph) -> Graph:
        """The sh:ValidationReport graph of ``data`` (with ``ontology`` mixed in)."""


class PySHACL:
    """pySHACL without inference: RDFS would add types from our rdfs:range axioms (a topic used
    as a claimant would *become* a kg:Actor), which hides exactly the errors sh:class is there
    to catch, and it is slower."""

    def validate(self, data: Graph, shapes: Graph, ontology: Graph) -> Graph:
        import pyshacl

        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                        inference="none", advanced=False,
                                        allow_warnings=True, allow_infos=True)
        return report


ENGINE: ShaclEngine = PySHACL()


@dataclass(frozen=True)
class ShaclResult:
    """One graph's SHACL outcome: findings sorted (violations first), and the report graph."""

    findings: tuple[Finding, ...]
    report_graph: Graph

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)


def validate_graph(data: Graph, *, include_warnings: bool = False) -> ShaclResult:
    """Validate one rdflib Graph against the shapes.

    Pass an article graph together with graph/entities and graph/topics: actor and topic types
    live there, and sh:class needs them. The ontology is mixed in so sh:class and
    sh:targetClass follow rdfs:subClassOf.
    """
    report = ENGINE.validate(data, shapes_graph(include_warnings), ontology_graph())
    bind_prefixes(report)
    return ShaclResult(tuple(sorted(_findings(report), key=sort_key)), report)


def _findings(report: Graph) -> Iterator[Finding]:
    for result in report.objects(None, SH.result):
        severity = report.value(result, SH.resultSeverity)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        yield Finding(
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            focus=show_node(report.value(result, SH.focusNode)),
            path="" if path is None else show_path(report, path),
            message="; ".join(sorted(str(m) for m in report.objects(result, SH.resultMessage))),
            source=show_node(report.value(result, SH.sourceShape)),
            value="" if value is None else show_node(value),
        )


def show_node(node) -> str:
    """A node as a CURIE when one of our prefixes fits, else <iri>; literals in N3 form."""
    import json

    if node is None:
        return ""
    if isinstance(node, URIRef):
        shown = curie(str(node))
        return shown if shown != str(node) else f"<{node}>"
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
