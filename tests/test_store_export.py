"""Emission -> store -> export: idempotent upserts, byte-identical exports, faithful round trips."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDFS, Dataset, Graph

from kg import iri
from kg.namespaces import KG
from kg.export import FORMATS, export_text, write_atomically
from kg.model import ActorRef, Article, Claim, Event, Extraction, Mention, PartialDate, Span
from kg.queries import find_query, bind, run_on_graph, run_on_store
from kg.rdf.emit import emit
from kg.store import KGStore

BODY = "Wang Yi said China and Russia are good partners. They held a phone call on Friday."
CHINA = ActorRef("china", "China", "State", "Q148")
RUSSIA = ActorRef("russia", "Russia", "State", "Q159")
WANG = ActorRef("wang-yi", "Wang Yi", "Person")


def span(text: str, body: str = BODY) -> Span:
    start = body.index(text)
    return Span(start, start + len(text), text)


def extraction(article_id: str = "a1", published: str = "2023-08-08") -> Extraction:
    article = Article(id=article_id, title="Partners", publisher="Test Wire", body=BODY,
                      published=PartialDate(published, "day"), authors=("Ann Writer",),
                      content_hash="h-" + article_id)
    content = span("China and Russia are good partners")
    return Extraction(
        article=article,
        mentions=(Mention(WANG, span("Wang Yi"), role="Foreign Minister", nationality=CHINA),
                  Mention(CHINA, span("China")), Mention(RUSSIA, span("Russia"))),
        claims=(Claim(claimant=WANG, text=content.text, content=content,
                      evidence=span("Wang Yi said China and Russia are good partners."),
                      verb="say", topics=("trade",), confidence=0.9),),
        events=(Event(kind="PhoneCall", trigger=span("phone call"),
                      evidence=span("They held a phone call on Friday."),
                      participants=(CHINA, RUSSIA), date=PartialDate("2023-08-04", "day")),),
    )


def fill(path, ids=("a1", "a2")) -> KGStore:
    store = KGStore(path)
    for aid in ids:
        store.replace_graph_rdflib(iri.article_graph(aid), emit(extraction(aid)))
    store.rebuild_entities()
    return store


def test_rebuilding_an_article_replaces_its_graph(tmp_path):
    with fill(tmp_path / "s") as store:
        first = export_text(store, "nquads")
        store.replace_graph_rdflib(iri.article_graph("a1"), emit(extraction("a1")))
        store.rebuild_entities()
        assert export_text(store, "nquads") == first
        store.replace_graph_rdflib(iri.article_graph("a1"), emit(extraction("a1", "2023-08-09")))
        text = export_text(store, "nquads")
        assert '"2023-08-09"^^<http://www.w3.org/2001/XMLSchema#date>' in text
        assert '"2023-08-08"^^<http://www.w3.org/2001/XMLSchema#date> <https://w3id.org/newskg/graph/article/a1>' not in text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exports_are_byte_identical_across_stores(tmp_path, fmt):
    with fill(tmp_path / "one", ("a1", "a2")) as one:
        a = export_text(one, fmt)
    with fill(tmp_path / "two", ("a2", "a1")) as two:  # other insertion order
        b = export_text(two, fmt)
    assert a == b


def test_no_triple_lives_in_two_graphs(tmp_path):
    with fill(tmp_path / "s") as store:
        seen: dict[tuple, str] = {}
        for q in store.quads():
            key = (q.subject, q.predicate, q.object)
            assert key not in seen, f"{key} in {seen[key]} and {q.graph_name}"
            seen[key] = q.graph_name


def test_entities_graph_describes_each_actor_once(tmp_path):
    with fill(tmp_path / "s") as store:
        nt = store.graph_ntriples(iri.ENTITIES_GRAPH)
    g = Graph().parse(data=nt, format="nt")
    wang = iri.actor_iri("wang-yi")
    assert [str(o) for o in g.objects(wang, RDFS.label)] == ["Wang Yi"]
    assert {str(o) for o in g.objects(wang, None)} >= {"Foreign Minister", str(iri.actor_iri("china"))}


def test_turtle_trig_nquads_parse_alike_in_rdflib_and_oxigraph(tmp_path):
    with fill(tmp_path / "s") as store:
        n_quads = len(store.ox)
        ttl, trig, nq = (export_text(store, f) for f in ("turtle", "trig", "nquads"))
    assert len(Graph().parse(data=ttl, format="turtle")) == len(list(ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE)))
    ds = Dataset()
    ds.parse(data=trig, format="trig")
    assert len(list(ds.quads((None, None, None, None)))) == n_quads
    assert len(list(ox.parse(trig.encode(), format=ox.RdfFormat.TRIG))) == n_quads
    assert len(list(ox.parse(nq.encode(), format=ox.RdfFormat.N_QUADS))) == n_quads
    # no triple is in two graphs, so the merged Turtle holds exactly as many triples as quads
    assert len(Graph().parse(data=ttl, format="turtle")) == n_quads


def test_saved_queries_agree_on_store_and_turtle_export(tmp_path):
    with fill(tmp_path / "s") as store:
        ttl = export_text(store, "turtle")
        graph = Graph().parse(data=ttl, format="turtle")
        text = bind(find_query("claims"))
        assert run_on_store(store, text).rows() == run_on_graph(graph, text).rows()
        rows = run_on_store(store, text).rows()
    assert [(r["articleId"], r["claimantLabel"], r["claimText"], r["topicLabel"]) for r in rows] == [
        ("a1", "Wang Yi", "China and Russia are good partners", ""),
        ("a2", "Wang Yi", "China and Russia are good partners", ""),
    ]


def test_write_atomically_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "out.ttl"
    target.write_text("old\n")

    class Boom(Exception):
        pass

    def explode(*a, **k):
        raise Boom()

    monkeypatch.setattr("os.replace", explode)
    with pytest.raises(Boom):
        write_atomically(target, "new content\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_plain_string_namespaces_agree_with_the_minted_iris():
    from kg import vocab

    assert str(iri.article_graph("x")) == vocab.ARTICLE_GRAPH_NS + "x"
    assert str(iri.ENTITIES_GRAPH) == vocab.ENTITIES_GRAPH
    assert str(KG.contentHash) == vocab.KG_NS + "contentHash"


def test_known_actors_get_their_gazetteer_name_and_wikidata_link(tmp_path):
    with fill(tmp_path / "s") as store:
        g = Graph().parse(data=store.graph_ntriples(iri.ENTITIES_GRAPH), format="nt")
    china = iri.actor_iri("china")
    assert [str(o) for o in g.objects(china, OWL.sameAs)] == ["http://www.wikidata.org/entity/Q148"]
    assert [str(o) for o in g.objects(china, RDFS.label)] == ["China"]
    assert list(g.objects(iri.actor_iri("wang-yi"), OWL.sameAs)) == []  # no id is ever guessed



class _Quads:
    """Just enough of a store for kg.export's canonical writers."""

    def __init__(self, quads):
        self._quads = list(quads)

    def quads(self):
        return iter(self._quads)


