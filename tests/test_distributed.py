"""kg build --scheduler: a real Dask scheduler and two worker processes on loopback.

The cluster build writes the same store as a local build (byte-identical N-Quads export), also
when one worker is killed in the middle of the build.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_kg

pytest.importorskip("distributed", reason="the distributed extra is not installed")
DASK = Path(sys.executable).parent / "dask"


def _corpus(dest: Path, copies: int) -> Path:
    """The seed articles ``copies`` times, each copy under its own id."""
    dest.mkdir()
    for c in range(copies):
        for src in sorted(SEEDS.glob("*.md")):
            new_id = f"c{c}_{src.stem}"
            text = re.sub(r"(?m)^id:.*$", f"id: {new_id}", src.read_text(encoding="utf-8"), count=1)
            (dest / f"{new_id}.md").write_text(text, encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(scheduler address, {worker name: process}) of a scheduler and two single-thread workers."""
    work = tmp_path_factory.mktemp("dask")
    info = work / "scheduler.json"
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(info)],
                              cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(0.3)
        address = json.loads(info.read_text())["address"]
        workers = {}
        for name in ("w1", "w2"):
            workers[name] = subprocess.Popen(
                [str(DASK), "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                 "--name", name], cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(workers[name])
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield address, workers
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def _nquads(store: Path) -> bytes:
    proc = run_kg("export", "--format", "nquads", "--store", str(store))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_cluster_build_equals_local_build_even_when_a_worker_dies(cluster, tmp_path):
    from kg.build import build
    from kg.store import KGStore

    address, workers = cluster
    corpus = _corpus(tmp_path / "articles", copies=2)
    local = tmp_path / "local"
    with KGStore(local) as store:
        report = build(corpus, store, workers=1)
    assert len(report.built) == 10 and not report.errors

    killed = []

    def kill_a_worker(phase, done, total):
        if done == 2 and not killed:  # the build is under way: tasks are queued on both workers
            workers["w1"].send_signal(signal.SIGKILL)
            killed.append(done)

    remote = tmp_path / "remote"
    with KGStore(remote) as store:
        report = build(corpus, store, scheduler=address, progress=kill_a_worker)
    assert killed == [2] and workers["w1"].wait(timeout=10) == -signal.SIGKILL
    assert sorted(report.built) == sorted(p.stem for p in corpus.iterdir())
    assert report.errors == []
    exported = _nquads(remote)
    assert exported.count(b"\n") > 5000
    assert exported == _nquads(local)


def test_cli_build_on_the_cluster(cluster, tmp_path):
    address, _ = cluster
    corpus = _corpus(tmp_path / "articles", copies=1)
    proc = run_kg("build", str(corpus), "--store", str(tmp_path / "store"), "--scheduler", address)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().startswith("built 5, unchanged 0, skipped 0 | store: 5 articles")


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    corpus = _corpus(tmp_path / "articles", copies=1)
    proc = run_kg("build", str(corpus), "--store", str(tmp_path / "store"),
                  "--scheduler", "tcp://127.0.0.1:9", env={"KG_SCHEDULER_TIMEOUT_S": "2"})
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert err.startswith("Error: --scheduler tcp://127.0.0.1:9: cannot reach the Dask scheduler (")
    assert err.rstrip().endswith("start one with 'dask scheduler' and workers with 'dask worker ADDRESS'")
    assert len(err.strip().splitlines()) == 1


def test_the_fingerprint_follows_the_data_the_build_reads(tmp_path, monkeypatch):
    """Workers whose lexicons, gazetteer, ontology or code differ are refused (check_workers)."""
    import shutil

    from kg.distributed import fingerprint
    from kg.paths import project_root

    home = tmp_path / "home"
    for folder in ("ontology", "data/lexicons", "data/gazetteer"):
        shutil.copytree(project_root() / folder, home / folder)
    here = fingerprint()
    monkeypatch.setenv("KG_HOME", str(home))
    assert fingerprint() == here
    lexicon = sorted(p for p in (home / "data/lexicons").rglob("*") if p.is_file())[0]
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert fingerprint() != here


def test_a_worker_with_other_data_is_refused(cluster, tmp_path, monkeypatch):
    """Here KG_HOME points at a checkout with one lexicon line more than the workers have."""
    import shutil

    from kg.build import build
    from kg.errors import KGError
    from kg.paths import project_root
    from kg.store import KGStore

    address, _ = cluster
    home = tmp_path / "home"
    for folder in ("ontology", "data/lexicons", "data/gazetteer"):
        shutil.copytree(project_root() / folder, home / folder)
    lexicon = sorted(p for p in (home / "data/lexicons").rglob("*") if p.is_file())[0]
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    corpus = _corpus(tmp_path / "articles", copies=1)
    monkeypatch.setenv("KG_HOME", str(home))
    with KGStore(tmp_path / "store") as store, pytest.raises(KGError) as caught:
        build(corpus, store, scheduler=address)
    message = str(caught.value)
    assert message.startswith(f"--scheduler {address}: ")
    assert "worker(s) run other kg code, data or spaCy model than this machine (tcp://127.0.0.1:" in message
    assert message.endswith("install the same kg-news version and checkout (KG_HOME) on every worker")
