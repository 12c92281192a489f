"""Property-based tests: no input makes the loader or the parameter binding misbehave.

* any front matter / body / bytes -> an ``Article`` or an ``ArticleError`` with a one-line
  message naming the file, never another exception;
* any parameter value -> a query that still parses in rdflib and Oxigraph and returns the value
  unchanged (it was bound as a value), or a ``QueryError`` saying why it was refused.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.articles import ArticleError, load_articles, parse_article_text, read_article
from kg.errors import QueryError
from kg.model import Article
import kg.queries
from kg.queries import Param, SavedQuery, bind

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# each binding example runs two SPARQL engines (~10 ms in rdflib): fewer examples keep it fast
BINDING = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- the article loader --------------------------------------------------------------------------

_field_names = st.sampled_from(
    ["title", "publisher", "id", "url", "published", "authors", "language", "genre", "note", "extra"])
_yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    | st.sampled_from(["2021-02-30", "2024-02", "2024", "0000", "2024-13-01", "99999-01-01"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def front_matter(draw) -> str:
    """YAML that is valid and mapping-shaped half the time, arbitrary text the other half."""
    if draw(st.booleans()):
        meta = draw(st.dictionaries(_field_names, _yaml_values, max_size=8))
        return yaml.safe_dump(meta, allow_unicode=draw(st.booleans()))
    return draw(st.text(max_size=200))


def _check_error(err: ArticleError, path: str) -> None:
    message = str(err)
    assert message.startswith(path + ":") or message.startswith(path + " ")
    assert "\n" not in message and "\r" not in message
    assert err.reason


@FAST
@given(header=front_matter(), body=st.text(max_size=300), fence=st.sampled_from(["---", "--- ", "----", ""]))
def test_any_front_matter_and_body_give_an_article_or_an_article_error(header, body, fence):
    text = f"{fence}\n{header}\n---\n{body}" if fence else header + body
    try:
        article = parse_article_text(text, "fuzz.md")
    except ArticleError as err:
        _check_error(err, "fuzz.md")
        return
    assert isinstance(article, Article)
    assert article.title and article.publisher and article.body.strip()
    assert article.body == text.split("\n---\n", 1)[1] or article.body in text


@FAST
@given(st.text(max_size=400))
def test_any_text_gives_an_article_or_an_article_error(text):
    try:
        parse_article_text(text, "fuzz.md")
    except ArticleError as err:
        _check_error(err, "fuzz.md")


@FAST
@given(
    raw=st.binary(max_size=300)
    | st.builds(lambda h, b: b"---\n" + h + b"\n---\n" + b, st.binary(max_size=100), st.binary(max_size=100)),
)
def test_random_bytes_through_read_article(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.md"
        path.write_bytes(raw)
        try:
            read_article(path)
        except ArticleError as err:
            _check_error(err, str(path))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(
    st.tuples(st.sampled_from(["a.md", "b.md", "c.txt", "d.MD", "e.csv", ".hidden.md", "sub"]),
              front_matter(), st.text(max_size=80), st.binary(max_size=40)),
    max_size=5, unique_by=lambda f: f[0]))
def test_random_folders_through_load_articles(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, header, body, junk in files:
            if name == "sub":
                (folder / name).mkdir()
                continue
            (folder / name).write_bytes(f"---\n{header}\n---\n{body}".encode("utf-8", "surrogatepass") + junk)
        result = load_articles(folder)
        considered = [f for f in files if f[0].lower().endswith((".md", ".txt")) and not f[0].startswith(".")]
        assert len(result.articles) + len(result.errors) == len(considered)
        ids = [a.id for a in result.articles]
        assert len(ids) == len(set(ids))
        for err in result.errors:
            assert "\n" not in str(err) and str(err).startswith(str(folder))


# -- parameter binding ---------------------------------------------------------------------------

def _query(ptype: str) -> SavedQuery:
    return SavedQuery(name="probe", path=Path("probe.rq"), text="SELECT ?v WHERE {\n}\n",
                      summary="", params=(Param("v", type=ptype),))


def _bound_value(text: str):
    """Run a bound probe query on both engines; both must parse it and agree on ?v."""
    ox_rows = list(ox.Store().query(text))
    rdflib_rows = list(Graph().query(text))
    assert len(ox_rows) == len(rdflib_rows) == 1
    ox_term, rdflib_term = ox_rows[0]["v"], rdflib_rows[0][0]
    assert ox_term.value == str(rdflib_term)
    return ox_term, rdflib_term


_nasty = st.sampled_from([
    '"', "'", '"""', "\\", "{", "}", "} ;", ";", "DELETE WHERE { ?s ?p ?o }", "\n", "\r\n", "#",
    ") } } DROP ALL #", "?v", "<http://x>", "\"^^<http://x>", "@en", "\t", "\\u0022", "\\U0001F600",
    "\\\\u005C", "%", "%zz",
])
_text_values = st.lists(_nasty | st.text(max_size=20), max_size=6).map("".join)


