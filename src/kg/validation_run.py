"""Validation of a whole file or store: SHACL per article graph plus the QC queries.

pySHACL is slow on big graphs, so the store is validated one article graph at a time (with the
descriptions of the actors it mentions), the shared entities graph once, and store-wide rules
run as SPARQL (``queries/qc/*-violation.rq``: any row is a failure).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from kg import iri
from kg.errors import KGError


@dataclass(frozen=True)
class Finding:
    """One failure: a SHACL result or a QC row, in one sortable shape."""

    severity: str  # Violation | Warning | Info
    focus: str
    path: str
    message: str
    source: str  # the shape or QC query that found it
    value: str = ""

    def line(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        return f"{self.severity}: {where}: {self.message}"


@dataclass
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    checked: int = 0
    report: Graph = field(default_factory=Graph)

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)

    def render(self, fmt: str) -> str:
        findings = sorted(set(self.findings), key=lambda f: (f.severity != "Violation", f.focus, f.path, f.message, f.source))
        if fmt == "json":
            return json.dumps({
                "conforms": self.conforms,
                "graphsChecked": self.checked,
                "results": [{"severity": f.severity, "focusNode": f.focus, "resultPath": f.path,
                             "message": f.message, "sourceShape": f.source, "value": f.value}
                            for f in findings],
            }, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        if fmt == "turtle":
            return self.report.serialize(format="turtle")
        lines = [f.line() for f in findings]
        n = sum(f.severity == "Violation" for f in findings)
        verdict = "conforms" if self.conforms else f"does not conform: {n} violation(s)"
        lines.append(f"{verdict} ({self.checked} graph(s) checked)")
        return "\n".join(lines) + "\n"


def _findings(result) -> list[Finding]:
    out = []
    for v in result.violations:
        sev = str(v.severity).rsplit("#", 1)[-1]
        out.append(Finding(sev, str(v.focus_node), str(v.path or ""), str(v.message),
                           str(v.source_shape), str(v.value or "")))
    return out


def _shacl(outcome: Outcome, graph: Graph, include_warnings: bool) -> None:
    from kg.validate import validate_graph

    result = validate_graph(graph, include_warnings=include_warnings)
    outcome.findings.extend(_findings(result))
    outcome.report += result.report_graph
    outcome.checked += 1


def load_graph_file(path: Path) -> Graph:
    """An RDF file as one rdflib graph (the union of its graphs for quad formats)."""
    from kg.validate import RDFSyntaxError, load_rdf_file

    if not Path(path).is_file():
        raise KGError(f"{path}: no such file")
    try:
        loaded = load_rdf_file(Path(path))
    except RDFSyntaxError as exc:
        raise KGError(str(exc)) from None
    if isinstance(loaded, Dataset):
        union = Graph()
        for s, p, o, _g in loaded.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return loaded


def run_qc_on(outcome: Outcome, run) -> None:
    """Each QC query's rows become violations (the first column is the focus node)."""
    from kg.queries import qc_queries

    for q in qc_queries():
        result = run(q.text)
        for row in result.rows():
            vals = list(row.values())
            focus = vals[0] if vals else ""
            message = row.get("message") or f"{q.summary or q.name}"
            outcome.findings.append(Finding("Violation", focus, "", message, f"qc:{q.name}",
                                            " ".join(v for v in vals[1:] if v != message)))


def validate_file(path: Path, *, include_warnings: bool = False) -> Outcome:
    from kg.queries import run_on_graph

    graph = load_graph_file(path)
    outcome = Outcome()
    _shacl(outcome, graph, include_warnings)
    run_qc_on(outcome, lambda text: run_on_graph(graph, text))
    return outcome


def validate_store(store, *, include_warnings: bool = False, progress=None) -> Outcome:
    from kg.build import validation_graph
    from kg.queries import run_on_store

    outcome = Outcome()
    ids = store.article_ids()
    for n, article_id in enumerate(ids, 1):
        g = Graph().parse(data=store.graph_ntriples(iri.article_graph(article_id)), format="nt")
        _shacl(outcome, validation_graph(g), include_warnings)
        if progress:
            progress(n, len(ids))
    entities = Graph().parse(data=store.graph_ntriples(iri.ENTITIES_GRAPH), format="nt")
    _shacl(outcome, entities, include_warnings)
    run_qc_on(outcome, lambda text: run_on_store(store, text))
    return outcome
