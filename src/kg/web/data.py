"""What each page shows, read from the store with SPARQL on Oxigraph (union default graph).

Every function takes a pyoxigraph Store and returns plain dicts and lists for the templates.
IRIs reach the query text only as ``str(NamedNode(iri))``: pyoxigraph validates the IRI and
writes it in angle brackets, so a request path cannot change a query's structure.
"""

from __future__ import annotations

from collections import OrderedDict
from string import Template

import pyoxigraph as ox

from kg.namespaces import ARTICLE_GRAPH_NS, BASE, ENTITIES_GRAPH, KG_NS, PREFIXES

ID_NS = PREFIXES["id"]
TOPIC_NS = PREFIXES["topic"]
RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
SKOS = PREFIXES["skos"]
OWL_SAMEAS = PREFIXES["owl"] + "sameAs"
WD_NS = PREFIXES["wd"]
ACTOR_TYPES = {KG_NS + t: t for t in ("Person", "Organization", "State", "Publisher", "Actor")}
_HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
MAX_LIST = 200  # rows per list on a page (the newest first): a page must stay fast on any store
MENTION_SEARCH_ARTICLES = 50  # newest articles searched for claims that name an actor


def node(iri: str) -> str:
    """The IRI as a SPARQL term; ValueError if it is not a valid IRI."""
    return str(ox.NamedNode(iri))


def select(store, template: str, **iris: str) -> list[dict[str, str | None]]:
    """Rows of a SELECT as {var: value or None}; ``$name`` in the template is the IRI ``name``."""
    text = _HEADER + Template(template).substitute({k: node(v) for k, v in iris.items()})
    res = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in res.variables]
    return [{n: (None if s[n] is None else s[n].value) for n in names} for s in res]


def _int(value: str | None) -> int | None:
    return None if value is None else int(value)


def label_of(store, iri: str) -> str | None:
    rows = select(store, """SELECT ?l WHERE { { $x rdfs:label ?l } UNION { $x skos:prefLabel ?l }
                            UNION { $x dcterms:title ?l } } ORDER BY ?l LIMIT 1""", x=iri)
    return rows[0]["l"] if rows else None


def kind_of(store, iri: str) -> str | None:
    """actor, article, claim, event, topic, resource (anything else described), or None."""
    types = {r["t"] for r in select(store, "SELECT ?t WHERE { $x a ?t }", x=iri)}
    if KG_NS + "Article" in types:
        return "article"
    if KG_NS + "Claim" in types:
        return "claim"
    if KG_NS + "Topic" in types or (SKOS + "Concept") in types:
        return "topic"
    if types & set(ACTOR_TYPES):
        return "actor"
    if select(store, "SELECT ?t WHERE { $x kg:trigger ?t } LIMIT 1", x=iri):
        return "event"
    if types or select(store, "SELECT ?p WHERE { $x ?p ?o } LIMIT 1", x=iri):
        return "resource"
    return None


def describe(store, iri: str) -> list[ox.Triple]:
    """The node's own triples plus the labels of what it points to (for Turtle/JSON-LD/N-Triples)."""
    text = _HEADER + Template("""CONSTRUCT { $x ?p ?o . ?o rdfs:label ?l . ?o skos:prefLabel ?pl . }
WHERE { $x ?p ?o . OPTIONAL { ?o rdfs:label ?l } OPTIONAL { ?o skos:prefLabel ?pl } }""").substitute(
        x=node(iri))
    triples = list(store.query(text, use_default_graph_as_union=True))
    return sorted(triples, key=str)


def properties(store, iri: str) -> list[dict]:
    """Every (predicate, object) of a node with the object's label, for the generic page."""
    return select(store, """SELECT ?p ?o ?oLabel (isIRI(?o) AS ?isIri) WHERE { $x ?p ?o
        OPTIONAL { ?o rdfs:label|skos:prefLabel|dcterms:title ?oLabel } } ORDER BY ?p ?o""", x=iri)


