"""HTML pages: the Jinja2 environment (autoescaping everything), links that work both on the
server and in the static site, article texts, and highlighted text from character offsets.
"""

from __future__ import annotations

import posixpath
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from kg.namespaces import BASE, KG_NS

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"


def environment() -> Environment:
    env = Environment(loader=PackageLoader("kg.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["short"] = short_iri
    env.filters["safe_url"] = safe_url
    return env


def short_iri(iri: str | None) -> str:
    from kg.queries import compact_iri

    return compact_iri(iri) if iri else ""


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from data reach an href: no javascript: or data: URLs."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


# -- links ---------------------------------------------------------------------------------
def local_path(iri: str) -> str | None:
    """``https://w3id.org/newskg/id/actor/x`` -> ``id/actor/x``; None for IRIs we do not serve."""
    if iri.startswith(BASE + "id/") or iri.startswith(BASE + "topic/"):
        rest = iri[len(BASE):]
        if ".." not in rest.split("/") and "?" not in rest and "#" not in rest:
            return rest
    return None


@dataclass
class Links:
    """Where links point: ``/id/...`` on the server; relative ``../id/....html`` in the static site."""

    static_site: bool = False
    current: str = ""  # the page being written, relative to the site root (static site only)
    known: frozenset[str] | None = None  # static site: the IRI pages written (others get no link)

    def page(self, path: str) -> str:
        """A site page: ``""`` (home), ``queries``, ``queries/NAME``, ``id/actor/x``."""
        if not self.static_site:
            return "/" + path
        target = (path or "index") + ".html" if path not in ("queries",) else "queries/index.html"
        return posixpath.relpath(target, posixpath.dirname(self.current) or ".")

    def file(self, path: str) -> str:
        """A file as is (static assets, downloads): ``static/style.css``."""
        if not self.static_site:
            return "/" + path
        return posixpath.relpath(path, posixpath.dirname(self.current) or ".")

    def iri(self, iri: str | None) -> str | None:
        """The link for an IRI: our own page, or the IRI itself if it is an http(s) one."""
        if not iri:
            return None
        if iri.startswith(KG_NS) and len(iri) > len(KG_NS):
            return self.page("ontology") + "#" + iri[len(KG_NS):]
        path = local_path(iri)
        if path is not None:
            if self.known is not None and path not in self.known:
                return None
            return self.page(path)
        return safe_url(iri)


# -- article texts -------------------------------------------------------------------------
class ArticleTexts:
    """Article bodies by content hash, read from the articles folder (the store keeps offsets and
    the exact text of each span, not whole bodies). A body is used only when the file's hash is
    the one the store recorded, so offsets always point into the text they were computed on."""

    def __init__(self, folder: Path | None, rescan_every_s: float = 2.0):
        self.folder = Path(folder) if folder else None
        self.rescan_every_s = rescan_every_s
        self._by_hash: dict[str, Path] = {}
        self._scanned = 0.0
        self._lock = threading.Lock()

    def _scan(self) -> None:
        from kg.articles import ARTICLE_SUFFIXES, ArticleError, read_article

        found: dict[str, Path] = {}
        if self.folder is not None and self.folder.is_dir():
            for path in sorted(self.folder.iterdir()):
                if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file():
                    try:
                        found[read_article(path).content_hash] = path
                    except ArticleError:
                        continue
        self._by_hash = found
        self._scanned = time.monotonic()

    def body(self, content_hash: str | None) -> str | None:
        if not content_hash or self.folder is None:
            return None
        from kg.articles import ArticleError, read_article

        with self._lock:
            path = self._by_hash.get(content_hash)
            if path is None and time.monotonic() - self._scanned >= self.rescan_every_s:
                self._scan()
                path = self._by_hash.get(content_hash)
        if path is None:
            return None
        try:
            article = read_article(path)
        except ArticleError:
            return None
        return article.body if article.content_hash == content_hash else None


# -- highlighting --------------------------------------------------------------------------
@dataclass
class Mark:
    start: int
    end: int
    kind: str  # actor | claim | event | evidence | content
    href: str | None = None
    title: str = ""
    ref: str | None = None  # a short label shown before the span (claims: C1, C2, ...)


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    href: str | None = None
    title: str = ""
    refs: list[tuple[str, str | None, str]] = field(default_factory=list)  # (label, href, title)

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in self.kinds)


_LINK_PRIORITY = ("actor", "event", "claim")


def segments(text: str, marks: list[Mark], offset: int = 0) -> list[Segment]:
    """``text`` (which starts at body offset ``offset``) cut at every mark boundary; each piece
    knows the marks covering it. Overlapping and nested marks are fine; marks outside the text or
    with end <= start are ignored. The text is never altered: the template escapes it."""
    n = len(text)
    usable = []
    for m in marks:
        s, e = m.start - offset, m.end - offset
        if 0 <= s < e <= n:
            usable.append((s, e, m))
    cuts = sorted({0, n} | {s for s, _, _ in usable} | {e for _, e, _ in usable})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [m for s, e, m in usable if s <= a and b <= e]
        seg = Segment(text[a:b])
        seg.kinds = sorted({m.kind for m in covering})
        for kind in _LINK_PRIORITY:
            linked = [m for m in covering if m.kind == kind and m.href]
            if linked:
                seg.href, seg.title = linked[0].href, linked[0].title
                break
        if not seg.title and covering:
            seg.title = covering[0].title
        seg.refs = [(m.ref, m.href, m.title) for s, _, m in usable if s == a and m.ref]
        out.append(seg)
    return out


def paragraph_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """The line(s) holding [start, end): web copy keeps one paragraph per line."""
    a = body.rfind("\n", 0, start) + 1
    b = body.find("\n", end)
    return a, len(body) if b < 0 else b


def trigger_offsets(exact: str, start: int, trigger: str | None) -> tuple[int, int] | None:
    """Where an event's trigger word stands inside its evidence sentence (first occurrence)."""
    if not trigger:
        return None
    i = exact.find(trigger)
    if i < 0:
        i = exact.lower().find(trigger.lower())
    return None if i < 0 else (start + i, start + i + len(trigger))
