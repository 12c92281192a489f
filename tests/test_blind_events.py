"""Events on real news the extractor had never seen (tests/blind_events), scored strictly.

Four blind sets of real articles (stored public web pages, bodies as published) on topics other
than China-Russia relations; each gold file was written from the text alone before the extractor
was first run on it. Scoring is stricter than tests/test_gold_events.py: one real event reported
twice counts the second report as a false positive (repeats must be folded), participants are
scored by precision and recall on the matched events, and a planned event must carry the planned
status (a happened one must not). Matching of an event to a gold event is the same.
Do not tune rules to these sentences: a fix is a general rule with its own unit test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.articles import read_article
from tests.test_gold_events import _norm, matches

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "tests" / "blind_events"


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _exact(event, gold_event: dict) -> bool:
    """Two gold events can match one sentence ("the state visit ... to visit X"): prefer the one
    whose trigger is the event's own."""
    t = event.trigger.text.casefold()
    return any(m["trigger"].casefold() == t and _norm(m["evidence"]) in _norm(event.evidence.text)
               for m in gold_event["mentions"])


def score(extraction, gold: dict) -> dict:
    required = [g for g in gold["events"] if not g.get("optional")]
    optional = [g for g in gold["events"] if g.get("optional")]
    first: dict[int, object] = {}
    tp = fp = dup = 0
    false: list[str] = []
    for e in extraction.events:
        hits = sorted((i for i, g in enumerate(required) if matches(e, g)), key=lambda i: -_exact(e, required[i]))
        if hits:
            free = [i for i in hits if i not in first]
            if free:
                first[free[0]] = e
                tp += 1
            else:
                dup += 1
                false.append(f"repeat {e.kind} {e.trigger.text!r}: {e.evidence.text[:60]}")
        elif not any(matches(e, g) for g in optional):
            fp += 1
            false.append(f"{e.kind} {e.trigger.text!r}: {e.evidence.text[:60]}")
    s = {"tp": tp, "fp": fp + dup, "gold": len(required), "part_tp": 0, "part_found": 0, "part_gold": 0,
         "date_ok": 0, "date_total": 0, "status_ok": 0, "false": false,
         "missed": [f"{g['kind']} {g['mentions'][0]['trigger']!r}" for i, g in enumerate(required) if i not in first]}
    for i, e in first.items():
        g = required[i]
        found, want = {p.key for p in e.participants}, set(g["participants"])
        s["part_tp"] += len(found & want)
        s["part_found"] += len(found)
        s["part_gold"] += len(want)
        if g.get("date"):
            s["date_total"] += 1
            d = (str(g["date"]["value"]), g["date"]["precision"])
            s["date_ok"] += e.date is not None and (e.date.value, e.date.precision) == d
        s["status_ok"] += (getattr(e, "status", None) or "happened") == g.get("status", "happened")
    return s


def score_table(results) -> tuple[list[str], dict[str, float]]:
    """Per-article rows with misses and false positives, and micro-averaged metrics."""
    t: dict[str, int] = {}
    lines = [f"{'article':34} {'P':>5} {'R':>5} {'F1':>5} {'partF1':>6} {'dates':>6} {'status':>6}"]
    for aid, (x, gold) in sorted(results.items()):
        s = score(x, gold)
        for k, v in s.items():
            if isinstance(v, int):
                t[k] = t.get(k, 0) + v
        p, r = _ratio(s["tp"], s["tp"] + s["fp"]), _ratio(s["tp"], s["gold"])
        pf = _f1(_ratio(s["part_tp"], s["part_found"]), _ratio(s["part_tp"], s["part_gold"]))
        lines.append(f"{aid:34} {p:5.2f} {r:5.2f} {_f1(p, r):5.2f} {pf:6.2f} {s['date_ok']:>3}/{s['date_total']:<2}"
                     f" {s['status_ok']:>3}/{s['tp']}")
        lines += [f"    missed: {m}" for m in s["missed"]] + [f"    false:  {f}" for f in s["false"]]
    p, r = _ratio(t["tp"], t["tp"] + t["fp"]), _ratio(t["tp"], t["gold"])
    m = {
        "precision": p, "recall": r, "f1": _f1(p, r),
        "participant_f1": _f1(_ratio(t["part_tp"], t["part_found"]), _ratio(t["part_tp"], t["part_gold"])),
        "date_accuracy": _ratio(t["date_ok"], t["date_total"]),
        "status_accuracy": _ratio(t["status_ok"], t["tp"]),
    }
    lines.append(f"{'ALL (micro)':34} {p:5.2f} {r:5.2f} {m['f1']:5.2f} {m['participant_f1']:6.2f}"
                 f" {t['date_ok']:>3}/{t['date_total']:<2} {t['status_ok']:>3}/{t['tp']}")
    return lines, m


