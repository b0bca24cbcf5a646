"""Hostile query strings and impossible dates in URLs: every page answers, none with a 500.

The Django test client runs the hypothesis properties (fast); a real HTTP server gets the
raw bytes and very long URLs, which a test client could smooth over.
"""

import http.client
import json
import re
import socket
from datetime import date
from urllib.parse import quote, urlencode, urljoin, urlsplit

import hypothesis
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

PROPERTY = hypothesis.settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
    ],
)
FIRST_DAY, LAST_DAY = date(1, 1, 1), date(9999, 12, 31)

# Every piece of our query syntax (archive/search/query.py) and of the syntaxes people
# bring from elsewhere (Lucene's ranges, boosts, fuzziness and escapes).
OPERATORS = [
    '"',
    "“",
    "”",
    "„",
    "«",
    "»",
    "'",
    "AND",
    "OR",
    "NOT",
    "and",
    "or",
    "-",
    "--",
    "+",
    "|",
    "||",
    "&&",
    "!",
    "(",
    ")",
    "((",
    "))",
    "*",
    "**",
    "?",
    "??",
    "~",
    "~2",
    "^",
    "^3",
    "title:",
    "source:",
    "author:",
    "TITLE:",
    "from:",
    "to:",
    "from:2024",
    "to:9999-12-31",
    "foo:",
    ":",
    "[",
    "]",
    "{",
    "}",
    "TO",
    "[a TO b]",
    "{* TO *}",
    "\\",
    "\\\\",
    "/",
    "/.*/",
    ".",
    "..",
    "_",
    "%",
    "%00",
    "&",
    "=",
    "#",
    ";",
    "*:*",
    "django_ct:",
    "text:",
    "names:",
    "NOT(",
    "-(",
    "+(",
]
WORDS = [
    "iran",
    "solei",
    "solei*",
    "so*",
    "*ani",
    "al-Muhandis",
    "U.S.",
    "Iran's",
    "rallies",
    "2024",
    "a",
    "0",
    "مصر",
    "東京",
    "Ελλάδα",
    "🙂",
    "i̇",
    "ß",
    "ﬁ",
    "\u200b",
    "\ufeff",
]
QUERY = st.lists(
    st.tuples(st.sampled_from(OPERATORS + WORDS), st.sampled_from(["", " ", "  ", "\t", "\n"])),
    max_size=40,
).map(lambda pieces: "".join(token + space for token, space in pieces))
# Any string of code points, lone surrogates included: they reach the URL as the bytes
# %ed%a0%80 that no UTF-8 decoder accepts, as a hostile client would send them.
ANY_TEXT = st.text(st.characters(codec=None), max_size=300)
ODD_PAGES = ["0", "-1", "99999999999999999999", "last", "1e9", "1.5", " 2", "", "٣", "0x10", "nan"]
ODD_PERIODS = [
    "0000",
    "0",
    "1",
    "0001",
    "9999",
    "10000",
    "2024-13",
    "2024-00",
    "2024-02-30",
    "2024-02-29",
    "2023-02-29",
    "99999-01-01",
    "-1",
    "2024-1-1",
    "2024/12",
    "12-2024",
    "٢٠٢٤",
    "2024-12-31T00:00",
    "9999-12-31",
    "0001-01-01",
    "yesterday",
]
ODD_SORTS = [
    "newest",
    "oldest",
    "relevance",
    "NEWEST",
    "-published",
    "random",
    "",
    "published desc",
]
SEARCH_URLS = [
    "archive:search",
    "archive:search-feed",
    "archive:search-export-csv",
    "archive:search-export-jsonl",
]


def encoded(text):
    """Return `text` percent-encoded as UTF-8, a lone surrogate as its (invalid) three bytes."""
    return quote(text, safe="", errors="surrogatepass")