@pytest.mark.slow
@pytest.mark.parametrize("fmt,rdflib_fmt,ox_fmt,rapper_fmt", [
    ("trig", "trig", ox.RdfFormat.TRIG, "trig"),
    ("nquads", "nquads", ox.RdfFormat.N_QUADS, "nquads"),
    ("turtle", "turtle", ox.RdfFormat.TURTLE, "turtle"),
    ("ntriples", "nt", ox.RdfFormat.N_TRIPLES, "ntriples"),
])
def test_every_export_of_the_seed_store_reads_back_the_same_everywhere(
        seed_store, tmp_path, fmt, rdflib_fmt, ox_fmt, rapper_fmt):
    """The real store (ontology, topics, entities and article graphs), not a fixture: an
    undeclared prefix in the ontology graph once made every TriG export unreadable."""
    import shutil
    import subprocess

    from rdflib import Dataset

    from kg.export import sorted_nquads, sorted_ntriples

    text = export_text(seed_store, fmt)
    parsed = list(ox.parse(text.encode(), format=ox_fmt))
    ds = Dataset()
    ds.parse(data=text, format=rdflib_fmt)
    if fmt in ("trig", "nquads"):
        assert sorted_nquads(_Quads(parsed)) == sorted_nquads(seed_store)
        assert len(list(ds.quads((None, None, None, None)))) == len(parsed)
    else:
        triples = [ox.Quad(t.subject, t.predicate, t.object) for t in parsed]
        merged = {ox.Quad(q.subject, q.predicate, q.object) for q in seed_store.quads()}
        assert sorted_ntriples(_Quads(triples)) == sorted_ntriples(_Quads(merged))
        assert len(ds) == len(parsed)
    if shutil.which("rapper"):
        path = tmp_path / f"kg.{fmt}"
        path.write_text(text, encoding="utf-8")
        out = subprocess.run(["rapper", "-q", "-i", rapper_fmt, "-c", str(path)],
                             capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
