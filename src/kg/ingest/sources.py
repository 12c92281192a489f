"""Input files -> records: what kind of file each one is (by content), and the records inside it.

A record is one would-be article: a saved page (HTML bytes to extract), or the fields of a feed
entry or a JSON Lines row. Every problem is a ``SourceProblem`` naming the file and the line,
entry or record, so the caller reports it in one line and goes on.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import xml.sax
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from kg.articles import one_line

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
KNOWN_SUFFIXES = PAGE_SUFFIXES + (".gz", ".xml", ".rss", ".atom", ".jsonl", ".ndjson", ".json", ".warc", ".arc")
SNIFF_BYTES = 8192
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)\s*-->", re.I)
_FIRST_TAG = re.compile(rb"<(?![?!/])([a-zA-Z][\w:.-]*)")
_HTML_TAGS = {b"html", b"head", b"body", b"meta", b"title", b"div", b"p", b"article", b"main",
              b"section", b"header", b"link", b"script", b"style", b"table", b"h1", b"h2", b"span"}


@dataclass
class SourceProblem:
    """A record or file that cannot become an article: ``str()`` is ``file[:where]: what``."""

    file: Path
    message: str
    where: str | None = None  # "12" (a line), "entry 3", "record 7 (https://…)"

    def __str__(self) -> str:
        return f"{location(self.file, self.where)}: {one_line(self.message)}"


def location(file: Path, where: str | None) -> str:
    """How messages name a file or a record in it: ``file``, ``file:12`` (a line), ``file: entry 3``."""
    if where is None:
        return one_line(str(file))
    return one_line(f"{file}{':' if where.isdigit() else ': '}{where}")


@dataclass
class Record:
    """One would-be article, before extraction."""

    file: Path
    kind: str  # "page", "feed", "jsonl", "warc"
    sha256: str  # of the raw bytes it came from
    record: int | None = None  # line (JSON Lines), entry (feed) or record (WARC) number, 1-based
    where: str | None = None  # how messages name the record
    html: bytes | None = None  # pages: the HTML to extract
    fetched_url: str | None = None  # where the bytes came from (WARC target, "saved from" comment)
    fields: dict = field(default_factory=dict)  # feeds/JSON Lines: title, body, url, published, ...
    summary_only: bool = False  # a feed entry with a summary and a link, but no full text


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decompress(raw: bytes, path: Path) -> bytes:
    if not raw.startswith(b"\x1f\x8b"):
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError(f"broken gzip file ({exc})") from None


def _gzip_head(head: bytes) -> bytes:
    """The first decompressed bytes (a truncated file still shows what it is; readers report it)."""
    return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)


def sniff(head: bytes) -> str | None:
    """"warc", "feed", "html", "jsonl" or None, from a file's first (decompressed) bytes."""
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        return "jsonl"
    if b"<" not in text[:1024]:
        return None
    low = text.lower()
    m = _FIRST_TAG.search(low)
    name = m.group(1) if m else b""
    if name in (b"rss", b"feed", b"rdf:rdf"):
        return "feed"
    if low.startswith(b"<!doctype html") or name in _HTML_TAGS or b"<html" in low or b"<body" in low:
        return "html"
    return None


