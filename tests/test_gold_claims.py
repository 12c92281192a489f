"""Claims and actors on the seed articles, scored against a hand-made gold reading (tests/gold/claims)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.model import Article

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "gold" / "claims"
ARTICLES_DIR = ROOT / "data" / "articles"

# Measured on the seeds when the gold was written (claimant F1 1.00, claim F1 0.96, actor recall
# 1.00); the thresholds leave a small margin for model/version noise, not for regressions.
MIN_CLAIMANT_F1 = 0.9
MIN_CLAIM_F1 = 0.9
MIN_ACTOR_RECALL = 0.9


def load_article(path: Path) -> Article:
    """Tiny front-matter split; the project loader lives elsewhere."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    return Article(id=str(meta["id"]), title=meta["title"], publisher=meta["publisher"], body=body,
                   genre=meta.get("genre"), authors=tuple(meta.get("authors") or ()))


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).casefold()


def score(extraction, gold: dict) -> dict:
    """Claimant-set and claim-level counts for one article; optional gold claims are neither TP nor FP."""
    claims = list(extraction.claims)
    required = [g for g in gold["claims"] if not g.get("optional")]
    optional = [g for g in gold["claims"] if g.get("optional")]

    def matches(c, g) -> bool:
        return c.claimant.key == g["claimant"] and _norm(g["text"]) in _norm(c.text)

    matched_gold, fp = set(), 0
    for c in claims:
        hit = next((i for i, g in enumerate(required) if i not in matched_gold and matches(c, g)), None)
        if hit is not None:
            matched_gold.add(hit)
        elif not any(matches(c, g) for g in required + optional):
            fp += 1
    gold_claimants = {g["claimant"] for g in required}
    optional_claimants = {g["claimant"] for g in optional} - gold_claimants
    pred_claimants = {c.claimant.key for c in claims} - optional_claimants
    mention_keys = {m.actor.key for m in extraction.mentions}
    topic_hits = [
        bool(set(g.get("topics", ())) & set(c.topics))
        for i, g in enumerate(required) if i in matched_gold and g.get("topics")
        for c in claims if matches(c, g)
    ]
    return {
        "claim_tp": len(matched_gold), "claim_fp": fp, "claim_fn": len(required) - len(matched_gold),
        "claimant_tp": len(pred_claimants & gold_claimants),
        "claimant_fp": len(pred_claimants - gold_claimants),
        "claimant_fn": len(gold_claimants - pred_claimants),
        "actor_tp": len(mention_keys & set(gold["actors"])), "actor_gold": len(gold["actors"]),
        "actor_pred": len(mention_keys),
        "missed": [g["text"] for i, g in enumerate(required) if i not in matched_gold],
        "topic_hits": sum(topic_hits), "topic_total": len(topic_hits),
    }


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@pytest.fixture(scope="module")
def results():
    from kg.extract import extract_all

    golds = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.yaml"))}
    articles = [load_article(next(ARTICLES_DIR.glob(f"{aid}.*"))) for aid in golds]
    return {x.article.id: (x, golds[x.article.id]) for x in extract_all(articles)}


def test_gold_scores(results):
    totals: dict[str, int] = {}
    lines = [f"{'article':24} {'claimant P/R/F1':>18} {'claim P/R/F1':>18} {'actors R/P':>12} {'topics':>7}"]
    for aid, (x, gold) in results.items():
        s = score(x, gold)
        for k, v in s.items():
            if isinstance(v, int):
                totals[k] = totals.get(k, 0) + v
        cp = f1(s["claimant_tp"], s["claimant_fp"], s["claimant_fn"])
        lp = f1(s["claim_tp"], s["claim_fp"], s["claim_fn"])
        lines.append(
            f"{aid:24} {cp[0]:5.2f} {cp[1]:5.2f} {cp[2]:5.2f}  {lp[0]:5.2f} {lp[1]:5.2f} {lp[2]:5.2f}"
            f"  {s['actor_tp'] / s['actor_gold']:5.2f} {s['actor_tp'] / max(s['actor_pred'], 1):5.2f}"
            f"  {s['topic_hits']}/{s['topic_total']}"
        )
        for missed in s["missed"]:
            lines.append(f"    missed: {missed}")
    claimant = f1(totals["claimant_tp"], totals["claimant_fp"], totals["claimant_fn"])
    claim = f1(totals["claim_tp"], totals["claim_fp"], totals["claim_fn"])
    actor_recall = totals["actor_tp"] / totals["actor_gold"]
    lines.append(
        f"{'ALL (micro)':24} {claimant[0]:5.2f} {claimant[1]:5.2f} {claimant[2]:5.2f}  "
        f"{claim[0]:5.2f} {claim[1]:5.2f} {claim[2]:5.2f}  {actor_recall:5.2f} "
        f"{totals['actor_tp'] / totals['actor_pred']:5.2f}  {totals['topic_hits']}/{totals['topic_total']}"
    )
    print("\n" + "\n".join(lines))
    assert claimant[2] >= MIN_CLAIMANT_F1
    assert claim[2] >= MIN_CLAIM_F1
    assert actor_recall >= MIN_ACTOR_RECALL


def not_claim_hits(results) -> list[tuple[str, str, str]]:
    """(article, claimant, text) of every extracted claim that the gold lists as a not-claim."""
    return [
        (aid, n["claimant"], c.text)
        for aid, (x, gold) in results.items()
        for n in gold.get("not_claims", ())
        for c in x.claims
        if c.claimant.key == n["claimant"] and _norm(n["text"]) in _norm(c.text)
    ]


def test_gold_not_claims(results):
    """Biographies, questions and narration the gold marks as not-claims never come out as claims."""
    assert not_claim_hits(results) == []


def _find(results, aid, claimant, text):
    x, _ = results[aid]
    return [c for c in x.claims if c.claimant.key == claimant and _norm(text) in _norm(c.text)]


def test_interview_answer_is_the_interviewees(results):
    (c,) = _find(results, "000_a75159b12b480dfb", "simona-grano", "be it Hong Kong, Xinjiang or Taiwan")
    assert c.direct and c.verb == "say"
    assert c.text.startswith("It is important for Beijing that its authoritarian system")


def test_us_suspects_invasions(results):
    (c,) = _find(results, "001_d3abc7082cc5dd6a", "united-states", "planning an invasion")
    assert c.verb == "suspect"
    assert c.text == "both countries are planning an invasion: China in Taiwan and Russia in Ukraine"


def test_xi_welcomed_putins_demand(results):
    (c,) = _find(results, "001_d3abc7082cc5dd6a", "xi-jinping", "NATO not expand eastward")
    assert (c.verb, c.text) == ("welcome", "Putin’s demand that NATO not expand eastward")


def test_claim_spans_are_exact(results):
    for x, _ in results.values():
        body = x.article.body
        for c in x.claims:
            assert body[c.content.start : c.content.end] == c.text == c.content.text
            assert body[c.evidence.start : c.evidence.end] == c.evidence.text
            assert c.evidence.start <= c.content.start and c.content.end <= c.evidence.end
        for m in x.mentions:
            assert body[m.span.start : m.span.end] == m.span.text

