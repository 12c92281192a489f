"""``kg validate --changed``: SHACL only on article graphs changed since the last validation.

A ledger beside the store (``<store>.validated.json``, as its ``.lock``) holds a digest of every article graph that
last validated without violations, and a digest of what their verdict depended on (the shapes,
the ontology, the topic scheme, the warnings flag). A graph whose digest is in the ledger is
skipped; everything else is validated with the compiled shapes (kg.validation.compiled), then the
store-wide checks run as in a full validation (the entities graph, the QC queries). A graph that
fails stays out of the ledger, so it is checked and reported again until it is fixed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from rdflib import Graph

from kg import iri
from kg.errors import KGError
from kg.files import write_atomically
from kg.namespaces import ENTITIES_GRAPH

LEDGER_SUFFIX = ".validated.json"
LEDGER_VERSION = 1


def graph_digest(ntriples: str) -> str:
    """SHA-256 of a graph's sorted N-Triples lines: the same content, the same digest."""
    lines = sorted(line for line in ntriples.splitlines() if line)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _rdflib_graph(ntriples: str) -> Graph:
    """N-Triples into an rdflib Graph, parsed by pyoxigraph (several times faster than rdflib's)."""
    import pyoxigraph as ox

    from kg.rdfio.read import rdflib_term as _term

    graph = Graph()
    for t in ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        graph.add((_term(t.subject), _term(t.predicate), _term(t.object)))
    return graph


def context_digest(include_warnings: bool) -> str:
    """What every verdict depends on besides the graph: shapes, ontology, topics, the flag."""
    from kg.paths import ONTOLOGY_FILE, SHAPES_DIR, TOPICS_FILE

    h = hashlib.sha256(f"v{LEDGER_VERSION} warnings={include_warnings}\n".encode())
    files = [SHAPES_DIR / "core.ttl", ONTOLOGY_FILE, TOPICS_FILE]
    if include_warnings:
        files.append(SHAPES_DIR / "recommended.ttl")
    for path in files:
        h.update(path.name.encode() + b"\0")
        h.update(path.read_bytes() if path.exists() else b"")
    return h.hexdigest()


def ledger_path(store) -> Path:
    return Path(str(store.path) + LEDGER_SUFFIX)


def read_ledger(store, context: str) -> dict[str, str]:
    """article id -> digest of its graph when it last validated; {} when stale or missing."""
    try:
        data = json.loads(ledger_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("context") != context:
        return {}
    graphs = data.get("graphs")
    return graphs if isinstance(graphs, dict) else {}


def write_ledger(store, context: str, graphs: dict[str, str]) -> None:
    """Written to a temporary file and renamed: a crash leaves the old ledger or the new one."""
    path = ledger_path(store)
    text = json.dumps({"context": context, "graphs": dict(sorted(graphs.items()))}, indent=0)
    write_atomically(path, text + "\n")


def validate_changed(store, *, include_warnings: bool = False, progress=None):
    """A ``Report`` (kg.validation) for the changed article graphs plus the store-wide checks.

    ``outcome.checked`` counts the graphs validated (skipped ones are not counted).
    """
    from kg.build import validation_triples
    from kg.queries import run_on_store
    from kg.validation import Report, _checks
    from kg.validation.compiled import Unsupported, compiled
    from kg.validation.qc import qc_findings

    try:
        engine = compiled(include_warnings)
    except Unsupported as exc:
        raise KGError(f"--changed: the shapes use {exc}, which the compiled shapes engine does not "
                      "implement; run kg validate without --changed") from None
    context = context_digest(include_warnings)
    known = read_ledger(store, context)
    ledger: dict[str, str] = {}
    outcome = Report(unit="graph", checks=_checks(include_warnings))
    ids = store.article_ids()
    for n, article_id in enumerate(ids, 1):
        ntriples = store.graph_ntriples(iri.article_graph(article_id))
        digest = graph_digest(ntriples)
        if known.get(article_id) == digest:
            ledger[article_id] = digest
        else:
            if _check(outcome, engine, validation_triples(_rdflib_graph(ntriples))):
                ledger[article_id] = digest
        if progress:
            progress(n, len(ids))
    entities = _rdflib_graph(store.graph_ntriples(ENTITIES_GRAPH))
    _check(outcome, engine, entities)
    outcome.findings.extend(qc_findings(lambda text: run_on_store(store, text)))
    write_ledger(store, context, ledger)
    return outcome


def _check(outcome, engine, triples) -> bool:
    """Validate one graph into ``outcome``; True when it has no violation."""
    conforms, violations = engine.validate(triples)
    outcome.findings.extend(violations)
    outcome.checked += 1
    return conforms
