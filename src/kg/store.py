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

from kg.errors import StoreError
from kg.vocab import ARTICLE_GRAPH_NS, ENTITIES_GRAPH, KG_NS, PREFIXES

# Reading (kg query, export, validate) needs neither rdflib nor filelock: both are imported only
# where the store is written, which keeps every read-only command's start-up short.
ARTICLE_GRAPH_PREFIX = ARTICLE_GRAPH_NS
LOCK_TIMEOUT_S = float(os.environ.get("KG_LOCK_TIMEOUT", "10"))


def _sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


@dataclass(frozen=True)
class StoreStats:
    articles: int
    triples: int
    claims: int
    actors: int
    events: int


class KGStore:
    """A persistent store at ``path``; writers hold ``<path>.lock`` so two builds never collide."""

    def __init__(self, path: Path | str, *, read_only: bool = False, create: bool = True):
        self.path = Path(path)
        self.read_only = read_only
        self._lock = None
        if read_only or not create:
            if not (self.path / "CURRENT").exists():
                raise StoreError(f"no store at {self.path}: run 'kg build' (or 'kg load') first")
        if read_only:
            try:
                self.ox = ox.Store.read_only(str(self.path))
            except OSError as exc:
                raise StoreError(f"cannot open store {self.path}: {_first_line(exc)}") from None
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
            raise StoreError(f"cannot open store {self.path}: {_first_line(exc)}") from None

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        if getattr(self, "ox", None) is not None and not self.read_only:
            self.ox.flush()
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
        g = graph if isinstance(graph, ox.NamedNode) else ox.NamedNode(str(graph))
        self.ox.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{ntriples}\n}} }}")

    def replace_graph_rdflib(self, graph_iri, rdf_graph) -> None:
        self.replace_graph(str(graph_iri), rdf_graph.serialize(format="nt"))

    def drop_graph(self, graph_iri) -> None:
        self.ox.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def load_reference_graphs(self) -> None:
        """(Re)load the ontology and the topic scheme into their own graphs."""
        from kg import iri
        from kg.paths import ONTOLOGY_FILE, TOPICS_FILE

        for graph, path in ((iri.ONTOLOGY_GRAPH, ONTOLOGY_FILE), (iri.TOPICS_GRAPH, TOPICS_FILE)):
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
        q = _sparql_prefixes() + """
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
            rows = list(self.ox.query(_sparql_prefixes() + q))
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

    def graph_ntriples(self, graph_iri) -> str:
        """One named graph as N-Triples text."""
        g = ox.NamedNode(str(graph_iri))
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in self.ox.quads_for_pattern(None, None, None, g)]
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__




RDF_EXTENSIONS = {
    ".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS",
    ".trig": "TRIG", ".rdf": "RDF_XML", ".xml": "RDF_XML", ".owl": "RDF_XML", ".n3": "N3",
}


def parse_rdf_file(path: Path) -> list[ox.Quad]:
    """Every quad of an RDF file (syntax from the extension), or StoreError with one line."""
    path = Path(path)
    fmt_name = RDF_EXTENSIONS.get(path.suffix.lower())
    if fmt_name is None and path.suffix.lower() not in (".jsonld", ".json"):
        raise StoreError(f"{path}: unknown RDF file extension '{path.suffix}'")
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    if path.suffix.lower() in (".jsonld", ".json"):
        from rdflib import Dataset

        ds = Dataset()
        try:
            ds.parse(str(path), format="json-ld")
        except Exception as exc:
            raise StoreError(f"{path}: not valid JSON-LD: {_first_line(exc)}") from None
        data = ds.serialize(format="nquads")
        return list(ox.parse(data.encode("utf-8") if isinstance(data, str) else data,
                             format=ox.RdfFormat.N_QUADS))
    try:
        return list(ox.parse(path=str(path), format=getattr(ox.RdfFormat, fmt_name),
                             base_iri=path.resolve().as_uri()))
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{path}: not valid {fmt_name.replace('_', '-').lower()}: {_first_line(exc)}") from None


def load_files(store: KGStore, paths: Iterable[Path]) -> dict[str, int]:
    """Import RDF files: each named graph replaces that graph; default-graph triples go to
    ``graph/loaded/{file stem}``. All files are parsed before anything is written, and the
    write is one transaction."""
    from kg.iri import slug
    from kg.namespaces import GRAPH

    staged: dict[str, list[str]] = {}
    for path in paths:
        default_graph = str(GRAPH[f"loaded/{slug(Path(path).stem)}"])
        for q in parse_rdf_file(Path(path)):
            g = default_graph if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            staged.setdefault(g, []).append(f"{q.subject} {q.predicate} {q.object} .")
    ops = []
    for g in sorted(staged):
        ops.append(f"DROP SILENT GRAPH <{g}>")
        ops.append("INSERT DATA { GRAPH <%s> {\n%s\n} }" % (g, "\n".join(staged[g])))
    if ops:
        store.ox.update(" ;\n".join(ops))
    store.rebuild_entities()
    return {g: len(v) for g, v in staged.items()}