# -- actor ---------------------------------------------------------------------------------
def actor(store, iri: str) -> dict:
    own = select(store, f"""SELECT ?p ?o ?oLabel WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ $a ?p ?o }}
        OPTIONAL {{ ?o rdfs:label ?oLabel }} }} ORDER BY ?p ?o""", a=iri)
    info: dict = {"iri": iri, "label": None, "types": [], "roles": [], "alt": [], "wikidata": [],
                  "affiliations": [], "nationalities": []}
    for r in own:
        p, o = r["p"], r["o"]
        if p == RDFS_LABEL:
            info["label"] = o
        elif p == RDF_TYPE and o in ACTOR_TYPES:
            info["types"].append(ACTOR_TYPES[o])
        elif p == KG_NS + "role":
            info["roles"].append(o)
        elif p == SKOS + "altLabel":
            info["alt"].append(o)
        elif p == OWL_SAMEAS and o.startswith(WD_NS):
            info["wikidata"].append({"iri": o, "qid": o[len(WD_NS):]})
        elif p == KG_NS + "affiliation":
            info["affiliations"].append({"iri": o, "label": r["oLabel"] or o})
        elif p == KG_NS + "nationality":
            info["nationalities"].append({"iri": o, "label": r["oLabel"] or o})
    info["claims"] = _claims(store, "?claim kg:assertedBy $a .", a=iri)
    info["articles"] = _articles_mentioning(store, iri)
    # Claims whose claimed text names the actor: searched in the newest articles that mention it
    # (per named graph, where Oxigraph's indexes make it cheap), plus every target/relay role.
    recent = [r["article"] for r in info["articles"][:MENTION_SEARCH_ARTICLES]]
    info["mention_search_limited"] = len(info["articles"]) > MENTION_SEARCH_ARTICLES
    by_role = _claims(store, "{ ?claim kg:target $a } UNION { ?claim kg:relayedBy $a }", a=iri)
    by_text = _claims_in_graphs(store, [ARTICLE_GRAPH_NS + a[len(ID_NS + "article/"):] for a in recent],
                                """?m kg:mentionOf $a ; kg:evidence ?ms . ?ms oa:start ?ms0 ; oa:end ?ms1 .
        ?claim kg:contentSpan ?cs . ?cs oa:start ?cs0 ; oa:end ?cs1 .
        FILTER (?ms0 >= ?cs0 && ?ms1 <= ?cs1)""", a=iri)
    merged = {c["claim"]: c for c in by_role + by_text if c["claimant"] != iri}
    info["mentioned_in_claims"] = sorted(merged.values(), key=_claim_order)[:MAX_LIST]
    info["events"] = events_where(store, "?event kg:participant $a .", a=iri)
    info["cooccurring"] = _cooccurring(store, iri)
    return info


def _cooccurring(store, iri: str) -> list[dict]:
    """Actors sharing a claim (any of claimant, target, relay) or an event with the actor, most
    shared first. Two grouped counts, each inside the article graphs, and one label lookup: the
    single query with both in a UNION took Oxigraph twice as long on a hub actor."""
    claims = select(store, """SELECT ?other (COUNT(DISTINCT ?claim) AS ?n) WHERE { GRAPH ?g {
        { ?claim kg:assertedBy $a } UNION { ?claim kg:target $a } UNION { ?claim kg:relayedBy $a }
        { ?claim kg:assertedBy ?other } UNION { ?claim kg:target ?other } UNION { ?claim kg:relayedBy ?other }
        } } GROUP BY ?other""", a=iri)
    events = select(store, """SELECT ?other (COUNT(DISTINCT ?event) AS ?n) WHERE { GRAPH ?g {
        ?event kg:participant $a . ?event kg:participant ?other } } GROUP BY ?other""", a=iri)
    counts: dict[str, list[int]] = {}
    for i, rows in enumerate((claims, events)):
        for r in rows:
            if r["other"] != iri:
                counts.setdefault(r["other"], [0, 0])[i] = int(r["n"])
    if not counts:
        return []
    labels = select(store, "SELECT ?other ?label WHERE { VALUES ?other { %s } ?other rdfs:label ?label }"
                    % " ".join(node(o) for o in counts))
    out = [{"other": r["other"], "label": r["label"], "claims": str(counts[r["other"]][0]),
            "events": str(counts[r["other"]][1])} for r in labels]
    out.sort(key=lambda r: (-(int(r["claims"]) + int(r["events"])), r["label"], r["other"]))
    return out[:MAX_LIST]


