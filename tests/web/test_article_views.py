"""The article page: canonical URLs, body structure, escaping, and originals for staff."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.helpers import staff_with

pytestmark = pytest.mark.django_db


def test_article_page_shows_subheadings_as_headings(client, make_article):
    """Paragraphs render as paragraphs and '## ' lines as subheadings."""
    article = make_article(body="First paragraph.\n\n## A key figure\n\nSecond paragraph.")
    response = client.get(article.get_absolute_url())
    assert "<h2>A key figure</h2>" in response.text
    assert (
        "<p>First paragraph.</p>" in response.text and "<p>Second paragraph.</p>" in response.text
    )


def test_article_urls_without_or_with_a_wrong_slug_redirect_to_the_canonical_one(
    client, make_article
):
    """/articles/<id>/ and a stale slug both redirect permanently to /articles/<id>/<slug>/."""
    article = make_article(title="Rallies mark the anniversary")
    assert article.get_absolute_url() == f"/articles/{article.pk}/rallies-mark-the-anniversary/"
    for url in (f"/articles/{article.pk}/", f"/articles/{article.pk}/old-title/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (301, article.get_absolute_url())
    assert client.get("/articles/999999/").status_code == 404


def test_imported_markup_is_shown_as_text_never_run(client, make_article):
    """A title and body full of markup are escaped on the page."""
    article = make_article(
        title='<script>alert("title")</script>',
        body='<img src=x onerror="alert(1)"> and <b>bold</b>',
    )
    response = client.get(article.get_absolute_url())
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in response.text


def test_original_download_is_for_staff_only(client, make_article):
    """Visitors who are not staff are sent to log in for an article's original."""
    article = make_article()
    response = client.get(reverse("archive:original", args=[article.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.fixture
def kept_original(make_article):
    """An article with its original kept."""
    article = make_article()
    article.original.save("ab/abc.txt", ContentFile(b"Rallies mark the anniversary"), save=True)
    return article


def test_staff_without_the_view_permission_get_no_original(django_user_model, kept_original):
    """Staff who may not view articles are refused (403) the download and the text view alike."""
    client = staff_with(django_user_model)
    url = reverse("archive:original", args=[kept_original.pk])
    for query in ("", "?view=text"):
        response = client.get(url + query)
        assert response.status_code == 403, query
        assert b"Rallies mark the anniversary" not in response.content


def test_staff_with_the_view_permission_get_the_original(django_user_model, kept_original):
    """Staff allowed to view articles download the original and view it as text."""
    client = staff_with(django_user_model, "view_article")
    url = reverse("archive:original", args=[kept_original.pk])
    for query in ("", "?view=text"):
        response = client.get(url + query)
        assert response.status_code == 200, query
        assert b"".join(response.streaming_content) == b"Rallies mark the anniversary"


def test_a_missing_original_is_gone_with_a_page_saying_how_to_restore_it(
    django_user_model, kept_original, caplog
):
    """An original deleted from the data dir: a 410 page naming the file and what to do, not a 500."""
    Path(kept_original.original.path).unlink()
    client = staff_with(django_user_model, "view_article")
    for query in ("", "?view=text"):
        response = client.get(reverse("archive:original", args=[kept_original.pk]) + query)
        page = response.content.decode()
        assert response.status_code == 410, query
        assert "ab/abc.txt" in page and kept_original.content_hash in page
        assert "backup" in page and "manage.py check_archive" in page
    assert "ab/abc.txt" in caplog.text  # and the log says which file is missing


def test_the_redirect_to_the_canonical_url_keeps_the_search_to_mark(client, make_article):
    """/articles/<id>/?q=… and a stale slug with ?q=… land on the article with the searched words marked."""
    article = make_article(title="Rallies mark the anniversary")
    for url in (f"/articles/{article.pk}/", f"/articles/{article.pk}/old-title/"):
        response = client.get(url, {"q": "anniversary", "exact": "1"})
        assert response["Location"] == article.get_absolute_url() + "?q=anniversary&exact=1"
        page = client.get(response["Location"]).text
        assert "<mark>anniversary</mark>" in page