def run_set(prefix: str):
    from kg.extract import extract_all

    golds = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((BLIND / "gold").glob(f"{prefix}_*.yaml"))}
    articles = [read_article(BLIND / "articles" / f"{aid}.md") for aid in golds]
    return {x.article.id: (x, golds[x.article.id]) for x in extract_all(articles)}


# Figures (docs/extraction-events.md): set 1 first run P 0.67 R 0.65 F1 0.66; set 2 first run
# (after the set-1 fixes) P 0.62 R 0.58 F1 0.60. After the fixes: set 1 P 0.94 R 0.94 F1 0.94,
# participants F1 0.78, dates 8/11, status 28/29; set 2 P 0.81 R 0.81 F1 0.81, participants F1
# 0.74, dates 11/14, status 20/21. Thresholds sit just under the after-fix figures: a drop is a
# regression to look at (participants move with the actors module). Round 3 (general rules found on
# tests/heldout3_events): s1 P 0.94 R 0.97 F1 0.95, participants F1 0.75, dates 9/12; s2 P 0.83
# R 0.92 F1 0.87, participants F1 0.77, dates 12/17 (events newly found, a mis-parsed "X and Y's
# first conversation" among them, which has no date and takes the later call's by folding: the
# s2 date floor is 0.65). Set 3 (16 articles, gold by an engineer who did not work on
# extraction): first run P 0.77 R 0.66 F1 0.71, participants F1 0.62, dates 11/22, status 26/27;
# after the set-3 fixes P 0.92 R 0.88 F1 0.90, participants F1 0.61, dates 16/28, status 35/36.
# Set 4 (21 articles, 21 further outlets, gold by an engineer who did not work on extraction):
# first run P 0.79 R 0.61 F1 0.69, participants F1 0.63, dates 8/17, status 29/33; after the set-4
# fixes P 0.82 R 0.78 F1 0.80, participants F1 0.59, dates 11/21, status 38/42.
MINIMUM = {
    "s1": {"precision": 0.9, "recall": 0.9, "f1": 0.9, "participant_f1": 0.75, "date_accuracy": 0.7,
           "status_accuracy": 0.95},
    "s2": {"precision": 0.78, "recall": 0.78, "f1": 0.78, "participant_f1": 0.7, "date_accuracy": 0.65,
           "status_accuracy": 0.9},
    "s3": {"precision": 0.88, "recall": 0.85, "f1": 0.87, "participant_f1": 0.58, "date_accuracy": 0.55,
           "status_accuracy": 0.94},
    "s4": {"precision": 0.8, "recall": 0.75, "f1": 0.78, "participant_f1": 0.56, "date_accuracy": 0.5,
           "status_accuracy": 0.88},
}


def assert_at_least(results, minimum: dict[str, float]) -> None:
    """Print the score table; fail naming every metric under its floor."""
    lines, m = score_table(results)
    print("\n" + "\n".join(lines))
    low = {k: round(m[k], 3) for k, floor in minimum.items() if m[k] < floor}
    assert not low, low


@pytest.mark.parametrize("prefix", sorted(MINIMUM))
def test_blind_set_scores(prefix):
    assert_at_least(run_set(prefix), MINIMUM[prefix])


def test_every_gold_file_has_its_article():
    golds = sorted(p.stem for p in (BLIND / "gold").glob("*.yaml"))
    articles = sorted(p.stem for p in (BLIND / "articles").glob("*.md"))
    assert golds == articles and len(golds) >= 10


if __name__ == "__main__":  # python -m tests.test_blind_events s1
    import sys

    for prefix in sys.argv[1:] or sorted(MINIMUM):
        print("\n".join(score_table(run_set(prefix))[0]))
