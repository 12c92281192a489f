"""The span-length rule lives in a QC query (fast in Oxigraph), not in the SHACL shapes."""

from pathlib import Path

from rdflib import Graph

from kg.queries import find_query, run_on_graph
from kg.validation import validate_files

FIXTURE = Path(__file__).parent / "fixtures" / "span-length-mismatch.ttl"


def test_qc_finds_a_span_whose_text_length_differs_from_its_offsets():
    rows = run_on_graph(Graph().parse(FIXTURE), find_query("bad-text-span-violation").text).rows()
    assert [r["message"] for r in rows] == ["span's oa:exact is not oa:end - oa:start characters long"]


def test_kg_validate_reports_it_as_a_violation():
    outcome = validate_files([FIXTURE])
    assert not outcome.conforms
    assert [f.source for f in outcome.findings if f.severity == "Violation"] == ["qc:bad-text-span-violation"]
