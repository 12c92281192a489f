"""Every namespace and fixed graph IRI of the project, defined once.

The constants are plain strings, so a command that never touches rdflib (``kg query``) can use
them for free; the rdflib namespaces (``KG`` as a DefinedNamespace, so a typo in a term is an
error, ``ID``, ``TOPIC`` ...) are built on first use (module ``__getattr__``, PEP 562).
Minting IRIs from these is kg.iri's job.
"""

from __future__ import annotations

from functools import cache

BASE = "https://w3id.org/newskg/"
KG_NS = BASE + "ontology#"
KGSH_NS = BASE + "shapes#"
ID_NS = BASE + "id/"
TOPIC_NS = BASE + "topic/"
GRAPH_NS = BASE + "graph/"
ARTICLE_GRAPH_NS = GRAPH_NS + "article/"  # graph/article/{articleId}
ENTITIES_GRAPH = GRAPH_NS + "entities"  # actor descriptions, derived from all article graphs
TOPICS_GRAPH = GRAPH_NS + "topics"  # the SKOS topic scheme
ONTOLOGY_GRAPH = GRAPH_NS + "ontology"  # the OWL ontology (class hierarchy for validation)
LOADED_GRAPH_NS = GRAPH_NS + "loaded/"  # kg load: default-graph triples of file {stem}

PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "kgsh": KGSH_NS,
    "id": ID_NS,
    "topic": TOPIC_NS,
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}

# Longest namespace first, so id: wins over a shorter base that also matches.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def curie(iri: str) -> str:
    """``https://w3id.org/newskg/id/actor/china`` -> ``id:actor/china`` when one of our
    prefixes fits (longest namespace first); anything else unchanged. For display only."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def expand(value: str) -> str:
    """``id:actor/china`` -> the full IRI for our own prefixes; anything else unchanged."""
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


def sparql_prefixes() -> str:
    """``PREFIX p: <ns>`` lines for every prefix, to put in front of a query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def bind_prefixes(graph) -> None:
    """Bind our prefixes on an rdflib Graph/Dataset so serialisations are readable."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


@cache
def _rdflib_namespaces() -> dict:
    from rdflib import Namespace, URIRef
    from rdflib.namespace import DefinedNamespace

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

    return {
        "KG": KG,
        "KGSH": Namespace(KGSH_NS),
        "ID": Namespace(ID_NS),
        "TOPIC": Namespace(TOPIC_NS),
        "GRAPH": Namespace(GRAPH_NS),
        "OA": Namespace(PREFIXES["oa"]),
        "SCHEMA": Namespace(PREFIXES["schema"]),
        "WD": Namespace(PREFIXES["wd"]),
    }


_RDFLIB_NAMES = ("KG", "KGSH", "ID", "TOPIC", "GRAPH", "OA", "SCHEMA", "WD")


def __getattr__(name: str):
    if name in _RDFLIB_NAMES:
        return _rdflib_namespaces()[name]
    raise AttributeError(f"module 'kg.namespaces' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_RDFLIB_NAMES))
