"""Reading articles: YAML front matter + body from ``data/articles/*.md|*.txt`` into ``Article``.

Every problem becomes an ``ArticleError`` that names the file, the line or field, and what is
wrong, so the CLI can print one line per bad file and go on with the good ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.model import Article, PartialDate

ARTICLE_SUFFIXES = (".md", ".txt")
REQUIRED_FIELDS = ("title", "publisher")
OPTIONAL_FIELDS = ("id", "url", "published", "authors", "language", "genre", "note", "source")  # source: kg import
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FENCE = "---"
MAX_FLOW_DEPTH = 100


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so "2021-02-30" is reported, not crashed on."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped, so it stays on one line."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group(0))[1:-1], text)


def _show(value: Any, limit: int = 60) -> str:
    """A user-supplied value quoted for an error message: one line, at most ``limit`` chars."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "'" + one_line(text) + "'"


class ArticleError(ValueError):
    """A bad article file: ``str(err)`` is the one-line message ``path[:line]: what is wrong``."""

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        self.path = Path(path)
        self.line = line
        self.reason = one_line(message)
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{one_line(where)}: {self.reason}")


@dataclass
class LoadResult:
    """Articles read from a folder, the files that could not be read, and the files ignored."""

    articles: list[Article] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)


def parse_date(value: Any) -> PartialDate:
    """"2024" / "2024-02" / "2024-02-08" (or a YAML date) -> PartialDate with honest precision."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.isoformat(), "day")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError("must be a date written YYYY, YYYY-MM or YYYY-MM-DD")
    text = str(value).strip()
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"{_show(text)} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = m.groups()
    try:
        if day:
            dt.date(int(year), int(month), int(day))
            return PartialDate(text, "day")
        if month:
            dt.date(int(year), int(month), 1)
            return PartialDate(text, "month")
    except ValueError:
        raise ValueError(f"impossible date {_show(text)}") from None
    return PartialDate(text, "year")


def _split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (yaml text, body, 1-based line of the body's first character)."""
    if not text.startswith(_FENCE):
        raise ArticleError(path, "no front matter (the file must start with a '---' line)", line=1)
    lines = text.split("\n")
    if lines[0].strip() != _FENCE:
        raise ArticleError(path, "no front matter (the first line must be exactly '---')", line=1)
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r") == _FENCE:
            header = "\n".join(lines[1:i])
            body = "\n".join(lines[i + 1 :])
            return header, body, i + 2
    raise ArticleError(path, "front matter is not closed by a '---' line", line=1)


def _text_field(meta: dict, name: str, path: Path, line_of: dict[str, int]) -> str | None:
    value = meta.get(name)
    if value is None:
        return None
    if isinstance(value, (dict, list, set, bytes)):
        raise ArticleError(path, f"field '{name}' must be text", line=line_of.get(name))
    text = str(value).strip()
    return text or None


def _field_lines(header: str) -> dict[str, int]:
    """Line (within the file) of each top-level front-matter key, for error messages."""
    lines: dict[str, int] = {}
    for i, raw in enumerate(header.split("\n"), start=2):
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:", raw)
        if m and m.group(1) not in lines:
            lines[m.group(1)] = i
    return lines


def _flow_depth(header: str) -> int:
    """Deepest nesting of [ and { (quotes ignored: an upper bound is all the guard needs)."""
    depth = deepest = 0
    for ch in header:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}" and depth:
            depth -= 1
    return deepest


