"""Domain errors and the exit-code contract: every failure the user can cause is one of these."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1  # validation violations, skipped articles, QC rows
EXIT_USAGE = 2  # unreadable input, bad arguments, unreachable endpoint
EXIT_INTERNAL = 70  # a bug in kg (EX_SOFTWARE); the message says how to get the traceback
EXIT_INTERRUPTED = 130


class KGError(Exception):
    """An error with a one-line message meant for the user and an exit code (default 2)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class StoreError(KGError):
    """The store is missing, locked or unreadable."""


class QueryError(KGError):
    """A saved query is missing, malformed, or given bad parameters."""


class EndpointError(KGError):
    """A remote SPARQL server could not be reached or answered with an error."""


def first_line(exc: BaseException | str) -> str:
    """The first non-empty line of an error (or text), for a one-line message."""
    text = str(exc).strip()
    if not text:
        return type(exc).__name__ if isinstance(exc, BaseException) else ""
    return text.splitlines()[0].strip()


class RDFSyntaxError(KGError):
    """An RDF file could not be read: ``path: not valid <Syntax>: line N: reason`` on one line.

    ``path`` and ``line`` (None when the parser does not know it) are kept for reports that
    point into the file (GitHub annotations, JUnit)."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path = path
        self.line = line
        self.reason = message
        super().__init__(f"{path}: {message}")
