"""The embedded Oxigraph store: one named graph per article plus derived shared graphs.

Layout (docs/design.md): no triple is stored in two named graphs, so the union default graph
gives the same rows as a merged export even on pyoxigraph 0.5 (oxigraph#1919).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.errors import StoreError, first_line
from kg.namespaces import (ARTICLE_GRAPH_NS, ENTITIES_GRAPH, KG_NS, ONTOLOGY_GRAPH, TOPICS_GRAPH,
                           sparql_prefixes)

# Reading (kg query, export, validate) needs neither rdflib nor filelock: both are imported only
# where the store is written, which keeps every read-only command's start-up short.
ARTICLE_GRAPH_PREFIX = ARTICLE_GRAPH_NS
LOCK_TIMEOUT_S = float(os.environ.get("KG_LOCK_TIMEOUT", "10"))


@dataclass(frozen=True)
class StoreStats:
    articles: int
    triples: int
    claims: int
    actors: int
    events: int


class KGStore:
    """A persistent store at ``path``; writers hold ``<path>.lock`` so two builds never collide."""

    def __init__(self, path: Path | str | None, *, read_only: bool = False, create: bool = True):
        self._lock = None
        self.read_only = read_only
        if path is None:  # in memory (KGStore.in_memory)
            self.path = None
            self.ox = ox.Store()
            return
        self.path = Path(path)
        if read_only or not create:
            if not (self.path / "CURRENT").exists():
                raise StoreError(f"no store at {self.path}: run 'kg build' (or 'kg load') first")
        if read_only:
            try:
                self.ox = ox.Store.read_only(str(self.path))
            except OSError as exc:
                raise StoreError(f"cannot open store {self.path}: {first_line(exc)}") from None
            return
        from filelock import FileLock, Timeout

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(self.path) + ".lock")
        try:
            self._lock.acquire(timeout=LOCK_TIMEOUT_S)
        except Timeout:
            raise StoreError(
                f"store {self.path} is in use by another kg process (lock {self.path}.lock); "
                "try again when it has finished"
            ) from None
        try:
            self.ox = ox.Store(str(self.path))
        except OSError as exc:
            self._lock.release()
            raise StoreError(f"cannot open store {self.path}: {first_line(exc)}") from None

    @classmethod
    def in_memory(cls, quads: Iterable[ox.Quad] = ()) -> "KGStore":
        """A store in memory holding ``quads``: validation of files runs the same QC queries
        on it as on a store on disk."""
        store = cls(None)
        store.ox.extend(quads)
        return store

    @classmethod
    def over(cls, store: ox.Store) -> "KGStore":
        """A read-only view of a pyoxigraph store opened elsewhere (kg serve's snapshots), so
        saved queries run on it exactly as on the store: union default graph, same results."""
        view = cls.__new__(cls)
        view.path, view.read_only, view._lock, view.ox = None, True, None, store
        return view

    # -- lifecycle -------------------------------------------------------------------------
    def flush(self) -> None:
        """Write buffered changes to disk (a long build calls this now and then: RocksDB's
        write buffers would otherwise keep growing in the writing process)."""
        if getattr(self, "ox", None) is not None and not self.read_only and self.path is not None:
            self.ox.flush()

    def close(self) -> None:
        self.flush()
        self.ox = None
        if self._lock is not None and self._lock.is_locked:
            self._lock.release()

    def __enter__(self) -> "KGStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def replace_graph(self, graph: ox.NamedNode | str, ntriples: str) -> None:
        """Atomically replace a named graph's content with the given N-Triples."""
        self.replace_graphs({graph: ntriples})

    def replace_graphs(self, graphs: dict) -> None:
        """Replace several named graphs (IRI -> N-Triples text) in one SPARQL UPDATE, i.e. one
        transaction: a crash leaves every one of them either fully old or fully new.

        A single graph the store does not hold yet (every article of a first build) is loaded
        instead: ``Store.load`` is one transaction too, and skips the SPARQL parser.
        """
        if len(graphs) == 1:
            ((graph, text),) = graphs.items()
            g = _named(graph)
            if not self.holds_graph(g):
                self.ox.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=g)
                return
        ops = []
        for graph in sorted(graphs, key=str):
            g = _named(graph)
            ops.append(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{graphs[graph]}\n}} }}")
        if ops:
            self.ox.update(" ;\n".join(ops))

    def holds_articles(self) -> bool:
        """Whether any article graph is in the store (stops at the first)."""
        from kg import iri

        prefix = str(iri.article_graph(""))
        return any(g.value.startswith(prefix) for g in self.ox.named_graphs())

    def holds_graph(self, graph: ox.NamedNode | str) -> bool:
        return self.ox.contains_named_graph(_named(graph))

    def add_new_graphs(self, graphs: dict, *, ledger_predicate: str) -> None:
        """Add named graphs the store does not hold yet (IRI -> N-Triples text) with Oxigraph's
        bulk loader, ~2.5x cheaper per quad than a transaction (decision 44).

        Each graph's ``ledger_predicate`` triples (an article's content hash, which tells the
        next build that the article is done) are held back and written in one transaction only
        after the bulk load has returned, when its files are in the store: a crash in between
        leaves graphs without their hash, which the next build rebuilds (drop + insert).
        """
        bulk: list[str] = []
        ledger: list[str] = []
        for graph in sorted(graphs, key=str):
            g = _named(graph)
            text = graphs[graph]
            if text and not text.endswith("\n"):
                text += "\n"
            held, rest = _split_predicate(text, f" <{ledger_predicate}> ")
            suffix = f" {g} .\n"  # N-Triples escape line breaks in literals: " .\n" ends a line
            bulk.append(rest.replace(" .\n", suffix))
            ledger.append(held.replace(" .\n", suffix))
        data = "".join(bulk).encode("utf-8")
        if data:
            self.ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        held_back = "".join(ledger).encode("utf-8")
        if held_back:
            self.ox.load(held_back, format=ox.RdfFormat.N_QUADS)

    def drop_graph(self, graph_iri) -> None:
        self.ox.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def load_reference_graphs(self) -> None:
        """(Re)load the ontology and the topic scheme into their own graphs."""
        from kg.paths import ONTOLOGY_FILE, TOPICS_FILE

        for graph, path in ((ONTOLOGY_GRAPH, ONTOLOGY_FILE), (TOPICS_GRAPH, TOPICS_FILE)):
            if path.exists():
                quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
                nt = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                                  format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                self.replace_graph(str(graph), nt)

    def article_fingerprint(self, article_id: str) -> str | None:
        from kg import iri

        g = iri.article_graph(article_id)
        a = iri.article_iri(article_id)
        rows = list(self.ox.query(
            f"SELECT ?h WHERE {{ GRAPH <{g}> {{ <{a}> <{KG_NS}contentHash> ?h }} }}"))
        return rows[0]["h"].value if rows else None

    def rebuild_entities(self) -> int:
        """Derive the entities graph (one description per actor) from every article's mentions."""
        from kg.rdf.entities import entities_ntriples

        nt = entities_ntriples(self._mention_rows())
        self.replace_graph(ENTITIES_GRAPH, nt)
        return nt.count("\n")

    def _mention_rows(self) -> Iterator[tuple[str, ...]]:
        q = sparql_prefixes() + """
SELECT ?actor ?name ?type ?role ?aff ?nat WHERE {
  GRAPH ?g {
    ?m a kg:Mention ; kg:mentionOf ?actor ; schema:name ?name ; kg:entityType ?type .
    OPTIONAL { ?m kg:role ?role } OPTIONAL { ?m kg:affiliation ?aff } OPTIONAL { ?m kg:nationality ?nat }
  }
  FILTER(STRSTARTS(STR(?g), "%s"))
}""" % ARTICLE_GRAPH_PREFIX
        for s in self.ox.query(q):
            yield tuple(None if s[v] is None else s[v].value
                        for v in ("actor", "name", "type", "role", "aff", "nat"))

    # -- reading ---------------------------------------------------------------------------
    def article_ids(self) -> list[str]:
        ids = []
        for g in self.ox.named_graphs():
            if g.value.startswith(ARTICLE_GRAPH_PREFIX):
                ids.append(g.value[len(ARTICLE_GRAPH_PREFIX):])
        return sorted(ids)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs())

    def stats(self) -> StoreStats:
        def count(q: str) -> int:
            rows = list(self.ox.query(sparql_prefixes() + q))
            return int(rows[0]["n"].value) if rows else 0

        return StoreStats(
            articles=len(self.article_ids()),
            triples=len(self.ox),
            claims=count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a kg:Claim } }"),
            actors=count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?a rdfs:label ?l } }"
                         % ENTITIES_GRAPH),
            events=count("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e kg:trigger ?t } }"),
        )

    def quads(self) -> Iterable[ox.Quad]:
        return self.ox.quads_for_pattern(None, None, None, None)

    def __len__(self) -> int:
        return len(self.ox)

    def query(self, text: str):
        """A SPARQL query, the default graph being the union of the named graphs (pyoxigraph
        result; kg.queries.run_on_store turns it into a QueryResult)."""
        return self.ox.query(text, use_default_graph_as_union=True)

    # what kg.rdfio.write needs to stream an export (its QuadSource protocol)
    def graph_names(self) -> list:
        """The default graph when it holds anything, then the named graphs in IRI order."""
        names = sorted(self.ox.named_graphs(), key=lambda g: g.value)
        if self._has_default_graph():
            names.insert(0, ox.DefaultGraph())
        return names

    def graph_quads(self, graph) -> Iterable[ox.Quad]:
        return self.ox.quads_for_pattern(None, None, None, graph)

    def graph_ntriples_bytes(self, graph) -> bytes:
        """One graph (NamedNode or DefaultGraph) as N-Triples, written by Oxigraph."""
        return self.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)

    def blank_node_quads(self) -> Iterable[ox.Quad]:
        """Quads whose subject or object is a blank node (one scan, in Oxigraph)."""
        for row in self.ox.query("SELECT ?g ?s ?p ?o WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } "
                                 "FILTER(isBlank(?s) || isBlank(?o)) }"):
            g = row["g"] if row["g"] is not None else ox.DefaultGraph()
            yield ox.Quad(row["s"], row["p"], row["o"], g)

    def triples_held_earlier(self, graph) -> list[ox.Triple]:
        """Triples of ``graph`` (no blank nodes) that the default graph or a named graph with a
        smaller IRI also holds: a merged export has written them already. One index lookup per
        triple, in Oxigraph."""
        if isinstance(graph, ox.DefaultGraph):
            return []
        found = {}
        for r in self.ox.query(f"SELECT ?s ?p ?o ?h WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
                               f"GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != {graph} && !isBlank(?s) && !isBlank(?o)) }}"):
            if r["h"].value < graph.value:
                found[(r["s"], r["p"], r["o"])] = None
        if self._has_default_graph():
            for r in self.ox.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} ?s ?p ?o "
                                   "FILTER(!isBlank(?s) && !isBlank(?o)) }"):
                found[(r["s"], r["p"], r["o"])] = None
        return [ox.Triple(*t) for t in found]

    def _has_default_graph(self) -> bool:
        return next(iter(self.ox.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None

    def graph_ntriples(self, graph_iri) -> str:
        """One named graph as N-Triples text."""
        return self.graph_ntriples_bytes(ox.NamedNode(str(graph_iri))).decode("utf-8")


def _named(graph) -> ox.NamedNode:
    """A graph name given as an IRI string, an rdflib URIRef or already a NamedNode."""
    return graph if isinstance(graph, ox.NamedNode) else ox.NamedNode(str(graph))


def _split_predicate(ntriples: str, predicate: str) -> tuple[str, str]:
    """(the lines of ``ntriples`` whose predicate is ``predicate``, the other lines). Lines start
    with their subject, an IRI or a blank node, and neither holds a space, so the predicate is
    what follows the first space."""
    held: list[str] = []
    start = 0
    pieces: list[str] = []
    while (at := ntriples.find(predicate, start)) != -1:
        line_start = ntriples.rfind("\n", 0, at) + 1
        line_end = ntriples.find("\n", at) + 1 or len(ntriples)
        if ntriples.find(" ", line_start) == at:  # the predicate position, not inside a literal
            pieces.append(ntriples[start:line_start])
            held.append(ntriples[line_start:line_end])
        else:
            pieces.append(ntriples[start:line_end])
        start = line_end
    pieces.append(ntriples[start:])
    return "".join(held), "".join(pieces)


def load_files(store: KGStore, paths: Iterable[Path]) -> dict[str, int]:
    """Import RDF files (folders expanded): each named graph replaces that graph; default-graph
    triples go to ``graph/loaded/{file stem}``. All files are parsed before anything is
    written, and the write is one transaction."""
    from kg.iri import loaded_graph
    from kg.rdfio.read import rdf_files, read_quads

    staged: dict[str, list[str]] = {}
    for path in rdf_files(paths):
        default_graph = str(loaded_graph(Path(path).stem))
        for q in read_quads(path):
            g = default_graph if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            staged.setdefault(g, []).append(f"{q.subject} {q.predicate} {q.object} .")
    store.replace_graphs({g: "\n".join(lines) for g, lines in staged.items()})
    store.rebuild_entities()
    return {g: len(v) for g, v in staged.items()}
