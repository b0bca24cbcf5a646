"""Browsing: the home page, date archives, undated articles, sources, feeds and sitemaps."""

from datetime import date, timedelta
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.utils import timezone

from archive.models import Article
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PAGES = [
    "/",
    "/archive/",
    "/archive/2024/",
    "/archive/2024/12/",
    "/archive/2024/12/30/",
    "/archive/undated/",
    "/sources/",
    "/sources/firstpost/",
    "/feed/",
    "/sources/firstpost/feed/",
]


@pytest.fixture
def archive(make_article):
    """A few dated articles from two sources, and one undated."""
    return {
        "newest": make_article(
            title="Rallies on the anniversary", published=date(2025, 1, 2), source="firstpost"
        ),
        "december": make_article(
            title="First commander", published=date(2024, 12, 30), source="firstpost"
        ),
        "december_other": make_article(
            title="Moscow ceremony", published=date(2024, 12, 30), source="ABNA"
        ),
        "oldest": make_article(
            title="Leader honors legacy", published=date(2023, 12, 31), source="ABNA"
        ),
        "undated": make_article(title="Mashhad conference"),
    }


def titles(response):
    return [article.title for article in response.context["object_list"]]


def test_home_shows_search_latest_span_timeline_and_feed(client, archive):
    """The home page has the search box, the latest articles, the archive's span and a month timeline."""
    response = client.get("/")
    assert 'role="search"' in response.text
    latest = [a.title for a in response.context["latest"]]
    assert latest[0] == "Rallies on the anniversary" and latest[-1] == "Leader honors legacy"
    span = response.context["span"]
    assert (span["total"], span["undated"], span["first"], span["last"], span["sources"]) == (
        5,
        1,
        date(2023, 12, 31),
        date(2025, 1, 2),
        2,
    )
    periods = [bar.period for bar in response.context["timeline"]]
    assert periods[0] == "2023-12" and periods[-1] == "2025-01" and len(periods) == 14
    assert 'href="/archive/2024/12/"' in response.text
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Latest articles" href="/feed/">'
        in response.text
    )


def test_on_this_day_lists_earlier_years_only(client, make_article):
    """'On this day' shows articles from today's month and day in earlier years."""
    today = timezone.localdate()
    make_article(title="A year ago", published=today.replace(year=today.year - 1))
    make_article(title="Today", published=today)
    make_article(
        title="Yesterday last year",
        published=(today - timedelta(days=1)).replace(year=today.year - 1),
    )
    assert [a.title for a in client.get("/").context["on_this_day"]] == ["A year ago"]


def test_years_list_counts(client, archive):
    """/archive/ lists years with their counts and links the undated articles."""
    response = client.get("/archive/")
    assert response.context["years"] == [(2025, 1), (2024, 2), (2023, 1)]
    assert "1 article without a known date" in response.text


def test_year_has_a_shaded_calendar_per_month(client, archive):
    """A year page counts its months and shades the days with articles."""
    response = client.get("/archive/2024/")
    december = response.context["months"][11]
    assert (december.count, response.context["year_count"]) == (2, 2)
    cells = {cell.day: cell for week in december.weeks for cell in week if cell.day}
    assert cells[date(2024, 12, 30)].count == 2 and cells[date(2024, 12, 30)].shade == 4
    assert cells[date(2024, 12, 29)].shade == 0
    assert 'href="/archive/2024/12/30/"' in response.text


def test_month_lists_articles_by_day_with_a_sort_switch(client, archive):
    """A month page lists its articles grouped by day, newest first, and oldest first on request."""
    response = client.get("/archive/2024/12/")
    assert sorted(titles(response)) == ["First commander", "Moscow ceremony"]
    assert response.context["calendar"].count == 2
    assert "?sort=oldest" in response.text
    assert client.get("/archive/2024/12/", {"sort": "oldest"}).context["sort"] == "oldest"


def test_day_links_to_the_nearest_days_with_articles(client, archive):
    """A day page lists its articles and links the previous and next days that have some."""
    response = client.get("/archive/2024/12/30/")
    assert sorted(titles(response)) == ["First commander", "Moscow ceremony"]
    assert (
        'href="/archive/2023/12/31/"' in response.text
        and 'href="/archive/2025/01/02/"' in response.text
    )


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/archive/1999/", "No articles in 1999."),
        ("/archive/2024/06/", "No articles in June 2024."),
        ("/archive/2024/12/25/", "No articles on 25 December 2024."),
    ],
)
def test_empty_periods_say_so_and_point_to_the_nearest(client, archive, url, says):
    """An empty year, month or day says so and links the nearest articles around it."""
    response = client.get(url)
    assert response.status_code == 200 and says in response.text
    assert "Earlier:" in response.text or "Later:" in response.text


