"""kg eval: claimant precision/recall/F1 against a gold file, exact figures on a small fixture."""

from __future__ import annotations

import json

import pytest

from kg.evaluate import Claimant, GoldError, normalise, parse_gold, score, score_article
from tests.conftest import ROOT, run_kg

FIXTURE = ROOT / "tests" / "fixtures" / "eval"

TABLE = """\
article          P     R    F1   TP  FP  FN
a1            0.50  0.50  0.50    1   1   1
               missed: John Roe
               wrong:  US (forbidden)
a2            1.00  1.00  1.00    1   0   0
ALL (micro)   0.67  0.67  0.67    2   1   1
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("eval") / "store"
    out = run_kg("load", str(FIXTURE / "store.trig"), "--store", str(path))
    assert out.returncode == 0, out.stderr
    return path


def test_eval_table_on_the_fixture_store(store):
    out = run_kg("eval", str(FIXTURE / "gold.yaml"), "--store", str(store))
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode() == TABLE


def test_eval_json(store):
    out = run_kg("eval", str(FIXTURE / "gold.yaml"), "--store", str(store), "--format", "json")
    data = json.loads(out.stdout)
    assert [(a["article"], a["tp"], a["fp"], a["fn"], a["missed"], a["forbidden"]) for a in data["articles"]] == [
        ("a1", 1, 1, 1, ["John Roe"], ["US"]), ("a2", 1, 0, 0, [], [])]
    assert (data["overall"]["precision"], data["overall"]["recall"], data["overall"]["f1"]) == (0.6667, 0.6667, 0.6667)


def test_eval_article_missing_from_store_is_a_one_line_error(store, tmp_path):
    gold = tmp_path / "g.yaml"
    gold.write_text("articles:\n  a9: {required: [X]}\n", encoding="utf-8")
    out = run_kg("eval", str(gold), "--store", str(store))
    assert out.returncode == 2
    assert out.stderr.decode() == (f"Error: {gold}: article 'a9' is not in the store; "
                                   "build the store from the gold's articles first\n")


@pytest.mark.parametrize(("text", "message"), [
    ("articles: []\n", "expected a mapping with a non-empty 'articles:' mapping (article id -> required/acceptable/forbidden)"),
    ("articles:\n  a1: {required: [{aliases: [x]}]}\n", "article 'a1', required[0]: expected a name or {name: ..., aliases: [...]}, got {'aliases': ['x']}"),
    ("articles:\n  a1: {wanted: [X]}\n", "article 'a1': unknown field(s) wanted (expected required, acceptable, forbidden)"),
    ("articles:\n  a1: {required: [{name: X, aliases: x}]}\n", "article 'a1', required[0]: 'aliases' must be a list of names"),
])
def test_bad_gold_names_article_and_field(tmp_path, text, message):
    gold = tmp_path / "g.yaml"
    gold.write_text(text, encoding="utf-8")
    out = run_kg("eval", str(gold), "--store", str(tmp_path / "none"))
    assert out.returncode == 2
    assert out.stderr.decode() == f"Error: {gold}: {message}\n"


def test_bad_yaml_names_the_line(tmp_path):
    gold = tmp_path / "g.yaml"
    gold.write_text("articles:\n  a1: {required: [X\n", encoding="utf-8")
    out = run_kg("eval", str(gold))
    assert out.returncode == 2 and out.stderr.decode().startswith(f"Error: {gold}: line ")


def test_scoring_rules():
    gold = parse_gold({"articles": {"x": {"required": ["Pakistan's Foreign Office", "B"], "acceptable": ["C"],
                                          "forbidden": ["D"]}}}, "g")["x"]
    s = score_article(gold, [Claimant("pakistans-foreign-office"), Claimant("c"), Claimant("e", ("E",)),
                             Claimant("d", ("D",))])
    assert (s.tp, s.fp, s.fn, s.missed, s.wrong, s.forbidden) == (1, 2, 1, ["B"], ["E", "D"], ["D"])
    assert (round(s.precision, 4), s.recall, round(s.f1, 4)) == (0.3333, 0.5, 0.4)
    # nothing predicted: precision 1.0 by convention, recall 0
    empty = score({"x": gold}, {}).overall
    assert (empty.precision, empty.recall, empty.f1) == (1.0, 0.0, 0.0)


@pytest.mark.parametrize(("a", "b"), [
    ("The Pakistani Foreign Office", "pakistani-foreign-office"),
    ("Luís Montenegro", "luis montenegro"),
    ("Israeli Prime Minister’s Office", "israeli prime ministers office"),
])
def test_normalise(a, b):
    assert normalise(a) == normalise(b)


def test_eval_help_has_an_example():
    out = run_kg("eval", "--help")
    assert out.returncode == 0 and "Example: kg eval " in " ".join(out.stdout.decode().split())
