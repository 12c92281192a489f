"""Progress on long work: a bar with done/total and an ETA on a terminal, nothing in a pipe or CI."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time

from rich.console import Console

from kg.progress import bar, on_terminal
from tests.conftest import ROOT

ETA = re.compile(r"ETA\s+(\d+:\d\d:\d\d)")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_shows_done_of_total_rate_and_a_time_remaining():
    out = io.StringIO()
    update, finish = bar("validating", "graphs", console=Console(file=out, force_terminal=True, width=140))
    assert update is not None
    update("validating", 1, 10)
    time.sleep(0.3)
    update("validating", 4, 10)  # two samples: rich has a rate, so an estimate
    time.sleep(0.3)
    finish()
    text = ANSI.sub("", out.getvalue())
    assert "validating" in text and "4/10" in text and "graphs/s" in text
    assert ETA.search(text), text  # a real estimate (h:mm:ss), not the "-:--:--" placeholder


def test_no_bar_when_quiet_in_a_pipe_or_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert bar("x", "items", quiet=True)[0] is None
    assert on_terminal(io.StringIO()) is False  # a pipe or a file
    assert on_terminal(_Tty()) is True
    monkeypatch.setenv("CI", "true")
    assert on_terminal(_Tty()) is False


def _on_pty(args: list[str]) -> tuple[int, bytes, bytes]:
    """Run kg with stderr on a pseudo-terminal (stdout a pipe): (exit code, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], stdout=subprocess.PIPE, stderr=slave,
                            stdin=subprocess.DEVNULL, cwd=ROOT, env=env)
    os.close(slave)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    stdout = proc.stdout.read()
    return proc.wait(timeout=300), stdout, bytes(seen)


def test_kg_validate_on_a_terminal_shows_progress_with_an_eta(seed_store_path):
    code, stdout, terminal = _on_pty(["validate", "--store", str(seed_store_path)])
    assert code in (0, 1), terminal[-500:]
    text = ANSI.sub("", terminal.decode("utf-8", "replace"))
    assert "validating" in text and "ETA" in text
    assert re.search(r"\d+/\d+ ", text)  # graphs done / total
    assert b"ETA" not in stdout and b"\x1b[" not in stdout  # the report on stdout stays clean


def test_kg_validate_in_a_pipe_prints_no_progress(seed_store_path):
    out = subprocess.run([sys.executable, "-m", "kg.cli", "validate", "--store", str(seed_store_path)],
                         capture_output=True, cwd=ROOT, timeout=300,
                         env={k: v for k, v in os.environ.items() if k != "CI"})
    assert out.returncode in (0, 1), out.stderr
    assert b"validating" not in out.stderr and b"ETA" not in out.stderr
    assert b"\x1b[" not in out.stderr + out.stdout  # no terminal control sequences at all
