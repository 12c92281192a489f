"""QC queries (``queries/qc/*-violation.rq``): store-wide rules in SPARQL; any row is a violation."""

from __future__ import annotations

from typing import Callable

from kg.namespaces import curie
from kg.validation.report import Finding


def qc_names() -> tuple[str, ...]:
    from kg.queries import qc_queries

    return tuple(f"qc:{q.name}" for q in qc_queries())


def qc_findings(run: Callable[[str], "QueryResult"]) -> list[Finding]:  # noqa: F821
    """Run every QC query through ``run`` (text -> QueryResult); each row becomes a violation
    focused on its first column, with the row's ``message`` column (else the query summary)."""
    from kg.queries import qc_queries

    findings = []
    for q in qc_queries():
        for row in run(q.text).rows():
            values = list(row.values())
            message = row.get("message") or q.summary or q.name
            findings.append(Finding("Violation", curie(values[0]) if values else "", "", message,
                                    f"qc:{q.name}", " ".join(v for v in values[1:] if v != message)))
    return findings
