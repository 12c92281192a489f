"""Body-text quality of ``kg import`` on real news pages, beside trafilatura alone, in one run.

Data: ``shared/data/article-extraction`` (97 gzip HTML pages + ``ground-truth.json``, from the
Scrapinghub/Zyte article-extraction benchmark). Per page: precision and recall of 4-word shingles
(lower-cased ``\\w+`` tokens) of the extracted body against the true one; the figure is the F1 of
the mean precision and the mean recall; a page with no output scores 0/0.

    python bench/import_bench.py                 # the table
    python bench/import_bench.py --worst 10      # and the 10 pages kg import does worst on
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_DATA = next((p / "shared" / "data" / "article-extraction" for p in ROOT.parents
                     if (p / "shared" / "data" / "article-extraction").is_dir()), ROOT.parent / "shared")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 4]) for i in range(len(words) - 3)}


def score(predicted: str | None, truth: str) -> tuple[float, float]:
    """(precision, recall) of one page; no output is 0/0."""
    got, want = shingles(predicted or ""), shingles(truth)
    if not got or not want:
        return 0.0, 0.0
    common = len(got & want)
    return common / len(got), common / len(want)


def figure(rows: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(mean precision, mean recall, F1 of the two)."""
    p = sum(r[0] for r in rows) / len(rows)
    r = sum(r[1] for r in rows) / len(rows)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_kg_import(files: list[Path], out: Path) -> tuple[dict[str, str], float, list[str]]:
    """Bodies by page key through the real import (files written and read back), seconds, problems."""
    from kg.articles import read_article
    from kg.ingest import run_import

    start = time.perf_counter()
    report = run_import(files, out)
    seconds = time.perf_counter() - start
    bodies = {}
    for f in files:
        key = f.name.split(".")[0]
        path = out / f"{key}.md"
        if path.exists():
            bodies[key] = read_article(path).body
    return bodies, seconds, report.problems + report.duplicates


def run_trafilatura(files: list[Path], **options) -> tuple[dict[str, str], float]:
    import trafilatura

    start = time.perf_counter()
    bodies = {}
    for f in files:
        text = trafilatura.extract(gzip.decompress(f.read_bytes()), **options)
        if text:
            bodies[f.name.split(".")[0]] = text
    return bodies, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with html/ and ground-truth.json")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages kg import scores lowest on")
    args = ap.parse_args()
    if not (args.data / "ground-truth.json").is_file():
        sys.exit(f"{args.data}: no ground-truth.json (give --data)")
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    files = sorted((args.data / "html").glob("*.html.gz"))
    keys = [f.name.split(".")[0] for f in files]

    import trafilatura

    systems = []
    with tempfile.TemporaryDirectory() as tmp:
        bodies, seconds, problems = run_kg_import(files, Path(tmp))
        systems.append(("kg import", bodies, seconds))
    systems.append(("trafilatura alone (defaults)", *run_trafilatura(files)))
    systems.append(("trafilatura alone (no comments, favor_precision)",
                    *run_trafilatura(files, include_comments=False, favor_precision=True)))

    print(f"{len(files)} pages, trafilatura {trafilatura.__version__}\n")
    print("| system | precision | recall | F1 | seconds |")
    print("| --- | --- | --- | --- | --- |")
    per_page = {}
    for name, bodies, seconds in systems:
        rows = [score(bodies.get(k), truth[k]["articleBody"]) for k in keys]
        per_page[name] = rows
        p, r, f1 = figure(rows)
        print(f"| {name} | {p:.4f} | {r:.4f} | **{f1:.4f}** | {seconds:.1f} |")
    for line in problems:
        print(f"\nkg import: {line}")
    if args.worst:
        base = per_page["trafilatura alone (defaults)"]
        print(f"\nworst {args.worst} pages for kg import (P R; trafilatura defaults P R):")
        order = sorted(range(len(keys)), key=lambda i: sum(per_page["kg import"][i]))
        for i in order[: args.worst]:
            p, r = per_page["kg import"][i]
            print(f"  {p:.2f} {r:.2f}  ({base[i][0]:.2f} {base[i][1]:.2f})  {keys[i][:12]}  {truth[keys[i]]['url'][:70]}")


if __name__ == "__main__":
    main()
