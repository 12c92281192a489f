"""Shared fixtures: the seed corpus built once per session with the real pipeline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "articles"
KG = [sys.executable, "-m", "kg.cli"]


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory) -> Path:
    """A store built from data/articles by the real pipeline (closed; open it as needed)."""
    from kg.build import build
    from kg.store import KGStore

    path = tmp_path_factory.mktemp("seed") / "store"
    with KGStore(path) as store:
        report = build(SEEDS, store)
    assert not report.errors, report.errors
    return path


@pytest.fixture()
def seed_store(seed_store_path):
    from kg.store import KGStore

    with KGStore(seed_store_path, read_only=True) as store:
        yield store


def run_kg(*args: str, cwd: Path = ROOT, env: dict | None = None, input: bytes | None = None):
    """Run the CLI in a subprocess, as a user would."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(KG + list(args), cwd=cwd, env=full_env, input=input,
                          capture_output=True, timeout=300)


def oxigraph_binary() -> str:
    """The `oxigraph` CLI/server of the dev extra (beside this interpreter, else on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph CLI is not installed: pip install 'oxigraph>=0.5,<0.6' (a dev dependency)")
    return found
