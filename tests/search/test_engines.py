"""SEARCH_URL chooses the search engine, and search works, more plainly, on an engine other than Whoosh.

No Elasticsearch or Solr server is at hand here: their settings are checked as parsed,
and the pages are run against Haystack's simple backend, which needs no server (it
matches words in the database), and against Whoosh's own query parser taking the query
string as Elasticsearch or Solr would get it.
"""

import io
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from haystack import connections

from archive.project.search_url import (
    ELASTICSEARCH_ENGINE,
    SOLR_ENGINE,
    WHOOSH_ENGINE,
    haystack_connection,
)
from archive.search import results as searching
from archive.search.engines import Capabilities, capabilities
from archive.search.indexing import bulk_indexing
from archive.search.results import indexed_words
from tests.helpers import settings_value

DEFAULT_DIR = "/data/whoosh_index"


# SEARCH_URL, parsed


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (None, {"ENGINE": WHOOSH_ENGINE, "PATH": DEFAULT_DIR, "INCLUDE_SPELLING": True}),
        ("", {"ENGINE": WHOOSH_ENGINE, "PATH": DEFAULT_DIR, "INCLUDE_SPELLING": True}),
        ("whoosh://", {"ENGINE": WHOOSH_ENGINE, "PATH": DEFAULT_DIR, "INCLUDE_SPELLING": True}),
        (
            "whoosh:///srv/archive/index",
            {"ENGINE": WHOOSH_ENGINE, "PATH": "/srv/archive/index", "INCLUDE_SPELLING": True},
        ),
        (
            "Whoosh:///srv/my%20index/",
            {"ENGINE": WHOOSH_ENGINE, "PATH": "/srv/my index/", "INCLUDE_SPELLING": True},
        ),
        (
            "elasticsearch://search.example:9200/archive",
            {
                "ENGINE": ELASTICSEARCH_ENGINE,
                "URL": "http://search.example:9200/",
                "INDEX_NAME": "archive",
                "INCLUDE_SPELLING": True,
            },
        ),
        (
            "elasticsearchs://user:secret@search.example:9243/news_archive/",
            {
                "ENGINE": ELASTICSEARCH_ENGINE,
                "URL": "https://user:secret@search.example:9243/",
                "INDEX_NAME": "news_archive",
                "INCLUDE_SPELLING": True,
            },
        ),
        (
            "solr://search.example:8983/solr/archive",
            {
                "ENGINE": SOLR_ENGINE,
                "URL": "http://search.example:8983/solr/archive",
                "INCLUDE_SPELLING": True,
            },
        ),
        (
            "solrs://search.example/solr/archive/",
            {
                "ENGINE": SOLR_ENGINE,
                "URL": "https://search.example/solr/archive",
                "INCLUDE_SPELLING": True,
            },
        ),
    ],
)
def test_search_url_forms(url, expected):
    """Unset or whoosh:// is Whoosh; elasticsearch:// and solr:// give Haystack's backends their URL."""
    assert haystack_connection(url, DEFAULT_DIR) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgres://db.example/archive", "not one the archive knows"),
        ("search.example:9200", "not one the archive knows"),
        ("http://search.example:9200/archive", "not one the archive knows"),
        ("whoosh://relative/index", "whoosh:///absolute/path"),
        ("whoosh:relative/index", "whoosh:///absolute/path"),
        ("elasticsearch://search.example:9200", "give the index name"),
        ("elasticsearch://search.example:9200/a/b", "give the index name"),
        ("elasticsearch:///archive", "names no host"),
        ("elasticsearch://search.example:port/archive", "not a URL"),
        ("elasticsearch://search.example:9200/archive?timeout=5", "?query or #fragment"),
        ("solr://search.example:8983", "give the core's path"),
    ],
)
def test_other_search_urls_are_refused_with_the_accepted_forms(url, reason):
    """Anything else stops start-up with what was wrong and the forms that work."""
    with pytest.raises(ImproperlyConfigured) as error:
        haystack_connection(url, DEFAULT_DIR)
    message = str(error.value)
    assert message.startswith(f"SEARCH_URL={url!r}: ") and reason in message
    for form in (
        "whoosh:///absolute/path",
        "elasticsearch://host:9200/index_name",
        "solr://host:8983/solr/core_name",
    ):
        assert form in message