def fetch(client, url):
    """Return the response to GET `url`, a server error as a 500 rather than an exception."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode("utf-8", errors="replace")


def assert_answered(response, body, allowed):
    assert response.status_code in allowed, (response.status_code, body[:500])
    assert "Traceback" not in body


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def edge_articles(make_article, django_capture_on_commit_callbacks):
    """Articles on the first and last days of the calendar, and one in between, indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        return [
            make_article(
                title="The first day of the calendar",
                published=FIRST_DAY,
                source="Epoch Times",
                body="Rallies in Iran on the first day. Soleimani spoke.",
            ),
            make_article(
                title="An ordinary day in Iran",
                published=date(2024, 2, 29),
                source="Epoch Times",
                body="Rallies in Iran on a leap day.",
            ),
            make_article(
                title="The last day of the calendar",
                published=LAST_DAY,
                source="Doomsday Post",
                body="Rallies in Iran on the last day.",
            ),
        ]


# The search, its feed and its exports


@PROPERTY
@hypothesis.given(q=ANY_TEXT, name=st.sampled_from(SEARCH_URLS))
def test_any_text_in_a_search_gets_an_answer(client, edge_articles, q, name):
    """Any code points in ?q=, invalid UTF-8 included, get a search page, feed or export."""
    response, body = fetch(client, f"{reverse(name)}?q={encoded(q)}")
    assert_answered(response, body, {200})


@PROPERTY
@hypothesis.given(q=QUERY, name=st.sampled_from(SEARCH_URLS))
def test_operators_in_odd_places_get_an_answer(client, edge_articles, q, name):
    """Quotes, parentheses, OR, NOT, minus, wildcards, field prefixes and Lucene syntax,
    alone, doubled or unbalanced, get a search page, feed or export."""
    response, body = fetch(client, f"{reverse(name)}?{urlencode({'q': q})}")
    assert_answered(response, body, {200})


FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "q": st.one_of(QUERY, ANY_TEXT),
        "from": st.one_of(st.sampled_from(ODD_PERIODS), ANY_TEXT),
        "to": st.one_of(st.sampled_from(ODD_PERIODS), ANY_TEXT),
        "sort": st.one_of(st.sampled_from(ODD_SORTS), ANY_TEXT),
        "page": st.one_of(st.sampled_from(ODD_PAGES), ANY_TEXT),
        "source": st.lists(
            st.one_of(
                st.sampled_from(["epoch-times", "doomsday-post", "", "-", "a" * 300]), ANY_TEXT
            ),
            max_size=5,
        ),
        "exact": st.sampled_from(["1", "0", "true", "on", "", "yes please"]),
        "review": st.sampled_from(["1", "0", "", "x"]),
    },
)


@PROPERTY
@hypothesis.given(params=FILTERS, name=st.sampled_from(SEARCH_URLS))
def test_any_filters_get_an_answer(client, edge_articles, params, name):
    """Any mix of words, dates, sources, sorts, page numbers and flags gets an answer."""
    query = "&".join(
        f"{encoded(key)}={encoded(value)}"
        for key, values in params.items()
        for value in (values if isinstance(values, list) else [values])
    )
    response, body = fetch(client, f"{reverse(name)}?{query}")
    assert_answered(response, body, {200})


def test_impossible_dates_in_filters_are_explained_and_ignored(client, edge_articles):
    """A date filter that names no day of the calendar is explained on the page, and the
    search runs without it."""
    for period, explanation in [
        ("2024-13", "is not a date in the calendar"),
        ("2023-02-29", "is not a date in the calendar"),
        ("0000", "is not a date in the calendar"),
        ("10000", "is not a date: write 2024"),
        ("-1", "is not a date: write 2024"),
        ("99999-01-01", "is not a date: write 2024"),
    ]:
        response, body = fetch(client, f"/search/?{urlencode({'q': 'rallies', 'from': period})}")
        assert response.status_code == 200
        assert explanation in body, period
        assert response.context["total"] == 3, period


