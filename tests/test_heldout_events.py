"""Events on held-out articles (tests/heldout_events), scored like the seed gold.

The articles were written for this set and their gold readings written before the extractor was
run on them, so the scores are an estimate of behaviour on unseen news, not of fit to the seeds.
Do not tune rules to these sentences: a fix must be a general rule with its own unit test on a
sentence written for it (tests/extract/test_events.py). Same matching as tests/test_gold_events.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.articles import read_article
from tests.test_gold_events import score_table

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "heldout_events"
CLAIMS_HELDOUT = ROOT / "tests" / "heldout"

# First run (before any fix): P 0.94, R 0.88, participant recall 0.53, dates 9/12 (0.75).
# After the fixes: P 0.97, R 1.00, participant recall 0.87, dates 11/14 (0.79). The fixes were
# made as general rules with their own unit tests, but they were found on this set, so it is no
# longer fully "held out": the thresholds sit well below, for model noise and actors changes.
MIN_EVENT_PRECISION = 0.85
MIN_EVENT_RECALL = 0.85
MIN_PARTICIPANT_RECALL = 0.7
MIN_DATE_ACCURACY = 0.65

# Second blind round (events listed in tests/heldout/gold/c0*.yaml). First run: P 0.87, R 0.92,
# participant recall 0.62, dates 9/9. The misses are in hard-wrapped c06 (evidence cut at a line
# break; fixed in events.py once the orchestrator unwraps, see kg.extract.lines) and participants.
MIN_ROUND2 = {"precision": 0.8, "recall": 0.85, "participant_recall": 0.55, "date_accuracy": 0.8}


@pytest.fixture(scope="module")
def results():
    from kg.extract import extract_all

    golds = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((HELDOUT / "gold").glob("*.yaml"))}
    articles = [read_article(HELDOUT / "articles" / f"{aid}.md") for aid in golds]
    return {x.article.id: (x, golds[x.article.id]) for x in extract_all(articles)}


@pytest.fixture(scope="module")
def round2():
    """The second blind round (tests/heldout c01-c06): claims gold files that also list events."""
    from kg.extract import extract_all

    golds = {p.stem: g for p in sorted((CLAIMS_HELDOUT / "gold").glob("*.yaml"))
             if (g := yaml.safe_load(p.read_text(encoding="utf-8"))).get("events")}
    articles = [read_article(CLAIMS_HELDOUT / "articles" / f"{aid}.md") for aid in golds]
    return {x.article.id: (x, golds[x.article.id]) for x in extract_all(articles)}


def test_second_blind_round_event_scores(round2):
    lines, m = score_table(round2)
    print("\n" + "\n".join(lines))
    assert len(round2) >= 6
    for key, minimum in MIN_ROUND2.items():
        assert m[key] >= minimum, (key, m[key])


def test_every_gold_file_has_its_article():
    golds = sorted(p.stem for p in (HELDOUT / "gold").glob("*.yaml"))
    articles = sorted(p.stem for p in (HELDOUT / "articles").glob("*.md"))
    assert golds == articles and len(golds) >= 6


def test_heldout_event_scores(results):
    lines, m = score_table(results)
    print("\n" + "\n".join(lines))
    assert m["precision"] >= MIN_EVENT_PRECISION
    assert m["recall"] >= MIN_EVENT_RECALL
    assert m["participant_recall"] >= MIN_PARTICIPANT_RECALL
    assert m["date_accuracy"] >= MIN_DATE_ACCURACY
