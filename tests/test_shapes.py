"""The SHACL shapes and kg.validate: valid fixtures conform, each invalid one fails with its shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SH

from kg.namespaces import ID, KG, KGSH
from kg.paths import SHAPES_DIR
from kg.validate import (
    RDFSyntaxError,
    ValidationResult,
    load_rdf_file,
    shapes_graph,
    validate_graph,
)

HERE = Path(__file__).parent / "shapes"
VALID = sorted((HERE / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "invalid").glob("*.ttl"))
KG_CLASSES = sorted(name for name in KG.__annotations__ if name[0].isupper())
REQUIRED_INVALID = {
    "Claim_assertedBy--missing-claimant.ttl",
    "Claim_assertedBy--claimant-is-topic.ttl",
    "Article_title--missing-title.ttl",
    "Article_title--two-titles.ttl",
    "Article_datePublished--ill-typed-date.ttl",
    "TextSpan_start--start-after-end.ttl",
}


def _validate(path: Path, **kwargs) -> ValidationResult:
    return validate_graph(load_rdf_file(path), **kwargs)


def _shape_iri(curie: str) -> URIRef:
    assert curie.startswith("kgsh:"), curie
    return KGSH[curie[len("kgsh:") :]]


def _node_shape(shapes: Graph, shape: URIRef) -> URIRef:
    """The node shape a property shape hangs from (sh:property), or the shape itself."""
    return shapes.value(None, SH.property, shape) or shape


# --- fixtures --------------------------------------------------------------------------------


def test_the_required_invalid_fixtures_exist():
    assert REQUIRED_INVALID <= {p.name for p in INVALID}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_conforms(path):
    result = _validate(path)
    assert result.to_text() == ""
    assert result.conforms is True


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_conforms_with_warnings_included(path):
    result = _validate(path, include_warnings=True)
    assert result.conforms is True
    assert {v.severity for v in result.violations} <= {"Warning"}


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_fails_with_its_shape(path):
    """Named <Shape>--<reason>: the named shape reports it, and no unrelated shape does."""
    named = KGSH[path.name.split("--", 1)[0]]
    shapes = shapes_graph(False)
    assert (named, RDF.type, None) in shapes, f"{path.name} names no shape"
    result = _validate(path)
    assert result.conforms is False
    sources = {_shape_iri(v.source_shape) for v in result.violations}
    assert named in sources | {_node_shape(shapes, s) for s in sources}
    assert {_node_shape(shapes, s) for s in sources} == {_node_shape(shapes, named)}, result.to_text()
    assert {v.severity for v in result.violations} == {"Violation"}


# --- exact reports ---------------------------------------------------------------------------


def test_to_text_of_a_claim_without_claimant():
    result = _validate(HERE / "invalid" / "Claim_assertedBy--missing-claimant.ttl")
    assert result.to_text() == (
        "Violation: id:claim/001/6c1f0e2d9a8b kg:assertedBy: "
        "A claim must have exactly one kg:assertedBy, a kg:Actor."
    )


def test_to_text_shows_sequence_paths_and_node_level_results():
    result = _validate(HERE / "invalid" / "Event_reportedIn--missing-article.ttl")
    assert result.to_text().splitlines() == [
        "Violation: id:event/001/9e8d7c6b5a41 kg:evidence/kg:inArticle: "
        "An event's evidence spans must be in the article given by its kg:reportedIn.",
        "Violation: id:event/001/9e8d7c6b5a41 kg:reportedIn: "
        "An event must have exactly one kg:reportedIn, a kg:Article.",
    ]
    result = _validate(HERE / "invalid" / "Mention_Shape--evidence-and-source-field.ttl")
    assert result.to_text() == (
        "Violation: id:mention/001/0-7-5b1d4c2a: A mention must be an IRI minted under "
        "id/mention/{articleId}/ and have either kg:evidence or kg:sourceField, not both."
    )


def test_ill_typed_date_is_a_violation_with_the_literal_as_value():
    result = _validate(HERE / "invalid" / "Article_datePublished--ill-typed-date.ttl")
    assert [(v.focus_node, v.path, v.source_shape, v.value) for v in result.violations] == [
        ("id:article/001", "schema:datePublished", "kgsh:Article_datePublished", '"2021-02-30"^^xsd:date')
    ]


def test_claimant_that_is_a_topic_is_reported_with_the_topic_as_value():
    result = _validate(HERE / "invalid" / "Claim_assertedBy--claimant-is-topic.ttl")
    assert [(v.path, v.value) for v in result.violations] == [("kg:assertedBy", "topic:diplomacy")]


def test_to_json_is_sorted_and_complete():
    result = _validate(HERE / "invalid" / "Article_title--two-titles.ttl")
    text = result.to_json()
    assert json.loads(text) == {
        "conforms": False,
        "results": [
            {
                "focus_node": "id:article/001",
                "message": "An article must have exactly one non-empty dcterms:title string.",
                "path": "dcterms:title",
                "severity": "Violation",
                "source_shape": "kgsh:Article_title",
                "value": "",
            }
        ],
    }
    assert text.index('"conforms"') < text.index('"results"')
    assert text.index('"focus_node"') < text.index('"message"') < text.index('"value"')


def test_to_turtle_is_the_validation_report():
    result = _validate(HERE / "invalid" / "Article_title--missing-title.ttl")
    report = Graph().parse(data=result.to_turtle(), format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    (entry,) = report.objects(node, SH.result)
    assert report.value(entry, SH.focusNode) == ID["article/001"]
    assert report.value(entry, SH.resultPath) == DCTERMS.title
    assert report.value(entry, SH.sourceShape) == KGSH.Article_title


def test_warnings_are_reported_but_do_not_fail():
    result = _validate(HERE / "valid" / "article-minimal.ttl", include_warnings=True)
    assert result.conforms is True
    assert result.to_text().splitlines() == [
        "Warning: id:actor/wang-yi owl:sameAs: An actor should be linked to Wikidata (owl:sameAs wd:Q…).",
        "Warning: id:actor/xinhua owl:sameAs: An actor should be linked to Wikidata (owl:sameAs wd:Q…).",
        'Warning: id:article/001 dcterms:language: An article should have a dcterms:language that is a BCP 47 tag such as "en".',
        "Warning: id:article/001 kg:contentHash: An article should have a kg:contentHash.",
        "Warning: id:article/001 schema:datePublished: An article should have a schema:datePublished.",
        "Warning: id:article/001 schema:url: An article should have a schema:url.",
        "Warning: id:claim/001/6c1f0e2d9a8b kg:about: A claim should be about at least one topic (kg:about).",
        "Warning: id:claim/001/6c1f0e2d9a8b kg:contentSpan: A claim should have a kg:contentSpan.",
        "Warning: id:claim/001/6c1f0e2d9a8b kg:reportingVerb: A claim should have a kg:reportingVerb.",
    ]
    assert (None, SH.conforms, Literal(True)) in result.report_graph


def test_a_topic_owl_same_as_wikidata_is_a_warning(tmp_path):
    path = tmp_path / "topic.ttl"
    path.write_text(
        (HERE / "valid" / "article-full.ttl").read_text()
        + "\ntopic:ukraine-war owl:sameAs <http://www.wikidata.org/entity/Q110999040> .\n"
    )
    result = _validate(path, include_warnings=True)
    assert result.conforms is True
    assert [v.source_shape for v in result.violations if v.focus_node == "topic:ukraine-war"] == [
        "kgsh:TopicRecommended_noSameAs"
    ]


def test_violations_sort_before_warnings():
    result = _validate(HERE / "invalid" / "Claim_assertedBy--missing-claimant.ttl", include_warnings=True)
    severities = [v.severity for v in result.violations]
    assert severities[0] == "Violation" and set(severities[1:]) == {"Warning"}
    assert result.conforms is False


# --- quad files: the union of all graphs is validated ------------------------------------------


def _split_into_named_graphs(source: Path, target: Path) -> None:
    """Actors into graph/entities, everything else into the article graph, as the store does."""
    graph = Graph().parse(source, format="turtle")
    data = Dataset()
    entities = data.graph(URIRef("https://w3id.org/newskg/graph/entities"))
    article = data.graph(URIRef("https://w3id.org/newskg/graph/article/003"))
    for s, p, o in graph:
        (entities if str(s).startswith(str(ID["actor/"])) else article).add((s, p, o))
    data.serialize(target, format="trig")


def test_trig_file_is_validated_as_the_union_of_its_graphs(tmp_path):
    path = tmp_path / "article.trig"
    _split_into_named_graphs(HERE / "valid" / "article-full.ttl", path)
    loaded = load_rdf_file(path)
    assert isinstance(loaded, Dataset)
    assert validate_graph(loaded).conforms is True
    article_only = loaded.graph(URIRef("https://w3id.org/newskg/graph/article/003"))
    assert "kgsh:Claim_assertedBy" in {v.source_shape for v in validate_graph(article_only).violations}


# --- reading files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("notes.ttl", "not valid Turtle: line 1: expected directive or statement"),
        ("notes.nt", "not valid N-Triples: Invalid line: Hello, this is plain text."),
        ("notes.jsonld", "not valid JSON-LD: line 1: Expecting value"),
        ("notes.rdf", "not valid RDF/XML: line 1: syntax error"),
    ],
)
def test_a_file_that_is_not_rdf_gives_a_one_line_error(tmp_path, name, reason):
    path = tmp_path / name
    path.write_text("Hello, this is plain text.\n")
    with pytest.raises(RDFSyntaxError) as caught:
        load_rdf_file(path)
    assert str(caught.value) == f"{path}: {reason}"


def test_a_turtle_error_names_its_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n\n<urn:a> <urn:b> .\n")
    with pytest.raises(RDFSyntaxError) as caught:
        load_rdf_file(path)
    assert str(caught.value) == f"{path}: not valid Turtle: line 3: objectList expected"


def test_unknown_extension(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("a,b\n")
    with pytest.raises(RDFSyntaxError) as caught:
        load_rdf_file(path)
    assert str(caught.value) == f"{path}: unknown RDF file extension '.csv'"


@pytest.mark.parametrize("suffix", [".nt", ".nq", ".trig", ".jsonld", ".json", ".rdf", ".xml", ".n3", ".TTL"])
def test_every_supported_extension_round_trips(tmp_path, suffix):
    source = Graph().parse(HERE / "valid" / "article-minimal.ttl", format="turtle")
    fmt = {".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld", ".json": "json-ld",
           ".rdf": "xml", ".xml": "xml", ".n3": "n3", ".TTL": "turtle"}[suffix]
    path = tmp_path / f"data{suffix}"
    data = Dataset()
    named = data.graph(URIRef("https://w3id.org/newskg/graph/article/001"))
    named += source
    (data if fmt in ("nquads", "trig") else source).serialize(path, format=fmt, encoding="utf-8")
    loaded = load_rdf_file(path)
    triples = set(loaded.quads()) if isinstance(loaded, Dataset) else set(loaded)
    assert {t[:3] for t in triples} == set(source)


# --- the shapes graphs themselves -----------------------------------------------------------


@pytest.mark.parametrize(("name", "severity"), [("core.ttl", SH.Violation), ("recommended.ttl", SH.Warning)])
def test_shapes_file_describes_itself_and_every_shape(name, severity):
    graph = Graph().parse(SHAPES_DIR / name, format="turtle")
    (header,) = graph.subjects(RDF.type, OWL.Ontology)
    assert graph.value(header, DCTERMS.title) and graph.value(header, DCTERMS.description)
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    assert shapes
    for shape in shapes:
        assert isinstance(shape, URIRef) and shape.startswith(str(KGSH)), shape
        for predicate in (SH.name, SH.description, SH.message):
            assert graph.value(shape, predicate), (shape, predicate)
        assert graph.value(shape, SH.severity) == severity, shape


def test_every_class_of_the_ontology_is_targeted_by_a_core_shape():
    core = Graph().parse(SHAPES_DIR / "core.ttl", format="turtle")
    targeted = {str(c)[len(str(KG._NS)) :] for c in core.objects(None, SH.targetClass)}
    assert set(KG_CLASSES) <= targeted
