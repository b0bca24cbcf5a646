"""Saved pages in the shapes real news sites use give the metadata and body a reader sees.

The pages and what each must give are in tests/data/pages/ (see expected.json);
scripts/measure_extraction.py prints the same checks as a table. A check listed in
a page's known_misses is expected to fail, and the test says so if it starts passing.
"""

import functools
import json
from datetime import date

import pytest

from archive.ingest.html import parse_html
from archive.vocabulary.body import plain_text
from tests.helpers import DATA

PAGES = DATA / "pages"
EXPECTED = {
    name: expected
    for name, expected in json.loads((PAGES / "expected.json").read_text("utf-8")).items()
    if not name.startswith("_")
}


def pages(check):
    """Return the corpus pages as parameters, those known to miss `check` as strict xfails."""
    return [
        pytest.param(
            name,
            id=name.removesuffix(".html"),
            marks=[pytest.mark.xfail(strict=True, reason=miss)]
            if (miss := EXPECTED[name].get("known_misses", {}).get(check))
            else [],
        )
        for name in sorted(EXPECTED)
    ]


@functools.cache
def parsed(name):
    return parse_html((PAGES / name).read_bytes(), name)


def body(name):
    return plain_text(parsed(name).blocks)


def test_every_saved_page_has_its_expectations():
    """Each page in the corpus is listed in expected.json, and each listed page exists."""
    assert sorted(path.name for path in PAGES.glob("*.html")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", pages("title"))
def test_title_is_the_headline(name):
    """The title is the headline alone, without the outlet's name around it."""
    assert parsed(name).title == EXPECTED[name]["title"]
    assert not parsed(name).title_derived


@pytest.mark.parametrize("name", pages("published"))
def test_published_is_the_declared_day(name):
    """The published day is the one the page declares, and none when it declares none."""
    published = EXPECTED[name]["published"]
    assert parsed(name).published == (date.fromisoformat(published) if published else None)


@pytest.mark.parametrize("name", pages("source"))
def test_source_is_the_outlet(name):
    """The source is the outlet's name as the page gives it."""
    assert parsed(name).source == (EXPECTED[name]["source"] or "")


@pytest.mark.parametrize("name", pages("body_starts"))
def test_body_starts_with_the_articles_first_words(name):
    """The body starts where the article's text starts, not with the page's header."""
    assert body(name).startswith(EXPECTED[name]["body_starts"])


@pytest.mark.parametrize("name", pages("body_ends"))
def test_body_ends_with_the_articles_last_words(name):
    """The body ends where the article's text ends, before tags, links and footers."""
    assert body(name).endswith(EXPECTED[name]["body_ends"])


@pytest.mark.parametrize("name", pages("subheadings"))
def test_subheadings_are_kept_in_order(name):
    """The article's subheadings are subheadings of the body, in the page's order."""
    assert parsed(name).subheadings == EXPECTED[name]["subheadings"]


@pytest.mark.parametrize("name", pages("not_in_body"))
def test_page_furniture_is_not_in_the_body(name):
    """Navigation, related links, sign-ups, captions, comments and scripts stay out of the body."""
    assert [text for text in EXPECTED[name]["not_in_body"] if text in body(name)] == []
