"""The article page: canonical URLs, body structure, escaping, and originals for staff."""

import pytest
from django.urls import reverse

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