def test_the_first_and_last_days_of_the_calendar_filter_a_search(client, edge_articles):
    """from=0001 and to=9999-12-31 are dates like any other: they find the articles of
    those days, and the timeline and year counts cover them."""
    response = client.get("/search/", {"q": "rallies", "from": "0001", "to": "0001"})
    assert [hit.article.title for hit in response.context["hits"]] == [
        "The first day of the calendar"
    ]
    response = client.get("/search/", {"q": "rallies", "from": "9999-12-31"})
    assert [hit.article.title for hit in response.context["hits"]] == [
        "The last day of the calendar"
    ]
    response = client.get("/search/", {"q": "rallies", "sort": "oldest"})
    assert [hit.article.published for hit in response.context["hits"]] == [
        FIRST_DAY,
        date(2024, 2, 29),
        LAST_DAY,
    ]
    assert {year for year, _ in response.context["years"]} == {"0001", "2024", "9999"}
    periods = [bar.period for bar in response.context["timeline"]]
    assert periods[0] == "0001" and periods[-1] == "9999"


# Dates in URLs


@pytest.mark.parametrize(
    "path",
    [
        "/archive/0/",
        "/archive/0000/",
        "/archive/10000/",
        "/archive/99999999999999/",
        "/archive/99999999999999999999999999999999/",
        "/archive/2024/0/",
        "/archive/2024/00/",
        "/archive/2024/13/",
        "/archive/2024/99999999999999999999/",
        "/archive/2024/02/30/",
        "/archive/2023/02/29/",
        "/archive/2024/02/0/",
        "/archive/2024/04/31/",
        "/archive/2024/12/32/",
        "/archive/0/01/01/",
        "/archive/10000/01/01/",
        "/archive/9999/12/32/",
        "/archive/0000/12/31/",
    ],
)
def test_impossible_dates_in_urls_are_not_found(client, edge_articles, path):
    """A year, month or day that the calendar does not have is a 404 page, not an error."""
    response, body = fetch(client, path)
    assert_answered(response, body, {404})


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/archive/1/", "0001"),
        ("/archive/0001/", "0001"),
        ("/archive/9999/", "9999"),
        ("/archive/1/01/", "January 0001"),
        ("/archive/9999/12/", "December 9999"),
        ("/archive/1/01/01/", "Monday 1 January 0001"),
        ("/archive/0001/01/01/", "Monday 1 January 0001"),
        ("/archive/9999/12/31/", "Friday 31 December 9999"),
        ("/archive/2024/02/29/", "Thursday 29 February 2024"),
        ("/archive/2024/2/29/", "Thursday 29 February 2024"),
    ],
)
def test_the_calendars_first_and_last_periods_have_pages(client, edge_articles, path, heading):
    """The years 1 and 9999, their first and last months and days, and a leap day have
    pages listing their articles."""
    response, body = fetch(client, path)
    assert_answered(response, body, {200})
    assert heading in body
    assert "No articles" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/archive/1/",
        "/archive/9999/",
        "/archive/1/01/",
        "/archive/9999/12/",
        "/archive/1/01/01/",
        "/archive/9999/12/31/",
        "/archive/5000/06/15/",
    ],
)
def test_the_calendars_edges_have_pages_without_articles(client, db, path):
    """The first and last years, months and days of the calendar have pages when no article
    is dated there too: they say so."""
    response, body = fetch(client, path)
    assert_answered(response, body, {200})
    assert "No articles" in body


def internal_links(page_url, body):
    """Return the archive's own links on a page (not the admin's, nor downloads) as paths
    with their query strings."""
    links = set()
    for href in re.findall(r'href="([/?][^"]*)"', body.replace("&amp;", "&")):
        url = urlsplit(urljoin(page_url, href))
        links.add(f"{url.path}?{url.query}" if url.query else url.path)
    return {
        link
        for link in links
        if not link.startswith(("/admin/", "/static/")) and "/original/" not in link
    }


def test_every_link_around_the_calendars_edges_leads_to_a_page(client, edge_articles):
    """From the home page, the date lists, the search and the articles of years 1 and 9999,
    every link (previous and next, calendars, timelines, year lists, facets) leads to a page."""
    start = [
        "/",
        "/archive/",
        "/archive/1/",
        "/archive/9999/",
        "/archive/1/01/",
        "/archive/9999/12/",
        "/archive/1/01/01/",
        "/archive/9999/12/31/",
        "/search/?q=rallies",
        "/search/?q=rallies&sort=oldest",
        *(article.get_absolute_url() for article in edge_articles),
    ]
    seen, frontier = set(), start
    for _ in range(2):
        links = set()
        for url in frontier:
            seen.add(url)
            response, body = fetch(client, url)
            assert_answered(response, body, {200})
            if response["Content-Type"].startswith("text/html"):
                links |= internal_links(url, body)
        frontier = sorted(links - seen)
    assert {"/archive/1/", "/archive/9999/", "/archive/1/01/01/", "/archive/9999/12/31/"} <= seen
    assert {"/search/?q=rallies&from=0001&to=0001", "/search/?q=rallies&from=9999&to=9999"} <= seen
    assert len(seen) > 40


