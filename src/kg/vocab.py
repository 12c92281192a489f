"""Our namespaces as plain strings, for code that must not pay for importing rdflib (queries).

``kg.namespaces`` builds the rdflib namespaces from these; ``kg.iri`` mints IRIs with them.
"""

from __future__ import annotations

BASE = "https://w3id.org/newskg/"
KG_NS = BASE + "ontology#"
GRAPH_NS = BASE + "graph/"
ARTICLE_GRAPH_NS = GRAPH_NS + "article/"  # graph/article/{articleId}
ENTITIES_GRAPH = GRAPH_NS + "entities"

PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "kgsh": BASE + "shapes#",
    "id": BASE + "id/",
    "topic": BASE + "topic/",
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
