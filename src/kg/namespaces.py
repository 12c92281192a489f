"""Namespace constants: our vocabulary as a DefinedNamespace, so a typo in a term is an error."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.vocab import BASE, GRAPH_NS, KG_NS, PREFIXES  # noqa: F401  (PREFIXES re-exported)


class KG(DefinedNamespace):
    """The news knowledge graph ontology (ontology/kg.ttl)."""

    _NS = Namespace(KG_NS)
    _fail = True

    # classes: actors
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    State: URIRef
    Publisher: URIRef
    AnonymousSource: URIRef
    # classes: events
    Event: URIRef
    Meeting: URIRef
    Summit: URIRef
    PhoneCall: URIRef
    Visit: URIRef
    Forum: URIRef
    MilitaryExercise: URIRef
    MilitaryAction: URIRef
    Invasion: URIRef
    Annexation: URIRef
    Incident: URIRef
    Sanction: URIRef
    Boycott: URIRef
    Agreement: URIRef
    # classes: events (issue 13, events half)
    MilitaryFlight: URIRef
    # classes: claims, sources, topics, evidence
    Claim: URIRef
    Article: URIRef
    Topic: URIRef
    TextSpan: URIRef
    Mention: URIRef
    # object properties
    assertedBy: URIRef
    about: URIRef
    reportedIn: URIRef
    relayedBy: URIRef
    target: URIRef
    evidence: URIRef
    contentSpan: URIRef
    inArticle: URIRef
    participant: URIRef
    mentionOf: URIRef
    affiliation: URIRef
    nationality: URIRef
    # datatype properties
    role: URIRef
    reportingVerb: URIRef
    directQuote: URIRef
    confidence: URIRef
    extractor: URIRef
    date: URIRef
    placeName: URIRef
    trigger: URIRef
    articleId: URIRef
    genre: URIRef
    contentHash: URIRef
    entityType: URIRef
    sourceField: URIRef
    falseFriend: URIRef


KGSH = Namespace(BASE + "shapes#")
ID = Namespace(BASE + "id/")
TOPIC = Namespace(BASE + "topic/")
GRAPH = Namespace(GRAPH_NS)
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")



def bind_prefixes(graph) -> None:
    """Bind our prefixes on an rdflib Graph/Dataset so serialisations are readable."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
