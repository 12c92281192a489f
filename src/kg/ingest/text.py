"""HTML fragments (feed ``content:encoded``) -> plain paragraphs, one per block element."""

from __future__ import annotations

BLOCKS = frozenset({"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
                    "section", "article", "figure", "figcaption", "table", "tr", "ul", "ol", "dd", "dt"})
SKIP = frozenset({"script", "style", "noscript", "iframe", "svg", "button", "form", "template"})


def html_paragraphs(fragment: str) -> list[str]:
    """The text of ``fragment`` as paragraphs: a block element or ``<br>`` ends one."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return [" ".join(fragment.split())] if fragment.strip() else []
    parts: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            parts.append(text)
        current.clear()

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIP:
            if el.tail:
                current.append(el.tail)
            return
        block = tag in BLOCKS
        if block or tag == "br":
            flush()
        if el.text and isinstance(el.tag, str):
            current.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            current.append(el.tail)

    walk(root)
    flush()
    return parts
