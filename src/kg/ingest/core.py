"""``kg import``: source files -> article files (front matter + body) that ``kg build`` reads.

One pass reads every source into records, extracts pages, then decides per article: new,
unchanged (the file already says exactly this), or a duplicate (same URL or same body as an
article seen before, in this run or in the target folder). Files are written whole, through a
temporary file and a rename, so an interrupted import never leaves half an article.
"""

from __future__ import annotations

import hashlib
import re
import signal
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml

from kg.articles import ARTICLE_SUFFIXES, ArticleError, read_article
from kg.errors import KGError
from kg.files import write_atomically
from kg.ingest.dates import normalise_date
from kg.ingest.sources import (KNOWN_SUFFIXES, PAGE_SUFFIXES, Record, SourceProblem, kind_of, location,
                               one_reason, read_source)

Progress = Callable[[int, int], None]  # (sources done, sources in all)
_ID_BAD = re.compile(r"[^A-Za-z0-9._-]+")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.I)
MAX_ID = 128


@dataclass
class Imported:
    """One article as it will be written."""

    id: str
    title: str
    publisher: str
    body: str
    url: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    source: dict = field(default_factory=dict)

    def render(self) -> str:
        meta: dict = {"id": self.id, "title": self.title, "publisher": self.publisher}
        if self.url:
            meta["url"] = self.url
        if self.published:
            meta["published"] = self.published
        meta["authors"] = list(self.authors)
        if self.language:
            meta["language"] = self.language
        meta["source"] = self.source
        header = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
        return f"---\n{header}---\n{self.body}\n"


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # one line each: "where: duplicate of ID (same URL)"
    problems: list[str] = field(default_factory=list)  # one line each: "file[:where]: what is wrong"
    ignored: list[Path] = field(default_factory=list)  # files in folders that hold no page, feed, ...

    @property
    def skipped(self) -> int:
        return len(self.problems)

    def summary(self) -> str:
        return (f"imported {len(self.imported)}, duplicates {len(self.duplicates)}, "
                f"skipped {self.skipped}, unchanged {len(self.unchanged)}")


# -- ids and keys ----------------------------------------------------------------------------------
def id_from_name(path: Path) -> str | None:
    """``0a1b2c.html.gz`` -> ``0a1b2c``: the file name without its page/compression extensions."""
    name = path.name
    for suffix in (".gz",) + PAGE_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return _safe_id(name)


def _safe_id(text: str) -> str | None:
    cleaned = _ID_BAD.sub("-", text).strip("-._")[:MAX_ID].strip("-._")
    return cleaned or None


def normalise_url(url: str) -> str:
    """The form two URLs of one page share: scheme and host lower-cased, no fragment, no default
    port, no tracking parameters (``utm_*``, ``fbclid``...), no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not ((parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def id_from_url(url: str) -> str:
    """``https://www.example.com/a/b`` -> ``example.com_<16 hex of sha256(normalised URL)>``."""
    norm = normalise_url(url)
    host = (urlsplit(norm).hostname or "").removeprefix("www.")
    digest = hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]
    return f"{_safe_id(host) or 'url'}_{digest}"


def body_key(body: str) -> str:
    """Two bodies that differ only in spacing and case are the same text."""
    return hashlib.sha256(" ".join(body.lower().split()).encode("utf-8")).hexdigest()


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


# -- field cleaning (records from feeds and JSON Lines) --------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")  # never in an article file


def _text(value) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    return " ".join(_CONTROL.sub("", value).split()) or None


def _authors(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = _text(item.get("name") if isinstance(item, dict) else item)
        if name and name not in names:
            names.append(name)
    return names


def _language(value) -> str | None:
    text = _text(value)
    if not text:
        return None
    primary = re.split(r"[-_]", text)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _url(value) -> str | None:
    text = _text(value)
    if text and urlsplit(text).scheme in ("http", "https") and urlsplit(text).netloc:
        return text
    return None


def _body(text: str) -> str:
    """Paragraphs separated by one blank line, spaces inside a paragraph collapsed."""
    text = _CONTROL.sub("", text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text.replace("\r\n", "\n"))]
    if sum(1 for p in paragraphs if p) == 1 and "\n" in text.strip():
        paragraphs = [" ".join(p.split()) for p in text.split("\n")]  # one paragraph per line
    return "\n\n".join(p for p in paragraphs if p)


# -- the import ------------------------------------------------------------------------------------
@dataclass
class _Candidate:
    record: Record
    fields: dict  # title, body, url, published, authors, publisher, language


