"""Commands that never extract must never pay for spaCy: checked in a fresh interpreter each.

Each command runs the real CLI entry point in a subprocess with an import hook that records the
first kg module on the stack when spaCy (or thinc) is imported, so a failure names the culprit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, traceback

class Watch:
    culprit = None
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("spacy", "thinc") and Watch.culprit is None:
            frames = [f.filename for f in traceback.extract_stack()]
            ours = [f for f in frames if "/kg/" in f.replace("\\", "/")]
            Watch.culprit = ours[-1] if ours else (frames[-2] if len(frames) > 1 else "?")
        return None

sys.meta_path.insert(0, Watch())
out = sys.argv[1]
sys.argv = ["kg", *sys.argv[2:]]
code = 0
try:
    import kg.cli
    kg.cli.main()
except SystemExit as exc:
    code = exc.code
with open(out, "w") as fh:
    json.dump({"code": code, "culprit": Watch.culprit,
               "spacy": sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc"))}, fh)
"""


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory) -> Path:
    """A triple in one article graph and the topic the default parameter names: enough for
    query (topic resolution included)/export/validate to run, no spaCy."""
    from kg.store import KGStore

    path = tmp_path_factory.mktemp("imports") / "store"
    with KGStore(path) as st:
        st.replace_graph("https://w3id.org/newskg/graph/article/a1",
                         '<https://w3id.org/newskg/id/article/a1> <https://w3id.org/newskg/ontology#articleId> "a1" .')
        topic, skos = "<https://w3id.org/newskg/topic/taiwan>", "http://www.w3.org/2004/02/skos/core#"
        st.replace_graph("https://w3id.org/newskg/graph/topics",
                         f'{topic} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{skos}Concept> .\n'
                         f'{topic} <{skos}prefLabel> "Taiwan"@en .')
    return path


def run_cli(tmp_path: Path, *args: str) -> dict:
    report = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-c", CHILD, str(report), *args], cwd=ROOT,
                          capture_output=True, timeout=120)
    assert report.exists(), proc.stderr.decode()[-2000:]
    return json.loads(report.read_text())


@pytest.mark.parametrize("args", [
    ["--help"],
    ["queries"],
    ["query", "who-asserts-topic", "--describe"],
    ["query", "who-asserts-topic", "--store", "{store}", "--format", "csv"],
    ["query", "who-asserts-topic", "--store", "{store}"],
    ["export", "--format", "ntriples", "--store", "{store}"],
    ["validate", "--store", "{store}"],
], ids=lambda a: " ".join(a).replace("{store}", "S"))
def test_command_does_not_import_spacy(args, tiny_store, tmp_path):
    result = run_cli(tmp_path, *[a.replace("{store}", str(tiny_store)) for a in args])
    assert result["code"] in (0, 1, None), result
    assert result["spacy"] == [], f"spaCy imported (first by {result['culprit']}): {result['spacy'][:3]}"


def test_library_modules_for_reading_do_not_import_spacy():
    code = ("import sys; import kg.cli, kg.store, kg.queries, kg.rdfio.read, kg.rdfio.write, kg.remote, kg.validation; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


HEAVY = r"""
import json, sys
out = sys.argv[1]
sys.argv = ["kg", *sys.argv[2:]]
code = 0
try:
    import kg.cli
    kg.cli.main()
except SystemExit as exc:
    code = exc.code
with open(out, "w") as fh:
    heavy = {"typer", "pydantic", "rich"}
    if sys.argv[1] == "query" and "--data" not in sys.argv:  # the store path needs no rdflib either
        heavy |= {"rdflib", "filelock"}
    json.dump({"code": code, "heavy": sorted({m.split(".")[0] for m in sys.modules} & heavy)}, fh)
"""


@pytest.mark.parametrize("args", [
    ["--help"],
    ["query", "who-asserts-topic", "--describe"],
    ["query", "who-asserts-topic", "--store", "{store}", "--format", "csv"],
    ["export", "--format", "ntriples", "--store", "{store}"],
], ids=lambda a: " ".join(a).replace("{store}", "S"))
def test_fast_commands_do_not_import_typer_pydantic_or_rich(args, tiny_store, tmp_path):
    """Start-up time is what ``kg query`` is benchmarked on: the CLI is plain click, and rich is
    imported only for the table output and the progress bar."""
    report = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-c", HEAVY, str(report),
                           *[a.replace("{store}", str(tiny_store)) for a in args]],
                          cwd=ROOT, capture_output=True, timeout=120)
    assert report.exists(), proc.stderr.decode()[-2000:]
    result = json.loads(report.read_text())
    assert result["code"] in (0, None), result
    assert result["heavy"] == [], f"imported: {result['heavy']}"