@pytest.mark.parametrize(
    "url", ["/archive/2024/13/", "/archive/2024/02/30/", "/archive/0/", "/archive/2024/00/01/"]
)
def test_impossible_dates_are_not_found(client, archive, url):
    """Dates that are not in the calendar give 404."""
    assert client.get(url).status_code == 404


def test_undated_articles_are_listed(client, archive):
    """/archive/undated/ lists the articles without a date."""
    assert titles(client.get("/archive/undated/")) == ["Mashhad conference"]


def test_sources_list_counts_and_spans(client, archive):
    """/sources/ lists outlets with their counts and first and last dates."""
    sources = {
        s.name: (s.article_count, s.first, s.last)
        for s in client.get("/sources/").context["object_list"]
    }
    assert sources == {
        "ABNA": (2, date(2023, 12, 31), date(2024, 12, 30)),
        "firstpost": (2, date(2024, 12, 30), date(2025, 1, 2)),
    }


def test_a_busy_month_does_not_hide_the_quiet_ones(client, make_article):
    """With 400 articles in one month and one in another, the quiet month's bar is still
    a twentieth of the busy one's height; the scale and the counts are written out."""
    busy = [
        Article(
            title=f"Busy {n}",
            body="Rallies.",
            content_hash=f"b{n:063x}",
            published=date(2024, 3, 1),
            original_format="text",
        )
        for n in range(400)
    ]
    for article in busy:
        article.fill_derived_fields()
    Article.objects.bulk_create(busy)
    make_article(title="Quiet", published=date(2024, 1, 5))
    cache.clear()
    response = client.get("/")
    bars = {bar.period: bar for bar in response.context["timeline"]}
    assert bars["2024-01"].height >= bars["2024-03"].height / 20 > 0
    assert bars["2024-02"].height == 0
    text = response.content.decode()
    assert '<text class="tick" x="638"' in text and ">400</text>" in text and ">100</text>" in text
    assert "<li>2024-01: 1</li>" in text and "<li>2024-03: 400</li>" in text
    assert "<title>2024-01: 1 article</title>" in text


def test_a_source_page_lists_its_articles_with_a_timeline_and_feed(client, archive):
    """/sources/<slug>/ lists that outlet's articles newest first, with its timeline and feed."""
    response = client.get("/sources/firstpost/")
    assert titles(response) == ["Rallies on the anniversary", "First commander"]
    assert [bar.period for bar in response.context["timeline"]] == ["2024-12", "2025-01"]
    assert 'href="/sources/firstpost/feed/"' in response.text
    assert client.get("/sources/nobody/").status_code == 404


@pytest.mark.parametrize(("url", "count"), [("/feed/", 4), ("/sources/firstpost/feed/", 2)])
def test_feeds_are_atom(client, archive, url, count):
    """The latest-articles and per-source feeds are Atom with one entry per article."""
    response = client.get(url)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall("atom:entry", ATOM)
    assert len(entries) == count
    # What RFC 4287 requires of a feed and of each entry.
    for element in (feed, *entries):
        assert all(
            element.find(f"atom:{name}", ATOM) is not None for name in ("id", "title", "updated")
        )
    assert entries[0].find("atom:link", ATOM).get("href").startswith("http://testserver/articles/")


