"""The editors' admin: who may enter, finding articles, fixing them, and the review queue."""

from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.base import ContentFile
from django.urls import reverse

from archive.models import Article, DateFrom, ReviewReason, Source, SourceAlias
from tests.helpers import count_queries

ARTICLES = reverse("admin:archive_article_changelist")
SOURCES = reverse("admin:archive_source_changelist")


def change_url(article):
    return reverse("admin:archive_article_change", args=[article.pk])


def titles(response):
    return {article.title for article in response.context["cl"].result_list}


@pytest.fixture
def shelf(make_article):
    """Three articles that differ in every way the article list filters on."""
    return {
        "ceremony": make_article(
            title="Commemorative ceremony held",
            source="AhlulBayt News Agency",
            published=date(2024, 12, 30),
            date_from=DateFrom.HEADER,
            language="en",
        ),
        "budget": make_article(
            title="Budget passes parliament",
            source="firstpost",
            published=date(2025, 1, 2),
            date_from=DateFrom.TEXT,
            language="en",
            body="Lawmakers approved the spending plan after a long night.",
        ),
        "undated": make_article(
            title="Thousands rally in the square",
            published=None,
            language="fr",
            date_hint="Saturday, December 26",
            needs_review=True,
            review_reasons=[ReviewReason.DATE, ReviewReason.SOURCE],
        ),
    }


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader", password="a long passphrase")


@pytest.mark.parametrize("page", ["index", "article", "original"])
@pytest.mark.parametrize("who", ["anonymous", "non-staff"])
def test_only_staff_get_past_the_login_page(client, reader, make_article, who, page):
    """Visitors and logged-in readers are sent to the login page for the admin and originals."""
    article = make_article()
    url = {
        "index": reverse("admin:index"),
        "article": change_url(article),
        "original": reverse("archive:original", args=[article.pk]),
    }[page]
    if who == "non-staff":
        client.force_login(reader)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_user_logs_in_through_the_form_and_lands_on_the_index(client, django_user_model):
    """A staff user who signs in on the login form arrives at the admin index."""
    django_user_model.objects.create_user("editor", password="a long passphrase", is_staff=True)

    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "a long passphrase", "next": reverse("admin:index")},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert response.context["user"].username == "editor"
    assert b"News archive admin" in response.content
    assert b"Editing the archive" in response.content


def test_index_links_to_the_review_queue(admin_client):
    """The admin index offers the review queue first."""
    response = admin_client.get(reverse("admin:index"))

    queue_link = f'<a href="{ARTICLES}?needs_review__exact=1">Review queue</a>'
    assert queue_link in response.content.decode()


def test_articles_are_not_added_by_hand(admin_client):
    """Articles come in through the importer, so the admin offers no way to add one."""
    assert admin_client.get(reverse("admin:archive_article_add")).status_code == 403


def test_article_list_shows_title_source_date_and_review_flag(admin_client, shelf):
    """Each row shows the title, source, published date, where the date came from and review."""
    response = admin_client.get(ARTICLES)

    content = response.content.decode()
    for column in ["Title", "Source", "Published", "Date found in", "Needs review"]:
        assert f">{column}</a>" in content
    assert "Commemorative ceremony held" in content
    assert "AhlulBayt News Agency" in content
    assert "Dec. 30, 2024" in content
    assert "the date line at the top of the file" in content
    assert 'alt="True"' in content and 'alt="False"' in content


@pytest.mark.parametrize(
    "query, expected",
    [
        ("needs_review__exact=1", {"undated"}),
        ("needs_review__exact=0", {"ceremony", "budget"}),
        ("date_from__exact=header", {"ceremony"}),
        ("year=2025", {"budget"}),
        ("year=unknown", {"undated"}),
        ("language=fr", {"undated"}),
        ("source__isnull=True", {"undated"}),
    ],
)
def test_each_filter_narrows_the_list(admin_client, shelf, query, expected):
    """Filtering by review, date origin, year or 'unknown', language or no source narrows it."""
    response = admin_client.get(f"{ARTICLES}?{query}")

    assert titles(response) == {shelf[name].title for name in expected}


def test_source_filter_narrows_the_list_to_one_outlet(admin_client, shelf):
    """Choosing a source lists only that outlet's articles."""
    firstpost = Source.objects.get(name="firstpost")

    response = admin_client.get(f"{ARTICLES}?source__id__exact={firstpost.pk}")

    assert titles(response) == {shelf["budget"].title}


