"""kg validate on files and folders, in every report format, with the documented exit codes."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import ROOT, run_kg

SHAPES = ROOT / "tests" / "shapes"
TWO_TITLES = SHAPES / "invalid" / "Article_title--two-titles.ttl"
MESSAGE = "An article must have exactly one non-empty dcterms:title string."
NT_ERROR = "not valid N-Triples: line 1, column 17: The object of a triple must be an IRI, a blank node or a literal"


@pytest.fixture()
def repo(tmp_path):
    """A folder of hand-curated graphs: one invalid Turtle file, one broken N-Triples file in a
    subfolder, and a hidden folder that must be ignored."""
    (tmp_path / "graphs" / "more").mkdir(parents=True)
    (tmp_path / "graphs" / ".cache").mkdir()
    shutil.copy(TWO_TITLES, tmp_path / "graphs" / "article.ttl")
    (tmp_path / "graphs" / "more" / "bad.nt").write_text("<urn:a> <urn:b> .\n")
    (tmp_path / "graphs" / ".cache" / "junk.ttl").write_text("not turtle\n")
    (tmp_path / "graphs" / "README.md").write_text("not RDF, not read\n")
    return tmp_path


def test_a_folder_is_validated_file_by_file_and_a_bad_file_exits_2(repo):
    out = run_kg("validate", "graphs", cwd=repo)
    assert out.returncode == 2
    assert out.stderr.decode() == f"Error: graphs/more/bad.nt: {NT_ERROR}\n"
    assert out.stdout.decode() == (f"Violation: id:article/001 dcterms:title: {MESSAGE}\n"
                                   "does not conform: 1 violation(s) (1 file(s) checked)\n")


def test_github_annotations_point_at_file_and_line(repo):
    out = run_kg("validate", "graphs", "--format", "github", cwd=repo)
    assert out.returncode == 2
    assert out.stdout.decode().splitlines() == [
        f"::error file=graphs/more/bad.nt,line=1,title=kg validate%3A unreadable RDF::{NT_ERROR}",
        f"::error file=graphs/article.ttl,line=20,title=kgsh%3AArticle_title::Violation: id:article/001 "
        f"dcterms:title: {MESSAGE}",
        "does not conform: 1 violation(s) (1 file(s) checked)",
    ]


def test_junit_has_one_case_per_shape_and_focus_node(repo):
    (repo / "graphs" / "more" / "bad.nt").unlink()
    out = run_kg("validate", "graphs", "--format", "junit", cwd=repo)
    assert out.returncode == 1
    root = ET.fromstring(out.stdout)
    cases = root.findall("./testsuite/testcase")
    assert root.get("failures") == "1" and root.get("errors") == "0" and root.get("tests") == str(len(cases))
    (failed,) = [c for c in cases if c.find("failure") is not None]
    assert failed.attrib == {"classname": "kgsh:Article_title", "name": "id:article/001",
                             "file": "graphs/article.ttl", "line": "20"}
    assert failed.find("failure").get("message") == MESSAGE
    names = {c.get("classname") for c in cases}
    assert {"kgsh:Claim_assertedBy", "qc:bad-text-span-violation"} <= names  # passing checks too
    assert all(c.get("name") == "conforms" for c in cases if c is not failed)


def test_json_lists_unreadable_files_and_results(repo):
    out = run_kg("validate", "graphs", "--format", "json", cwd=repo)
    assert out.returncode == 2
    doc = json.loads(out.stdout)
    assert doc["conforms"] is False and doc["filesChecked"] == 1
    assert doc["errors"] == [{"file": "graphs/more/bad.nt", "line": 1, "message": NT_ERROR}]
    assert [(r["file"], r["line"], r["sourceShape"]) for r in doc["results"]] == [
        ("graphs/article.ttl", 20, "kgsh:Article_title")]


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld", "ntriples", "turtle"])
def test_every_export_of_the_seed_store_validates(seed_store_path, tmp_path, fmt):
    from kg.rdfio.write import FORMATS

    path = tmp_path / f"kg{FORMATS[fmt]}"
    assert run_kg("export", "--store", str(seed_store_path), "-f", fmt, "-o", str(path)).returncode == 0
    out = run_kg("validate", str(path), "--format", "github")
    assert out.returncode == 0, out.stdout.decode()[-2000:]
    assert out.stdout.decode() == "conforms (1 file(s) checked)\n"


def test_a_valid_folder_conforms_in_junit_with_no_failures():
    out = run_kg("validate", str(SHAPES / "valid"), "--format", "junit")
    assert out.returncode == 0, out.stdout.decode()
    root = ET.fromstring(out.stdout)
    assert root.get("failures") == "0" and root.get("errors") == "0"


def test_unknown_format_and_missing_path_exit_2(tmp_path):
    out = run_kg("validate", str(TWO_TITLES), "--format", "xml")
    assert (out.returncode, out.stderr.decode()) == (
        2, "Error: --format: 'xml' is not one of text, json, junit, github, turtle\n")
    out = run_kg("validate", str(tmp_path / "nope"))
    assert (out.returncode, out.stderr.decode()) == (2, f"Error: {tmp_path / 'nope'}: no such file or folder\n")


def test_pre_commit_hook_runs_kg_validate_on_rdf_files():
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "kg-validate" and hook["entry"] == "kg validate"
    assert hook["language"] == "system"  # kg runs from its checkout (shapes, ontology, queries)
    for name in ("a.ttl", "b.trig", "c.nt", "d.nq", "e.jsonld"):
        assert __import__("re").search(hook["files"], name), name
