"""The OWL ontology: it matches kg.namespaces.KG term for term, is documented, and HermiT accepts it."""

from __future__ import annotations

import re

import owlready2
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.namespaces import KG, OA, SCHEMA
from kg.ontology import ONTOLOGY_IRI, ReasonerError, check_ontology, reasoning_view
from kg.paths import ONTOLOGY_FILE

ONTOLOGY = URIRef(ONTOLOGY_IRI)
KG_NS = str(KG._NS)
# A plain Namespace: pytest's collection probes module globals, and rdflib's XSD warns on that.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
TERMS = sorted(name for name in KG.__annotations__ if not name.startswith("_"))
CLASSES = [name for name in TERMS if name[0].isupper()]
PROPERTIES = [name for name in TERMS if name[0].islower()]

PREFIXES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX actor: <https://w3id.org/newskg/id/actor/>
PREFIX article: <https://w3id.org/newskg/id/article/>
PREFIX span: <https://w3id.org/newskg/id/span/003/>
PREFIX claim: <https://w3id.org/newskg/id/claim/003/>
"""

# A claim, its article (dated with xsd:date, outside the OWL 2 datatype map), span and people.
SMALL_DATA = PREFIXES + """
article:003 a kg:Article ;
    kg:articleId "003" ;
    dcterms:title "China should reconsider" ;
    schema:publisher actor:scmp ;
    schema:datePublished "2023-06-14"^^xsd:date ;
    schema:url "https://www.scmp.com/example"^^xsd:anyURI ;
    dcterms:language "en" .
claim:ab12 a kg:Claim ;
    kg:assertedBy actor:liu-weidong ;
    schema:text "Moscow had tried to end the war" ;
    kg:reportedIn article:003 ;
    kg:evidence span:0-31 ;
    kg:directQuote false ;
    kg:confidence 0.9 .
span:0-31 a kg:TextSpan ;
    kg:inArticle article:003 ;
    oa:start "0"^^xsd:nonNegativeInteger ;
    oa:end "31"^^xsd:nonNegativeInteger ;
    oa:exact "Moscow had tried to end the war" .
