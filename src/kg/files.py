"""Files that appear whole or not at all: every writer of an article, export or report uses this."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file that appears at ``path`` only when the block ends without error: written
    beside it and renamed, so a reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomically(path: Path, text: str) -> None:
    """``text`` to ``path`` through :func:`atomic_output`."""
    with atomic_output(path) as fh:
        fh.write(text.encode("utf-8"))


def write_or_check(path: Path, text: str, *, check: bool, regenerate: str) -> int:
    """For a generated file kept in git: with ``check``, exit status 1 and a one-line hint when the
    file differs from ``text``; else write it (atomically). ``regenerate`` is the command to run."""
    import sys

    shown = "/".join(path.parts[-2:])  # "docs/cli.md"
    if check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{shown} is out of date: run {regenerate}", file=sys.stderr)
            return 1
        return 0
    write_atomically(path, text)
    print(f"wrote {shown}", file=sys.stderr)
    return 0
