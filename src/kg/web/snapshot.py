"""A consistent read-only copy of the store that a concurrent ``kg build`` can neither disturb nor
be disturbed by.

pyoxigraph's ``Store.read_only`` on a directory another process writes is undefined behaviour
(RocksDB compaction deletes table files a reader may still need). So the server never reads the
live directory: while holding the writers' lock (``<store>.lock``, the one ``kg build`` takes) it
hard-links the immutable table files (``*.sst``) and copies the small mutable ones (``CURRENT``,
``MANIFEST-*``, ``OPTIONS-*``, the write-ahead ``*.log``) into a private sibling folder, releases
the lock (a few milliseconds), and opens that copy read-only. A later build may compact and
delete its own files freely: the links keep the snapshot's data alive. When the store's files
change and no writer holds the lock, the next request takes a fresh snapshot.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError

_SKIP = ("LOCK", "LOG")  # RocksDB's own lock file and its info logs: not data
LOCK_TIMEOUT_S = float(os.environ.get("KG_LOCK_TIMEOUT", "10"))


def _data_files(path: Path) -> list[os.DirEntry]:
    return sorted((e for e in os.scandir(path) if e.is_file() and not e.name.startswith(_SKIP)),
                  key=lambda e: e.name)


def signature(path: Path) -> tuple:
    """What changes whenever a writer commits: every data file's name, size and mtime."""
    try:
        return tuple((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in _data_files(path))
    except OSError:
        return ()


class Snapshot:
    """One frozen copy: ``store`` is a read-only pyoxigraph Store over ``path``."""

    def __init__(self, path: Path, source_signature: tuple):
        self.path = path
        self.signature = source_signature
        self.store = ox.Store.read_only(str(path))
        self.users = 0
        self.retired = False

    def discard(self) -> None:
        self.store = None
        shutil.rmtree(self.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _copy_store(source: Path, target: Path) -> None:
    for entry in _data_files(source):
        dest = target / entry.name
        if entry.name.endswith((".sst", ".blob")):
            try:
                os.link(entry.path, dest)
                continue
            except OSError:  # another file system or no hard links: copy instead
                pass
        shutil.copy2(entry.path, dest)


class StoreSnapshots:
    """The current snapshot of the store at ``store_path``, refreshed when the store changes."""

    def __init__(self, store_path: Path | str, *, check_every_s: float = 1.0):
        self.source = Path(store_path)
        if not (self.source / "CURRENT").exists():
            raise StoreError(f"no store at {self.source}: run 'kg build' (or 'kg load') first")
        self.check_every_s = check_every_s
        self._remove_stale()
        self._mutex = threading.Lock()
        self._refreshing = threading.Lock()  # one refresh at a time; others keep the current one
        self._last_check = 0.0
        self._current = self._take(wait_s=LOCK_TIMEOUT_S)
        if self._current is None:
            raise StoreError(f"store {self.source} is being written by another kg process "
                             f"(lock {self.source}.lock); try again when it has finished")

    def _take(self, wait_s: float) -> Snapshot | None:
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.source) + ".lock")
        try:
            lock.acquire(timeout=wait_s)
        except Timeout:
            return None
        target = Path(tempfile.mkdtemp(prefix=f".{self.source.name}.snapshot-{os.getpid()}-",
                                       dir=self._snapshot_parent()))
        try:
            sig = signature(self.source)
            _copy_store(self.source, target)
        except OSError as exc:
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(f"cannot snapshot store {self.source}: {exc}") from None
        finally:
            lock.release()
        try:
            return Snapshot(target, sig)
        except OSError as exc:
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(f"cannot open store {self.source}: {str(exc).splitlines()[0]}") from None

    def _remove_stale(self) -> None:
        """Snapshots left by a server that was killed (its pid is in the folder name)."""
        parent = self._snapshot_parent()
        if parent is None:
            return
        prefix = f".{self.source.name}.snapshot-"
        for entry in os.scandir(parent):
            if not (entry.is_dir() and entry.name.startswith(prefix)):
                continue
            pid = entry.name[len(prefix):].split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(entry.path, ignore_errors=True)

    def _snapshot_parent(self) -> str | None:
        """Next to the store (same file system, so table files are hard links), else the temp dir."""
        parent = self.source.resolve().parent
        return str(parent) if os.access(parent, os.W_OK) else None

    def refresh(self) -> bool:
        """Take a new snapshot if the store changed and no writer holds it now; True if taken."""
        if signature(self.source) == self._current.signature:
            return False
        fresh = self._take(wait_s=0)
        if fresh is None:  # a build is running: keep serving the last consistent state
            return False
        with self._mutex:
            old, self._current = self._current, fresh
            old.retired = True
            if old.users == 0:
                old.discard()
        return True

    def acquire(self) -> Snapshot:
        """The current snapshot, kept alive until ``release``; checks for changes at most every
        ``check_every_s`` seconds."""
        now = time.monotonic()
        if now - self._last_check >= self.check_every_s:
            self._last_check = now
            if self._refreshing.acquire(blocking=False):
                try:
                    self.refresh()
                except StoreError:
                    pass  # keep the last good snapshot
                finally:
                    self._refreshing.release()
        with self._mutex:
            snap = self._current
            snap.users += 1
            return snap

    def release(self, snap: Snapshot) -> None:
        with self._mutex:
            snap.users -= 1
            if snap.retired and snap.users == 0:
                snap.discard()

    def close(self) -> None:
        with self._mutex:
            self._current.discard()