class ReaderView(HTMLParser):
    """What a feed reader makes of HTML: the elements it would create, and the text it shows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.text = [], ""

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)

    def handle_data(self, data):
        self.text += data


def as_a_reader_sees(element):
    """Return (text, elements) of an Atom text construct as a reader shows it (RFC 4287 3.1)."""
    if element.get("type", "text") == "text":
        return element.text, []
    assert element.get("type") == "html"
    view = ReaderView()
    view.feed(element.text)
    view.close()
    return view.text, view.elements


PLAIN_TEXT_WITH_MARKUP = (
    "Geneva talks: a <b> c, then <script>window.__xss=1</script> and "
    '<img src="https://tracker.example/pixel.gif"> &amp; more.'
)


@pytest.mark.parametrize("url", ["/feed/", "/sources/geneva-wire/feed/", "/search/feed/?q=geneva"])
def test_feed_summaries_are_the_articles_text_not_markup(
    client, make_article, django_capture_on_commit_callbacks, url
):
    """An article's title and first paragraph are plain text: a reader shows 'a <b> c' as
    written, and no <script> or <img> in them becomes an element."""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(
            title="Talks <b> resume",
            body=f"{PLAIN_TEXT_WITH_MARKUP}\n\nA second paragraph.",
            source="Geneva Wire",
            published=date(2025, 1, 2),
        )
    feed = ElementTree.fromstring(client.get(url).content)
    [summary] = feed.findall("atom:entry/atom:summary", ATOM)
    text, elements = as_a_reader_sees(summary)
    assert elements == []
    assert text == PLAIN_TEXT_WITH_MARKUP and "a <b> c" in text
    assert as_a_reader_sees(feed.find("atom:entry/atom:title", ATOM)) == ("Talks <b> resume", [])


def test_sitemap_lists_every_article(client, archive):
    """sitemap.xml indexes sections whose pages list every article's URL."""
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    sections = [
        loc.text.replace("http://testserver", "") for loc in index.iter(f"{{{SITEMAP['sm']}}}loc")
    ]
    assert "/sitemap-articles.xml" in sections
    urls = {
        loc.text
        for loc in ElementTree.fromstring(client.get("/sitemap-articles.xml").content).iter(
            f"{{{SITEMAP['sm']}}}loc"
        )
    }
    assert urls == {
        f"http://testserver{article.get_absolute_url()}" for article in archive.values()
    }


def test_robots_and_opensearch(client):
    """robots.txt points to the sitemap; the OpenSearch description lets browsers add the search."""
    robots = client.get("/robots.txt")
    assert (
        "Sitemap: http://testserver/sitemap.xml" in robots.text
        and "Disallow: /admin/" in robots.text
    )
    opensearch = client.get("/opensearch.xml")
    assert 'template="http://testserver/search/?q={searchTerms}"' in opensearch.text
    assert 'rel="search" type="application/opensearchdescription+xml"' in client.get("/").text


def fill_archive(make_article, rows):
    """Add dated articles over the last days of December 2024, and undated ones, up to `rows`
    of each: every other one from firstpost, the rest each from an outlet of its own."""
    for n in range(Article.objects.undated().count(), rows):
        source = "firstpost" if n % 2 else f"Outlet {n}"
        make_article(published=date(2024, 12, 30) - timedelta(days=n % 5), source=source)
        make_article(title=f"Undated {n}", source=source)


@pytest.mark.parametrize("url", PAGES)
def test_every_page_runs_a_fixed_number_of_queries(client, make_article, url):
    """Each page costs the same queries with 3 articles and sources as with 30: none per
    row listed (counted with no figure cached: see the test after this one)."""

    def load():
        assert client.get(url).status_code == 200

    def queries_with(rows):
        fill_archive(make_article, rows)
        cache.clear()
        return count_queries(load)

    assert queries_with(3) == queries_with(30)


def test_figures_are_cached_until_an_article_is_saved(
    client, make_article, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """The home page's counts are computed once, then reused until the archive changes."""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(published=date(2024, 12, 30), source="firstpost")
    assert "1 article" in client.get("/").text
    with django_assert_max_num_queries(3):  # the archive's state, the latest articles, on this day
        assert "1 article" in client.get("/").text
    with django_capture_on_commit_callbacks(execute=True):
        make_article(published=date(2024, 11, 30), source="firstpost")
    assert "2 articles" in client.get("/").text


def test_figures_are_cached_on_any_search_engine_and_follow_deletions(
    client, make_article, django_assert_max_num_queries, simple_engine
):
    """The cache is keyed on the database, not the index: it works without Whoosh, and an
    article deleted (or added) is counted at once."""
    make_article(published=date(2024, 12, 30), source="firstpost")
    doomed = make_article(published=date(2024, 11, 30), source="firstpost")
    assert "2 articles" in client.get("/").text
    with django_assert_max_num_queries(3):  # the archive's state, the latest articles, on this day
        assert "2 articles" in client.get("/").text
    doomed.delete()
    assert "1 article" in client.get("/").text
    make_article(published=date(2024, 10, 30), source="firstpost")
    assert "2 articles" in client.get("/").text