def test_a_refused_url_does_not_show_its_password():
    with pytest.raises(ImproperlyConfigured) as error:
        haystack_connection("elasticsearch://admin:s3cret@search.example:9200", DEFAULT_DIR)
    assert "s3cret" not in str(error.value) and "admin:***@search.example:9200" in str(error.value)


def test_settings_read_search_url_and_keep_archive_index_dir(tmp_path):
    """The settings take SEARCH_URL from the environment; without it, ARCHIVE_INDEX_DIR still places the index."""
    env = {"ARCHIVE_DATA_DIR": str(tmp_path)}
    connection = "HAYSTACK_CONNECTIONS['default']"
    assert settings_value(connection, **env) == (
        0,
        str(
            {
                "ENGINE": WHOOSH_ENGINE,
                "PATH": str(tmp_path / "whoosh_index"),
                "INCLUDE_SPELLING": True,
            }
        ),
    )
    assert settings_value(
        f"{connection}['PATH']", ARCHIVE_INDEX_DIR=str(tmp_path / "elsewhere"), **env
    ) == (0, str(tmp_path / "elsewhere"))
    assert settings_value(f"{connection}['PATH']", SEARCH_URL="whoosh:///srv/index", **env) == (
        0,
        "/srv/index",
    )
    assert settings_value(
        f"{connection}['URL']", SEARCH_URL="solr://solr.example:8983/solr/archive", **env
    ) == (0, "http://solr.example:8983/solr/archive")
    status, output = settings_value(
        connection, SEARCH_URL="elastic://search.example/archive", **env
    )
    assert (
        status != 0
        and "SEARCH_URL='elastic://search.example/archive': the search engine is not one" in output
    )


# The pages on Haystack's simple backend


@pytest.fixture
def articles(make_article):
    """Two articles, saved without touching the Whoosh index (on_commit never runs here)."""
    return (
        make_article(
            title="Drone strike anniversary",
            body="Crowds marked the drone strike at the airport. Commemorations went on all day.",
            published=date(2024, 12, 30),
            source="Firstpost",
        ),
        make_article(
            title="Budget talks",
            body="Parliament met on Monday.",
            published=date(2019, 3, 4),
            source="Firstpost",
        ),
    )


def search_page(client, **params):
    """Return the search page's response and the query string the engine was given."""
    response = client.get(reverse("archive:search"), params)
    assert response.status_code == 200
    return response, response.context["search"].results.query.build_query()


def titles(response):
    return [hit.article.title for hit in response.context["hits"]]


@pytest.mark.django_db
def test_the_search_page_works_on_the_simple_backend(client, articles, simple_engine):
    """Words, wildcards, phrases, filters and exclusions all answer 200, with what the engine finds."""
    assert not capabilities().index_words and not capabilities().query_strings

    response, sent = search_page(client, q="airport")
    assert titles(response) == ["Drone strike anniversary"] and sent == "airport"
    assert response.context["suggestion"] is None and response.context["timeline"] == []

    # The simple backend matches each word by substring in every text column, but it
    # keeps only the last word of its query string and ignores field names, so a
    # phrase, a word* or a date filter finds nothing there: what matters is that each
    # reaches the engine as typed and the page answers.
    assert indexed_words("text", "commemorat", 200) == []
    assert search_page(client, q="commemorat*")[1] == "commemorat*"
    assert search_page(client, q='"drone strike"')[1] == '"drone strike"'
    assert (
        search_page(client, q="airport", **{"from": "2024", "to": "2024-12"})[1]
        == "airport 2024-01-01 2024-12-31"
    )
    assert search_page(client, **{"from": "2024"})[1] == "2024-01-01"
    for q in (
        "soleimani -drone",
        "mashhad OR moscow",
        "title:legacy",
        "qassem",
        "dronne",
        "(((",
        '"',
        "-x",
        "*",
    ):
        assert client.get(reverse("archive:search"), {"q": q, "exact": "1"}).status_code == 200