def test_year_filter_offers_the_years_present_and_unknown(admin_client, shelf):
    """The year filter lists each year with articles, then 'unknown' for undated ones."""
    response = admin_client.get(ARTICLES)

    year_filter = next(spec for spec in response.context["cl"].filter_specs if spec.title == "year")
    assert [value for value, _ in year_filter.lookup_choices] == ["2024", "2025", "unknown"]


def test_a_year_not_on_offer_is_refused_not_crashed_on(admin_client, shelf):
    """A hand-typed year with no articles sends the editor back to the list with an error flag."""
    response = admin_client.get(f"{ARTICLES}?year=0")

    assert response.status_code == 302
    assert response.url == f"{ARTICLES}?e=1"


@pytest.mark.parametrize("term, expected", [("ceremony", "ceremony"), ("lawmakers", "budget")])
def test_search_finds_words_in_title_or_body(admin_client, shelf, term, expected):
    """Searching finds an article by a word of its title or a word only its body has."""
    response = admin_client.get(ARTICLES, {"q": term})

    assert titles(response) == {shelf[expected].title}


def edit(admin_client, article, **changes):
    """Post the article's change form with `changes` applied to its current values."""
    fields = {
        "title": article.title,
        "source": article.source_id or "",
        "author": article.author,
        "url": article.url,
        "published": article.published or "",
        "date_from": article.date_from,
        "date_hint": article.date_hint,
        "language": article.language,
        "body": article.body,
    } | changes
    if article.needs_review:
        fields.setdefault("needs_review", "on")
    return admin_client.post(change_url(article), fields)


