"""Making extraction linear in article length must not change what it finds.

The digests in ``linear_cost_digests.json`` were computed once by the extractors as they were
before the linear-cost rewrite (commit d76c785): mentions, claims and events, with every offset,
of every seed, blind and held-out article, and of one seed repeated 5 times (where the same
names recur, so candidate selection and surname lookups see many overlaps). A change that
moves a single span or drops a single mention changes a digest.

Regenerate (only when an extractor's output is meant to change):
``python tests/extract/test_linear_cost.py --write``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).with_name("linear_cost_digests.json")
# the seeds and every blind and held-out set (tests/blind*/articles, tests/heldout*/articles)
FOLDERS = ("data/articles", *sorted(str(p.relative_to(ROOT)) for pattern in ("tests/blind*/articles", "tests/heldout*/articles")
                                    for p in ROOT.glob(pattern) if any(p.glob("*.md"))))
REPEATED = ("data/articles", 5)  # the first seed's body this many times over


def _articles():
    """(name, Article) for every article the digests cover, in a fixed order."""
    import dataclasses

    from kg.articles import load_articles

    out = []
    for folder in FOLDERS:
        loaded = load_articles(ROOT / folder)
        assert not loaded.errors, loaded.errors
        out += [(f"{folder}/{a.path.name}", a) for a in loaded.articles]
    folder, times = REPEATED
    first = next(a for name, a in out if name.startswith(folder))
    body = "\n\n".join([first.body.strip("\n")] * times) + "\n"
    out.append((f"{first.id} x{times}", dataclasses.replace(first, id=f"{first.id}x{times}", body=body)))
    return out


def _digest(items) -> str:
    """sha256 of the items' reprs (frozen dataclasses: every field, offsets included), in order."""
    return hashlib.sha256("\n".join(map(repr, items)).encode("utf-8")).hexdigest()


def digests() -> dict[str, dict[str, str]]:
    from kg.extract import extract_all

    named = _articles()
    out = {}
    for (name, _), x in zip(named, extract_all([a for _, a in named]), strict=True):
        out[name] = {"mentions": _digest(x.mentions), "claims": _digest(x.claims), "events": _digest(x.events)}
    return out


@pytest.fixture(scope="module")
def computed() -> dict[str, dict[str, str]]:
    return digests()


EXPECTED: dict[str, dict[str, str]] = json.loads(FIXTURE.read_text(encoding="utf-8")) if FIXTURE.exists() else {}


def test_fixture_covers_every_article():
    assert sorted(EXPECTED) == sorted(name for name, _ in _articles())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_extraction_unchanged(name, computed):
    assert computed[name] == EXPECTED[name]


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/extract/test_linear_cost.py --write")
    FIXTURE.write_text(json.dumps(digests(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE}")