@BINDING
@given(value=_text_values, ptype=st.sampled_from(["string", "label"]))
def test_any_text_value_is_bound_as_a_literal(value, ptype):
    expected = value.strip() if ptype == "label" else value  # labels ignore surrounding blanks
    try:
        text = bind(_query(ptype), {"v": value})
    except QueryError as err:
        # refused: control characters, or an empty label; the message names the parameter
        assert any(ord(c) < 0x20 and c not in "\t\n\r" for c in value) or not expected
        assert str(err).startswith("parameter 'v':") and "\n" not in str(err)
        return
    ox_term, rdflib_term = _bound_value(text)
    assert isinstance(ox_term, ox.Literal) and ox_term.value == expected
    assert rdflib_term == Literal(expected)


_iri_chars = st.sampled_from(list("abcxyz019AF:/#?=&%.-_~ {}<>\"|^`\\\n") + ["\x01", "\x7f", "é", "\u00a0"])


@BINDING
@given(value=st.one_of(
    st.lists(_iri_chars, max_size=25).map("".join),
    st.lists(_iri_chars, max_size=20).map(lambda cs: "https://example.org/" + "".join(cs)),
    st.text(max_size=30),
))
def test_any_iri_value_is_bound_as_an_iri_or_refused(value):
    try:
        text = bind(_query("iri"), {"v": value})
    except QueryError as err:
        assert str(err).startswith("parameter 'v':") and "\n" not in str(err)
        return
    expected = getattr(kg.queries, "expand_iri", lambda v: v)(value.strip())  # id:actor/x -> full IRI
    ox_term, rdflib_term = _bound_value(text)
    assert isinstance(ox_term, ox.NamedNode) and ox_term.value == expected
    assert rdflib_term == URIRef(expected)


@BINDING
@given(value=st.one_of(st.text(max_size=12), st.from_regex(r"\A[+-]?\d{1,20}\Z"),
                       st.from_regex(r"\A\d{4}(-\d{2}(-\d{2})?)?\Z")),
       ptype=st.sampled_from(["date", "integer"]))
def test_dates_and_integers_are_typed_literals_or_refused(value, ptype):
    try:
        text = bind(_query(ptype), {"v": value})
    except QueryError as err:
        assert str(err).startswith("parameter 'v':")
        return
    ox_term, _ = _bound_value(text)
    assert isinstance(ox_term, ox.Literal)
    if ptype == "integer":
        assert int(ox_term.value) == int(value)
    else:
        assert ox_term.value == value.strip()


@pytest.mark.parametrize("value", [
    'x" } ; DELETE WHERE { ?s ?p ?o } #',
    "Taiwan' } } ; DROP ALL ; SELECT * WHERE { {",
    "line one\nline two } ;",
    '\\" ) } INSERT DATA { <a:b> <a:b> <a:b> }',
])
def test_injection_attempts_stay_a_single_select(value):
    """The bound query is still one SELECT whose only VALUES row is the whole value."""
    text = bind(_query("label"), {"v": value})
    parsed = prepareQuery(text)
    assert parsed.algebra.name == "SelectQuery"
    ox_term, _ = _bound_value(text)
    assert ox_term.value == value


@pytest.mark.parametrize("value", ["\\u0022", "C:\\users\\u0041", "\\U0001F600"])
def test_backslash_u_in_a_value_round_trips(value):
    """rdflib expands \\uXXXX anywhere in the query text, even after an escaped backslash."""
    ox_term, rdflib_term = _bound_value(bind(_query("string"), {"v": value}))
    assert ox_term.value == value and rdflib_term == Literal(value)


@pytest.mark.parametrize("ptype,value", [("iri", "http://x/\nDROP ALL"), ("date", "20\n24"),
                                         ("integer", "1\n2"), ("string", "a\x00b")])
def test_refusals_are_one_line(ptype, value):
    with pytest.raises(QueryError) as caught:
        bind(_query(ptype), {"v": value})
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("value", ["a:\x01", "http://x/\x1b[31m", "a:\x7f", "a:%", "http://x/%zz", "A:##"])
def test_iri_control_characters_are_refused(value):
    with pytest.raises(QueryError, match="^parameter 'v': "):
        bind(_query("iri"), {"v": value})
