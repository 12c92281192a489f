"""kg.validation.compiled reports exactly what pySHACL (the reference) reports: on every shapes fixture,
on the real seed article graphs, and on graphs mutated in ways that break the shapes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg import iri
from kg.build import validation_graph
from kg.namespaces import ID, KG
from kg.rdfio.read import read_graph
from kg.validation.shacl import validate_graph
from kg.validation.compiled import CompiledShapes, Unsupported, validate_fast

HERE = Path(__file__).parent / "shapes"
FIXTURES = sorted(HERE.glob("*/*.ttl"))


def _outcome(engine, graph, warnings):
    """(conforms, violations) or the exception's type name, for either engine."""
    try:
        if engine == "pyshacl":
            result = validate_graph(graph, include_warnings=warnings)
            return result.conforms, result.findings
        return validate_fast(graph, include_warnings=warnings)
    except Exception as exc:  # both engines must fail the same way, too
        return type(exc).__name__


def assert_same(graph: Graph, warnings: bool) -> None:
    reference = _outcome("pyshacl", graph, warnings)
    assert _outcome("fast", graph, warnings) == reference


@pytest.mark.parametrize("warnings", [False, True], ids=["core", "with-warnings"])
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_results_as_pyshacl_on_every_shapes_fixture(path, warnings):
    assert_same(read_graph([path]), warnings)


def test_the_invalid_fixtures_do_fail():
    """The comparison above is not between two engines that find nothing."""
    failing = [p.name for p in FIXTURES if p.parent.name == "invalid" and not validate_fast(
        read_graph([p]))[0]]
    assert len(failing) == len([p for p in FIXTURES if p.parent.name == "invalid"])


# --- mutations ---------------------------------------------------------------------------------

REPLACEMENTS = [
    Literal(""), Literal("   "), Literal("x", lang="en"), Literal("x", lang="EN"),
    Literal("Person"), Literal("Person", datatype=XSD.string), Literal("author"),
    Literal("-1", datatype=XSD.integer), Literal("3", datatype=XSD.integer),
    Literal("7", datatype=XSD.nonNegativeInteger), Literal("0012", datatype=XSD.integer),
    Literal("abc", datatype=XSD.integer), Literal("1.5", datatype=XSD.decimal),
    Literal("0.50", datatype=XSD.decimal), Literal("0.5", datatype=XSD.double),
    Literal("2024-13", datatype=XSD.gYearMonth), Literal("2024-02", datatype=XSD.gYearMonth),
    Literal("2021-02-30", datatype=XSD.date), Literal("2024-02-08", datatype=XSD.date),
    Literal("2024", datatype=XSD.gYear), Literal("true", datatype=XSD.boolean),
    Literal("TRUE", datatype=XSD.boolean), Literal("http://x.test/", datatype=XSD.anyURI),
    Literal("2024-02-08T10:00:00", datatype=XSD.dateTime),
    URIRef("http://example.org/other"), ID["actor/nobody"], ID["article/other"],
    URIRef("https://w3id.org/newskg/topic/diplomacy"), KG.Person, KG.Topic, KG.Claim, KG.TextSpan,
    KG.Organization, KG.State, KG.Article, KG.Meeting, SH.IRI,
]


def mutate(graph: Graph, rng: random.Random) -> Graph:
    """A copy with one to three random edits: drop a triple, add or swap in another value."""
    triples = sorted(graph, key=lambda t: tuple(map(str, t)))
    out = Graph()
    for t in triples:
        out.add(t)
    objects = sorted({o for _, _, o in triples}, key=str)
    subjects = sorted({s for s, _, _ in triples}, key=str)
    for _ in range(rng.randint(1, 3)):
        s, p, o = rng.choice(triples)
        kind = rng.choice(["drop", "add", "swap", "swap", "subject"])
        value = rng.choice(REPLACEMENTS + objects[:50] + [BNode("b1")])
        if kind == "drop":
            out.remove((s, p, o))
        elif kind == "add":
            out.add((s, p, value))
        elif kind == "swap":
            out.remove((s, p, o))
            out.add((s, p, value))
        else:  # the same statement made about another node
            out.add((rng.choice(subjects + [BNode("b2")]), p, o))
    return out


