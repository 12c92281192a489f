"""Events on a fourth set of real articles (tests/heldout4_events), scored like the blind sets.

Twelve stored public web pages (search tool, pages corpus) on business, climate, Latin America,
sports governance and technology regulation only (other topics are kept for blind sets), never
China-Russia; each gold file was written from the text alone and committed before the extractor
was first run on it. It served as the development set of the fourth round of event rules, so
its after-fix figures are optimistic; the first-run figures are the honest estimate.
Do not tune rules to these sentences: a fix is a general rule with its own unit test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.articles import read_article
from tests.test_blind_events import score_table
from tests.test_gold_events import _norm

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "tests" / "heldout4_events"

# First run and after-fix figures: docs/extraction-events.md ("Dev set 4"). Thresholds sit just
# under the after-fix figures: a drop is a regression to look at.
# First run: P 0.78 R 0.82 F1 0.80, participants F1 0.54, dates 5/8, status 17/18. After the
# round-4 rules: P 0.92 R 1.00 F1 0.96, participants F1 0.60, dates 7/10, status 21/22.
MINIMUM = {"precision": 0.88, "recall": 0.95, "f1": 0.92, "participant_f1": 0.55, "date_accuracy": 0.65,
           "status_accuracy": 0.9}


def _golds() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((SET / "gold").glob("*.yaml"))}


def run_set():
    from kg.extract import extract_all

    golds = _golds()
    articles = [read_article(SET / "articles" / f"{aid}.md") for aid in golds]
    return {x.article.id: (x, golds[x.article.id]) for x in extract_all(articles)}


def test_scores():
    lines, m = score_table(run_set())
    print("\n" + "\n".join(lines))
    low = {k: round(m[k], 3) for k, minimum in MINIMUM.items() if m[k] < minimum}
    assert not low, low


def test_every_gold_mention_is_in_its_article():
    """Each gold file names its article, and every evidence snippet is text of that article."""
    golds = _golds()
    assert sorted(golds) == sorted(p.stem for p in (SET / "articles").glob("*.md")) and len(golds) >= 8
    for aid, gold in golds.items():
        assert gold["article"] == aid
        body = _norm(read_article(SET / "articles" / f"{aid}.md").body)
        for event in gold["events"]:
            for m in event["mentions"]:
                assert _norm(m["evidence"]) in body, (aid, m["evidence"])
                assert _norm(m["trigger"]) in _norm(m["evidence"]), (aid, m["trigger"])


if __name__ == "__main__":  # python -m tests.test_heldout4_events
    print("\n".join(score_table(run_set())[0]))
