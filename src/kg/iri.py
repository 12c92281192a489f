"""The one place IRIs are minted: deterministic, so rebuilding an article gives the same graph.

Namespaces and the fixed graph IRIs (graph/entities, graph/topics, graph/ontology) are constants
in kg.namespaces; this module derives the per-item ones from them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.namespaces import GRAPH, ID, TOPIC, WD

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII slug: "Wang Yi" -> "wang-yi", "Zürich" -> "zurich"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_DROP.sub("-", ascii_text.lower()).strip("-") or "x"


def short_hash(*parts: object, length: int = 12) -> str:
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{article_id}"]


def article_graph(article_id: str) -> URIRef:
    """Named graph holding everything extracted from one article."""
    return GRAPH[f"article/{article_id}"]




def loaded_graph(file_stem: str) -> URIRef:
    """Named graph for the default-graph triples of a file given to ``kg load``."""
    return GRAPH[f"loaded/{slug(file_stem)}"]


def actor_iri(key: str) -> URIRef:
    return ID[f"actor/{key}"]


def topic_iri(key: str) -> URIRef:
    return TOPIC[key]


def wikidata_iri(qid: str) -> URIRef:
    return WD[qid]


def span_iri(article_id: str, start: int, end: int) -> URIRef:
    return ID[f"span/{article_id}/{start}-{end}"]


def mention_iri(article_id: str, start: int, end: int, actor_key: str) -> URIRef:
    return ID[f"mention/{article_id}/{start}-{end}-{short_hash(actor_key, length=8)}"]


def metadata_mention_iri(article_id: str, field: str, actor_key: str) -> URIRef:
    return ID[f"mention/{article_id}/{field}-{short_hash(actor_key, length=8)}"]


def claim_iri(article_id: str, claimant_key: str, start: int, end: int) -> URIRef:
    return ID[f"claim/{article_id}/{short_hash(claimant_key, start, end)}"]


def event_iri(article_id: str, kind: str, start: int, end: int) -> URIRef:
    return ID[f"event/{article_id}/{short_hash(kind, start, end)}"]
