"""Extraction -> RDF: one article's graph, following docs/design.md term by term.

The graph is a list of rdflib-term triples, not an rdflib Graph: the build only validates it
(the compiled shapes index plain triples) and writes it as N-Triples, and an rdflib Graph's
indexes cost more than everything else emission does (decision 39). :func:`as_graph` gives a
Graph to code that wants one.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Iterable

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg import iri
from kg.model import ActorRef, Article, Claim, Event, Extraction, Mention, PartialDate, Span
from kg.namespaces import KG, OA, SCHEMA, bind_prefixes

_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
Triple = tuple  # (subject, predicate, object), rdflib terms


def date_literal(date: PartialDate) -> Literal:
    """A date literal whose datatype states its precision (xsd:date / gYearMonth / gYear)."""
    return Literal(date.value, datatype=_DATE_TYPES[date.precision])


def confidence_literal(value: float) -> Literal:
    """Confidence as xsd:decimal with two places, so exports are byte-stable."""
    d = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    d = min(max(d, Decimal("0.00")), Decimal("1.00"))
    return Literal(d, datatype=XSD.decimal)


def event_class(kind: str) -> URIRef:
    try:
        cls = getattr(KG, kind)
    except AttributeError:
        return KG.Event
    return cls


class _Emitter:
    def __init__(self, extraction: Extraction):
        self.x = extraction
        self.article = extraction.article
        self.aid = self.article.id
        self.a_iri = iri.article_iri(self.aid)
        self.triples: dict[Triple, None] = {}  # a set that keeps emission order
        self.mentioned: set[str] = set()

    def add(self, s, p, o) -> None:
        self.triples[(s, p, o)] = None

    def span(self, span: Span) -> URIRef:
        node = iri.span_iri(self.aid, span.start, span.end)
        self.add(node, RDF.type, KG.TextSpan)
        self.add(node, KG.inArticle, self.a_iri)
        self.add(node, OA.start, Literal(span.start, datatype=XSD.integer))
        self.add(node, OA.end, Literal(span.end, datatype=XSD.integer))
        # the body is the one source of the exact text, whatever the extractor parsed
        self.add(node, OA.exact, Literal(self.article.body[span.start:span.end]))
        return node

    def provenance(self, node: URIRef, extractor: str, confidence: float) -> None:
        self.add(node, KG.reportedIn, self.a_iri)
        self.add(node, KG.extractor, Literal(extractor))
        self.add(node, KG.confidence, confidence_literal(confidence))

    def actor_mention(
        self, node: URIRef, actor: ActorRef, *, role=None, affiliation=None, nationality=None
    ) -> None:
        self.add(node, RDF.type, KG.Mention)
        self.add(node, KG.mentionOf, iri.actor_iri(actor.key))
        self.add(node, SCHEMA.name, Literal(actor.name))
        self.add(node, KG.entityType, Literal(actor.kind))
        if role:
            self.add(node, KG.role, Literal(role))
        if affiliation is not None:
            self.add(node, KG.affiliation, iri.actor_iri(affiliation.key))
        if nationality is not None:
            self.add(node, KG.nationality, iri.actor_iri(nationality.key))

    def emit_article(self) -> None:
        a, node = self.article, self.a_iri
        self.add(node, RDF.type, KG.Article)
        self.add(node, KG.articleId, Literal(a.id))
        self.add(node, DCTERMS.title, Literal(a.title))
        publisher = publisher_ref(a)
        self.add(node, SCHEMA.publisher, iri.actor_iri(publisher.key))
        self.metadata_mention("publisher", publisher)
        for name in a.authors:
            author = author_ref(name)
            self.add(node, SCHEMA.author, iri.actor_iri(author.key))
            self.metadata_mention("author", author)
        if a.published is not None:
            self.add(node, SCHEMA.datePublished, date_literal(a.published))
        if a.url:
            self.add(node, SCHEMA.url, Literal(a.url, datatype=XSD.anyURI))
        if a.language:
            self.add(node, DCTERMS.language, Literal(a.language))
        if a.genre:
            self.add(node, KG.genre, Literal(a.genre))
        if a.content_hash:
            self.add(node, KG.contentHash, Literal(a.content_hash))

    def ensure_mentioned(self, actor: ActorRef | None, span: Span, extractor: str) -> None:
        """Every actor a claim or event refers to gets a mention, so it gets a description."""
        if actor is not None and actor.key not in self.mentioned:
            self.emit_mention(Mention(actor=actor, span=span, extractor=extractor, confidence=0.5))

    def metadata_mention(self, field: str, actor: ActorRef) -> None:
        self.mentioned.add(actor.key)
        node = iri.metadata_mention_iri(self.aid, field, actor.key)
        self.actor_mention(node, actor)
        self.add(node, KG.sourceField, Literal(field))
        self.provenance(node, "kg.articles.v1", 1.0)

    def emit_mention(self, m: Mention) -> None:
        self.mentioned.add(m.actor.key)
        node = iri.mention_iri(self.aid, m.span.start, m.span.end, m.actor.key)
        self.actor_mention(
            node, m.actor, role=m.role, affiliation=m.affiliation, nationality=m.nationality
        )
        self.add(node, KG.evidence, self.span(m.span))
        self.provenance(node, m.extractor, m.confidence)

    def emit_claim(self, c: Claim) -> None:
        node = iri.claim_iri(self.aid, c.claimant.key, c.content.start, c.content.end)
        self.add(node, RDF.type, KG.Claim)
        self.add(node, KG.assertedBy, iri.actor_iri(c.claimant.key))
        self.add(node, SCHEMA.text, Literal(c.text))
        for topic in c.topics:
            self.add(node, KG.about, iri.topic_iri(topic))
        self.add(node, KG.evidence, self.span(c.evidence))
        self.add(node, KG.contentSpan, self.span(c.content))
        if c.verb:
            self.add(node, KG.reportingVerb, Literal(c.verb))
        self.add(node, KG.directQuote, Literal(c.direct))
        if c.target is not None:
            self.add(node, KG.target, iri.actor_iri(c.target.key))
        if c.relayed_by is not None:
            self.add(node, KG.relayedBy, iri.actor_iri(c.relayed_by.key))
        self.provenance(node, c.extractor, c.confidence)

    def emit_event(self, e: Event) -> None:
        node = iri.event_iri(self.aid, e.kind, e.trigger.start, e.trigger.end)
        self.add(node, RDF.type, event_class(e.kind))
        for actor in e.participants:
            self.add(node, KG.participant, iri.actor_iri(actor.key))
        if e.date is not None:
            self.add(node, KG.date, date_literal(e.date))
        if e.place:
            self.add(node, KG.placeName, Literal(e.place))
        if e.status == "planned":
            self.add(node, SCHEMA.eventStatus, SCHEMA.EventScheduled)
        self.add(node, KG.trigger, Literal(e.trigger.text))
        self.add(node, KG.evidence, self.span(e.evidence))
        self.provenance(node, e.extractor, e.confidence)


def publisher_ref(article: Article) -> ActorRef:
    """The publisher as an actor (an editorial's own voice is the publisher's claim)."""
    return ActorRef(key=iri.slug(article.publisher), name=article.publisher, kind="Publisher")


def author_ref(name: str) -> ActorRef:
    return ActorRef(key=iri.slug(name), name=name, kind="Person")


def emit(extraction: Extraction) -> list[Triple]:
    """The article graph (each triple once): article metadata, mentions, claims, events and
    their text spans."""
    e = _Emitter(extraction)
    e.emit_article()
    for m in extraction.mentions:
        e.emit_mention(m)
    for m in extraction.mentions:
        for related in (m.affiliation, m.nationality):
            e.ensure_mentioned(related, m.span, m.extractor)
    for c in extraction.claims:
        for actor in (c.claimant, c.target, c.relayed_by):
            e.ensure_mentioned(actor, c.evidence, c.extractor)
        e.emit_claim(c)
    for ev in extraction.events:
        for actor in ev.participants:
            e.ensure_mentioned(actor, ev.evidence, ev.extractor)
        e.emit_event(ev)
    return list(e.triples)


def as_graph(triples: Iterable[Triple]) -> Graph:
    """The triples as an rdflib Graph with our prefixes bound (for pySHACL, tests, rdflib users)."""
    g = Graph()
    bind_prefixes(g)
    for t in triples:
        g.add(t)
    return g


def ntriples(triples: Iterable[Triple]) -> str:
    r"""N-Triples text of rdflib-term triples, one line each, escaped as rdflib's own N-Triples
    serialiser escapes (``\``, ``\n``, ``"``, ``\r``), at a fifth of its cost (no Graph)."""
    lines = []
    for s, p, o in triples:
        lines.append(f"{_nt_term(s)} <{p}> {_nt_term(o)} .\n")
    return "".join(lines)


def _nt_term(term) -> str:
    if isinstance(term, Literal):
        text = str(term)
        quoted = '"' + text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        return f"{quoted}^^<{term.datatype}>" if term.datatype else quoted
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"