def _claims_in_graphs(store, graphs: list[str], where: str, **iris: str) -> list[dict]:
    """_claims with ``where`` matched in each of the given article graphs: one ``GRAPH <g>`` block
    per graph in a UNION, which Oxigraph evaluates about 3x faster than ``VALUES ?g``."""
    if not graphs:
        return []
    body = Template(where).substitute({k: node(v) for k, v in iris.items()})
    blocks = " UNION ".join("{ GRAPH %s { %s } }" % (node(g), body) for g in graphs)
    return _claims(store, "", pattern=blocks)


def _articles_mentioning(store, iri: str) -> list[dict]:
    """Articles whose graph mentions the actor, newest first, with how many times."""
    counts = select(store, "SELECT ?g (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m kg:mentionOf $a } } GROUP BY ?g",
                    a=iri)
    arts = {ID_NS + "article/" + r["g"][len(ARTICLE_GRAPH_NS):]: int(r["n"])
            for r in counts if r["g"].startswith(ARTICLE_GRAPH_NS)}
    if not arts:
        return []
    values = " ".join(node(a) for a in arts)
    rows = select(store, """SELECT ?article ?title ?date WHERE { VALUES ?article { %s }
        OPTIONAL { ?article dcterms:title ?title } OPTIONAL { ?article schema:datePublished ?date } }""" % values)
    out = [{**r, "mentions": arts[r["article"]]} for r in rows]
    out.sort(key=lambda r: (r["title"] or "", r["article"]))
    out.sort(key=lambda r: r["date"] or "", reverse=True)
    return out[:MAX_LIST]


def _claims(store, where: str, *, pattern: str | None = None, **iris: str) -> list[dict]:
    """Claims matching ``where`` (binding ?claim inside its article's graph), newest first, with
    their topics grouped. Claims, their articles and spans share one named graph, so matching
    inside ``GRAPH ?g`` lets Oxigraph use its graph indexes (much faster on large stores); the
    details are joined on the union graph (Oxigraph 0.5 plans that join better). ``pattern``
    replaces ``GRAPH ?g { where }`` whole."""
    if pattern is None:
        pattern = "GRAPH ?g { %s }" % where
    rows = select(store, """
SELECT DISTINCT ?claim ?text ?claimant ?claimantLabel ?article ?articleId ?title ?date
       ?topic ?topicLabel ?start WHERE {
  { SELECT DISTINCT ?claim WHERE { %s } LIMIT %d }
  ?claim schema:text ?text ; kg:reportedIn ?article ; kg:assertedBy ?claimant .
  OPTIONAL { ?claimant rdfs:label ?claimantLabel }
  ?article kg:articleId ?articleId .
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article schema:datePublished ?date }
  OPTIONAL { ?claim kg:about ?topic . OPTIONAL { ?topic skos:prefLabel ?topicLabel } }
  OPTIONAL { ?claim kg:evidence/oa:start ?start }
}""" % (pattern, MAX_LIST), **iris)
    claims: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: (r["topicLabel"] or "", r["topic"] or "")):
        c = claims.setdefault(r["claim"], {**r, "topics": []})
        if r["topic"] and all(t["iri"] != r["topic"] for t in c["topics"]):
            c["topics"].append({"iri": r["topic"], "label": r["topicLabel"] or r["topic"]})
    return sorted(claims.values(), key=_claim_order)


def _claim_order(c: dict) -> tuple:
    """Newest article first (undated last), then position in the article."""
    date = c.get("date") or ""
    return (date == "", tuple(-ord(ch) for ch in date), c["articleId"],
            int(c["start"]) if c.get("start") else -1, c["claim"])