def kind_of(path: Path) -> str | None:
    """What ``path`` holds, read from its content; raises ValueError for a broken gzip."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES * 8)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = _gzip_head(head)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"broken gzip file ({exc})") from None
    return sniff(head)


def read_page_file(path: Path) -> Iterator[Record | SourceProblem]:
    raw = path.read_bytes()
    try:
        html = _decompress(raw, path)
    except ValueError as exc:
        yield SourceProblem(path, str(exc))
        return
    m = _SAVED_FROM.search(html[:4096])
    yield Record(path, "page", sha256(raw), html=html,
                 fetched_url=m.group(1).decode("ascii", "replace") if m else None)


# -- JSON Lines (news-please, newspaper and most scrapers) ----------------------------------------
JSONL_TEXT = ("maintext", "text")
JSONL_FIELDS = {
    "title": ("title",),
    "url": ("url",),
    "published": ("date_publish", "published"),
    "authors": ("authors",),
    "publisher": ("publisher", "source_domain"),
    "language": ("language",),
}


def read_jsonl(path: Path) -> Iterator[Record | SourceProblem]:
    try:
        data = _decompress(path.read_bytes(), path)
    except ValueError as exc:
        yield SourceProblem(path, str(exc))
        return
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        where = str(number)
        try:
            row = json.loads(line)
        except UnicodeDecodeError:
            yield SourceProblem(path, "not UTF-8 text", where)
            continue
        except ValueError as exc:
            yield SourceProblem(path, f"not valid JSON ({exc})", where)
            continue
        if not isinstance(row, dict):
            yield SourceProblem(path, "not a JSON object (one article per line)", where)
            continue
        body = next((row[k] for k in JSONL_TEXT if isinstance(row.get(k), str) and row[k].strip()), None)
        if body is None:
            yield SourceProblem(path, "no article text (field 'maintext' or 'text')", where)
            continue
        fields = {"body": body}
        for name, keys in JSONL_FIELDS.items():
            value = next((row[k] for k in keys if row.get(k) not in (None, "", [])), None)
            if value is not None:
                fields[name] = value
        yield Record(path, "jsonl", sha256(line.rstrip(b"\r")), record=number, where=where, fields=fields)


# -- RSS / Atom feeds ------------------------------------------------------------------------------
def _entry_bytes(data: bytes) -> list[bytes]:
    """Each entry's own XML (for its sha256), in document order; [] if lxml cannot say."""
    import lxml.etree

    try:
        root = lxml.etree.fromstring(data, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True,
                                                                        recover=True, huge_tree=False))
    except (lxml.etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    return [lxml.etree.tostring(el, method="c14n") for el in root.iter("{*}item", "{*}entry")]


def read_feed(path: Path) -> Iterator[Record | SourceProblem]:
    import feedparser

    from kg.ingest.text import html_paragraphs

    try:
        data = _decompress(path.read_bytes(), path)
    except ValueError as exc:
        yield SourceProblem(path, str(exc))
        return
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, xml.sax.SAXException) or (problem is not None and not parsed.entries):
        # not well-formed XML: feedparser's loose fallback would guess at half-read entries
        line = problem.getLineNumber() if isinstance(problem, xml.sax.SAXParseException) else None
        reason = problem.getMessage() if isinstance(problem, xml.sax.SAXException) else one_reason(problem)
        yield SourceProblem(path, f"feed does not parse ({reason})", str(line) if line else None)
        return
    raw_entries = _entry_bytes(data)
    if len(raw_entries) != len(parsed.entries):
        raw_entries = []
    feed = parsed.feed
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"entry {number}"
        raw = raw_entries[number - 1] if raw_entries else json.dumps(entry, sort_keys=True, default=str).encode()
        fields: dict = {}
        contents = [c for c in entry.get("content", []) if c.get("value", "").strip()]
        if contents:
            best = max(contents, key=lambda c: len(c["value"]))
            is_html = "html" in (best.get("type") or "text/html")
            fields["body"] = "\n\n".join(html_paragraphs(best["value"]) if is_html else
                                         [p.strip() for p in best["value"].split("\n\n") if p.strip()])
            if best.get("language"):
                fields["language"] = best["language"]
        for name, value in (("title", entry.get("title")), ("url", entry.get("link")),
                            ("published", entry.get("published_parsed") or entry.get("published"))):
            if value:
                fields[name] = value
        authors = [a.get("name") for a in entry.get("authors", []) if isinstance(a, dict) and a.get("name")]
        if authors:
            fields["authors"] = authors
        publisher = (feed.get("title") or "").strip()
        if publisher:
            fields["publisher"] = publisher
        if feed.get("language") and "language" not in fields:
            fields["language"] = feed["language"]
        summary_only = not fields.get("body", "").strip()
        if summary_only and not fields.get("url"):
            yield SourceProblem(path, "summary only and no link: no article text", where)
            continue
        yield Record(path, "feed", sha256(raw), record=number, where=where, fields=fields,
                     summary_only=summary_only)


# -- WARC ------------------------------------------------------------------------------------------
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path) -> Iterator[Record | SourceProblem]:
    from warcio.archiveiterator import ArchiveIterator

    number = 0
    with path.open("rb") as fh:
        records = ArchiveIterator(fh, arc2warc=True, check_digests=True)
        while True:
            try:
                rec = next(records)
            except StopIteration:
                return
            except Exception as exc:  # warcio fails in many ways on damaged input (ArchiveLoadFailed, ...)
                yield SourceProblem(path, f"not a readable WARC record ({one_reason(exc)}); the rest of the file is skipped",
                                    f"record {number + 1}")
                return
            number += 1
            if rec.rec_type != "response" or rec.http_headers is None:
                continue
            status = rec.http_headers.get_statuscode()
            ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
            if not status or not status.startswith("2") or not any(t in ctype for t in _HTML_TYPES):
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            where = f"record {number} ({url})" if url else f"record {number}"
            try:
                payload = rec.content_stream().read()
            except Exception as exc:  # a damaged payload: this record only
                yield SourceProblem(path, f"cannot read the page ({one_reason(exc)})", where)
                continue
            missing = getattr(rec.raw_stream, "limit", 0) or 0
            if missing or rec.digest_checker.passed is False:
                reason = f"{missing} bytes missing" if missing else "payload digest does not match"
                yield SourceProblem(path, f"damaged record ({reason}); skipped", where)
                continue
            yield Record(path, "warc", sha256(payload), record=number, where=where, html=payload,
                         fetched_url=url)


def one_reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:120] if text else type(exc).__name__


READERS = {"html": read_page_file, "jsonl": read_jsonl, "feed": read_feed, "warc": read_warc}


def read_source(path: Path, kind: str) -> Iterator[Record | SourceProblem]:
    """The records of one file of a known kind (problems included, in file order)."""
    try:
        yield from READERS[kind](path)
    except OSError as exc:
        yield SourceProblem(path, f"cannot read file: {exc.strerror or exc}")


__all__ = ["Record", "SourceProblem", "kind_of", "read_source", "sniff", "KNOWN_SUFFIXES", "PAGE_SUFFIXES"]
