"""Every shell example in README.md and docs/*.md runs against the seed store, or says why not.

A fenced block tagged ``sh``, ``bash``, ``shell``, ``zsh`` or ``console`` (for ``console``, the
``$ `` lines) is an example. Each one runs, command by command in one shell, in a sandbox like the
checkout a user types them in: every top-level entry of the project is linked in, and ``build/``
is the sandbox's own, holding a copy of the seed store (data/articles built by the real
pipeline). Each command must exit 0, and a ``kg query`` that prints a table (any format) must
print at least one row: an empty answer in the docs reads as "nobody said anything".

An example that cannot run there (it needs a server, runs for minutes, or only illustrates) is
marked on the line right before its fence with ``<!-- not-runnable: reason -->``. New docs are
picked up as they are added: every ``docs/*.md`` is read.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHELLS = {"sh", "bash", "shell", "zsh", "console"}
MARKER = re.compile(r"^\s*<!--\s*not-runnable:\s*(?P<reason>.*?)\s*-->\s*$")
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
ROWS = re.compile(r"^(\d+) row\(s\)$")


@dataclass(frozen=True)
class Example:
    path: str  # relative to the project root
    line: int  # of the opening fence, 1-based
    lang: str
    code: str
    not_runnable: str | None  # the marker's reason, or None

    @property
    def id(self) -> str:
        return f"{self.path}:{self.line}"

    def commands(self) -> list[str]:
        """The commands of the block: continuation lines joined, blanks and comments dropped;
        for console blocks only the ``$ `` lines."""
        lines = self.code.splitlines()
        if self.lang == "console":
            lines = [ln[2:] for ln in lines if ln.startswith("$ ")]
        out, pending = [], ""
        for ln in lines:
            if ln.rstrip().endswith("\\"):
                pending += ln.rstrip()[:-1] + " "
                continue
            cmd = (pending + ln).strip()
            pending = ""
            if cmd and not cmd.startswith("#"):
                out.append(cmd)
        return out


def doc_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def examples(path: Path) -> list[Example]:
    """The shell examples of one markdown file (fenced code blocks; CommonMark fence rules)."""
    rel = path.relative_to(ROOT).as_posix()
    lines = path.read_text(encoding="utf-8").splitlines()
    found, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang = m.group("fence"), (m.group("info").split() or [""])[0].lower()
        close = re.compile(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}\s*$")
        end = next((j for j in range(i + 1, len(lines)) if close.match(lines[j])), len(lines))
        if lang in SHELLS:
            marker = MARKER.match(lines[i - 1]) if i > 0 else None
            found.append(Example(rel, i + 1, lang, "\n".join(lines[i + 1:end]),
                                 marker.group("reason") if marker else None))
        i = end + 1
    return found


ALL = [e for f in doc_files() for e in examples(f)]
RUNNABLE = [e for e in ALL if e.not_runnable is None]


def test_the_docs_have_runnable_examples():
    assert {e.path for e in RUNNABLE} >= {"README.md", "docs/queries.md"}


@pytest.mark.parametrize("example", [e for e in ALL if e.not_runnable is not None], ids=lambda e: e.id)
def test_a_not_runnable_example_says_why(example):
    assert len(example.not_runnable) >= 10, f"{example.id}: give the reason in the not-runnable marker"


def test_markers_sit_right_before_a_shell_example():
    """A marker anywhere else would silently exempt nothing (or the wrong block)."""
    for path in doc_files():
        lines = path.read_text(encoding="utf-8").splitlines()
        starts = {e.line for e in examples(path)}
        for n, line in enumerate(lines, start=1):
            if MARKER.match(line):
                assert n + 1 in starts, f"{path.relative_to(ROOT)}:{n}: not-runnable marker not followed by a shell fence"


# -- running them ------------------------------------------------------------------------------
@pytest.fixture()
def sandbox(seed_store_path, tmp_path) -> Path:
    """A working directory like the checkout, with its own build/ holding a copy of the seed store."""
    if os.environ.get("KG_DOC_EXAMPLE"):
        pytest.skip("inside a docs example already (an unmarked 'make test' would recurse)")
    for entry in ROOT.iterdir():
        # no Makefile: an unmarked `make ...` example fails at once instead of installing or recursing
        if entry.name not in ("build", ".git", ".venv", "Makefile") and not entry.name.startswith(".pytest"):
            (tmp_path / entry.name).symlink_to(entry)
    shutil.copytree(seed_store_path, tmp_path / "build" / "store")
    return tmp_path


def _env() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)  # the venv's kg, as `source .venv/bin/activate` gives
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "COLUMNS": "200",
            "KG_DOC_EXAMPLE": "1"}


def rows_printed(command: str, stdout: str) -> int | None:
    """Rows a ``kg query`` printed (any format), or None for commands that print no table."""
    try:
        words = shlex.split(command.split("|")[0])
    except ValueError:
        return None
    if words[:2] != ["kg", "query"] or "--describe" in words:
        return None
    fmt = "table"
    for flag in ("--format", "-f"):
        if flag in words[:-1]:
            fmt = words[words.index(flag) + 1]
    lines = [ln for ln in stdout.splitlines() if ln.strip()]
    if fmt == "table":
        counts = [int(m.group(1)) for ln in lines if (m := ROWS.match(ln.strip()))]
        return counts[-1] if counts else 0
    if fmt == "json":
        data = json.loads(stdout)
        return 1 if data.get("boolean") is not None else len(data.get("results", {}).get("bindings", []))
    if fmt == "markdown":
        return max(len(lines) - 2, 0)
    return max(len(lines) - 1, 0)  # csv, tsv: a header line, then the rows


def problems(example: Example, sandbox: Path) -> list[str]:
    """What is wrong when the example's commands run in ``sandbox``, in order, in one shell (a
    ``cd`` or ``export`` carries over, as in a terminal); stops at the first failing command."""
    import tempfile

    commands = example.commands()
    if not commands:
        return [f"{example.id}: an empty shell example"]
    with tempfile.TemporaryDirectory() as io:
        script = []
        for i, command in enumerate(commands):
            # a group runs in the shell itself; the newline ends a trailing comment
            script.append(f"{{ {command}\n}} >{io}/out.{i} 2>{io}/err.{i}\n"
                          f"rc=$?; echo $rc >{io}/rc.{i}; [ $rc -eq 0 ] || exit 0")
        subprocess.run(["bash", "-c", "\n".join(script)], cwd=sandbox, env=_env(), capture_output=True,
                       timeout=900)
        for i, command in enumerate(commands):
            rc_file = Path(io, f"rc.{i}")
            if not rc_file.exists():
                return [f"{example.id}: `{command}` did not run (the shell stopped before it)"]
            rc = int(rc_file.read_text() or "1")
            stdout = Path(io, f"out.{i}").read_text(encoding="utf-8", errors="replace")
            stderr = Path(io, f"err.{i}").read_text(encoding="utf-8", errors="replace")
            if rc != 0:
                return [f"{example.id}: `{command}` exited {rc}: {stderr[-800:]}"]
            if rows_printed(command, stdout) == 0:
                return [f"{example.id}: `{command}` printed no rows"]
    return []


@pytest.mark.parametrize("example", RUNNABLE, ids=lambda e: e.id)
def test_example_runs_on_the_seed_store(example, sandbox):
    assert problems(example, sandbox) == []


def test_a_failing_or_empty_example_is_caught(sandbox):
    def example(code: str) -> Example:
        return Example("docs/x.md", 7, "sh", code, None)

    assert problems(example("kg query who-asserts-topic --param topic=Arctic --format csv"), sandbox) == [
        "docs/x.md:7: `kg query who-asserts-topic --param topic=Arctic --format csv` printed no rows"]
    assert problems(example("kg query who-asserts-topic -p topic=Artic"), sandbox) == [
        "docs/x.md:7: `kg query who-asserts-topic -p topic=Artic` exited 2: "
        "Error: no topic 'Artic'; did you mean: Arctic?\n"]
    assert problems(example("# nothing but a comment"), sandbox) == ["docs/x.md:7: an empty shell example"]
    assert problems(example("kg queries --names\nkg query topics -f json"), sandbox) == []
    # one shell, as in a terminal: a cd carries over to the next command
    assert problems(example("mkdir elsewhere\ncd elsewhere\ntest ! -e data"), sandbox) == []


@pytest.mark.parametrize("command,stdout,rows", [
    ("kg query claims", "┃ a ┃\n│ 1 │\n1 row(s)\ntopic=x: topic X (topic:x)\n", 1),
    ("kg query claims", "0 row(s)\n", 0),
    ("kg query who-asserts-topic --format csv", "a,b\n", 0),
    ("kg query who-asserts-topic -f tsv | head -3", "?a\n<x>\n", 1),
    ("kg query claims --format json", '{"head":{"vars":["a"]},"results":{"bindings":[]}}', 0),
    ("kg query claims --format markdown", "| a |\n|---|\n| 1 |\n", 1),
    ("kg query claims --describe", "claims: ...", None),
    ("kg queries", "claims  Every claim", None),
])
def test_rows_are_counted_in_every_format(command, stdout, rows):
    assert rows_printed(command, stdout) == rows


def test_the_example_finder_reads_fences_and_markers(tmp_path, monkeypatch):
    doc = tmp_path / "docs" / "x.md"
    doc.parent.mkdir()
    doc.write_text("text\n```sh\nkg queries   # list\nkg query claims \\\n  --format csv\n```\n"
                   "<!-- not-runnable: needs a SPARQL server -->\n~~~bash\nkg push --endpoint URL\n~~~\n"
                   "````markdown\n```sh\nnot an example: inside another fence\n```\n````\n"
                   "```console\n$ kg validate\nconforms\n```\n```text\nkg output\n```\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    found = examples(doc)
    assert [(e.line, e.lang, e.not_runnable) for e in found] == [
        (2, "sh", None), (8, "bash", "needs a SPARQL server"), (16, "console", None)]
    assert found[0].commands() == ["kg queries   # list", "kg query claims    --format csv"]
    assert found[2].commands() == ["kg validate"]
