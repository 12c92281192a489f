"""Progress bars for long work (build, import, validation, report pages), on a terminal only.

A bar shows what is being done, done/total, the rate, the time elapsed and the ETA (time
remaining, rich's estimate from the recent rate). Nothing is drawn when the stream is not a
terminal (a pipe, a file) or under CI (the ``CI`` variable, which GitHub Actions, GitLab CI and
most others set), so logs and machine-readable output stay clean. rich is imported only when a
bar is drawn: ``kg query`` and ``kg export`` never pay for it.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, TextIO

Update = Callable[[str, int, int], None]  # (phase label, done, total)


def on_terminal(stream: TextIO | None = None) -> bool:
    """Whether a progress bar belongs on ``stream`` (default stderr): a terminal, and not CI."""
    stream = sys.stderr if stream is None else stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real stream
        return False
    return tty and not os.environ.get("CI")


def bar(label: str, unit: str, *, quiet: bool = False, console=None) -> tuple[Update | None, Callable[[], None]]:
    """(update, finish): ``update(label, done, total)`` moves the bar (the label may change with
    the phase), ``finish()`` removes it. ``update`` is None when no bar is drawn (quiet, not a
    terminal, CI); ``console`` (a rich Console) replaces stderr, for tests."""
    if quiet or (console is None and not on_terminal()):
        return None, lambda: None
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    prog = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                    TimeRemainingColumn(), console=console or Console(stderr=True), transient=True)
    prog.start()
    task = prog.add_task(label, total=None, rate="")

    def update(phase: str, done: int, total: int) -> None:
        elapsed = prog.tasks[0].elapsed or 0
        rate = f"{done / elapsed:.1f} {unit}/s" if elapsed and done else ""
        prog.update(task, description=phase, completed=done, total=total, rate=rate)

    return update, prog.stop
