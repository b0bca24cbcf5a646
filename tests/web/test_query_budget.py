"""The query budget: a search of any size answers at bounded cost, and says what it left out."""

import itertools
import string

import pytest
from django.urls import reverse

from archive.models import Article

pytestmark = pytest.mark.django_db


def words(prefix, count):
    """`count` different words of letters that start with `prefix`."""
    letters = itertools.product(string.ascii_lowercase, repeat=3)
    return [prefix + "".join(tail) for tail in itertools.islice(letters, count)]


@pytest.fixture
def wordy_archive(make_article, django_capture_on_commit_callbacks):
    """Two articles holding 250 words for each of four prefixes, and one without them."""
    with django_capture_on_commit_callbacks(execute=True):
        for half in (0, 1):
            make_article(
                title=f"Word list {half}",
                body=" ".join(
                    word
                    for prefix in ("co", "pr", "st", "re")
                    for word in words(prefix, 250)[half::2]
                ),
            )
        make_article(title="Rallies mark the anniversary", body="Thousands gathered on Thursday.")


def search_page(client, path="archive:search", **params):
    response = client.get(reverse(path), params)
    assert response.status_code == 200
    return response


def test_wildcards_cut_short_are_named_and_what_they_kept_is_searched(client, wordy_archive):
    response = search_page(client, q="co* pr* st*")
    text = response.content.decode()
    assert "co*, pr*, st* stood for too many words: only the first ones were searched." in text
    assert {hit.article.title for hit in response.context["hits"]} == {"Word list 0", "Word list 1"}


@pytest.mark.parametrize(
    "path", ["archive:search", "archive:search-feed", "archive:search-export-jsonl"]
)
def test_a_wildcard_past_the_budget_never_widens_what_is_found(
    client, wordy_archive, make_article, django_capture_on_commit_callbacks, path
):
    """Searched without re*, `co* pr* st* re*` would find an article with no re- word."""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(
            title="No word of the fourth kind",
            body=" ".join(words("co", 5) + words("pr", 5) + words("st", 5)),
        )
    response = search_page(client, path, q="(co* pr* st* re*) OR thousands")
    text = response.getvalue().decode()
    assert "Rallies mark the anniversary" in text
    assert "fourth kind" not in text
    page = search_page(client, q="co* pr* st* re*").content.decode()
    assert (
        "re* could not be searched: the search already had 500 words, "
        "so no article is shown that it might not match." in page
    )
    assert "fourth kind" not in page


def test_a_wildcard_within_the_budget_says_nothing(client, wordy_archive):
    response = search_page(client, q="rall*")
    assert [hit.article.title for hit in response.context["hits"]] == [
        "Rallies mark the anniversary"
    ]
    assert 'class="budget"' not in response.content.decode()


def test_words_past_the_32nd_are_named(client, wordy_archive):
    typed = " ".join(words("co", 40))
    response = search_page(client, q=typed)
    left_out = " ".join(words("co", 40)[32:])
    assert (
        f"Only the first 32 words were searched; these were left out: {left_out}"
        in response.content.decode()
    )


def test_a_search_past_its_time_shows_what_it_found_by_then_and_says_so(
    client, wordy_archive, settings
):
    """With no time at all, nothing is read: no article that does not match is ever shown."""
    settings.ARCHIVE_SEARCH_MILLISECONDS = 0
    response = search_page(client, q="thousands -rallies")
    assert "The search stopped after 0 s: the query is too broad" in response.content.decode()
    assert response.context["hits"] == []

    export = search_page(client, "archive:search-export-jsonl", q="co* pr*")
    assert export["X-Archive-Search-Stopped-Early"] == "true"
    assert search_page(client, "archive:search-feed", q="co* pr*")["Content-Type"].startswith(
        "application/atom+xml"
    )


def test_a_search_within_its_time_is_whole(client, wordy_archive):
    response = search_page(client, q="thousands")
    assert "stopped after" not in response.content.decode()
    export = search_page(client, "archive:search-export-jsonl", q="thousands")
    assert export["X-Archive-Search-Stopped-Early"] == "false"


def test_a_long_query_finding_little_gets_no_spelling_suggestion(client, wordy_archive):
    """Each word to correct costs a look through the index's words: six at most."""
    assert search_page(client, q="thousnds gathred").context["suggestion"] == ("thousands gathered")
    long = "thousnds gathred ralies anniversery marc thursdy gathrd thousnd"
    assert search_page(client, q=long).context["suggestion"] is None


def test_a_search_after_every_article_left_the_index_finds_nothing(
    client, make_article, search_index, django_capture_on_commit_callbacks
):
    """Emptying the index again and again merges its emptied segments into one of no
    documents, where Whoosh's idf divides by zero: the search page answers all the same."""
    for _ in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            make_article()
        search_index.clear(models=[Article])
    for q in ("rallies", '"rallies mark"', "rall*", "-rallies"):
        assert search_page(client, q=q).context["hits"] == []