def _load_yaml(header: str, path: Path) -> Any:
    """The front matter as YAML data, or an ArticleError with the file line of the problem."""
    if not header.strip():
        return {}
    if _flow_depth(header) > MAX_FLOW_DEPTH:
        # PyYAML's scanner is quadratic in flow nesting: refuse before it spends minutes on it
        raise ArticleError(path, f"front matter is nested too deeply (over {MAX_FLOW_DEPTH} levels)", line=2)
    try:
        return yaml.load(header, Loader=_FrontMatterLoader)
    except yaml.reader.ReaderError as exc:
        line = header.count("\n", 0, exc.position) + 2
        char = ord(exc.character) if isinstance(exc.character, str) else int(exc.character)
        raise ArticleError(
            path, f"front matter holds a character YAML does not allow (U+{char:04X})", line=line
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None and context_mark.line + 2 != line:
            problem += f" ({context} that starts on line {context_mark.line + 2})"
        raise ArticleError(path, f"front matter is not valid YAML: {problem}", line=line) from None
    except RecursionError:
        raise ArticleError(path, "front matter is nested too deeply", line=2) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise ArticleError(path, f"front matter holds a value that cannot be read: {exc}", line=2) from None


def parse_article_text(text: str, path: Path | str, *, default_id: str | None = None) -> Article:
    """Parse one article file's text; raises ArticleError naming the line or field."""
    path = Path(path)
    header, body, body_line = _split_front_matter(text, path)
    meta = _load_yaml(header, path)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ArticleError(path, "front matter must be a YAML mapping of field: value", line=2)
    line_of = _field_lines(header)
    for name in REQUIRED_FIELDS:
        if _text_field(meta, name, path, line_of) is None:
            raise ArticleError(path, f"missing required field '{name}'", line=None)
    unknown = sorted(set(map(str, meta)) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise ArticleError(path, f"unknown field {_show(unknown[0])} (fields: {', '.join(REQUIRED_FIELDS + OPTIONAL_FIELDS)})",
                           line=line_of.get(unknown[0]))

    article_id = _text_field(meta, "id", path, line_of) or default_id or path.stem
    if not _ID_RE.match(article_id):
        raise ArticleError(
            path, f"field 'id': {_show(article_id)} may only hold letters, digits, '.', '_' and '-'",
            line=line_of.get("id"),
        )
    published = None
    if meta.get("published") is not None:
        try:
            published = parse_date(meta["published"])
        except ValueError as exc:
            raise ArticleError(path, f"field 'published': {exc}", line=line_of.get("published")) from None
    authors_raw = meta.get("authors") or []
    if isinstance(authors_raw, str):
        authors_raw = [authors_raw]
    if not isinstance(authors_raw, list) or not all(isinstance(a, str) and a.strip() for a in authors_raw):
        raise ArticleError(path, "field 'authors' must be a list of names", line=line_of.get("authors"))
    if not body.strip():
        raise ArticleError(path, "empty body (nothing after the front matter)", line=body_line)
    return Article(
        id=article_id,
        title=_text_field(meta, "title", path, line_of) or "",
        publisher=_text_field(meta, "publisher", path, line_of) or "",
        body=body,
        url=_text_field(meta, "url", path, line_of),
        published=published,
        authors=tuple(a.strip() for a in authors_raw),
        language=_text_field(meta, "language", path, line_of),
        genre=_text_field(meta, "genre", path, line_of),
        path=path,
        content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        body_line=body_line,
    )


def read_article(path: Path | str) -> Article:
    """Read and parse one file (UTF-8, no NUL bytes)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleError(path, f"cannot read file: {exc.strerror or exc}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(path, "UTF-16 text, not UTF-8: save the file as UTF-8", line=1)
    if b"\x00" in raw:
        raise ArticleError(path, "binary file (contains NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ArticleError(
            path, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})", line=line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    return parse_article_text(text, path)


def load_articles(folder: Path | str) -> LoadResult:
    """Every ``.md``/``.txt`` file in ``folder`` (sorted); bad files become errors, others ignored.

    Files sharing an id are all reported and none is loaded: which one is "the" article would
    otherwise depend on file names, and a rename would silently swap the stored text.
    """
    folder = Path(folder)
    result = LoadResult()
    try:
        entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    except OSError as exc:
        raise ArticleError(folder, f"cannot read folder: {exc.strerror or exc}") from None
    by_id: dict[str, list[Article]] = {}
    order: list[Article | ArticleError] = []
    for path in entries:
        if path.is_dir() or path.suffix.lower() not in ARTICLE_SUFFIXES:
            result.ignored.append(path)
            continue
        try:
            article = read_article(path)
        except ArticleError as err:
            order.append(err)
            continue
        by_id.setdefault(article.id, []).append(article)
        order.append(article)
    for item in order:
        if isinstance(item, ArticleError):
            result.errors.append(item)
            continue
        same = by_id[item.id]
        if len(same) == 1:
            result.articles.append(item)
            continue
        others = ", ".join(str(a.path) for a in same if a is not item)
        result.errors.append(ArticleError(item.path, f"duplicate id {_show(item.id)} (also used by {others})"))
    return result
