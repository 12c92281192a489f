"""docs/cli.md is generated from the click commands and must be current (make docs)."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def _generator():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date():
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == _generator().render(), "docs/cli.md is out of date: run python scripts/gen_cli_docs.py"


def test_cli_reference_documents_every_command_with_an_example():
    from kg.cli import app

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, command in app.commands.items():
        assert f"\n## kg {name}\n" in text, name
        assert "Example: kg " in (command.help or ""), f"kg {name} --help has no example"