def test_articles_of_years_1_and_9999_link_to_each_other(client, edge_articles):
    """The first article of the calendar has no previous one and the last no next one;
    between them, previous and next go by date."""
    first, middle, last = edge_articles
    pages = {
        article: client.get(article.get_absolute_url()).content.decode()
        for article in edge_articles
    }
    assert (
        'rel="prev"' not in pages[first]
        and f'rel="next" href="{middle.get_absolute_url()}"' in pages[first]
    )
    assert (
        f'rel="prev" href="{middle.get_absolute_url()}"' in pages[last]
        and 'rel="next"' not in pages[last]
    )
    assert "1 January 0001" in pages[first] and "31 December 9999" in pages[last]


@pytest.mark.parametrize(
    "url",
    [
        "/feed/",
        "/sources/epoch-times/feed/",
        "/sources/doomsday-post/feed/",
        "/search/feed/?q=rallies",
        "/search/feed/?q=rallies&sort=oldest",
        "/search/export.csv?q=rallies",
        "/search/export.jsonl?q=rallies&sort=oldest",
    ],
)
def test_feeds_and_exports_carry_articles_of_years_1_and_9999(client, edge_articles, url):
    """Feeds and exports give the articles of the calendar's first and last days their dates,
    a search's export in the order asked."""
    response, body = fetch(client, url)
    assert_answered(response, body, {200})
    if "epoch" in url:
        assert "0001-01-01" in body and "9999-12-31" not in body
    elif "doomsday" in url:
        assert "9999-12-31" in body and "0001-01-01" not in body
    else:
        assert "0001-01-01" in body and "9999-12-31" in body
    if "jsonl" in url:
        dates = [json.loads(line)["published"] for line in body.splitlines()]
        assert dates == ["0001-01-01", "2024-02-29", "9999-12-31"]


@pytest.mark.parametrize("url", ["/feed/", "/sources/wire-service/feed/", "/search/feed/?q=geneva"])
def test_feeds_leave_out_characters_xml_cannot_carry(
    client, make_article, django_capture_on_commit_callbacks, url
):
    """A title or source name holding control characters (as an editor may save them) still gives a feed."""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(
            title="Talks\x0b resume\x1b in Geneva",
            source="Wire\x0c Service",
            published=date(2025, 1, 2),
        )
    response, body = fetch(client, url)
    assert_answered(response, body, {200})
    assert "<title>Talks resume in Geneva</title>" in body


@pytest.mark.parametrize(
    ("url", "periods"),
    [
        ("/", ["0001-01", "0001-02–2024-01", "2024-02", "2024-03–9999-11", "9999-12"]),
        ("/sources/epoch-times/", ["0001-01", "0001-02–2024-01", "2024-02"]),
        ("/search/?q=rallies", ["0001", "0002–2023", "2024", "2025–9998", "9999"]),
    ],
)
def test_timelines_spanning_the_calendar_stay_small(client, edge_articles, url, periods):
    """Articles dated years 1 and 9999 stretch a timeline over ten thousand years; its long
    empty stretches are one bar each, so the page stays small (it was 11 MB)."""
    response, body = fetch(client, url)
    assert_answered(response, body, {200})
    assert [bar.period for bar in response.context["timeline"]] == periods
    assert len(body) < 100_000


# Every other page that reads its query string