def _base_graphs(seed_store_path) -> list[Graph]:
    from kg.store import KGStore

    graphs = [read_graph([p]) for p in sorted((HERE / "valid").glob("*.ttl"))]
    with KGStore(seed_store_path, read_only=True) as store:
        for article_id in store.article_ids()[:2]:
            g = Graph().parse(data=store.graph_ntriples(iri.article_graph(article_id)), format="nt")
            graphs.append(validation_graph(g))
    return graphs


def test_same_results_as_pyshacl_on_mutated_graphs(seed_store_path):
    rng = random.Random(11)
    bases = _base_graphs(seed_store_path)
    checked = failing = 0
    for n in range(60):
        base = bases[n % len(bases)] if n % 6 else bases[-1 - (n // 6) % 2]  # every 6th: a real article
        mutated = mutate(base, rng)
        warnings = n % 4 == 0
        reference = _outcome("pyshacl", mutated, warnings)
        assert _outcome("fast", mutated, warnings) == reference, n
        checked += 1
        failing += not (isinstance(reference, tuple) and reference[0])
    assert checked == 60 and failing >= 20  # the mutations do break the shapes


def test_real_article_graphs_conform_in_both_engines(seed_store_path):
    for graph in _base_graphs(seed_store_path)[-2:]:
        assert len(graph) > 500
        assert _outcome("fast", graph, False) == _outcome("pyshacl", graph, False) == (True, ())


# --- what the engine refuses ---------------------------------------------------------------------

SHAPES_HEAD = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
"""


def test_an_unimplemented_constraint_is_refused_when_compiled():
    shapes = Graph().parse(data=SHAPES_HEAD + """
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "m" ; sh:closed true .
""", format="turtle")
    with pytest.raises(Unsupported, match="closed"):
        CompiledShapes(shapes)


def test_a_reported_shape_without_message_is_refused():
    """pySHACL would make up a message; the compiled engine does not imitate those."""
    shapes = Graph().parse(data=SHAPES_HEAD + """
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:nodeKind sh:IRI .
""", format="turtle")
    with pytest.raises(Unsupported, match="no sh:message"):
        CompiledShapes(shapes)


def test_a_build_check_names_the_first_violation():
    from kg.build import check_article_graph
    from kg.model import Article

    graph = read_graph([HERE / "invalid" / "Article_title--two-titles.ttl"])
    article = Article(id="001", title="t", publisher="p", body="b", path=Path("001.md"))
    assert check_article_graph(article, graph) == (
        "001.md: extracted graph fails validation: id:article/001 dcterms:title: "
        "An article must have exactly one non-empty dcterms:title string.")


def test_validation_triples_are_the_validation_graph(seed_store_path):
    """What the build validates is what kg.validation validates for a stored article: the article
    graph, the topic concepts it uses and its actors' descriptions, rebuilt here through rdflib's
    own Graph look-ups and N-Triples parser (not kg's one-pass code)."""
    from kg.build import validation_triples
    from kg.paths import TOPICS_FILE
    from kg.rdf.entities import entities_ntriples
    from kg.namespaces import SCHEMA
    from kg.store import KGStore

    topics = Graph().parse(TOPICS_FILE, format="turtle")
    with KGStore(seed_store_path, read_only=True) as store:
        for article_id in store.article_ids():
            g = Graph().parse(data=store.graph_ntriples(iri.article_graph(article_id)), format="nt")
            rows = [tuple(None if v is None else str(v) for v in (
                g.value(m, p) for p in (KG.mentionOf, SCHEMA.name, KG.entityType, KG.role,
                                        KG.affiliation, KG.nationality)))
                    for m in g.subjects(RDF.type, KG.Mention)]
            expected = Graph()
            for t in g:
                expected.add(t)
            for topic in set(g.objects()) & set(topics.subjects()):
                for t in topics.triples((topic, None, None)):
                    expected.add(t)
            expected.parse(data=entities_ntriples(rows), format="nt")
            triples = validation_triples(g)
            assert len(triples) == len(set(triples)) == len(expected) > len(g) + len(rows)
            assert set(triples) == set(expected)
            assert {(type(o), getattr(o, "datatype", None)) for _, _, o in triples} == {
                (type(o), getattr(o, "datatype", None)) for _, _, o in expected}
            assert set(validation_graph(g)) == set(expected)