def discover(sources: Iterable[Path], report: ImportReport) -> list[tuple[Path, str | SourceProblem]]:
    """(file, its kind or why it has none) for every source file, folders searched recursively,
    in a stable order; files in folders that are none of ours are only noted."""
    found: list[tuple[Path, str | SourceProblem]] = []
    seen: set[Path] = set()
    for source in sources:
        if not source.exists():
            raise KGError(f"{source}: no such file or folder")
        explicit = source.is_file()
        files = [source] if explicit else sorted(
            p for p in source.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(source).parts))
        for path in files:
            key = path.resolve()
            if key in seen:
                continue
            seen.add(key)
            try:
                kind = kind_of(path)
            except ValueError as exc:
                found.append((path, SourceProblem(path, str(exc))))
                continue
            except OSError as exc:
                found.append((path, SourceProblem(path, f"cannot read file: {exc.strerror or exc}")))
                continue
            if kind:
                found.append((path, kind))
            elif explicit or path.suffix.lower() in KNOWN_SUFFIXES:
                found.append((path, SourceProblem(path, "not an HTML page, RSS/Atom feed, JSON Lines or WARC file")))
            else:
                report.ignored.append(path)
    return found


def _guarded(items: Iterator[Record | SourceProblem], path: Path) -> Iterator[Record | SourceProblem]:
    """The reader's items; a library failing on odd input ends this file with one line, not a traceback."""
    try:
        yield from items
    except Exception as exc:
        yield SourceProblem(path, f"cannot read the rest of the file ({type(exc).__name__}: {one_reason(exc)})")


def _extract_page(job: tuple[bytes, str | None]) -> tuple[bool, object]:
    """(True, Page) or (False, one-line reason) for one page; runs in a worker process too."""
    from kg.ingest.page import PageError, read_page

    html, url = job
    try:
        return True, read_page(html, url=url)
    except PageError as exc:
        return False, str(exc)
    except Exception as exc:  # a library failing on one odd page must not stop the import
        return False, f"cannot extract the page ({type(exc).__name__}: {one_reason(exc)})"


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _page_extractor(workers: int):
    """A function extracting a list of pages, in order: here, or in ``workers`` processes."""
    if workers <= 1:
        yield lambda jobs: [_extract_page(job) for job in jobs]
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, as kg build does; workers ignore Ctrl-C: the parent alone stops the import
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_sigint)
    try:
        yield lambda jobs: list(pool.map(_extract_page, jobs, chunksize=4))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


PAGES_PER_BATCH = 16  # per worker: pages extracted between two progress updates


def _candidates(files: list[tuple[Path, str | SourceProblem]], report: ImportReport, progress: Progress | None,
                default_publisher: str | None, workers: int = 1) -> list[_Candidate]:
    """Every record of every file, pages extracted, in file order; problems go to ``report``."""
    out: list[_Candidate] = []
    pending: list[Record | SourceProblem] = []
    finished = 0
    if progress:
        progress(0, len(files))
    with _page_extractor(workers) as extract:
        def flush() -> None:
            pages = iter(extract([(r.html, r.fetched_url) for r in pending
                                  if isinstance(r, Record) and r.html is not None]))
            for item in pending:
                if isinstance(item, SourceProblem):
                    report.problems.append(str(item))
                    continue
                if item.html is not None:
                    ok, page = next(pages)
                    item.html = None  # extracted: do not keep every page's bytes until the end
                    if not ok:
                        report.problems.append(str(SourceProblem(item.file, page, item.where)))
                        continue
                    fields = {"title": page.title, "body": page.body, "url": page.url or item.fetched_url,
                              "published": page.published, "authors": page.authors,
                              "publisher": page.publisher, "language": page.language}
                else:
                    fields = dict(item.fields)
                if not fields.get("publisher"):
                    fields["publisher"] = default_publisher
                out.append(_Candidate(item, fields))
            pending.clear()
            if progress:
                progress(finished, len(files))

        for path, kind in files:
            for item in [kind] if isinstance(kind, SourceProblem) else _guarded(read_source(path, kind), path):
                pending.append(item)
                if sum(1 for r in pending if isinstance(r, Record) and r.html is not None) >= PAGES_PER_BATCH * workers:
                    flush()
            finished += 1
            if not workers > 1:
                flush()  # one process: report each file as it is done
        flush()
    return out


def _where(rec: Record) -> str:
    return location(rec.file, rec.where)


def _article(c: _Candidate) -> Imported:
    """The article of a candidate; ValueError names the field that is missing."""
    f, rec = c.fields, c.record
    body = _body(f.get("body") or "")
    if len(re.findall(r"\w+", body)) < 3:
        raise ValueError("empty body after extraction")
    url = _url(f.get("url"))
    title = _text(f.get("title"))
    if not title:
        raise ValueError("no title (the source gives none)")
    publisher = _text(f.get("publisher")) or _host(url)
    if not publisher:
        raise ValueError("no publisher: the source names no site and has no URL (give --publisher NAME)")
    if rec.kind == "page":
        article_id = id_from_name(rec.file) or (id_from_url(url) if url else None)
    else:
        article_id = id_from_url(url) if url else f"{id_from_name(rec.file) or 'record'}_{body_key(body)[:16]}"
    if not article_id:
        raise ValueError("no usable id (the file name has no letters or digits, and there is no URL)")
    source: dict = {"file": rec.file.as_posix()}
    if rec.record is not None:
        source["record"] = rec.record
    source["sha256"] = rec.sha256
    language = _language(f.get("language"))
    if language is None:  # undeclared: measured, so a Portuguese page is not built as English
        from kg.ingest.language import detect_language

        language = detect_language(body)
    return Imported(id=article_id, title=title, publisher=publisher, body=body, url=url,
                    published=normalise_date(f.get("published")), authors=_authors(f.get("authors")),
                    language=language, source=source)