def test_editing_title_source_and_date_saves_them_and_clears_their_review(
    admin_client, make_article, admin_user
):
    """Fixed title, source and date are saved, the date is the editor's, and review is done."""
    article = make_article(
        title="Thousands gathered in the capital on Thursday",
        published=None,
        date_hint="Thursday (January 2)",
        needs_review=True,
        review_reasons=list(ReviewReason),
    )
    firstpost = Source.objects.create(name="firstpost")

    response = edit(
        admin_client,
        article,
        title="Rallies mark the anniversary",
        source=firstpost.pk,
        published="2025-01-02",
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Rallies mark the anniversary"
    assert article.source == firstpost
    assert article.published == date(2025, 1, 2)
    assert article.date_from == DateFrom.EDITOR
    assert article.review_reasons == []
    assert not article.needs_review
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.user == admin_user
    assert entry.get_change_message() == "Changed Title, Source and Published."


def test_fixing_only_the_title_keeps_the_other_reasons_in_review(admin_client, make_article):
    """An edited title resolves only the title reason; an unknown date stays in review."""
    article = make_article(
        published=None, needs_review=True, review_reasons=[ReviewReason.TITLE, ReviewReason.DATE]
    )

    edit(admin_client, article, title="A headline an editor wrote")

    article.refresh_from_db()
    assert article.review_reasons == [ReviewReason.DATE]
    assert article.needs_review


def test_mark_as_reviewed_clears_the_selected_articles_and_logs_each(admin_client, make_article):
    """The action takes the chosen articles out of review, logs each, and says how many."""
    chosen = [make_article(needs_review=True, review_reasons=[ReviewReason.DATE]) for _ in range(2)]
    other = make_article(needs_review=True, review_reasons=[ReviewReason.SOURCE])

    response = admin_client.post(
        ARTICLES,
        {"action": "mark_reviewed", "_selected_action": [article.pk for article in chosen]},
        follow=True,
    )

    assert "Marked 2 articles as reviewed." in response.content.decode()
    for article in chosen:
        article.refresh_from_db()
        assert not article.needs_review and article.review_reasons == []
    other.refresh_from_db()
    assert other.needs_review and other.review_reasons == [ReviewReason.SOURCE]
    entries = LogEntry.objects.filter(change_message="Marked as reviewed")
    assert sorted(int(entry.object_id) for entry in entries) == sorted(a.pk for a in chosen)


def test_review_queue_shows_the_date_hint_and_readable_reasons(admin_client, shelf):
    """The queue lists flagged articles with the date hint and reasons in words."""
    response = admin_client.get(ARTICLES, {"needs_review__exact": "1"})

    content = response.content.decode()
    assert titles(response) == {shelf["undated"].title}
    assert "Saturday, December 26" in content
    assert "date unknown, uncertain or in the future, source unknown" in content


def test_article_list_links_to_the_review_queue_with_its_size(admin_client, shelf):
    """The article list offers 'Review queue (N)'; outside the queue it has no review columns."""
    response = admin_client.get(ARTICLES)

    content = response.content.decode()
    assert f'href="{ARTICLES}?needs_review__exact=1">Review queue (1)</a>' in content
    assert "Saturday, December 26" not in content


def test_change_page_shows_review_reasons_and_links_to_the_site(admin_client, shelf):
    """An article's page shows its review reasons in words and a link to it on the site."""
    article = shelf["undated"]

    response = admin_client.get(change_url(article))

    content = response.content.decode()
    assert "date unknown, uncertain or in the future, source unknown" in content
    content_type = response.context["content_type_id"]
    view_on_site = reverse("admin:view_on_site", args=[content_type, article.pk])
    assert view_on_site in content
    assert admin_client.get(view_on_site).url.endswith(article.get_absolute_url())


@pytest.fixture
def with_original(make_article):
    """An article whose original text file is kept in storage."""
    article = make_article(original_name='a&b "notes".txt')
    article.original.save("ab/abc.txt", ContentFile(b"date 2024-12-30 Rallies mark..."), save=True)
    return article


def test_change_page_links_to_the_original_as_text_and_as_download(admin_client, with_original):
    """The 'original' row links to the text view and the download, with the name escaped."""
    response = admin_client.get(change_url(with_original))

    url = reverse("archive:original", args=[with_original.pk])
    content = response.content.decode()
    assert f'<a href="{url}?view=text">View as text</a>' in content
    assert f'<a href="{url}">Download</a> (a&amp;b &quot;notes&quot;.txt)' in content


def test_staff_download_the_original_bytes_as_an_attachment(admin_client, with_original):
    """The download is the original's bytes, offered as a file to save."""
    response = admin_client.get(reverse("archive:original", args=[with_original.pk]))

    assert b"".join(response.streaming_content) == b"date 2024-12-30 Rallies mark..."
    assert response["Content-Disposition"].startswith("attachment")
    response.close()


def test_staff_view_the_original_as_plain_text(admin_client, with_original):
    """With ?view=text the original is shown as plain text the browser must not sniff."""
    url = reverse("archive:original", args=[with_original.pk])

    response = admin_client.get(url, {"view": "text"})

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"date 2024-12-30 Rallies mark..."
    response.close()


def test_source_list_shows_article_counts_and_aliases(admin_client, make_article):
    """Each source row shows how many articles it has and its other spellings."""
    make_article(source="AhlulBayt News Agency")
    make_article(source="AhlulBayt News Agency")
    abna = Source.objects.get(name="AhlulBayt News Agency")
    SourceAlias.objects.create(source=abna, name="ABNA")
    SourceAlias.objects.create(source=abna, name="AhlulBayt News")
    Source.objects.create(name="Press TV")

    response = admin_client.get(SOURCES, {"o": "4"})  # fewest articles first

    rows = [(s.name, s.article_count) for s in response.context["cl"].result_list]
    assert rows == [("Press TV", 0), ("AhlulBayt News Agency", 2)]
    assert "ABNA, AhlulBayt News" in response.content.decode()


def test_source_search_finds_an_alias_and_keeps_the_count_right(admin_client, make_article):
    """Searching by an alias finds its source, counted once per article."""
    make_article(source="AhlulBayt News Agency")
    abna = Source.objects.get(name="AhlulBayt News Agency")
    SourceAlias.objects.create(source=abna, name="ABNA")
    SourceAlias.objects.create(source=abna, name="AhlulBayt News")

    response = admin_client.get(SOURCES, {"q": "ahlulbayt"})

    assert [(s.name, s.article_count) for s in response.context["cl"].result_list] == [
        ("AhlulBayt News Agency", 1)
    ]


def fill_archive(make_article, upto):
    """Add articles, each from its own source with an alias and in its own year, up to `upto`."""
    for n in range(Article.objects.count(), upto):
        article = make_article(
            source=f"Outlet {n}",
            published=date(2000 + n, 1, 1),
            language=f"l{n}",
            needs_review=n % 2 == 0,
            review_reasons=[ReviewReason.TITLE] if n % 2 == 0 else [],
        )
        SourceAlias.objects.create(source=article.source, name=f"Outlet {n}.com")


@pytest.mark.parametrize("url", [ARTICLES, f"{ARTICLES}?needs_review__exact=1", SOURCES])
def test_list_pages_query_count_does_not_grow_with_rows(admin_client, make_article, url):
    """The article list, review queue and source list cost the same queries for 3 rows as for 30."""

    def load():
        assert admin_client.get(url).status_code == 200

    def queries_with(rows):
        fill_archive(make_article, rows)
        return count_queries(load)

    assert queries_with(3) == queries_with(30)
