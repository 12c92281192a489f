"""OWL reasoning: is the ontology (plus optional data) consistent, and is every class satisfiable?"""

from __future__ import annotations

import io
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import owlready2
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.paths import ONTOLOGY_FILE

ONTOLOGY_IRI = "https://w3id.org/newskg/ontology"
REASONER = f"HermiT (owlready2 {owlready2.VERSION})"

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4) plus rdf:langString.
# HermiT rejects any other datatype, including the xsd:date / xsd:gYearMonth / xsd:gYear our
# dates use, so those literals are downgraded to xsd:string in the reasoning view.
OWL2_DATATYPES: frozenset[str] = frozenset(
    [str(RDF.PlainLiteral), str(RDF.XMLLiteral), str(RDF.langString), str(RDFS.Literal)]
    + [str(OWL.real), str(OWL.rational)]
    + [
        str(XSD[name])
        for name in (
            "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger "
            "negativeInteger long int short byte unsignedLong unsignedInt unsignedShort "
            "unsignedByte double float string normalizedString token language Name NCName "
            "NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
        ).split()
    ]
)


class ReasonerError(RuntimeError):
    """The reasoner could not run (no Java) or rejected its input; the message is one line."""


@dataclass(frozen=True)
class OntologyReport:
    """What HermiT concluded. ``unsatisfiable`` holds class IRIs, sorted; empty if inconsistent."""

    consistent: bool
    unsatisfiable: tuple[str, ...]
    message: str
    reasoner: str

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def _triples(graph: Graph) -> Iterator[tuple]:
    """All triples of a graph, or of every named graph of a Dataset (their union)."""
    if isinstance(graph, Dataset):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph


def _reasoning_triple(triple: tuple) -> tuple:
    s, p, o = triple
    if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) not in OWL2_DATATYPES:
        o = Literal(str(o), datatype=XSD.string)
    return s, p, o


def reasoning_view(graph: Graph) -> Graph:
    """Copy of ``graph`` with literals outside the OWL 2 datatype map turned into xsd:string.

    The lexical form is kept, so nothing is lost for the reasoner: no axiom of ours constrains
    dates, and HermiT would otherwise refuse the whole input.
    """
    view = Graph()
    for triple in _triples(graph):
        view.add(_reasoning_triple(triple))
    return view


def _java_output_line(error: Exception) -> str:
    """First informative line of a Java failure, without the stack trace."""
    for line in str(error).splitlines():
        line = line.strip()
        if line and not line.startswith(("Java error message", "at ")):
            return line
    return "HermiT failed"


def check_ontology(data: Graph | None = None) -> OntologyReport:
    """Run HermiT on ontology/kg.ttl, plus ``data`` if given, in a fresh owlready2 World.

    A fresh World per call keeps runs independent (owlready2 otherwise accumulates every
    ontology ever loaded in its default world).
    """
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ReasonerError(
            f"Java not found ({owlready2.JAVA_EXE!r}): HermiT needs a Java runtime; install one "
            "(e.g. apt-get install default-jre-headless) or set owlready2.JAVA_EXE"
        )
    merged = Graph()
    for source in (Graph().parse(ONTOLOGY_FILE), data):  # the ontology header has dates, too
        if source is not None:
            for triple in _triples(source):
                merged.add(_reasoning_triple(triple))
    ntriples = merged.serialize(format="nt", encoding="utf-8")

    world = owlready2.World()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", owlready2.OwlReadyWarning)
            world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(ntriples), format="ntriples")
            try:
                owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError:
                return OntologyReport(
                    consistent=False,
                    unsatisfiable=(),
                    message="inconsistent: the ontology and data contradict each other",
                    reasoner=REASONER,
                )
            except owlready2.OwlReadyJavaError as error:
                raise ReasonerError(f"HermiT failed: {_java_output_line(error)}") from None
        unsatisfiable = tuple(
            sorted(
                cls.iri
                for cls in world.inconsistent_classes()
                if cls is not None and cls.iri != str(OWL.Nothing)
            )
        )
    finally:
        world.close()
    if unsatisfiable:
        message = f"consistent, but {len(unsatisfiable)} unsatisfiable class(es): " + ", ".join(
            unsatisfiable
        )
    else:
        message = "consistent; every class is satisfiable"
    return OntologyReport(
        consistent=True, unsatisfiable=unsatisfiable, message=message, reasoner=REASONER
    )
