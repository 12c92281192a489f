"""Reading and writing RDF files: the one reader (kg.rdfio.read) and the one writer (kg.rdfio.write).

Every syntax the product reads or writes is listed here once, with the name users see in
messages, so ``kg load``, ``kg validate``, ``kg query --data`` and ``kg export`` agree on them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Syntax:
    name: str  # the --format name
    label: str  # shown in messages: "not valid Turtle"
    extension: str  # written by kg export
    ox_format: str  # pyoxigraph.RdfFormat attribute
    quads: bool  # holds named graphs


SYNTAXES: dict[str, Syntax] = {s.name: s for s in (
    Syntax("turtle", "Turtle", ".ttl", "TURTLE", False),
    Syntax("trig", "TriG", ".trig", "TRIG", True),
    Syntax("ntriples", "N-Triples", ".nt", "N_TRIPLES", False),
    Syntax("nquads", "N-Quads", ".nq", "N_QUADS", True),
    Syntax("jsonld", "JSON-LD", ".jsonld", "JSON_LD", True),
    Syntax("rdfxml", "RDF/XML", ".rdf", "RDF_XML", False),
    Syntax("n3", "N3", ".n3", "N3", False),
)}

# File extension (lower case) -> syntax, for reading.
EXTENSIONS: dict[str, Syntax] = {
    ".ttl": SYNTAXES["turtle"], ".turtle": SYNTAXES["turtle"],
    ".trig": SYNTAXES["trig"],
    ".nt": SYNTAXES["ntriples"],
    ".nq": SYNTAXES["nquads"],
    ".jsonld": SYNTAXES["jsonld"], ".json": SYNTAXES["jsonld"],
    ".rdf": SYNTAXES["rdfxml"], ".xml": SYNTAXES["rdfxml"], ".owl": SYNTAXES["rdfxml"],
    ".n3": SYNTAXES["n3"],
}

# What kg export writes.
EXPORT_FORMATS = ("turtle", "trig", "ntriples", "nquads", "jsonld")
