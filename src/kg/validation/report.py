"""The one validation result type (Finding, Report) and its report formats:
text, json, junit (JUnit XML), github (GitHub Actions annotations) and turtle (sh:ValidationReport).

Exit codes are a contract (docs/errors.md): 0 conforms, 1 violations, 2 an input could not be read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from kg.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, RDFSyntaxError

REPORT_FORMATS = ("text", "json", "junit", "github", "turtle")
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Finding:
    """One failure: a SHACL result or a QC query row, every field a display string (CURIEs,
    N3 literals) so output is stable. ``file``/``line`` say where the focus node is described
    when validating files ("" / None when unknown, e.g. for the store)."""

    severity: str  # Violation | Warning | Info
    focus: str
    path: str
    message: str
    source: str  # the shape (kgsh:...) or QC query (qc:<name>) that found it
    value: str = ""
    file: str = ""
    line: int | None = None

    def text(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        return f"{self.severity}: {where}: {self.message}"


def sort_key(f: Finding) -> tuple:
    return (_SEVERITY_ORDER.get(f.severity, 3), f.focus, f.path, f.message, f.source, f.value)


@dataclass
class Report:
    """Everything one ``kg validate`` found: data first (findings, the SHACL report graph),
    text second (:meth:`render`)."""

    findings: list[Finding] = field(default_factory=list)
    checked: int = 0
    unit: str = "graph"  # what ``checked`` counts: graph (store) or file
    errors: list[RDFSyntaxError] = field(default_factory=list)  # inputs that could not be read
    checks: tuple[str, ...] = ()  # every shape and QC query that ran (JUnit test cases)
    report_graph: object = None  # rdflib Graph: the merged sh:ValidationReport

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)

    @property
    def exit_code(self) -> int:
        if self.errors:
            return EXIT_USAGE
        return EXIT_OK if self.conforms else EXIT_FAILED

    def sorted_findings(self) -> list[Finding]:
        return sorted(set(self.findings), key=sort_key)

    def verdict(self) -> str:
        n = sum(f.severity == "Violation" for f in self.findings)
        text = "conforms" if self.conforms else f"does not conform: {n} violation(s)"
        return f"{text} ({self.checked} {self.unit}(s) checked)"

    def render(self, fmt: str) -> str:
        if fmt not in REPORT_FORMATS:
            raise ValueError(f"unknown report format '{fmt}'")
        return getattr(self, f"_{fmt}")()

    # -- formats --------------------------------------------------------------------------
    def _text(self) -> str:
        """One line per finding, sorted, then the verdict (unreadable inputs go to stderr)."""
        if self.errors and not self.checked:
            return ""
        return "".join(f.text() + "\n" for f in self.sorted_findings()) + self.verdict() + "\n"

    def _json(self) -> str:
        return json.dumps({
            "conforms": self.conforms and not self.errors,
            "graphsChecked" if self.unit == "graph" else "filesChecked": self.checked,
            "errors": [{"file": str(e.path), "line": e.line, "message": e.reason} for e in self.errors],
            "results": [{"severity": f.severity, "focusNode": f.focus, "resultPath": f.path,
                         "message": f.message, "sourceShape": f.source, "value": f.value,
                         **({"file": f.file, "line": f.line} if f.file else {})}
                        for f in self.sorted_findings()],
        }, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    def _turtle(self) -> str:
        return self.report_graph.serialize(format="turtle") if self.report_graph is not None else ""

    def _github(self) -> str:
        """Workflow commands GitHub Actions turns into annotations on the file and line."""
        lines = []
        for e in self.errors:
            lines.append(_annotation("error", str(e.path), e.line, "kg validate: unreadable RDF", e.reason))
        for f in self.sorted_findings():
            level = {"Violation": "error", "Warning": "warning"}.get(f.severity, "notice")
            lines.append(_annotation(level, f.file, f.line, f.source, f.text()))
        lines.append(self.verdict() if not (self.errors and not self.checked)
                     else f"could not read {len(self.errors)} file(s)")
        return "\n".join(lines) + "\n"

    def _junit(self) -> str:
        """JUnit XML: one test case per check (shape or QC query) and focus node; a check that
        found nothing is one passing case; an unreadable file is a case with an <error>."""
        import xml.etree.ElementTree as ET

        by_check: dict[str, list[Finding]] = {}
        for f in self.sorted_findings():
            by_check.setdefault(f.source, []).append(f)
        cases = []
        for e in self.errors:
            case = ET.Element("testcase", {"classname": "read", "name": str(e.path), "file": str(e.path)})
            if e.line:
                case.set("line", str(e.line))
            ET.SubElement(case, "error", {"message": e.reason, "type": "RDFSyntaxError"}).text = str(e)
            cases.append(case)
        for check in sorted(set(self.checks) | set(by_check)):
            found = by_check.get(check, [])
            if not found:
                cases.append(ET.Element("testcase", {"classname": check, "name": "conforms"}))
                continue
            by_focus: dict[str, list[Finding]] = {}
            for f in found:
                by_focus.setdefault(f.focus, []).append(f)
            for focus, items in by_focus.items():
                attrs = {"classname": check, "name": focus}
                if items[0].file:
                    attrs["file"] = items[0].file
                    if items[0].line:
                        attrs["line"] = str(items[0].line)
                case = ET.Element("testcase", attrs)
                violations = [f for f in items if f.severity == "Violation"]
                if violations:
                    ET.SubElement(case, "failure", {"message": violations[0].message, "type": "Violation"}
                                  ).text = "\n".join(f.text() for f in violations)
                others = [f for f in items if f.severity != "Violation"]
                if others:
                    ET.SubElement(case, "system-out").text = "\n".join(f.text() for f in others)
                cases.append(case)
        failures = sum(1 for c in cases if c.find("failure") is not None)
        errors = sum(1 for c in cases if c.find("error") is not None)
        counts = {"tests": str(len(cases)), "failures": str(failures), "errors": str(errors)}
        root = ET.Element("testsuites", {"name": "kg validate", **counts})
        suite = ET.SubElement(root, "testsuite", {"name": "kg validate", **counts})
        suite.extend(cases)
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _annotation(level: str, file: str, line: int | None, title: str, message: str) -> str:
    props = []
    if file:
        props.append(f"file={_escape_property(file)}")
        if line:
            props.append(f"line={line}")
    props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
