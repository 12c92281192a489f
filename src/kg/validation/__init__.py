"""Validation of the store or of RDF files: SHACL shapes (kg.validation.shacl) plus the QC
queries (kg.validation.qc), into one Report (kg.validation.report) in any report format.

pySHACL is slow on big graphs, so the store is validated one article graph at a time (with the
descriptions of the actors it mentions), the shared entities graph once, and store-wide rules
run as SPARQL. Files are validated as one graph (the union of all of them, so types declared in
one file count for instances in another), and each finding points at the file and line where
its focus node appears.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable

from kg.errors import RDFSyntaxError
from kg.validation.report import REPORT_FORMATS, Finding, Report  # noqa: F401  (public API)

Progress = Callable[[int, int], None]


def _checks(include_warnings: bool) -> tuple[str, ...]:
    from kg.validation.qc import qc_names
    from kg.validation.shacl import shape_names

    return shape_names(include_warnings) + qc_names()


def _add_shacl(report: Report, graph, include_warnings: bool) -> None:
    from kg.validation.shacl import validate_graph

    result = validate_graph(graph, include_warnings=include_warnings)
    report.findings.extend(result.findings)
    if report.report_graph is None:
        report.report_graph = result.report_graph
    else:
        report.report_graph += result.report_graph


def validate_files(paths: Iterable[Path], *, include_warnings: bool = False) -> Report:
    """Validate RDF files and folders (every RDF file under them) as one graph.

    A file that cannot be read is recorded in ``report.errors`` (exit code 2), and the others
    are still validated, so one CI run shows every problem.
    """
    from kg.queries import run_on_store
    from kg.rdfio.read import rdf_files, read_quads, union_graph
    from kg.store import KGStore
    from kg.validation.qc import qc_findings

    report = Report(unit="file", checks=_checks(include_warnings))
    files = rdf_files(paths)
    quads: list = []
    read: list[tuple[Path, list]] = []
    for path in files:
        try:
            q = read_quads(path)
        except RDFSyntaxError as exc:
            report.errors.append(exc)
            continue
        read.append((path, q))
        quads.extend(q)
    report.checked = len(read)
    if not read:
        return report
    _add_shacl(report, union_graph(quads), include_warnings)
    with KGStore.in_memory(quads) as store:
        report.findings.extend(qc_findings(lambda text: run_on_store(store, text)))
    locate = _Locator(read)
    report.findings = [_located(f, locate) for f in report.findings]
    return report


def _located(f: Finding, locate: "_Locator") -> Finding:
    file = locate.file(f.focus)
    if not file:
        return f
    return replace(f, file=file, line=locate.line(file, f.focus))


def validate_store(store, *, include_warnings: bool = False, progress: Progress | None = None) -> Report:
    """SHACL per article graph (plus the actors and topics it uses), the entities graph once,
    then the QC queries over the whole store."""
    import pyoxigraph as ox

    from kg import iri
    from kg.build import validation_graph
    from kg.namespaces import ENTITIES_GRAPH
    from kg.queries import run_on_store
    from kg.rdfio.read import union_graph
    from kg.validation.qc import qc_findings

    report = Report(unit="graph", checks=_checks(include_warnings))
    ids = store.article_ids()
    for n, article_id in enumerate(ids, 1):
        graph = union_graph(store.graph_quads(ox.NamedNode(str(iri.article_graph(article_id)))))
        _add_shacl(report, validation_graph(graph), include_warnings)
        report.checked += 1
        if progress:
            progress(n, len(ids))
    _add_shacl(report, union_graph(store.graph_quads(ox.NamedNode(ENTITIES_GRAPH))), include_warnings)
    report.checked += 1
    report.findings.extend(qc_findings(lambda text: run_on_store(store, text)))
    return report


class _Locator:
    """Where a focus node is described: the first file holding it as a subject, and the first
    line of that file that names it (as <iri>, a prefixed name the file declares, or "iri")."""

    def __init__(self, read: list[tuple[Path, list]]):
        import pyoxigraph as ox

        self._subjects: dict[str, str] = {}
        self._paths = {str(p): p for p, _ in read}
        for path, quads in read:
            for q in quads:
                if isinstance(q.subject, ox.NamedNode):
                    self._subjects.setdefault(q.subject.value, str(path))
        self._lines: dict[str, list[str]] = {}
        self._prefixes: dict[str, dict[str, str]] = {}

    @staticmethod
    def _iri(focus: str) -> str:
        from kg.namespaces import expand

        return focus[1:-1] if focus.startswith("<") and focus.endswith(">") else expand(focus)

    def file(self, focus: str) -> str:
        return self._subjects.get(self._iri(focus), "") if focus else ""

    def line(self, file: str, focus: str) -> int | None:
        from kg.namespaces import PREFIXES
        from kg.rdfio.read import file_prefixes

        iri = self._iri(focus)
        path = self._paths[file]
        if file not in self._lines:
            self._lines[file] = path.read_text(encoding="utf-8", errors="replace").splitlines()
            self._prefixes[file] = {**PREFIXES, **file_prefixes(path)}
        prefixes = self._prefixes[file]
        names = [re.escape(f"<{iri}>"), re.escape(f'"{iri}"')]
        names += [re.escape(f"{p}:{iri[len(ns):]}") + r"(?![\w\-/#%:])"
                  for p, ns in prefixes.items() if ns and iri.startswith(ns) and len(iri) > len(ns)]
        pattern = re.compile("|".join(names))
        for n, text in enumerate(self._lines[file], 1):
            if pattern.search(text):
                return n
        return None
