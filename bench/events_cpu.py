"""CPU time of ``kg.extract.events.find_events`` per article on the seeds (parse and actors excluded).

``python bench/events_cpu.py [--runs 7] [FOLDER]``: parses each article once, finds its mentions
once, then times ``find_events`` alone with ``time.process_time`` and prints, per article, the
minimum over the runs in milliseconds (the minimum is the figure least moved by other load).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT / "data" / "articles"))
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()

    from kg.articles import load_articles
    from kg.extract import actors, events, lines
    from kg.extract.furniture import furniture_spans
    from kg.extract import mask
    from kg.extract.nlp import load_nlp

    nlp = load_nlp()
    loaded = load_articles(Path(args.folder)).articles
    prepared = []
    for a in loaded:
        doc = nlp(lines.unwrap(mask(a.body, furniture_spans(a.body))))
        prepared.append((doc, a, actors.find_mentions(doc, a)))
    events.find_events(*prepared[0])  # lexicons loaded and cached outside the timing
    total = 0.0
    for doc, a, mentions in prepared:
        best = min(_timed(events.find_events, doc, a, mentions) for _ in range(args.runs))
        total += best
        print(f"{a.id:28} {len(a.body):6} chars  {best * 1000:7.1f} ms")
    print(f"{'mean':28} {'':12} {total / len(prepared) * 1000:7.1f} ms")


def _timed(fn, *args) -> float:
    t = time.process_time()
    fn(*args)
    return time.process_time() - t


if __name__ == "__main__":
    main()