def events_where(store, where: str, **iris: str) -> list[dict]:
    """Events matching ``where`` (binding ?event) in date order, participants grouped."""
    rows = select(store, """
SELECT DISTINCT ?event ?type ?typeLabel ?date ?place ?trigger ?article ?articleId ?participant
       ?participantLabel ?status WHERE {
  { SELECT DISTINCT ?event WHERE { %s } LIMIT %d }
  ?event kg:trigger ?trigger ; kg:reportedIn ?article ; a ?type .
  BIND (IF(EXISTS { ?event schema:eventStatus schema:EventScheduled }, "scheduled", "reported") AS ?status)
  ?type rdfs:subClassOf* kg:Event .
  FILTER NOT EXISTS { ?event a ?narrower . ?narrower rdfs:subClassOf+ ?type . FILTER (?narrower != ?type) }
  OPTIONAL { ?type rdfs:label ?typeLabel }
  ?article kg:articleId ?articleId .
  OPTIONAL { ?event kg:date ?date }
  OPTIONAL { ?event kg:placeName ?place }
  OPTIONAL { ?event kg:participant ?participant . OPTIONAL { ?participant rdfs:label ?participantLabel } }
} ORDER BY (IF(BOUND(?date), 0, 1)) (COALESCE(STR(?date), "")) ?articleId ?event ?participantLabel
""" % (where, MAX_LIST), **iris)
    events: OrderedDict[str, dict] = OrderedDict()
    for r in rows:
        e = events.setdefault(r["event"], {**r, "participants": []})
        if r["participant"] and all(p["iri"] != r["participant"] for p in e["participants"]):
            e["participants"].append({"iri": r["participant"], "label": r["participantLabel"] or r["participant"]})
    return list(events.values())


# -- claim ---------------------------------------------------------------------------------
def claim(store, iri: str) -> dict:
    rows = select(store, """
SELECT ?text ?claimant ?claimantLabel ?article ?articleId ?title ?date ?publisherLabel
       ?evStart ?evEnd ?evExact ?cStart ?cEnd ?verb ?direct ?target ?targetLabel
       ?relay ?relayLabel ?extractor ?confidence WHERE {
  $c kg:reportedIn ?article .
  ?article kg:articleId ?articleId .
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article schema:datePublished ?date }
  OPTIONAL { ?article schema:publisher/rdfs:label ?publisherLabel }
  OPTIONAL { $c schema:text ?text }
  OPTIONAL { $c kg:assertedBy ?claimant . OPTIONAL { ?claimant rdfs:label ?claimantLabel } }
  OPTIONAL { $c kg:evidence ?ev . ?ev oa:start ?evStart ; oa:end ?evEnd ; oa:exact ?evExact }
  OPTIONAL { $c kg:contentSpan ?cs . ?cs oa:start ?cStart ; oa:end ?cEnd }
  OPTIONAL { $c kg:reportingVerb ?verb }
  OPTIONAL { $c kg:directQuote ?direct }
  OPTIONAL { $c kg:target ?target . OPTIONAL { ?target rdfs:label ?targetLabel } }
  OPTIONAL { $c kg:relayedBy ?relay . OPTIONAL { ?relay rdfs:label ?relayLabel } }
  OPTIONAL { $c kg:extractor ?extractor }
  OPTIONAL { $c kg:confidence ?confidence }
} ORDER BY ?evStart LIMIT 1""", c=iri)
    info = dict(rows[0]) if rows else {}
    for k in ("evStart", "evEnd", "cStart", "cEnd"):
        info[k] = _int(info.get(k))
    info["iri"] = iri
    info["topics"] = select(store, """SELECT ?topic ?label WHERE { $c kg:about ?topic
        OPTIONAL { ?topic skos:prefLabel ?label } } ORDER BY ?label ?topic""", c=iri)
    return info


