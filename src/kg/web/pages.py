"""One HTML page per minted IRI, plus home and saved-query pages, shared by the server and the
static site (only the links differ)."""

from __future__ import annotations

from kg.web import data
from kg.web.render import (ArticleTexts, Links, Mark, environment, paragraph_bounds, segments,
                           trigger_offsets)

_env = None


def env():
    global _env
    if _env is None:
        _env = environment()
    return _env


def render(template: str, links: Links, **context) -> str:
    return env().get_template(template).render(links=links, **context)


def entity_page(store, iri: str, kind: str, links: Links, texts: ArticleTexts) -> str:
    """The HTML page of one IRI whose kind (data.kind_of) is known."""
    if kind == "actor":
        a = data.actor(store, iri)
        others = [{"href": links.iri(o["other"]), "label": o["label"],
                   "weight": int(o["claims"]) + int(o["events"])} for o in a["cooccurring"]]
        network = {"center": {"href": links.iri(iri), "label": a["label"] or iri},
                   "others": [o for o in others if o["href"]]}
        return render("actor.html", links, a=a, network=network)
    if kind == "claim":
        return _claim(store, iri, links, texts)
    if kind == "article":
        return _article(store, iri, links, texts)
    if kind == "topic":
        return render("topic.html", links, t=data.topic(store, iri))
    if kind == "event":
        return render("event.html", links, e=data.event(store, iri))
    return render("resource.html", links, iri=iri, label=data.label_of(store, iri),
                  props=data.properties(store, iri))


def _claim(store, iri: str, links: Links, texts: ArticleTexts) -> str:
    c = data.claim(store, iri)
    body = texts.body(_article_hash(store, c.get("article")))
    context = None
    if c.get("evStart") is not None:
        marks = [Mark(c["evStart"], c["evEnd"], "evidence", title="evidence sentence")]
        if c.get("cStart") is not None:
            marks.append(Mark(c["cStart"], c["cEnd"], "content", title="what is claimed"))
        if body is not None and body[c["evStart"]:c["evEnd"]] == c.get("evExact"):
            a, b = paragraph_bounds(body, c["evStart"], c["evEnd"])
            context = segments(body[a:b], marks, offset=a)
        else:  # no article file: the evidence sentence as the store keeps it
            context = segments(c.get("evExact") or "", marks, offset=c["evStart"])
    return render("claim.html", links, c=c, context=context, full_text=body is not None)


def _article(store, iri: str, links: Links, texts: ArticleTexts) -> str:
    a = data.article(store, iri)
    body = texts.body(a.get("hash"))
    marks: list[Mark] = []
    for i, c in enumerate(a["claims"], start=1):
        c["ref"] = f"C{i}"
        marks.append(Mark(c["start"], c["end"], "claim", links.iri(c["claim"]),
                          f"claim by {c.get('claimantLabel') or ''}", ref=c["ref"]))
    for e in a["events"]:
        where = trigger_offsets(e["exact"], e["evStart"], e["trigger"])
        if where:
            marks.append(Mark(where[0], where[1], "event", links.iri(e["event"]),
                              f"event: {e.get('typeLabel') or e['trigger']}"))
    for m in a["mentions"]:
        marks.append(Mark(m["start"], m["end"], "actor", links.iri(m["actor"]), m.get("label") or ""))
    if body is not None:
        parts = segments(body, marks)
    else:  # without the file, the sentences the store holds, in order
        parts = []
        end = -1
        for s in a["spans"]:
            start, stop = int(s["start"]), int(s["end"])
            if start >= end:  # skip spans inside one already shown
                parts.append(segments(s["exact"], marks, offset=start))
                end = stop
    return render("article.html", links, a=a, body=parts if body is not None else None,
                  sentences=None if body is not None else parts)


def _article_hash(store, article_iri: str | None) -> str | None:
    if not article_iri:
        return None
    rows = data.select(store, "SELECT ?h WHERE { $a kg:contentHash ?h } LIMIT 1", a=article_iri)
    return rows[0]["h"] if rows else None


def home(store, links: Links, *, stats: dict, server: bool) -> str:
    return render("index.html", links, articles=data.articles(store), actors=data.actors(store),
                  topics=data.topics(store), stats=stats, server=server)


def not_found(links: Links, iri: str | None, path: str) -> str:
    return render("404.html", links, iri=iri, path=path)
