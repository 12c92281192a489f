"""Claims, actors and roles on a held-out development set (tests/heldout), scored like the seeds.

The articles in tests/heldout/articles were written for this test, about other events, people and
outlet styles than the seeds (wire copy, state-media readouts, an editorial, interviews, a live
blog, a brief with anonymous sources); each gold file was written before the extractor was run on
its article. h01-h10 were written first and the rules were then fixed on them (a development set
now); b01-b03 were written after those fixes and scored once before any further change (the blind
estimate). c01-c06 are a second blind round in formats the first sets lacked (a long analysis, a
briefing transcript, a three-sentence wire brief, a state-media readout, markdown, hard-wrapped
text); they are scored as their own set with their own thresholds. The thresholds are what the
extractor reached, minus a small margin; first-run and current scores are in docs/extraction.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.test_gold_claims import _norm, f1, load_article, not_claim_hits, score

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "heldout"
GOLD_DIR = HELDOUT / "gold"
ARTICLES_DIR = HELDOUT / "articles"

# First run (before any rule was written for it): claimant F1 0.72, claim F1 0.59, actor recall 0.94,
# roles 9/13. After the fixes: 1.00 / 0.99 / 1.00 / 13/13 -- the set is now a development set, so
# these thresholds guard regressions; they are not a generalisation estimate (docs/extraction.md).
MIN_CLAIMANT_F1 = 0.95
MIN_CLAIM_F1 = 0.93
MIN_ACTOR_RECALL = 0.95
MIN_ROLE_ACCURACY = 0.9

# Second blind round (c01-c06). First run: claimant F1 0.79, claim P/R/F1 0.81/0.71/0.76, actor
# recall 0.93, roles 17/18. After the fixes, with hard-wrapped paragraphs re-joined before parsing
# (kg.extract.lines.unwrap in the orchestrator): claimant F1 0.88, claim P/R/F1 0.92/0.92/0.92,
# actor recall 0.93 (docs/extraction.md). Thresholds: those minus a small margin.
ROUND2 = "c"
# After the issue-13 speaker rules (anonymous sources, organisations by common nouns, relays):
# claimant F1 0.95, claim P/R/F1 0.95/0.95/0.95, actor recall 0.96, roles 17/18.
MIN_ROUND2 = {"claimant_f1": 0.92, "claim_f1": 0.92, "actor_recall": 0.93, "roles": 0.9}


@pytest.fixture(scope="module")
def results():
    from kg.extract import extract_all

    golds = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.yaml"))}
    articles = [load_article(ARTICLES_DIR / f"{aid}.md") for aid in golds]
    return {x.article.id: (x, golds[x.article.id]) for x in extract_all(articles)}


def role_hits(extraction, gold: dict) -> tuple[int, int, list[str]]:
    """Gold roles (role word and, when given, affiliation key) found on some mention of the actor."""
    hits, wrong = 0, []
    for key, want in (gold.get("roles") or {}).items():
        ok = any(
            m.actor.key == key
            and m.role and want["role"].casefold() in m.role.casefold()
            and (not want.get("affiliation") or (m.affiliation and m.affiliation.key == want["affiliation"]))
            for m in extraction.mentions
        )
        hits += ok
        if not ok:
            got = {(m.role, m.affiliation.key if m.affiliation else None) for m in extraction.mentions if m.actor.key == key}
            wrong.append(f"{key}: want {want}, got {sorted(got, key=str)}")
    return hits, len(gold.get("roles") or {}), wrong


def _table(results) -> tuple[list[str], dict[str, float]]:
    totals: dict[str, int] = {}
    lines = [f"{'article':28} {'claimant P/R/F1':>18} {'claim P/R/F1':>18} {'actors R/P':>12} {'roles':>6}"]
    for aid, (x, gold) in results.items():
        s = score(x, gold)
        rh, rt, wrong_roles = role_hits(x, gold)
        s["role_hits"], s["role_total"] = rh, rt
        for k, v in s.items():
            if isinstance(v, int):
                totals[k] = totals.get(k, 0) + v
        cp = f1(s["claimant_tp"], s["claimant_fp"], s["claimant_fn"])
        lp = f1(s["claim_tp"], s["claim_fp"], s["claim_fn"])
        lines.append(
            f"{aid:28} {cp[0]:5.2f} {cp[1]:5.2f} {cp[2]:5.2f}  {lp[0]:5.2f} {lp[1]:5.2f} {lp[2]:5.2f}"
            f"  {s['actor_tp'] / s['actor_gold']:5.2f} {s['actor_tp'] / max(s['actor_pred'], 1):5.2f}  {rh}/{rt}"
        )
        lines += [f"    missed: {m}" for m in s["missed"]]
        lines += [f"    role: {w}" for w in wrong_roles]
        matched = lambda c: any(  # noqa: E731
            c.claimant.key == g["claimant"] and _norm(g["text"]) in _norm(c.text) for g in gold["claims"]
        )
        lines += [f"    extra: {c.claimant.key}: {c.text[:90]}" for c in x.claims if not matched(c)]
    claimant = f1(totals["claimant_tp"], totals["claimant_fp"], totals["claimant_fn"])
    claim = f1(totals["claim_tp"], totals["claim_fp"], totals["claim_fn"])
    actor_recall = totals["actor_tp"] / totals["actor_gold"]
    roles = totals["role_hits"] / max(totals["role_total"], 1)
    lines.append(
        f"{'ALL (micro)':28} {claimant[0]:5.2f} {claimant[1]:5.2f} {claimant[2]:5.2f}  "
        f"{claim[0]:5.2f} {claim[1]:5.2f} {claim[2]:5.2f}  {actor_recall:5.2f} "
        f"{totals['actor_tp'] / totals['actor_pred']:5.2f}  {totals['role_hits']}/{totals['role_total']}"
    )
    return lines, {"claimant_f1": claimant[2], "claim_f1": claim[2], "actor_recall": actor_recall, "roles": roles}


def test_heldout_scores(results):
    lines, m = _table({aid: r for aid, r in results.items() if not aid.startswith(ROUND2)})
    print("\n" + "\n".join(lines))
    assert m["claimant_f1"] >= MIN_CLAIMANT_F1
    assert m["claim_f1"] >= MIN_CLAIM_F1
    assert m["actor_recall"] >= MIN_ACTOR_RECALL
    assert m["roles"] >= MIN_ROLE_ACCURACY


def test_second_blind_round_scores(results):
    lines, m = _table({aid: r for aid, r in results.items() if aid.startswith(ROUND2)})
    print("\n" + "\n".join(lines))
    assert len(lines) >= 8  # header, six articles, total
    for key, minimum in MIN_ROUND2.items():
        assert m[key] >= minimum, (key, m[key])


def test_heldout_not_claims(results):
    """Narration, questions, refusals and misattributions the gold lists never come out as claims."""
    assert not_claim_hits(results) == []


def test_heldout_spans_are_exact(results):
    for x, _ in results.values():
        body = x.article.body
        for c in x.claims:
            assert body[c.content.start : c.content.end] == c.text
            assert c.evidence.start <= c.content.start and c.content.end <= c.evidence.end
        for m in x.mentions:
            assert body[m.span.start : m.span.end] == m.span.text
