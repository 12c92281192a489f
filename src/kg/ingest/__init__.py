"""Real input -> article files: saved HTML pages, RSS/Atom feeds, JSON Lines dumps, WARC archives.

``run_import(sources, into)`` is the whole step; see docs/import.md for ids, metadata precedence
and limits.
"""

from kg.ingest.core import ImportReport, Imported, run_import

__all__ = ["ImportReport", "Imported", "run_import"]
