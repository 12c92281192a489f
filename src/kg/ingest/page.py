"""One saved HTML page -> article text and metadata (trafilatura + the page's own structured data).

Metadata precedence, best first (docs/import.md): schema.org ``*Article`` JSON-LD, then
OpenGraph and ``<meta>``/``<link>`` tags, then what trafilatura reads from the visible page.
The body is trafilatura's main text (comments left out, precision favoured), checked against the
JSON-LD ``articleBody`` when the page has one.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from kg.ingest.dates import normalise_date
from kg.ingest.edges import trim_edges

# schema.org types whose instances are the article itself (CreativeWork subtypes used by news sites)
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "BlogPosting",
    "LiveBlogPosting", "SocialMediaPosting", "TechArticle", "ScholarlyArticle", "Report",
})
MIN_WORDS = 3  # a body with fewer words is "empty" (a caption or a button, not an article)


@dataclass
class Page:
    """What one page says about itself; ``None``/empty where it says nothing."""

    body: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    language: str | None = None


class PageError(ValueError):
    """The bytes are not a page with article text (the message says why)."""


def _clean(value) -> str | None:
    """One line of text from a JSON-LD or meta value (HTML entities some sites leave in decoded)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if not isinstance(value, str):
        return None
    text = " ".join(htmllib.unescape(value).split())
    return text or None


_BYLINE = re.compile(r"^(?:by|von|par|por|di|door)\s+", re.I)


def _author(name: str) -> str | None:
    """"By Jane Doe" -> "Jane Doe" (bylines copied into author fields keep their "By")."""
    name = _BYLINE.sub("", name).strip(" ,;")
    return name or None


def _types(obj: dict) -> set[str]:
    raw = obj.get("@type")
    items = raw if isinstance(raw, list) else [raw]
    return {str(t).rsplit("/", 1)[-1] for t in items if t}


def _walk(data):
    """Every JSON object in a JSON-LD document (``@graph`` and nesting included)."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value)


def _json_ld_article(tree) -> dict:
    """The page's own schema.org article object (the one with the most to say), or {}."""
    best: dict = {}
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        text = (script.text or "").strip()
        if not text:
            continue
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            continue
        for obj in _walk(data):
            if _types(obj) & ARTICLE_TYPES:
                score = sum(1 for k in ("articleBody", "headline", "datePublished", "author") if obj.get(k))
                if score > sum(1 for k in ("articleBody", "headline", "datePublished", "author") if best.get(k)):
                    best = obj
    return best


