"""Claimant scores on dev set 4 (tests/heldout4): fourteen real articles on business, climate, Latin
America, sports governance and technology regulation, scored like `kg eval`.

The gold (tests/heldout4/gold.yaml) was committed before the extractor's first run on these articles;
first run P/R/F1 0.93/0.80/0.86, after the round 1.00/1.00/1.00 (docs/extraction.md, "Dev set 4").
The set is now seen data: the thresholds (after-fix scores minus a margin) guard the classes it
found, so a rule change that loses one on real copy fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import claimants_in_extractions, load_gold, render_table, score
from tests.test_gold_claims import load_article

DEV = Path(__file__).resolve().parent / "heldout4"
MINIMUM = (0.94, 0.94, 0.94)


@pytest.fixture(scope="module")
def predicted():
    from kg.extract import extract_all

    articles = [load_article(p) for p in sorted((DEV / "articles").glob("*.md"))]
    return claimants_in_extractions(extract_all(articles))


def test_dev_set_claimant_scores(predicted):
    gold = load_gold(DEV / "gold.yaml")
    assert set(gold) == set(predicted), "gold and articles cover the same ids"
    report = score(gold, predicted)
    print("\n" + render_table(report))
    total = report.overall
    p, r, f = MINIMUM
    assert total.precision >= p and total.recall >= r and total.f1 >= f, (total.precision, total.recall, total.f1)


def test_dev_set_is_real_and_varied():
    import yaml

    outlets, genres = set(), set()
    for p in (DEV / "articles").glob("*.md"):
        meta = yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])
        assert meta["url"].startswith("http"), p.name
        outlets.add(meta["publisher"])
        genres.add(meta["genre"])
    assert len(outlets) >= 8 and {"news", "opinion"} <= genres