BROWSE_URLS = [
    "/",
    "/archive/",
    "/archive/2024/",
    "/archive/2024/02/",
    "/archive/2024/02/29/",
    "/archive/undated/",
    "/sources/",
    "/sources/epoch-times/",
    "/feed/",
    "/sources/epoch-times/feed/",
    "/opensearch.xml",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-pages.xml",
    "/robots.txt",
]
ANY_VALUE = st.one_of(st.sampled_from(ODD_PAGES + ODD_SORTS), QUERY, ANY_TEXT)


@PROPERTY
@hypothesis.given(
    url=st.sampled_from(BROWSE_URLS),
    params=st.dictionaries(st.sampled_from(["page", "p", "sort", "q", "view", "exact"]), ANY_VALUE),
)
def test_browse_pages_feeds_and_sitemaps_answer_any_query_string(
    client, edge_articles, url, params
):
    """Pages, feeds and sitemaps given odd page numbers, sorts or any text answer with a
    page, or a 404 for a page number that names no page."""
    query = "&".join(f"{key}={encoded(value)}" for key, value in params.items())
    response, body = fetch(client, f"{url}?{query}")
    paged = {"page", "p"} & set(params)
    assert_answered(response, body, {200, 404} if paged else {200})


@PROPERTY
@hypothesis.given(q=st.one_of(QUERY, ANY_TEXT), exact=st.sampled_from(["", "1", "0", "\x00"]))
def test_an_article_highlights_any_search(client, edge_articles, q, exact):
    """An article page reached from any search (?q=, which it highlights) shows the article."""
    article = edge_articles[1]
    response, body = fetch(
        client, f"{article.get_absolute_url()}?q={encoded(q)}&exact={encoded(exact)}"
    )
    assert_answered(response, body, {200})
    assert "An ordinary day in" in body


@pytest.mark.parametrize(
    ("url", "answers"),
    [
        ("/archive/2024/?page=0", 404),
        ("/archive/2024/02/?page=-1", 404),
        ("/archive/2024/02/?page=99999999999999999999", 404),
        ("/archive/2024/02/?page=last", 200),
        ("/archive/2024/02/?page=1e9", 404),
        ("/sources/epoch-times/?page=99999999999999999999", 404),
        ("/sitemap-articles.xml?p=99999999999999999999", 404),
        ("/sitemap-articles.xml?p=abc", 404),
        ("/search/?q=rallies&page=99999999999999999999", 200),
        ("/search/?q=rallies&page=-1", 200),
        ("/search/?q=rallies&page=last", 200),
        ("/search/?q=rallies&page=1e9", 200),
    ],
)
def test_page_numbers_that_name_no_page(client, edge_articles, url, answers):
    """A date or source list given a page number it does not have is a 404; a search shows
    its first or last page instead, with its results."""
    response, body = fetch(client, url)
    assert_answered(response, body, {answers})
    if url.startswith("/search/"):
        assert "3 results" in body


# Very long query strings

SIZES = [10_000, 100_000, 1_000_000]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=",
        "/search/feed/?q=",
        "/search/export.csv?q=",
        "/search/export.jsonl?q=",
        "/search/?q=rallies&from=",
        "/search/?q=rallies&source=",
        "/search/?q=rallies&page=",
        "/archive/2024/?page=",
        "/feed/?q=",
        "ARTICLE?q=",
    ],
)
def test_very_long_query_strings_get_an_answer(client, edge_articles, url, size):
    """10 kB, 100 kB and 1 MB of words, operators and digits in a query string get a page."""
    value = (
        ('rallies OR "iran ' * size)[:size]
        if "q=" in url
        else ("9" if "page" in url else "a") * size
    )
    url = url.replace("ARTICLE", edge_articles[1].get_absolute_url())
    response, body = fetch(client, url + encoded(value))
    assert_answered(response, body, {200, 404} if "page" in url and "search" not in url else {200})


# Over real HTTP: the bytes a hostile client sends, not what a test client builds