def _names(value) -> list[str]:
    """Person names from a schema.org ``author`` value (text, object, or a list of either)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = _clean(item.get("name") if isinstance(item, dict) else item)
        name = _author(name) if name else None
        if name and not name.lower().startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return names


def _meta(tree) -> dict[str, str]:
    """``<meta>`` tags by lower-cased ``property``/``name``/``http-equiv`` (first one wins)."""
    found: dict[str, str] = {}
    for el in tree.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
        value = _clean(el.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def _first(meta: dict[str, str], *keys: str) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def _language(tag: str | None) -> str | None:
    """``en-US`` / ``en_GB`` / ``EN`` -> ``en`` (the primary subtag is what decides extraction)."""
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _http_url(value: str | None) -> str | None:
    if value and urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc:
        return value
    return None


def _paragraphs(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").split("\n") if line.strip()]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 4]) for i in range(len(words) - 3)}


_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:•·»]{1,2}\s+")


def _title_site(title: str | None) -> str | None:
    """"Headline - Site" / "Headline | Site" -> "Site": the short last part of a page title."""
    if not title:
        return None
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return None
    site = parts[-1].strip()
    if 1 <= len(site.split()) <= 4 and len(site) < len(title) / 2:
        return site
    return None


def _without_site(title: str | None, site: str | None) -> str | None:
    """"Headline | Site" -> "Headline" when Site is the publisher (og:title often carries it)."""
    if not title or not site:
        return title
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1 and _words(parts[-1]) == _words(site):
        head = title[: title.rfind(parts[-1])].rstrip(" -|–—:•·»")
        return head or title
    return title


def _structured_paragraphs(article_body) -> list[str]:
    """``articleBody`` as paragraphs; some sites put HTML in it."""
    if not isinstance(article_body, str):
        return []
    if re.search(r"<(p|br|div)\b", article_body, re.I):
        from kg.ingest.text import html_paragraphs

        return html_paragraphs(article_body)
    return _paragraphs(htmllib.unescape(article_body))


SIBLING_MIN_WORDS = 8
NOT_BODY = frozenset({"figure", "figcaption", "aside", "nav", "footer", "header", "form", "button", "label"})


def _visible_text(el) -> str:
    """Text of ``el`` without the contents of scripts and styles (which some sites put in a <p>)."""
    return " ".join(t for t in el.xpath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"))


def _signature(el) -> tuple:
    """Where a paragraph sits: tag and class of its parent and the two above it."""
    sig = []
    for anc in el.iterancestors():
        sig.append((anc.tag, anc.get("class") or ""))
        if len(sig) == 3:
            break
    return tuple(sig)


# class of the <blockquote> that social networks' embed code writes (the same on every site)
EMBEDDED_POSTS = ("twitter-tweet", "bluesky-embed", "mastodon-embed", "instagram-media", "tiktok-embed")


def _embedded_post(el) -> bool:
    return el.tag == "blockquote" and any(c in (el.get("class") or "") for c in EMBEDDED_POSTS)


def _completed(paragraphs: list[str], tree) -> list[str]:
    """Paragraphs plus article text the extractor missed, each put after the one it follows.

    Sites cut long articles into chunks between ads; extractors often keep the first chunk
    only. A ``<p>`` with the same parent/grandparent/great-grandparent tags and classes as most
    extracted paragraphs, with a sentence's worth of words and few links, is article text too.
    So is a post embedded from a social network (a quoted tweet) between two extracted paragraphs:
    what an actor posted is what the article reports them saying.
    """
    from kg.ingest.text import html_paragraphs

    if tree is None or len(paragraphs) < 3:
        return paragraphs
    keys = {" ".join(_words(p)): i for i, p in enumerate(paragraphs)}
    elements = [el for el in tree.iter("p", "blockquote")
                if not any(a.tag in NOT_BODY or _embedded_post(a) for a in el.iterancestors())
                and (el.tag == "p" or _embedded_post(el))]
    texts = {el: " ".join(_words(_visible_text(el))) for el in elements}
    matched = [el for el in elements if texts[el] in keys]
    if len(matched) < 3:
        return paragraphs
    counts: dict[tuple, int] = {}
    for el in matched:
        counts[_signature(el)] = counts.get(_signature(el), 0) + 1
    sig, count = max(counts.items(), key=lambda kv: kv[1])
    siblings = count >= 3 and count * 2 >= len(matched) and bool(sig) and any(cls for _, cls in sig)
    have = _shingles(" ".join(paragraphs))
    insert_after: dict[int, list[str]] = {}
    last = -1
    for el in elements:
        key = texts[el]
        if key in keys:
            last = keys[key]
            continue
        if _embedded_post(el):
            if last < 0 or last >= len(paragraphs) - 1:
                continue  # only between paragraphs of the article, never around it
            found = [" ".join(p.split()) for p in html_paragraphs(lxml_html_tostring(el))]
        elif siblings and _signature(el) == sig and len(key.split()) >= SIBLING_MIN_WORDS:
            text = " ".join(_visible_text(el).split())
            if sum(len(a.text_content()) for a in el.iter("a")) > len(text) / 2:
                continue
            found = [text]
        else:
            continue
        mine = _shingles(" ".join(found))
        if not mine or len(mine & have) * 2 > len(mine):  # the extractor has it, split differently
            continue
        insert_after.setdefault(last, []).extend(p for p in found if p)
    if not insert_after:
        return paragraphs
    out = list(insert_after.get(-1, []))
    for i, p in enumerate(paragraphs):
        out.append(p)
        out.extend(insert_after.get(i, []))
    return out


def lxml_html_tostring(el) -> str:
    import lxml.html

    return lxml.html.tostring(el, encoding="unicode", with_tail=False)


def _whole_sentences(paragraphs: list[str], html: str, url: str | None) -> list[str]:
    """The precise extraction's paragraphs, each with the words it cut out of its middle put back.

    Favouring precision also drops inline elements whose class looks like furniture
    (``<span class="link">``), cutting words out of sentences; the extractor's default pass
    keeps them. A paragraph of the default pass that holds most of a precise paragraph and a few
    more words replaces it.
    """
    import trafilatura

    full = _paragraphs(trafilatura.extract(html, url=url, include_comments=False, fast=True,
                                           date_extraction_params={"extensive_search": False}) or "")
    index: dict[tuple, list[int]] = {}
    for i, d in enumerate(full):
        for sh in _shingles(d):
            index.setdefault(sh, []).append(i)
    out: list[str] = []
    used = set(paragraphs)
    for p in paragraphs:
        mine = _shingles(p)
        votes: dict[int, int] = {}
        for sh in mine:
            for i in index.get(sh, ()):
                votes[i] = votes.get(i, 0) + 1
        best = max(votes, key=votes.get, default=None)
        if best is not None and votes[best] >= 0.6 * len(mine):
            n, m = len(_words(p)), len(_words(full[best]))
            if n < m <= 1.5 * n and full[best] not in used:
                used.add(full[best])
                out.append(full[best])
                continue
        out.append(p)
    return out


def choose_body(main_text: str | None, article_body) -> list[str]:
    """Paragraphs of the article: trafilatura's, unless the page's own ``articleBody`` is better.

    ``articleBody`` is what the publisher says the article is, but often truncated (paywalls,
    teasers) and without paragraph breaks. It replaces the extracted text only when it holds
    nearly all of it and clearly more besides; when it holds nearly all of it, extracted
    paragraphs it has nothing in common with (furniture the extractor kept) are dropped.
    """
    paragraphs = _paragraphs(main_text)
    structured = _structured_paragraphs(article_body)
    if not structured:
        return paragraphs
    ours, theirs = _shingles(" ".join(paragraphs)), _shingles(" ".join(structured))
    if len(theirs) < 20:
        return paragraphs
    if not ours:
        return structured
    covered = len(ours & theirs) / len(ours)
    if covered >= 0.8 and len(theirs) > 1.25 * len(ours):
        return structured
    if covered >= 0.8:
        kept = [p for p in paragraphs if not (_shingles(p) and not _shingles(p) & theirs)]
        return kept or paragraphs
    return paragraphs


def read_page(html: bytes | str, *, url: str | None = None) -> Page:
    """Article text and metadata of one HTML page; ``url`` is where it was fetched from, if known."""
    import trafilatura
    from trafilatura.utils import decode_file, load_html

    text = decode_file(html)  # the declared charset, else UTF-8, else a guess: never latin-1 by default
    tree = load_html(text)
    if tree is None or not len(tree):
        raise PageError("not an HTML page (no elements)")
    ld = _json_ld_article(tree)
    meta = _meta(tree)

    extracted = trafilatura.bare_extraction(
        text, url=url, include_comments=False, favor_precision=True, with_metadata=True,
        # dates from markup and the URL only: a date found anywhere in the text (a quoted tweet's)
        # is a guess, and missing metadata is left out rather than guessed
        date_extraction_params={"extensive_search": False, "original_date": True})
    main_text = extracted.text if extracted is not None else None
    if main_text:
        main_text = "\n".join(_whole_sentences(_paragraphs(main_text), text, url))
    paragraphs = _completed(_paragraphs(main_text), tree)
    paragraphs = choose_body("\n".join(paragraphs), ld.get("articleBody"))
    title = (_clean(ld.get("headline")) or _clean(meta.get("og:title")) or _clean(meta.get("twitter:title"))
             or (extracted.title if extracted else None))
    page_title = " ".join(" ".join(tree.xpath("//head/title//text()")).split())
    headings = {" ".join(_words(t)) for t in [title or "", page_title, *_TITLE_SEPARATORS.split(page_title),
                                             *(h.text_content() for h in tree.iter("h1"))]} - {""}
    links = [k for k in (" ".join(_words(a.text_content())) for a in tree.iter("a")) if k.count(" ") >= 3]
    paragraphs = trim_edges(paragraphs, headings, links)  # the headline is the title field, not the body
    body = "\n\n".join(paragraphs)
    if len(re.findall(r"\w+", body)) < MIN_WORDS:
        raise PageError("no article text found in the page")

    hrefs = [urljoin(url, h.strip()) if url else h.strip()  # a relative canonical needs the page's address
             for h in tree.xpath('//link[translate(@rel, "CANONIL", "canonil")="canonical"]/@href')]
    canonical = next((h for h in hrefs if _http_url(h)), None)
    main_entity = ld.get("mainEntityOfPage")
    ld_url = _http_url(_clean(ld.get("url"))) or _http_url(
        main_entity.get("@id") if isinstance(main_entity, dict) else _clean(main_entity))
    page_url = canonical or _http_url(meta.get("og:url")) or ld_url or _http_url(url)

    published = None
    for candidate in (_clean(ld.get("datePublished")),
                      _first(meta, "article:published_time", "og:published_time", "datepublished",
                             "pubdate", "publishdate", "publish-date", "dc.date.issued", "dcterms.issued",
                             "dc.date", "date", "sailthru.date", "parsely-pub-date"),
                      *tree.xpath("//time[@datetime][1]/@datetime")[:1],
                      extracted.date if extracted else None):
        published = normalise_date(candidate)
        if published:
            break

    publisher = (_clean(ld.get("publisher")) or _first(meta, "og:site_name", "application-name", "publisher")
                 or _title_site(_clean(" ".join(tree.xpath("//head/title//text()"))))
                 or (_clean(extracted.sitename) if extracted else None))

    title = _without_site(title, publisher)
    authors = _names(ld.get("author"))
    if not authors:
        meta_author = _first(meta, "author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
        if meta_author and not meta_author.lower().startswith(("http://", "https://")):
            authors = [a for a in [_author(meta_author)] if a]
        elif extracted and extracted.author:
            authors = [a for a in (_author(x) for x in extracted.author.split(";")) if a]
    authors = [a for a in authors if a != publisher]

    in_language = ld.get("inLanguage")
    if isinstance(in_language, dict):
        in_language = in_language.get("alternateName") or in_language.get("name")
    language = (_language(_clean(in_language))
                or _language(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang"))
                or _language(_first(meta, "content-language", "language", "dc.language"))
                or _language(meta.get("og:locale")))
    return Page(body=body, title=title, url=page_url, published=published, authors=authors,
                publisher=publisher, language=language)