@pytest.mark.django_db
def test_feeds_exports_and_articles_work_on_the_simple_backend(client, articles, simple_engine):
    """The search feed and downloads hold the results; an article's related ones come from its outlet."""
    feed = client.get(reverse("archive:search-feed"), {"q": "airport"})
    assert feed.status_code == 200 and b"Drone strike anniversary" in feed.content
    export = client.get(reverse("archive:search-export-csv"), {"q": "airport"})
    assert export.status_code == 200 and b"Drone strike anniversary" in b"".join(
        export.streaming_content
    )
    article = client.get(articles[0].get_absolute_url())
    assert article.status_code == 200 and article.context["related"] == [articles[1]]


@pytest.mark.django_db
def test_indexing_commands_work_on_the_simple_backend(articles, simple_engine):
    """rebuild_index goes through Haystack's own update (the simple backend keeps no index)."""
    out = io.StringIO()
    with pytest.warns(UserWarning, match="not implemented in this backend"):
        call_command("rebuild_index", interactive=False, stdout=out, stderr=io.StringIO())
    assert "Indexing 2 articles" in out.getvalue()
    with bulk_indexing():
        pass


# The query string as Elasticsearch or Solr get it, read by Whoosh's parser


@pytest.mark.django_db
def test_the_query_string_for_other_engines_works_in_a_lucene_like_parser(
    client, make_article, django_capture_on_commit_callbacks, monkeypatch
):
    """Without the Whoosh extras, a wildcard goes as typed, names match as spelt, and
    "Did you mean" is Haystack's own suggestion."""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(
            title="Rallies in Mashhad", body="General Qasem was remembered at the anniversary."
        )
        make_article(title="Budget talks", body="Parliament met on Monday.")
    assert (
        search_page(client, q="qassem")[0].context["total"] == 1
    )  # a spelling variant, through Whoosh's names field

    # As Elasticsearch and Solr: a query string, spelling suggestions, no index words.
    monkeypatch.setattr(searching, "capabilities", lambda: Capabilities(spelling=True))
    response, sent = search_page(client, q="anniv*")
    assert sent == "text:anniv*" and titles(response) == ["Rallies in Mashhad"]
    response, sent = search_page(client, q='"general qasem" OR budget')
    assert sent == '(text:"general qasem" OR text:budget)' and len(titles(response)) == 2
    assert (
        search_page(client, q="qassem")[0].context["total"] == 0
    )  # no names field: exact spellings only
    response, _ = search_page(client, q="mashad")
    assert response.context["total"] == 0 and response.context["suggestion"] == "mashhad"


@pytest.mark.parametrize(
    ("engine", "index_words", "query_strings"),
    [
        (WHOOSH_ENGINE, True, True),
        (ELASTICSEARCH_ENGINE, False, True),
        (SOLR_ENGINE, False, True),
        ("haystack.backends.simple_backend.SimpleEngine", False, False),
    ],
)
def test_each_engine_says_what_it_can_do(monkeypatch, engine, index_words, query_strings):
    """Only the archive's Whoosh backend reads its own index; the servers read query strings;
    spelling follows INCLUDE_SPELLING."""
    monkeypatch.setattr(connections, "connections_info", {"default": {"ENGINE": engine}})
    found = capabilities()
    assert (found.index_words, found.query_strings, found.spelling) == (
        index_words,
        query_strings,
        False,
    )
    assert found.bulk_writing == found.merging == found.readable_entries == index_words
    monkeypatch.setattr(
        connections, "connections_info", {"default": {"ENGINE": engine, "INCLUDE_SPELLING": True}}
    )
    assert capabilities().spelling
