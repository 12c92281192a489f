"""Claimant scores on the development sets of real articles (tests/heldout3, tests/heldout4).

Each set is real news on business, climate, Latin America, sports governance and technology
regulation (other topics are kept for the blind sets), never China-Russia; its gold
(`<set>/gold.yaml`, the `kg eval` format) was committed before the extractor's first run on it.
Both served as development sets of an extraction round, so they are seen data: the thresholds
(after-fix scores minus a margin) guard the classes they found, and a rule change that loses one
on real copy fails here. First-run and after-fix figures: docs/extraction.md ("Dev set 3",
"Dev set 4").
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.evaluate import claimants_in_extractions, load_gold, render_table, score
from tests.test_gold_claims import load_article

TESTS = Path(__file__).resolve().parent
# (precision, recall, F1) floors.
# heldout3: first run of d01-d10 P/R/F1 0.86/0.67/0.75; d11-d14 (added after those fixes)
#   0.89/0.89/0.89 on their first run; all 14 after round 3 1.00/1.00/1.00.
# heldout4: first run 0.93/0.80/0.86, after round 4 1.00/1.00/1.00.
MINIMUM = {"heldout3": (0.94, 0.94, 0.94), "heldout4": (0.94, 0.94, 0.94)}


@pytest.fixture(scope="module")
def predicted():
    from kg.extract import extract_all

    articles = [load_article(p) for name in sorted(MINIMUM) for p in sorted((TESTS / name / "articles").glob("*.md"))]
    return claimants_in_extractions(extract_all(articles))


@pytest.mark.parametrize("name", sorted(MINIMUM))
def test_dev_set_claimant_scores(predicted, name):
    gold = load_gold(TESTS / name / "gold.yaml")
    ids = {p.stem for p in (TESTS / name / "articles").glob("*.md")}
    assert set(gold) == ids, "gold and articles cover the same ids"
    report = score(gold, predicted)
    print("\n" + render_table(report))
    total = report.overall
    p, r, f = MINIMUM[name]
    assert total.precision >= p and total.recall >= r and total.f1 >= f, (total.precision, total.recall, total.f1)


@pytest.mark.parametrize("name", sorted(MINIMUM))
def test_dev_set_is_real_and_varied(name):
    outlets, genres = set(), set()
    for p in (TESTS / name / "articles").glob("*.md"):
        meta = yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])
        assert meta["url"].startswith("http"), p.name
        outlets.add(meta["publisher"])
        genres.add(meta["genre"])
    assert len(outlets) >= 8 and {"news", "opinion"} <= genres
