"""The SHACL shapes and kg.validation: valid fixtures conform, each invalid one fails with its shape;
kg.rdfio.read: one error wording for a file that is not RDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SH

from kg.errors import RDFSyntaxError
from kg.namespaces import ID, KG, KGSH
from kg.paths import SHAPES_DIR
from kg.rdfio.read import read_graph, read_quads, union_graph
from kg.validation import validate_files
from kg.validation.shacl import ShaclResult, shapes_graph, validate_graph

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


def _validate(path: Path, **kwargs) -> ShaclResult:
    return validate_graph(read_graph([path]), **kwargs)


def _text(result: ShaclResult) -> str:
    return "\n".join(f.text() for f in result.findings)


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
    assert _text(result) == ""
    assert result.conforms is True


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_conforms_with_warnings_included(path):
    result = _validate(path, include_warnings=True)
    assert result.conforms is True
    assert {v.severity for v in result.findings} <= {"Warning"}


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_fails_with_its_shape(path):
    """Named <Shape>--<reason>: the named shape reports it, and no unrelated shape does."""
    named = KGSH[path.name.split("--", 1)[0]]
    shapes = shapes_graph(False)
    assert (named, RDF.type, None) in shapes, f"{path.name} names no shape"
    result = _validate(path)
    assert result.conforms is False
    sources = {_shape_iri(v.source) for v in result.findings}
    assert named in sources | {_node_shape(shapes, s) for s in sources}
    assert {_node_shape(shapes, s) for s in sources} == {_node_shape(shapes, named)}, _text(result)
    assert {v.severity for v in result.findings} == {"Violation"}


# --- exact reports ---------------------------------------------------------------------------


def test_to_text_of_a_claim_without_claimant():
    result = _validate(HERE / "invalid" / "Claim_assertedBy--missing-claimant.ttl")
    assert _text(result) == (
        "Violation: id:claim/001/6c1f0e2d9a8b kg:assertedBy: "
        "A claim must have exactly one kg:assertedBy, a kg:Actor."
    )


def test_to_text_shows_sequence_paths_and_node_level_results():
    result = _validate(HERE / "invalid" / "Event_reportedIn--missing-article.ttl")
    assert _text(result).splitlines() == [
        "Violation: id:event/001/9e8d7c6b5a41 kg:evidence/kg:inArticle: "
        "An event's evidence spans must be in the article given by its kg:reportedIn.",
        "Violation: id:event/001/9e8d7c6b5a41 kg:reportedIn: "
        "An event must have exactly one kg:reportedIn, a kg:Article.",
    ]
    result = _validate(HERE / "invalid" / "Mention_Shape--evidence-and-source-field.ttl")
    assert _text(result) == (
        "Violation: id:mention/001/0-7-5b1d4c2a: A mention must be an IRI minted under "
        "id/mention/{articleId}/ and have either kg:evidence or kg:sourceField, not both."
    )


def test_ill_typed_date_is_a_violation_with_the_literal_as_value():
    result = _validate(HERE / "invalid" / "Article_datePublished--ill-typed-date.ttl")
    assert [(v.focus, v.path, v.source, v.value) for v in result.findings] == [
        ("id:article/001", "schema:datePublished", "kgsh:Article_datePublished", '"2021-02-30"^^xsd:date')
    ]


def test_claimant_that_is_a_topic_is_reported_with_the_topic_as_value():
    result = _validate(HERE / "invalid" / "Claim_assertedBy--claimant-is-topic.ttl")
    assert [(v.path, v.value) for v in result.findings] == [("kg:assertedBy", "topic:diplomacy")]


def test_report_json_is_sorted_and_complete():
    path = HERE / "invalid" / "Article_title--two-titles.ttl"
    text = validate_files([path]).render("json")
    assert json.loads(text) == {
        "conforms": False,
        "errors": [],
        "filesChecked": 1,
        "results": [
            {
                "file": str(path),
                "focusNode": "id:article/001",
                "line": 20,  # "article:001", through the file's own PREFIX article:
                "message": "An article must have exactly one non-empty dcterms:title string.",
                "resultPath": "dcterms:title",
                "severity": "Violation",
                "sourceShape": "kgsh:Article_title",
                "value": "",
            }
        ],
    }
    assert text.index('"conforms"') < text.index('"results"')


def test_report_turtle_is_the_validation_report():
    report = validate_files([HERE / "invalid" / "Article_title--missing-title.ttl"])
    graph = Graph().parse(data=report.render("turtle"), format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(False)
    (entry,) = graph.objects(node, SH.result)
    assert graph.value(entry, SH.focusNode) == ID["article/001"]
    assert graph.value(entry, SH.resultPath) == DCTERMS.title
    assert graph.value(entry, SH.sourceShape) == KGSH.Article_title


def test_warnings_are_reported_but_do_not_fail():
    result = _validate(HERE / "valid" / "article-minimal.ttl", include_warnings=True)
    assert result.conforms is True
    assert _text(result).splitlines() == [
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
    assert [v.source for v in result.findings if v.focus == "topic:ukraine-war"] == [
        "kgsh:TopicRecommended_noSameAs"
    ]


def test_violations_sort_before_warnings():
    result = _validate(HERE / "invalid" / "Claim_assertedBy--missing-claimant.ttl", include_warnings=True)
    severities = [v.severity for v in result.findings]
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
    assert validate_graph(read_graph([path])).conforms is True
    article = "https://w3id.org/newskg/graph/article/003"
    article_only = union_graph(q for q in read_quads(path) if q.graph_name.value == article)
    assert "kgsh:Claim_assertedBy" in {v.source for v in validate_graph(article_only).findings}


# --- reading files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason", "line"),
    [
        ("notes.ttl", "not valid Turtle: line 1, column 1: Hello is not a valid subject or graph name", 1),
        ("notes.nt", "not valid N-Triples: line 1, column 1: The subject of a triple must be an IRI or a blank node", 1),
        ("notes.jsonld", "not valid JSON-LD: line 1, column 1: Unexpected char: 'H'", 1),
        ("notes.rdf", "not valid RDF/XML: Unexpected text event: 'Hello, this is plain text.", None),
    ],
)
def test_a_file_that_is_not_rdf_gives_a_one_line_error(tmp_path, name, reason, line):
    path = tmp_path / name
    path.write_text("Hello, this is plain text.\n")
    with pytest.raises(RDFSyntaxError) as caught:
        read_quads(path)
    assert str(caught.value) == f"{path}: {reason}"
    assert caught.value.line == line


def test_a_turtle_error_names_its_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n\n<urn:a> <urn:b> .\n")
    with pytest.raises(RDFSyntaxError) as caught:
        read_quads(path)
    assert str(caught.value) == f"{path}: not valid Turtle: line 3, column 17: . is not a valid RDF object"


def test_a_remote_jsonld_context_is_named_as_the_reason(tmp_path):
    path = tmp_path / "remote.jsonld"
    path.write_text('{"@context": "https://schema.org/", "@id": "urn:x", "name": "x"}')
    with pytest.raises(RDFSyntaxError) as caught:
        read_quads(path)
    assert str(caught.value) == (f"{path}: not valid JSON-LD: it uses a remote @context, and kg reads "
                                 "no network: put the context inline")


def test_unknown_extension(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("a,b\n")
    with pytest.raises(RDFSyntaxError) as caught:
        read_quads(path)
    assert str(caught.value) == (f"{path}: unknown RDF file extension '.csv' "
                                 "(one of .json .jsonld .n3 .nq .nt .owl .rdf .trig .ttl .turtle .xml)")


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
    assert set(read_graph([path])) == set(source)


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
