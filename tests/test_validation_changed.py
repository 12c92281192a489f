"""kg validate --changed: only article graphs changed since the last run, plus the store-wide checks."""

from __future__ import annotations

import json
import shutil

from tests.conftest import run_kg

from kg import iri
from kg.store import KGStore


def _validate_changed(store, *extra):
    proc = run_kg("validate", "--changed", "--store", str(store), "--format", "json", *extra)
    return proc.returncode, json.loads(proc.stdout)


def test_only_changed_graphs_are_validated_again(seed_store_path, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seed_store_path, store)
    with KGStore(store, read_only=True) as st:
        ids = st.article_ids()
        first = ids[0]
        original = st.graph_ntriples(iri.article_graph(first))
    assert len(ids) == 5

    code, report = _validate_changed(store)  # no ledger yet: every graph, plus graph/entities
    assert (code, report["conforms"], report["graphsChecked"]) == (0, True, len(ids) + 1)
    assert (tmp_path / "store.validated.json").is_file()
    code, report = _validate_changed(store)  # nothing changed: graph/entities only
    assert (code, report["graphsChecked"]) == (0, 1)

    title = "<http://purl.org/dc/terms/title>"
    broken = "".join(line + "\n" for line in original.splitlines() if title not in line)
    with KGStore(store) as st:
        st.replace_graph(str(iri.article_graph(first)), broken)
    code, report = _validate_changed(store)
    assert (code, report["conforms"], report["graphsChecked"]) == (1, False, 2)
    assert [(r["focusNode"], r["resultPath"], r["sourceShape"]) for r in report["results"]] == [
        (f"id:article/{first}", "", "qc:article-without-title-violation"),
        (f"id:article/{first}", "dcterms:title", "kgsh:Article_title")]
    code, report = _validate_changed(store)  # a failing graph is checked (and reported) until fixed
    assert (code, report["graphsChecked"]) == (1, 2)

    with KGStore(store) as st:
        st.replace_graph(str(iri.article_graph(first)), original)
    assert _validate_changed(store)[1]["graphsChecked"] == 2
    assert _validate_changed(store)[1]["graphsChecked"] == 1
    # another verdict context (warnings) starts from scratch
    code, report = _validate_changed(store, "--warnings")
    assert (code, report["graphsChecked"]) == (0, len(ids) + 1)
    assert {r["severity"] for r in report["results"]} == {"Warning"}


def test_changed_reports_what_a_full_validation_reports(seed_store_path, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seed_store_path, store)
    full = run_kg("validate", "--store", str(store), "--format", "json", "--warnings")
    changed = run_kg("validate", "--changed", "--store", str(store), "--format", "json", "--warnings")
    assert full.returncode == changed.returncode == 0
    assert json.loads(full.stdout) == json.loads(changed.stdout)


def test_changed_refuses_a_file_or_turtle(tmp_path):
    proc = run_kg("validate", "--changed", "--format", "turtle", "--store", str(tmp_path / "s"))
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == (
        "Error: --changed: validates the store, not files, and reports in text, json, junit or github "
        "(not turtle)")


def test_shapes_the_compiled_engine_refuses_are_one_line(seed_store_path, monkeypatch):
    import pytest

    import kg.validation.compiled
    from kg.errors import KGError
    from kg.validation.changed import validate_changed

    def refuse(include_warnings=False):
        raise kg.validation.compiled.Unsupported("constraint http://www.w3.org/ns/shacl#closed")

    monkeypatch.setattr(kg.validation.compiled, "compiled", refuse)
    with KGStore(seed_store_path, read_only=True) as st, pytest.raises(KGError) as caught:
        validate_changed(st)
    assert str(caught.value) == (
        "--changed: the shapes use constraint http://www.w3.org/ns/shacl#closed, which the compiled "
        "shapes engine does not implement; run kg validate without --changed")
