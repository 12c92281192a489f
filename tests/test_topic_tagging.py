"""Topic tagging measured on the gold claims: does ``tag_topics`` on a claim's own content give
the topics the gold lists for it?

Gold files (tests/gold/claims, tests/heldout/gold; a colleague's, read-only) give each claim a
distinctive substring of its content and, for some claims, ``topics: [...]``. For every such
claim we tag the content of the extracted claim that contains the substring (same claimant),
because that is the text the claims module tags; when extraction misses the claim we tag the
gold substring itself, so the measure is about the tagger, not about claim recall.

Reported: claims with at least one expected topic (the number test_gold_claims.py prints), and
precision/recall over (claim, topic) pairs, per topic and micro-averaged. Gold topic lists are
not exhaustive (a claim about "its authoritarian system, its sovereignty ... Taiwan" lists only
the places), so precision here is a lower bound. Some gold topics are not in the claim's words
at all ("a political settlement of the war" -> ukraine-war): by the customer's rule (a claim is
about what its own content mentions) the tagger must not find them, so recall cannot reach 1.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from kg.extract.topics import tag_topics
from kg.model import Article

ROOT = Path(__file__).resolve().parents[1]
GOLD_SETS = (
    (ROOT / "tests" / "gold" / "claims", ROOT / "data" / "articles"),
    (ROOT / "tests" / "heldout" / "gold", ROOT / "tests" / "heldout" / "articles"),
)

# Measured (see docs/topics.md): before the label work 18/34 claims hit, micro precision 0.62,
# recall 0.53 on (claim, topic) pairs; after it 20/34, P 0.64, R 0.57. All 13 remaining "false
# positives" name their topic in the claim's words (NATO, "authoritarian", "sovereignty", ...)
# and the 15 misses need context the content lacks ("the war"). The margin is for extraction
# changes moving a claim's content boundaries, not for regressions in the scheme.
MIN_CLAIM_HITS = 0.55
MIN_PRECISION = 0.6
MIN_RECALL = 0.53


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').split()).casefold()


def _load_article(path: Path) -> Article:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    return Article(id=str(meta["id"]), title=meta["title"], publisher=meta["publisher"], body=body,
                   genre=meta.get("genre"), authors=tuple(meta.get("authors") or ()))


def gold_topic_claims() -> list[tuple[Path, dict]]:
    """(article file, gold file contents) for every gold file with a claim that lists topics."""
    out = []
    for gold_dir, articles_dir in GOLD_SETS:
        for path in sorted(gold_dir.glob("*.yaml")):
            gold = yaml.safe_load(path.read_text(encoding="utf-8"))
            if any(c.get("topics") for c in gold.get("claims", ())):
                out.append((next(articles_dir.glob(f"{gold['article']}.*")), gold))
    return out


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    """One row per gold claim with topics: the content tagged, gold and predicted topics."""
    from kg.extract import extract_all

    pairs = gold_topic_claims()
    extractions = {x.article.id: x for x in extract_all([_load_article(p) for p, _ in pairs])}
    rows = []
    for _, gold in pairs:
        claims = extractions[str(gold["article"])].claims
        for g in gold["claims"]:
            if not g.get("topics"):
                continue
            content = next((c.text for c in claims
                            if c.claimant.key == g["claimant"] and _norm(g["text"]) in _norm(c.text)),
                           None)
            text = content if content is not None else g["text"]
            rows.append({"article": gold["article"], "text": text, "extracted": content is not None,
                         "gold": set(g["topics"]), "pred": set(tag_topics(text))})
    return rows


def scores(rows: list[dict]) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    for r in rows:
        for t in r["pred"] & r["gold"]:
            tp[t] += 1
        for t in r["pred"] - r["gold"]:
            fp[t] += 1
        for t in r["gold"] - r["pred"]:
            fn[t] += 1
    micro_tp, micro_fp, micro_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return {
        "hits": sum(bool(r["pred"] & r["gold"]) for r in rows), "claims": len(rows),
        "per_topic": {t: (tp[t], fp[t], fn[t]) for t in sorted(set(tp) | set(fp) | set(fn))},
        "precision": micro_tp / (micro_tp + micro_fp) if micro_tp + micro_fp else 1.0,
        "recall": micro_tp / (micro_tp + micro_fn) if micro_tp + micro_fn else 1.0,
    }


def test_topic_tagging_on_gold_claims(cases) -> None:
    assert cases, "no gold claim lists topics"
    s = scores(cases)
    lines = [f"{'topic':22} {'tp':>3} {'fp':>3} {'fn':>3} {'P':>5} {'R':>5}"]
    for topic, (tp, fp, fn) in s["per_topic"].items():
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        lines.append(f"{topic:22} {tp:3} {fp:3} {fn:3} {p:5.2f} {r:5.2f}")
    lines.append(f"claims with an expected topic: {s['hits']}/{s['claims']} "
                 f"({sum(r['extracted'] for r in cases)} tagged on the extracted content)")
    lines.append(f"micro precision {s['precision']:.2f} (lower bound: gold lists are not exhaustive), "
                 f"recall {s['recall']:.2f}")
    for r in cases:
        if r["pred"] != r["gold"]:
            lines.append(f"  {r['article'][:4]} gold={sorted(r['gold'])} pred={sorted(r['pred'])}: "
                         f"{r['text'][:90]}")
    print("\n" + "\n".join(lines))
    assert s["hits"] / s["claims"] >= MIN_CLAIM_HITS
    assert s["precision"] >= MIN_PRECISION
    assert s["recall"] >= MIN_RECALL


def test_scores_arithmetic() -> None:
    rows = [{"gold": {"a", "b"}, "pred": {"a", "c"}}, {"gold": {"b"}, "pred": set()}]
    s = scores(rows)
    assert (s["hits"], s["claims"]) == (1, 2)
    assert s["per_topic"] == {"a": (1, 0, 0), "b": (0, 0, 2), "c": (0, 1, 0)}
    assert s["precision"] == 0.5 and s["recall"] == pytest.approx(1 / 3)