actor:liu-weidong a kg:Person ; rdfs:label "Liu Weidong" .
actor:scmp a kg:Publisher ; rdfs:label "South China Morning Post" .
"""


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def ontology_report():
    """One HermiT run on the ontology alone, shared by the tests that need it."""
    return check_ontology()


# --- structure -----------------------------------------------------------------------------


def test_ontology_is_a_single_owl_ontology(ontology):
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY]


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        (OWL.versionIRI, URIRef("https://w3id.org/newskg/ontology/0.1.0")),
        (OWL.versionInfo, Literal("0.1.0")),
        (DCTERMS.license, URIRef("http://spdx.org/licenses/MIT")),
        (DCTERMS.created, Literal("2026-11-23", datatype=XSD.date)),
    ],
)
def test_header_values(ontology, predicate, expected):
    assert ontology.value(ONTOLOGY, predicate) == expected


@pytest.mark.parametrize(
    "predicate",
    [DCTERMS.title, DCTERMS.description, DCTERMS.modified, DCTERMS.creator, SKOS.changeNote],
)
def test_header_fields_present(ontology, predicate):
    assert str(ontology.value(ONTOLOGY, predicate) or "").strip()


def test_change_notes_are_dated(ontology):
    notes = [str(n) for n in ontology.objects(ONTOLOGY, SKOS.changeNote)]
    assert notes
    assert all(re.match(r"\d{4}-\d{2}-\d{2} - ", note) for note in notes), notes


def test_every_kg_term_in_the_ontology_is_in_the_namespace_class(ontology):
    used = {
        str(term)[len(KG_NS) :]
        for triple in ontology
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(KG_NS)
    }
    assert used - set(TERMS) == set()


def test_every_namespace_term_is_defined(ontology):
    defined = {
        str(s)[len(KG_NS) :]
        for s in ontology.subjects(RDFS.isDefinedBy, ONTOLOGY)
        if str(s).startswith(KG_NS)
    }
    assert defined == set(TERMS)


@pytest.mark.parametrize("name", TERMS)
def test_term_is_documented(ontology, name):
    term = KG[name]
    assert ontology.value(term, RDFS.isDefinedBy) == ONTOLOGY
    label = ontology.value(term, RDFS.label)
    definition = ontology.value(term, SKOS.definition)
    assert isinstance(label, Literal) and label.language == "en" and str(label).strip()
    assert isinstance(definition, Literal) and definition.language == "en" and str(definition).strip()


@pytest.mark.parametrize("name", CLASSES)
def test_capitalised_terms_are_classes(ontology, name):
    assert (KG[name], RDF.type, OWL.Class) in ontology


ANNOTATION_PROPERTIES = {"falseFriend"}  # tagging hints on topics, not facts about the world


@pytest.mark.parametrize("name", PROPERTIES)
def test_lower_case_terms_are_object_or_datatype_properties(ontology, name):
    kinds = set(ontology.objects(KG[name], RDF.type)) & {
        OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    assert len(kinds) == 1
    # annotation properties only for what describes the vocabulary itself, not the news
    assert OWL.AnnotationProperty not in kinds or name in ANNOTATION_PROPERTIES


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (KG.Actor, PROV.Agent),
        (KG.Person, KG.Actor),
        (KG.Person, PROV.Person),
        (KG.Person, SCHEMA.Person),
        (KG.Organization, KG.Actor),
        (KG.Organization, PROV.Organization),
        (KG.Organization, SCHEMA.Organization),
        (KG.Publisher, KG.Organization),
        (KG.State, KG.Actor),
        (KG.Claim, SCHEMA.Claim),
        (KG.Claim, PROV.Entity),
        (KG.Article, SCHEMA.NewsArticle),
        (KG.Article, PROV.Entity),
        (KG.Event, SCHEMA.Event),
        (KG.Summit, KG.Meeting),
        (KG.PhoneCall, KG.Meeting),
        (KG.Forum, KG.Meeting),
        (KG.Invasion, KG.MilitaryAction),
        (KG.Annexation, KG.MilitaryAction),
        (KG.Topic, SKOS.Concept),
        (KG.TextSpan, OA.TextPositionSelector),
        (KG.TextSpan, OA.TextQuoteSelector),
        (KG.Mention, OA.Annotation),
    ],
)
def test_class_alignment(ontology, sub, sup):
    assert (sub, RDFS.subClassOf, sup) in ontology


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (KG.assertedBy, PROV.wasAttributedTo),
        (KG.reportedIn, PROV.wasDerivedFrom),
        (KG.about, SCHEMA.about),
        (KG.about, DCTERMS.subject),
        (KG.mentionOf, OA.hasBody),
        (KG.articleId, DCTERMS.identifier),
    ],
)
def test_property_alignment(ontology, sub, sup):
    assert (sub, RDFS.subPropertyOf, sup) in ontology


@pytest.mark.parametrize("name", CLASSES)
def test_every_class_has_exactly_one_top_class(ontology, name):
    """The top classes are disjoint, so a class under two of them would be unsatisfiable."""
    roots = {KG.Event, KG.Actor, KG.Claim, KG.Article, KG.TextSpan, KG.Mention, KG.Topic}
    ancestors = set(ontology.transitive_objects(KG[name], RDFS.subClassOf))
    assert len(ancestors & roots) == 1


@pytest.mark.parametrize("prop", [KG.assertedBy, KG.reportedIn, OA.start, OA.end])
def test_functional_properties(ontology, prop):
    assert (prop, RDF.type, OWL.FunctionalProperty) in ontology


@pytest.mark.parametrize(
    ("prop", "datatype"),
    [(OA.start, XSD.nonNegativeInteger), (OA.end, XSD.nonNegativeInteger), (KG.directQuote, XSD.boolean)],
)
def test_datatype_ranges(ontology, prop, datatype):
    assert ontology.value(prop, RDFS.range) == datatype


def test_confidence_range_is_decimal_from_zero_to_one(ontology):
    datatype = ontology.value(KG.confidence, RDFS.range)
    assert ontology.value(datatype, OWL.onDatatype) == XSD.decimal
    facets = {
        (p, o)
        for restriction in ontology.items(ontology.value(datatype, OWL.withRestrictions))
        for p, o in ontology.predicate_objects(restriction)
    }
    assert facets == {
        (XSD.minInclusive, Literal("0.0", datatype=XSD.decimal)),
        (XSD.maxInclusive, Literal("1.0", datatype=XSD.decimal)),
    }


@pytest.mark.parametrize("prop", [KG.date, SCHEMA.datePublished])
def test_date_properties_have_no_range_for_hermit_to_check(ontology, prop):
    assert (prop, RDF.type, OWL.DatatypeProperty) in ontology
    assert ontology.value(prop, RDFS.range) is None


def _disjoint_sets(ontology: Graph) -> list[set]:
    return [
        set(ontology.items(ontology.value(node, OWL.members)))
        for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    ]


def test_disjointness_axioms(ontology):
    assert sorted(_disjoint_sets(ontology), key=len) == [
        {KG.Person, KG.Organization, KG.State},
        {KG.Actor, KG.Event, KG.Claim, KG.Article, KG.TextSpan, KG.Mention, KG.Topic},
    ]


@pytest.mark.parametrize(
    ("term", "kind"),
    [
        (DCTERMS.title, OWL.AnnotationProperty),
        (RDFS.label, OWL.AnnotationProperty),
        (SKOS.prefLabel, OWL.AnnotationProperty),
        (SKOS.altLabel, OWL.AnnotationProperty),
        (DCTERMS.language, OWL.DatatypeProperty),
        (SCHEMA.text, OWL.DatatypeProperty),
        (SCHEMA.name, OWL.DatatypeProperty),
        (SCHEMA.datePublished, OWL.DatatypeProperty),
        (SCHEMA.url, OWL.DatatypeProperty),
        (OA.start, OWL.DatatypeProperty),
        (OA.end, OWL.DatatypeProperty),
        (OA.exact, OWL.DatatypeProperty),
        (SCHEMA.publisher, OWL.ObjectProperty),
        (SCHEMA.author, OWL.ObjectProperty),
    ],
)
def test_external_terms_declared(ontology, term, kind):
    kinds = {OWL.AnnotationProperty, OWL.DatatypeProperty, OWL.ObjectProperty, OWL.Class}
    assert set(ontology.objects(term, RDF.type)) & kinds == {kind}


# --- the reasoning view (no Java needed) ---------------------------------------------------


def test_reasoning_view_rewrites_only_datatypes_outside_the_owl2_map():
    s, p = URIRef("urn:s"), URIRef("urn:p")
    data = Dataset()
    g = data.graph(URIRef("urn:g"))
    g.add((s, p, Literal("2023-06-14", datatype=XSD.date)))
    g.add((s, p, Literal("2023-06", datatype=XSD.gYearMonth)))
    g.add((s, p, Literal("2023", datatype=XSD.gYear)))
    g.add((s, p, Literal("https://example.org/", datatype=XSD.anyURI)))
    g.add((s, p, Literal("7", datatype=XSD.nonNegativeInteger)))
    g.add((s, p, Literal("zh", lang="en")))
    assert set(reasoning_view(data).objects(s, p)) == {
        Literal("2023-06-14", datatype=XSD.string),
        Literal("2023-06", datatype=XSD.string),
        Literal("2023", datatype=XSD.string),
        Literal("https://example.org/", datatype=XSD.anyURI),
        Literal("7", datatype=XSD.nonNegativeInteger),
        Literal("zh", lang="en"),
    }


def test_missing_java_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    with pytest.raises(ReasonerError, match=r"^Java not found \('/nonexistent/java'\): HermiT needs"):
        check_ontology()


# --- HermiT --------------------------------------------------------------------------------


@pytest.mark.slow
def test_hermit_finds_the_ontology_consistent_and_every_class_satisfiable(ontology_report):
    assert ontology_report.consistent
    assert ontology_report.unsatisfiable == ()
    assert ontology_report.message == "consistent; every class is satisfiable"
    assert ontology_report.reasoner.startswith("HermiT (owlready2 ")


@pytest.mark.slow
def test_hermit_accepts_a_small_data_graph_with_xsd_dates():
    report = check_ontology(Graph().parse(data=SMALL_DATA, format="turtle"))
    assert (report.consistent, report.unsatisfiable) == (True, ())


@pytest.mark.slow
def test_hermit_rejects_an_actor_that_is_both_person_and_organization():
    data = Graph().parse(
        data=PREFIXES + "actor:x a kg:Person , kg:Organization ; rdfs:label \"X\" .", format="turtle"
    )
    report = check_ontology(data)
    assert report.consistent is False
    assert report.message == "inconsistent: the ontology and data contradict each other"


@pytest.mark.slow
def test_hermit_rejects_a_topic_and_an_actor_same_as_one_wikidata_item():
    """Why topics must use skos:exactMatch: owl:sameAs would make the actor a topic too."""
    data = Graph().parse(
        data=PREFIXES
        + """
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        actor:taiwan a kg:State ; rdfs:label "Taiwan" ; owl:sameAs <http://www.wikidata.org/entity/Q865> .
        <https://w3id.org/newskg/topic/taiwan> a kg:Topic ; skos:prefLabel "Taiwan"@en ;
            owl:sameAs <http://www.wikidata.org/entity/Q865> .
        """,
        format="turtle",
    )
    assert check_ontology(data).consistent is False


@pytest.mark.slow
def test_hermit_reports_an_unsatisfiable_class():
    data = Graph().parse(
        data=PREFIXES
        + """
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        <urn:x:StateRunCompany> a owl:Class ; rdfs:subClassOf kg:State , kg:Organization .
        """,
        format="turtle",
    )
    report = check_ontology(data)
    assert (report.consistent, report.unsatisfiable) == (True, ("urn:x:StateRunCompany",))
    assert report.message == "consistent, but 1 unsatisfiable class(es): urn:x:StateRunCompany"
