"""The kg command as a user meets it: help with examples, exit codes, one-line errors."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT, run_kg

COMMANDS = ["build", "validate", "query", "queries", "export", "load", "push", "check-ontology"]


def test_top_level_help_lists_every_command():
    out = run_kg("--help")
    assert out.returncode == 0
    text = out.stdout.decode()
    for cmd in COMMANDS:
        assert cmd in text


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_help_ends_with_an_example(cmd):
    out = run_kg(cmd, "--help")
    assert out.returncode == 0, out.stderr
    assert "Example: kg " in " ".join(out.stdout.decode().split())


def test_unknown_saved_query_is_a_one_line_usage_error(tmp_path):
    out = run_kg("query", "no-such-query", "--store", str(tmp_path / "s"))
    assert out.returncode == 2
    assert out.stderr.decode().startswith("Error: no saved query named 'no-such-query' (known: ")
    assert out.stderr.decode().count("\n") == 1


def test_query_on_missing_store_says_what_to_do(tmp_path):
    out = run_kg("query", "claims", "--store", str(tmp_path / "nothing"))
    assert out.returncode == 2
    assert out.stderr.decode() == f"Error: no store at {tmp_path / 'nothing'}: run 'kg build' (or 'kg load') first\n"


def test_bad_param_names_the_parameter(tmp_path):
    out = run_kg("query", "who-asserts-topic", "--param", "colour=red", "--store", str(tmp_path))
    assert out.returncode == 2
    assert out.stderr.decode() == "Error: query 'who-asserts-topic' has no parameter 'colour' (parameters: topic)\n"


def test_query_formats_on_the_seed_store(seed_store_path):
    out = run_kg("query", "claims", "--store", str(seed_store_path), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["head"]["vars"] == ["claim", "articleId", "claimant", "claimantLabel", "claimText", "topicLabel"]
    csv_out = run_kg("query", "claims", "--store", str(seed_store_path), "--format", "csv")
    lines = csv_out.stdout.decode().splitlines()
    assert lines[0] == "claim,articleId,claimant,claimantLabel,claimText,topicLabel"
    assert len(lines) - 1 == len(data["results"]["bindings"])
    tsv_out = run_kg("query", "claims", "--store", str(seed_store_path), "--format", "tsv")
    assert tsv_out.stdout.decode().splitlines()[0] == "?claim\t?articleId\t?claimant\t?claimantLabel\t?claimText\t?topicLabel"


def test_export_twice_is_byte_identical(seed_store_path, tmp_path):
    a, b = tmp_path / "a.trig", tmp_path / "b.trig"
    for target in (a, b):
        out = run_kg("export", "--store", str(seed_store_path), "--format", "trig", "-o", str(target))
        assert out.returncode == 0, out.stderr
    assert a.read_bytes() == b.read_bytes()


SHAPES = ROOT / "tests" / "shapes"


@pytest.mark.parametrize("fixture, focus", [
    ("Claim_assertedBy--missing-claimant.ttl", "id:claim/"),
    ("Article_title--missing-title.ttl", "id:article/"),
    ("Article_datePublished--ill-typed-date.ttl", "id:article/"),
])
def test_validate_fails_with_exit_1_naming_the_node(fixture, focus):
    out = run_kg("validate", str(SHAPES / "invalid" / fixture))
    assert out.returncode == 1, out.stderr
    lines = out.stdout.decode().splitlines()
    assert any(line.startswith(f"Violation: {focus}") for line in lines), lines
    assert lines[-1].startswith("does not conform: ")


def test_validate_a_file_that_is_not_rdf_exits_2(tmp_path):
    bad = tmp_path / "notes.ttl"
    bad.write_text("this is not turtle at all\n")
    out = run_kg("validate", str(bad))
    assert out.returncode == 2
    err = out.stderr.decode()
    assert err.startswith(f"Error: {bad}: not valid Turtle") and err.count("\n") == 1


def test_the_built_seed_store_conforms_and_is_consistent(seed_store_path):
    out = run_kg("validate", "--store", str(seed_store_path))
    assert out.returncode == 0, out.stdout.decode()[-2000:]
    assert out.stdout.decode().splitlines()[-1] == "conforms (6 graph(s) checked)"
    onto = run_kg("check-ontology", "--with-data", "--store", str(seed_store_path))
    assert onto.returncode == 0, onto.stdout + onto.stderr
    assert onto.stdout.decode().strip() == "consistent; every class is satisfiable"


def test_queries_runnable_lists_only_queries_without_required_parameters():
    out = run_kg("queries", "--names", "--runnable")
    names = out.stdout.decode().split()
    assert "claims" in names and "who-asserts-taiwan-link" in names
    assert "claim-provenance" not in names  # needs --param claim=IRI


def test_table_columns_give_way_widest_first_to_fit_the_terminal():
    from kg.cli import _column_limits

    assert _column_limits([10, 80, 40], room=200) == [10, 60, 40]  # fits: only the 60 cap
    assert _column_limits([10, 80, 40], room=70) == [10, 30, 30]
    assert _column_limits([30, 30, 30], room=20) == [12, 12, 12]  # never below the floor


def test_build_says_when_an_upgraded_extractor_rebuilt_everything(tmp_path):
    import shutil

    corpus = tmp_path / "articles"
    corpus.mkdir()
    shutil.copy(sorted((ROOT / "data" / "articles").glob("*.md"))[0], corpus)
    store = tmp_path / "store"
    assert run_kg("build", str(corpus), "--store", str(store), "-q").returncode == 0
    (tmp_path / "store.extractor.json").write_text('{"extractor": "an older kg"}\n', encoding="utf-8")
    out = run_kg("build", str(corpus), "--store", str(store), "-q")
    assert out.returncode == 0, out.stderr
    assert out.stderr.decode() == ("Note: kg's extractor (rules, lexicons, gazetteer or model) changed since this "
                                   "store was built: every article was extracted again\n")
    assert out.stdout.decode().startswith("built 1, unchanged 0, skipped 0 | store: 1 articles, ")
