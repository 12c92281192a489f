"""The article loader: good files become Articles; each bad one one ArticleError naming file + line/field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.articles import ArticleError, load_articles, parse_article_text, parse_date, read_article
from kg.model import PartialDate

FIXTURES = Path(__file__).parent / "fixtures"

GOOD = """---
id: a-1
title: A title
publisher: Example News
published: 2024-02-08
authors: [Jane Doe, " John Roe "]
language: en
---
The body.
"""


def test_a_good_article():
    a = parse_article_text(GOOD, "x.md")
    assert (a.id, a.title, a.publisher, a.body, a.body_line) == ("a-1", "A title", "Example News", "The body.\n", 9)
    assert a.published == PartialDate("2024-02-08", "day")
    assert a.authors == ("Jane Doe", "John Roe")
    assert len(a.content_hash) == 64


def test_id_defaults_to_the_file_stem():
    assert parse_article_text("---\ntitle: t\npublisher: p\n---\nb\n", "dir/some-story.md").id == "some-story"


@pytest.mark.parametrize("value,expected", [
    ("2024", PartialDate("2024", "year")),
    (2024, PartialDate("2024", "year")),
    ("2024-02", PartialDate("2024-02", "month")),
    ("2024-02-29", PartialDate("2024-02-29", "day")),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("text,message", [
    ("Just text\n", "x.md:1: no front matter (the file must start with a '---' line)"),
    ("---- \ntitle: t\n---\nb", "x.md:1: no front matter (the first line must be exactly '---')"),
    ("---\ntitle: t\npublisher: p\nb\n", "x.md:1: front matter is not closed by a '---' line"),
    ("---\ntitle: t\npublisher: [p\n---\nb", "x.md:3: front matter is not valid YAML: "
     "expected ',' or ']', but got '<stream end>'"),
    ("---\ntitle: [a,\n b\npublisher: x\n---\nbody", "x.md:4: front matter is not valid YAML: expected ',' or ']', "
     "but got ':' (while parsing a flow sequence that starts on line 2)"),
    ("---\ntitle: t\n\tpublisher: p\n---\nb", "x.md:3: front matter is not valid YAML: "
     "found character '\\t' that cannot start any token"),
    ("---\ntitle: t\x01\npublisher: p\n---\nb", "x.md:2: front matter holds a character YAML does not allow (U+0001)"),
    ("---\ntitle: " + "[" * 3000 + "\n---\nb", "x.md:2: front matter is nested too deeply (over 100 levels)"),
    ("---\ntitle: " + "[" * 90 + "\n---\nb", "x.md:2: front matter is not valid YAML: expected the node content, but found '<stream end>'"),
    ("---\n- a list\n---\nb", "x.md:2: front matter must be a YAML mapping of field: value"),
    ("---\ntitle: t\n---\nb", "x.md: missing required field 'publisher'"),
    ("---\ntitle: ''\npublisher: p\n---\nb", "x.md: missing required field 'title'"),
    ("---\ntitle: [a]\npublisher: p\n---\nb", "x.md:2: field 'title' must be text"),
    ("---\ntitle: !!binary aGk=\npublisher: p\n---\nb", "x.md:2: field 'title' must be text"),
    ("---\ntitle: t\npublisher: p\nauthor: x\n---\nb", "x.md:4: unknown field 'author' (fields: title, "
     "publisher, id, url, published, authors, language, genre, note, source)"),
    ('---\ntitle: t\npublisher: p\n"a\\nb": 1\n---\nb', "x.md: unknown field 'a\\nb' (fields: title, "
     "publisher, id, url, published, authors, language, genre, note, source)"),
    ("---\ntitle: t\npublisher: p\nid: a b\n---\nb",
     "x.md:4: field 'id': 'a b' may only hold letters, digits, '.', '_' and '-'"),
    ('---\ntitle: t\npublisher: p\nid: "a\\nb"\n---\nb',
     "x.md:4: field 'id': 'a\\nb' may only hold letters, digits, '.', '_' and '-'"),
    ("---\ntitle: t\npublisher: p\npublished: 2021-02-30\n---\nb",
     "x.md:4: field 'published': impossible date '2021-02-30'"),
    ("---\ntitle: t\npublisher: p\npublished: 2021-13\n---\nb",
     "x.md:4: field 'published': impossible date '2021-13'"),
    ("---\ntitle: t\npublisher: p\npublished: last week\n---\nb",
     "x.md:4: field 'published': 'last week' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("---\ntitle: t\npublisher: p\npublished: [2021]\n---\nb",
     "x.md:4: field 'published': must be a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ("---\ntitle: t\npublisher: p\nauthors: [a, 3]\n---\nb", "x.md:4: field 'authors' must be a list of names"),
    ("---\ntitle: t\npublisher: p\n---\n\n  \n", "x.md:5: empty body (nothing after the front matter)"),
    ("---\ntitle: t\npublisher: p\n---", "x.md:5: empty body (nothing after the front matter)"),
    ("---\ntitle: t\npublisher: p\nid: " + "9" * 5000 + "\n---\nb",
     "x.md:2: front matter holds a value that cannot be read: Exceeds the limit (4300 digits) for integer "
     "string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit"),
])
def test_bad_text_gives_one_line_naming_the_line_or_field(text, message):
    with pytest.raises(ArticleError) as caught:
        parse_article_text(text, "x.md")
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_an_alias_bomb_in_a_date_is_refused_without_expanding_it():
    laughs = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i-1}'] * 9)}]\n" for i in range(1, 9))
    text = "---\ntitle: t\npublisher: p\nnote: &l0 [x]\n" + laughs + "published: *l8\n---\nb"
    with pytest.raises(ArticleError, match="unknown field 'l1'"):
        parse_article_text(text, "x.md")
    text = "---\ntitle: t\npublisher: p\nnote: &l0 [x]\npublished: *l0\n---\nb"
    with pytest.raises(ArticleError, match="must be a date"):
        parse_article_text(text, "x.md")


@pytest.mark.parametrize("raw,message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (contains NUL bytes), not a text article"),
    ("---\ntitle: Caf\xe9\n".encode("latin-1"), "2: not UTF-8 text (byte 0xe9 at offset 14)"),
    ("---\ntitle: t\n".encode("utf-16"), "1: UTF-16 text, not UTF-8: save the file as UTF-8"),
])
def test_bad_bytes(tmp_path, raw, message):
    path = tmp_path / "a.md"
    path.write_bytes(raw)
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    sep = ":" if message[0].isdigit() else ": "
    assert str(caught.value) == f"{path}{sep}{message}"


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    a = read_article(path)
    assert a.body == "The body.\n" and a.title == "A title"


def test_an_unreadable_path(tmp_path):
    with pytest.raises(ArticleError, match=r"a\.md: cannot read file: No such file or directory$"):
        read_article(tmp_path / "a.md")


def test_a_folder_of_bad_articles(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(FIXTURES / "bad_articles", folder)
    (folder / "notes.csv").write_text("a,b\n")
    (folder / ".hidden.md").write_text("ignored entirely")
    (folder / "sub").mkdir()
    result = load_articles(folder)
    assert [a.id for a in result.articles] == ["good-1", "good-2"]
    assert [e.path.name for e in result.errors] == [
        "binary.md", "broken-yaml.md", "dup-a.md", "dup-b.md", "empty-body.md", "impossible-date.md",
        "latin1.md", "missing-publisher.md", "no-front-matter.md"]
    assert [p.name for p in result.ignored] == ["notes.csv", "sub"]
    assert str(result.errors[2]) == f"{folder}/dup-a.md: duplicate id 'same-id' (also used by {folder}/dup-b.md)"


def test_a_long_article_is_not_rejected():
    body = ("A paragraph about nothing in particular. " * 30 + "\n\n") * 900  # ~1.1 million characters
    a = parse_article_text("---\ntitle: t\npublisher: p\n---\n" + body, "long.md")
    assert len(a.body) > 1_000_000
