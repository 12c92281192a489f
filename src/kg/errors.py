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
