"""Merging sources in the admin: a confirmation that says what moves, the editor's choice
of the name that survives, old pages that lead to it, and source: by any alias."""

import pytest
from django.urls import reverse

from archive.models import Article, Source

pytestmark = pytest.mark.django_db

SOURCES = reverse("admin:archive_source_changelist")


@pytest.fixture
def spellings(make_article, django_capture_on_commit_callbacks):
    """One outlet under two names: 'firstpost' with two articles, 'Firstpost India' with one."""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Rallies in Tehran", source="firstpost")
        make_article(title="Talks in Vienna", source="firstpost")
        make_article(title="Floods in Assam", source="Firstpost India")
    return Source.objects.get(name="firstpost"), Source.objects.get(name="Firstpost India")


def merge(admin_client, sources, **extra):
    return admin_client.post(
        SOURCES,
        {"action": "merge_sources", "_selected_action": [s.pk for s in sources]} | extra,
    )


def test_merging_asks_first_and_says_what_will_move(admin_client, spellings):
    response = merge(admin_client, spellings)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Keep the name of" in text
    assert "firstpost</strong></label>\n      — 2 articles" in text
    assert "Firstpost India</strong></label>\n      — 1 article" in text
    assert Source.objects.count() == 2  # nothing merged yet


def test_the_editor_picks_the_name_that_survives(
    admin_client, spellings, django_capture_on_commit_callbacks
):
    small, large = spellings[1], spellings[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = merge(admin_client, spellings, confirm="yes", survivor=small.pk)
    assert response.status_code == 302
    assert list(Source.objects.values_list("name", flat=True)) == ["Firstpost India"]
    assert Article.objects.filter(source=small).count() == 3
    assert list(small.aliases.values_list("name", flat=True)) == [large.name]


def test_a_merged_sources_page_and_feed_lead_to_the_survivor(
    client, admin_client, spellings, django_capture_on_commit_callbacks
):
    large, small = spellings
    with django_capture_on_commit_callbacks(execute=True):
        merge(admin_client, spellings, confirm="yes", survivor=large.pk)
    response = client.get(f"/sources/{small.slug}/?sort=oldest")
    assert response.status_code == 301
    assert response["Location"] == f"/sources/{large.slug}/?sort=oldest"
    feed = client.get(f"/sources/{small.slug}/feed/")
    assert (feed.status_code, feed["Location"]) == (301, f"/sources/{large.slug}/feed/")
    assert client.get("/sources/never-was/").status_code == 404


def test_source_in_a_query_finds_a_source_by_any_of_its_aliases(
    client, admin_client, spellings, django_capture_on_commit_callbacks
):
    large, _ = spellings
    with django_capture_on_commit_callbacks(execute=True):
        merge(admin_client, spellings, confirm="yes", survivor=large.pk)
    response = client.get("/search/", {"q": 'source:"Firstpost India"'})
    titles = {hit.article.title for hit in response.context["hits"]}
    assert titles == {"Rallies in Tehran", "Talks in Vienna", "Floods in Assam"}
