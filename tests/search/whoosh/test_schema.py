"""The index reads text into words as the query language and snippets do (search/words.py)."""

import pytest
from django.urls import reverse

from archive.search.words import INDEX_WORD

pytestmark = pytest.mark.django_db

MARKED_UP = "*Exclusive* report: the commander* said footnote*. The U.S. envoy left Baghdad."


def test_words_next_to_asterisks_and_dots_are_indexed_as_words(
    client, make_article, django_capture_on_commit_callbacks
):
    """A word written beside a '*' is found by the word alone, and 'U.S.' stays one word
    (whoosh3's default tokenizer keeps '*' inside words; the schema names its own pattern)."""
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="Envoy leaves", body=MARKED_UP)
    for q in ("exclusive", "footnote", "commander", "exclusiv*", '"u.s. envoy"', "report"):
        response = client.get(reverse("archive:search"), {"q": q})
        assert [hit.article for hit in response.context["hits"]] == [article], q


def test_the_index_word_pattern_splits_as_the_index_does():
    """The pattern the query language and snippets use cuts text where the index does."""
    assert INDEX_WORD.findall(MARKED_UP) == [
        "Exclusive",
        "report",
        "the",
        "commander",
        "said",
        "footnote",
        "The",
        "U.S",
        "envoy",
        "left",
        "Baghdad",
    ]