def raw_get(server_url, target):
    """Return (status, body) of a GET of the raw bytes `target`, sent as they are."""
    address = urlsplit(server_url)
    connection = socket.create_connection((address.hostname, address.port), timeout=30)
    with connection:
        try:
            connection.sendall(
                b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            )
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading all of a long request line
        response = http.client.HTTPResponse(connection)
        response.begin()
        return response.status, response.read().decode("utf-8", errors="replace")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("target", "answers"),
    [
        (b"/search/?q=%ff%fe", 200),
        (b"/search/?q=%00", 200),
        (b"/search/?q=%ed%a0%80", 200),
        (b"/search/?q=%", 200),
        (b"/search/?q=%zz%", 200),
        (b"/search/?%ff=%fe&&&==&q", 200),
        (b"/search/?q=\xff\xfe\x80", 200),
        # Read as Latin-1, byte A0 is a no-break space: three words where a request line has two.
        (b"/search/?q=\xed\xa0\x80rallies", 400),
        (b"/search/?q=rallies&from=%ff&to=%00&sort=%ed%a0%80&page=%ff&source=%ff", 200),
        (b"/search/feed/?q=%ff%00%0b%0c", 200),
        (b"/search/export.csv?q=%ed%a0%80", 200),
        (b"/search/export.jsonl?q=\xff", 200),
        (b"/feed/?q=%ff", 200),
        (b"/opensearch.xml?%ff", 200),
        (b"/sitemap-articles.xml?p=%ff", 404),
        (b"/archive/2024/?page=%ff", 404),
        (b"ARTICLE?q=%ff%ed%a0%80%00rallies", 200),
        (b"ARTICLE?q=\xff\xfe", 200),
        (b"/archive/%ff/", 404),
        (b"/sources/%ff%fe/", 404),
        (b"/sources/%ed%a0%80/feed/", 404),
        (b"/archive/2024/02/30/", 404),
        (b"/archive/9999/12/31/", 200),
        (b"/archive/1/01/01/", 200),
    ],
)
def test_raw_bytes_get_an_answer_over_http(live_server, edge_articles, target, answers):
    """Invalid UTF-8, NUL bytes, lone surrogates and broken percent-escapes, sent raw to a
    real server, get a page (or a 404 for a page that cannot exist), never a 500."""
    article = edge_articles[1].get_absolute_url().encode()
    status, body = raw_get(live_server.url, target.replace(b"ARTICLE", article))
    assert status == answers, body[:500]
    assert "Traceback" not in body


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", [b"/search/?q=", b"/search/export.csv?q=", b"ARTICLE?q="])
def test_very_long_urls_get_an_answer_over_http(live_server, edge_articles, path, size):
    """A request line of 10 kB gets its page; one longer than the server reads (64 kB for
    Django's, 4 kB for gunicorn's) gets a 414, never a 500."""
    path = path.replace(b"ARTICLE", edge_articles[1].get_absolute_url().encode())
    status, body = raw_get(live_server.url, path + b"rallies+" * (size // 8))
    assert status == (200 if size < 65_536 else 414), body[:500]
    assert "Traceback" not in body


@pytest.mark.parametrize("q", ["~2", "a", "^", "2 ~ 3"])
def test_words_the_index_drops_beside_a_date_filter(client, edge_articles, q):
    """A query whose only words are too short to be indexed, beside a date filter, finds
    the articles of those dates, as Whoosh reads it (it was an IndexError)."""
    response, body = fetch(client, f"/search/?{urlencode({'q': q, 'from': '0001', 'to': '0001'})}")
    assert_answered(response, body, {200})
    assert [hit.article.published for hit in response.context["hits"]] == [FIRST_DAY]


@pytest.mark.parametrize(
    ("path", "answers"),
    [
        ("/articles/99999999999999999999/", 404),
        ("/articles/99999999999999999999/a-slug/", 404),
        ("/articles/9223372036854775808/a-slug/", 404),
        ("/articles/0/a-slug/", 404),
        ("/articles/99999999999999999999/original/download/", 302),
        ("/sources/" + "a" * 10_000 + "/", 404),
        ("/sources/" + "a" * 10_000 + "/feed/", 404),
    ],
)
def test_impossible_ids_in_urls_are_not_found(client, edge_articles, path, answers):
    """An article id too large for the database, or a source no one has, is a 404 (the
    original's download sends a visitor to log in first)."""
    response, body = fetch(client, path)
    assert_answered(response, body, {answers})