# -- article -------------------------------------------------------------------------------
def article(store, iri: str) -> dict:
    """Everything extracted from one article lives in its graph: query inside it (fast)."""
    aid = iri[len(ID_NS + "article/"):] if iri.startswith(ID_NS + "article/") else ""
    g = node(ARTICLE_GRAPH_NS + aid) if aid else "<urn:x-kg:none>"
    rows = select(store, """
SELECT ?articleId ?title ?date ?url ?language ?genre ?hash ?publisher ?publisherLabel WHERE {
  $a kg:articleId ?articleId .
  OPTIONAL { $a dcterms:title ?title } OPTIONAL { $a schema:datePublished ?date }
  OPTIONAL { $a schema:url ?url } OPTIONAL { $a dcterms:language ?language }
  OPTIONAL { $a kg:genre ?genre } OPTIONAL { $a kg:contentHash ?hash }
  OPTIONAL { $a schema:publisher ?publisher . OPTIONAL { ?publisher rdfs:label ?publisherLabel } }
} LIMIT 1""", a=iri)
    info = dict(rows[0]) if rows else {}
    info["iri"] = iri
    info["authors"] = select(store, """SELECT ?author ?label WHERE { $a schema:author ?author
        OPTIONAL { ?author rdfs:label ?label } } ORDER BY ?label""", a=iri)
    info["mentions"] = [
        {**r, "start": int(r["start"]), "end": int(r["end"])}
        for r in select(store, """
SELECT ?actor ?label ?start ?end WHERE {
  GRAPH %s { ?m kg:reportedIn $a ; kg:mentionOf ?actor ; kg:evidence ?s .
             ?s oa:start ?start ; oa:end ?end . }
  OPTIONAL { ?actor rdfs:label ?label }
} ORDER BY ?start ?end ?actor""" % g, a=iri)]
    info["claims"] = [
        {**r, "start": int(r["start"]), "end": int(r["end"]),
         "evStart": _int(r["evStart"]), "evEnd": _int(r["evEnd"])}
        for r in select(store, """
SELECT ?claim ?text ?claimant ?claimantLabel ?start ?end ?evStart ?evEnd WHERE {
  GRAPH %s {
    ?claim a kg:Claim ; kg:reportedIn $a ; kg:contentSpan ?cs .
    ?cs oa:start ?start ; oa:end ?end .
    OPTIONAL { ?claim schema:text ?text }
    OPTIONAL { ?claim kg:evidence ?ev . ?ev oa:start ?evStart ; oa:end ?evEnd }
    OPTIONAL { ?claim kg:assertedBy ?claimant }
  }
  OPTIONAL { ?claimant rdfs:label ?claimantLabel }
} ORDER BY ?start ?end ?claim""" % g, a=iri)]
    info["events"] = [
        {**r, "evStart": int(r["evStart"]), "evEnd": int(r["evEnd"])}
        for r in select(store, """
SELECT ?event ?trigger ?typeLabel ?evStart ?evEnd ?exact WHERE {
  GRAPH %s { ?event kg:trigger ?trigger ; kg:reportedIn $a ; kg:evidence ?ev ; a ?type .
             ?ev oa:start ?evStart ; oa:end ?evEnd ; oa:exact ?exact . }
  ?type rdfs:subClassOf* kg:Event .
  FILTER NOT EXISTS { ?event a ?narrower . ?narrower rdfs:subClassOf+ ?type . FILTER (?narrower != ?type) }
  OPTIONAL { ?type rdfs:label ?typeLabel }
} ORDER BY ?evStart ?event""" % g, a=iri)]
    info["spans"] = select(store, """SELECT ?start ?end ?exact WHERE { GRAPH %s {
        ?s kg:inArticle $a ; oa:start ?start ; oa:end ?end ; oa:exact ?exact } }
        ORDER BY ?start ?end""" % g, a=iri)
    return info


# -- topic, event, lists -------------------------------------------------------------------
def topic(store, iri: str) -> dict:
    rows = select(store, """SELECT ?label ?definition ?match WHERE {
        OPTIONAL { $t skos:prefLabel ?label } OPTIONAL { $t skos:definition ?definition }
        OPTIONAL { $t skos:exactMatch ?match } } LIMIT 1""", t=iri)
    info = dict(rows[0]) if rows else {}
    info["iri"] = iri
    info["claims"] = _claims(store, "?claim kg:about $t .", t=iri)
    info["claimants"] = select(store, """
SELECT ?claimant ?label (COUNT(DISTINCT ?claim) AS ?claims) (MIN(STR(?date)) AS ?first) (MAX(STR(?date)) AS ?last)
WHERE { ?claim kg:about $t ; kg:assertedBy ?claimant ; kg:reportedIn ?article .
        ?claimant rdfs:label ?label .
        OPTIONAL { ?article schema:datePublished ?date } }
GROUP BY ?claimant ?label ORDER BY DESC(COUNT(DISTINCT ?claim)) ?label LIMIT %d""" % MAX_LIST, t=iri)
    info["timeline"] = select(store, """
SELECT ?period (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?claimant) AS ?claimants) WHERE {
  ?claim kg:about $t ; kg:assertedBy ?claimant ; kg:reportedIn ?article .
  OPTIONAL { ?article schema:datePublished ?date }
  BIND (IF(BOUND(?date), SUBSTR(STR(?date), 1, 7), "undated") AS ?period)
} GROUP BY ?period ORDER BY ?period""", t=iri)
    return info