@dataclass
class _Existing:
    path: Path
    imported: bool  # written by kg import (has a 'source' field), so an import may replace it


def _index_folder(into: Path) -> tuple[dict[str, _Existing], dict[str, str], dict[str, str]]:
    """Articles already in ``into``: by id, id by normalised URL, id by body key."""
    by_id: dict[str, _Existing] = {}
    by_url: dict[str, str] = {}
    by_body: dict[str, str] = {}
    if not into.is_dir():
        return by_id, by_url, by_body
    for path in sorted(into.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in ARTICLE_SUFFIXES or not path.is_file():
            continue
        try:
            article = read_article(path)
        except ArticleError:
            continue
        header = path.read_text(encoding="utf-8", errors="replace").split("\n---", 1)[0]
        imported = bool(re.search(r"(?m)^source:", header))
        by_id[article.id] = _Existing(path, imported)
        if article.url:
            by_url.setdefault(normalise_url(article.url), article.id)
        by_body.setdefault(body_key(article.body), article.id)
    return by_id, by_url, by_body


def _fill_from_feed(candidates: list[_Candidate], report: ImportReport) -> list[_Candidate]:
    """Summary-only feed entries: kept only as extra metadata for the page they link to."""
    pages: dict[str, _Candidate] = {}
    for c in candidates:
        if c.record.kind in ("page", "warc"):
            for url in (c.fields.get("url"), c.record.fetched_url):
                if _url(url):
                    pages.setdefault(normalise_url(url), c)
    kept = []
    for c in candidates:
        if not c.record.summary_only:
            kept.append(c)
            continue
        page = pages.get(normalise_url(c.fields["url"])) if _url(c.fields.get("url")) else None
        if page is None:
            report.problems.append(f"{_where(c.record)}: summary only, and the page it links to "
                                   f"({c.fields.get('url')}) is not among the sources; skipped")
            continue
        for name in ("title", "published", "authors", "language"):
            if not page.fields.get(name) and c.fields.get(name):
                page.fields[name] = c.fields[name]
    return kept


def _duplicate_of(article_id: str, url_key: str | None, bkey: str, by_url: dict[str, str],
                  by_body: dict[str, str], claimed: dict[str, str]) -> tuple[str, str] | None:
    """(id of the article this one repeats, why), or None when it is new or its own earlier self.

    An article with its own id in the folder is a re-import (compared by content later), unless
    that id was already written in this run: then the same URL or body means a repeat.
    """
    for key, index, reason in ((url_key, by_url, "same URL"), (bkey, by_body, "same body text")):
        other = index.get(key) if key else None
        if other is not None and (other != article_id or article_id in claimed):
            return other, reason
    return None


def run_import(sources: Iterable[Path], into: Path, *, publisher: str | None = None,
               progress: Progress | None = None, workers: int = 1) -> ImportReport:
    """Import every source into the folder ``into`` (created if missing); see the module doc.

    ``workers`` > 1 extracts pages in that many processes (output identical, in the same order).
    """
    into = Path(into)
    if into.exists() and not into.is_dir():
        raise KGError(f"{into}: not a folder (--into takes the folder the articles go to)")
    report = ImportReport()
    files = discover([Path(s) for s in sources], report)
    candidates = _fill_from_feed(_candidates(files, report, progress, publisher, workers), report)
    by_id, by_url, by_body = _index_folder(into)
    claimed: dict[str, str] = {}  # ids written or confirmed in this run -> where from
    for c in candidates:
        try:
            article = _article(c)
        except ValueError as exc:
            report.problems.append(f"{_where(c.record)}: {exc}")
            continue
        url_key = normalise_url(article.url) if article.url else None
        bkey = body_key(article.body)
        dup = _duplicate_of(article.id, url_key, bkey, by_url, by_body, claimed)
        if dup is not None:
            report.duplicates.append(f"{_where(c.record)}: duplicate of {dup[0]} ({dup[1]})")
            continue
        if article.id in claimed:
            report.problems.append(f"{_where(c.record)}: id {article.id} is also the id of a different article "
                                   f"({claimed[article.id]}); rename one of the files")
            continue
        existing = by_id.get(article.id)
        target = existing.path if existing else into / f"{article.id}.md"
        if existing and not existing.imported:
            report.problems.append(f"{_where(c.record)}: id {article.id} is already used by {existing.path}, "
                                   "which kg import did not write; skipped")
            continue
        text = article.render()
        claimed[article.id] = _where(c.record)
        if url_key:
            by_url[url_key] = article.id
        by_body[bkey] = article.id
        try:
            if target.is_file() and target.read_text(encoding="utf-8") == text:
                report.unchanged.append(article.id)
                continue
            into.mkdir(parents=True, exist_ok=True)
            write_atomically(target, text)
        except OSError as exc:
            raise KGError(f"{target}: cannot write: {exc.strerror or exc}") from None
        report.imported.append(article.id)
    return report