def event(store, iri: str) -> dict:
    found = events_where(store, "BIND ($e AS ?event)", e=iri)
    info = dict(found[0]) if found else {"participants": []}
    info["iri"] = iri
    info["sources"] = select(store, """
SELECT ?article ?articleId ?title ?date ?publisherLabel ?evStart ?evEnd ?exact ?extractor ?confidence WHERE {
  $e kg:reportedIn ?article .
  ?article kg:articleId ?articleId .
  OPTIONAL { ?article dcterms:title ?title } OPTIONAL { ?article schema:datePublished ?date }
  OPTIONAL { ?article schema:publisher/rdfs:label ?publisherLabel }
  OPTIONAL { $e kg:evidence ?ev . ?ev oa:start ?evStart ; oa:end ?evEnd ; oa:exact ?exact }
  OPTIONAL { $e kg:extractor ?extractor } OPTIONAL { $e kg:confidence ?confidence }
} ORDER BY ?articleId ?evStart""", e=iri)
    return info


def articles(store) -> list[dict]:
    """Every article, newest first (undated last), then by id. Sorted here: Oxigraph's ORDER BY
    on the computed key took a third of the query's time on a 1,000-article store."""
    rows = select(store, """
SELECT ?article ?articleId ?title ?date ?publisherLabel WHERE {
  GRAPH ?g { ?article kg:articleId ?articleId .
             OPTIONAL { ?article dcterms:title ?title } OPTIONAL { ?article schema:datePublished ?date }
             OPTIONAL { ?article schema:publisher ?publisher } }
  OPTIONAL { ?publisher rdfs:label ?publisherLabel }
}""")
    rows.sort(key=lambda r: (r["articleId"], r["article"], r["title"] or "", r["publisherLabel"] or ""))
    rows.sort(key=lambda r: r["date"] or "", reverse=True)
    return rows


def actors(store) -> list[dict]:
    return select(store, f"""
SELECT ?actor ?label ?type (COUNT(DISTINCT ?claim) AS ?claims) WHERE {{
  GRAPH <{ENTITIES_GRAPH}> {{ ?actor rdfs:label ?label ; a ?type }}
  OPTIONAL {{ ?claim kg:assertedBy ?actor }}
}} GROUP BY ?actor ?label ?type ORDER BY DESC(COUNT(DISTINCT ?claim)) ?label ?actor""")


def topics(store) -> list[dict]:
    return select(store, """
SELECT ?topic ?label (COUNT(DISTINCT ?claim) AS ?claims) WHERE {
  ?topic a kg:Topic . OPTIONAL { ?topic skos:prefLabel ?label }
  OPTIONAL { ?claim kg:about ?topic }
} GROUP BY ?topic ?label ORDER BY DESC(COUNT(DISTINCT ?claim)) ?label""")


def all_of(store, cls: str) -> list[str]:
    """IRIs of every claim or event (for the static site)."""
    where = "?x a kg:Claim" if cls == "claim" else "?x kg:trigger ?t"
    return [r["x"] for r in select(store, f"SELECT DISTINCT ?x WHERE {{ {where} }} ORDER BY ?x")]


ONTOLOGY_GRAPH = BASE + "graph/ontology"


def ontology_terms(store) -> list[dict]:
    """Every kg: term of the ontology with its kind, label and definition (the /ontology page)."""
    rows = select(store, f"""SELECT ?term ?kind ?label ?definition ?parent WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{
        ?term a ?kind . FILTER (STRSTARTS(STR(?term), "{KG_NS}"))
        FILTER (?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty))
        OPTIONAL {{ ?term rdfs:label ?label }} OPTIONAL {{ ?term skos:definition ?definition }}
        OPTIONAL {{ ?term rdfs:subClassOf|rdfs:subPropertyOf ?parent . FILTER isIRI(?parent) }} }} }}
        ORDER BY ?kind ?term ?parent""")
    terms: dict[str, dict] = {}
    for r in rows:
        t = terms.setdefault(r["term"], {**r, "name": r["term"][len(KG_NS):], "parents": [],
                                         "kind": r["kind"].rsplit("#", 1)[-1]})
        if r["parent"] and r["parent"] not in t["parents"]:
            t["parents"].append(r["parent"])
    return list(terms.values())


def ontology_triples(store) -> list[ox.Triple]:
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH))
    return sorted((ox.Triple(q.subject, q.predicate, q.object) for q in quads), key=str)


def is_ours(iri: str) -> bool:
    return iri.startswith(BASE)
