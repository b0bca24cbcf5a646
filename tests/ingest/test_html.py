"""Saved web pages: title, date, source, author, URL and language from the page's metadata."""

import json
from datetime import date

import pytest

from archive.ingest import Original, Rejected
from archive.ingest.html import parse_html
from archive.vocabulary.terms import DateFrom

STORY = (
    "<p>Thousands of mourners gathered in Kerman on Friday to mark five years since General "
    "Qassem Soleimani was killed in a US drone strike near Baghdad airport.</p>"
    "<p>Police set up checkpoints on every road into the city, and pilgrims were searched at "
    "metal detectors before they could reach the cemetery.</p>"
)


def page(head="", body=f"<article>{STORY}</article>", charset="utf-8", lang="en"):
    """Return the bytes of a web page with `head` and `body` inside."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}">{head}</head>'
        f"<body><nav><a href='/'>Home</a></nav>{body}</body></html>"
    ).encode(charset)


def json_ld(data):
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def meta(key, content, attribute="property"):
    return f'<meta {attribute}="{key}" content="{content}">'


def parse(raw, **kwargs):
    return parse_html(raw, "page.html", **kwargs)


def test_json_ld_news_article_gives_the_metadata():
    """A JSON-LD NewsArticle gives headline, date, authors, publisher, URL and language."""
    article = parse(
        page(
            json_ld(
                {
                    "@context": "https://schema.org",
                    "@type": "NewsArticle",
                    "headline": "Kerman marks Soleimani anniversary",
                    "datePublished": "2025-01-03T11:42:08+03:30",
                    "author": [
                        {"@type": "Person", "name": "Miriam Haddad"},
                        {"@type": "Person", "name": "Ali Rezaei"},
                    ],
                    "publisher": {"@type": "Organization", "name": "The Levant Ledger"},
                    "mainEntityOfPage": {"@id": "https://levantledger.example/kerman"},
                    "inLanguage": "en-GB",
                }
            )
        )
    )
    assert article.title == "Kerman marks Soleimani anniversary"
    assert (article.published, article.date_from) == (date(2025, 1, 3), DateFrom.METADATA)
    assert article.author == "Miriam Haddad, Ali Rezaei"
    assert article.source == "The Levant Ledger"
    assert article.url == "https://levantledger.example/kerman"
    assert article.language == "en"
    assert article.review_reasons == []


def test_json_ld_graph_references_are_followed():
    """In a @graph, the article's publisher and author may be references to other nodes."""
    article = parse(
        page(
            json_ld(
                {
                    "@context": "https://schema.org",
                    "@graph": [
                        {
                            "@type": "WebPage",
                            "@id": "#page",
                            "name": "Page name",
                            "datePublished": "2020-01-01",
                        },
                        {"@type": "Organization", "@id": "#org", "name": "Meridian Wire"},
                        {"@type": "Person", "@id": "#karim", "name": "Karim Jaber"},
                        {
                            "@type": ["NewsArticle"],
                            "headline": "Iraq's parliament revisits troop vote",
                            "datePublished": "2025-01-03T22:47:00Z",
                            "publisher": {"@id": "#org"},
                            "author": {"@id": "#karim"},
                        },
                    ],
                }
            )
        )
    )
    assert (article.title, article.source, article.author) == (
        "Iraq's parliament revisits troop vote",
        "Meridian Wire",
        "Karim Jaber",
    )
    assert article.published == date(2025, 1, 3)


def test_json_ld_web_page_serves_when_there_is_no_article():
    """A JSON-LD WebPage is used only when the page describes no article."""
    article = parse(
        page(
            json_ld(
                [{"@type": "WebPage", "datePublished": "2025-01-02"}, {"@type": "BreadcrumbList"}]
            )
            + "<title>Rallies in Baghdad</title>"
        )
    )
    assert (article.title, article.published) == ("Rallies in Baghdad", date(2025, 1, 2))


def test_opengraph_alone_gives_the_metadata():
    """OpenGraph tags give title, outlet, date, URL and language when there is no JSON-LD."""
    article = parse(
        page(
            meta("og:title", "Baghdad airport road reopens")
            + meta("og:site_name", "Baghdad Observer")
            + meta("article:published_time", "2025-01-01T20:10:00+03:00")
            + meta("og:url", "https://baghdadobserver.example/airport-road")
            + meta("og:locale", "en_US")
            + "<title>Baghdad airport road reopens | Local | Baghdad Observer</title>",
            lang="",
        )
    )
    assert (article.title, article.source) == ("Baghdad airport road reopens", "Baghdad Observer")
    assert article.published == date(2025, 1, 1)
    assert article.url == "https://baghdadobserver.example/airport-road"
    assert article.language == "en"


def test_an_author_given_as_a_link_is_not_a_name():
    """article:author holding a profile URL is passed over for the author meta tag."""
    article = parse(
        page(
            meta("article:author", "https://facebook.com/jane.doe")
            + meta("author", "Jane Doe", "name")
        )
    )
    assert article.author == "Jane Doe"


@pytest.mark.parametrize(
    "attribute, key, value",
    [
        ("name", "pubdate", "Fri, 03 Jan 2025 18:20:31 GMT"),
        ("name", "publishdate", "2025-01-03"),
        ("name", "date", "2025-01-03"),
        ("name", "DC.date.issued", "2025-01-03"),
        ("name", "dc.date", "2025-01-03"),
        ("name", "sailthru.date", "2025-01-03 04:30:00"),
        ("name", "parsely-pub-date", "2025-01-03T04:30:00Z"),
        ("itemprop", "datePublished", "2025-01-03T01:15:00+03:30"),
    ],
)
def test_date_meta_tags_date_the_page(attribute, key, value):
    """Each of the common date meta tags gives the publication day."""
    article = parse(page(meta(key, value, attribute)))
    assert (article.published, article.date_from) == (date(2025, 1, 3), DateFrom.METADATA)


def test_the_publishers_own_day_is_kept_across_time_zones():
    """Late evening in New York on 30 December stays 30 December, though it is the 31st in UTC."""
    article = parse(page(meta("article:published_time", "2024-12-30T23:30:00-05:00")))
    assert article.published == date(2024, 12, 30)


def test_the_publication_time_element_dates_the_page():
    """Without metadata, the article's <time pubdate> dates it, not the header's clock."""
    article = parse(
        page(
            body=(
                '<header><time datetime="2025-01-06">Monday</time></header>'
                f'<article><p>By Dilan Aziz, <time datetime="2025-01-04T08:00:00+03:30" pubdate>4 January</time></p>{STORY}</article>'
            )
        )
    )
    assert article.published == date(2025, 1, 4)


def test_times_of_comments_and_other_stories_do_not_date_the_page():
    """Times in comments and in lists of other stories say nothing of the article's day."""
    article = parse(
        page(
            body=(
                f"<article>{STORY}</article>"
                '<section id="comments"><p>Hana</p><time datetime="2025-01-07">7 January</time></section>'
                '<aside><a href="/x">Earlier story</a><time datetime="2024-12-28">28 December</time></aside>'
            )
        )
    )
    assert article.published is None


def test_a_page_without_a_date_is_left_for_review():
    """A page that declares no date gets none (not one from its URL or text) and is flagged."""
    article = parse(
        page(
            '<link rel="canonical" href="https://blog.example/2025/01/03/airport-road">',
            body=f"<article><p>Written on Friday, January 3, 2025.</p>{STORY}</article>",
        )
    )
    assert (article.published, article.date_from) == (None, "")
    assert "date" in article.review_reasons


@pytest.mark.parametrize(
    "layers, expected",
    [
        (["json-ld", "opengraph", "meta", "time"], date(2025, 1, 1)),
        (["opengraph", "meta", "time"], date(2025, 1, 2)),
        (["meta", "time"], date(2025, 1, 3)),
        (["time"], date(2025, 1, 4)),
    ],
)
def test_json_ld_date_beats_opengraph_beats_meta_beats_time(layers, expected):
    """When the page gives several dates, the most specific kind of metadata wins."""
    dates = {
        "json-ld": json_ld({"@type": "NewsArticle", "datePublished": "2025-01-01"}),
        "opengraph": meta("article:published_time", "2025-01-02T10:00:00Z"),
        "meta": meta("pubdate", "2025-01-03", "name"),
    }
    body = f'<article><time datetime="2025-01-04">4 January</time>{STORY}</article>'
    article = parse(page("".join(dates.get(layer, "") for layer in layers), body=body))
    assert article.published == expected


@pytest.mark.parametrize(
    "title",
    [
        "Rallies mark the anniversary | Daily Herald",
        "Rallies mark the anniversary - Daily Herald",
        "Rallies mark the anniversary – Daily Herald",
    ],
)
def test_the_outlet_is_cut_from_the_page_title(title):
    """'Headline | Outlet' and 'Headline - Outlet' give the headline, and the outlet as source."""
    article = parse(page(f"<title>{title}</title>"))
    assert (article.title, article.source) == ("Rallies mark the anniversary", "Daily Herald")


def test_an_outlet_before_the_headline_is_cut_too():
    """'Outlet - Headline' gives the headline when the site's name or the <h1> shows which is which."""
    named = parse(
        page(
            meta("og:site_name", "Crescent TV")
            + "<title>Crescent TV - Vigil held at airport</title>"
        )
    )
    shown = parse(
        page(
            "<title>Crescent TV - Vigil held at airport</title>",
            body=f"<article><h1>Vigil held at airport</h1>{STORY}</article>",
        )
    )
    assert (named.title, named.source) == ("Vigil held at airport", "Crescent TV")
    assert (shown.title, shown.source) == ("Vigil held at airport", "Crescent TV")


def test_a_json_ld_headline_keeps_a_dash_that_is_not_the_outlet():
    """Only the site's own name is cut from a JSON-LD headline, not words after a dash."""
    article = parse(
        page(
            json_ld(
                {
                    "@type": "NewsArticle",
                    "headline": "Mourners in Kerman - in pictures",
                    "publisher": {"name": "Daily Herald"},
                }
            )
        )
    )
    assert (article.title, article.source) == ("Mourners in Kerman - in pictures", "Daily Herald")


def test_the_articles_h1_is_the_title_without_title_metadata():
    """Without JSON-LD or og:title, the <h1> inside the <article> is the headline."""
    article = parse(
        page(
            "<title>Home</title>",
            body=f'<h1 class="logo">The Herald</h1><article><h1>Kurds wary as <em>anniversary</em> nears</h1>{STORY}</article>',
        )
    )
    assert article.title == "Kurds wary as anniversary nears"


def test_metadata_text_has_no_entities_or_tags():
    """Entities in metadata are decoded and markup in it is dropped."""
    article = parse(
        page(
            json_ld(
                {
                    "@type": "NewsArticle",
                    "headline": "Iran&#8217;s <em>leader</em> &amp; the general",
                    "publisher": {"name": "Levant &amp; Gulf"},
                }
            )
        )
    )
    assert (article.title, article.source) == ("Iran’s leader & the general", "Levant & Gulf")


def test_a_page_without_a_title_gets_one_from_its_first_sentence():
    """With no title anywhere, the first sentence becomes the title, flagged for review."""
    article = parse(page())
    assert article.title == (
        "Thousands of mourners gathered in Kerman on Friday to mark five years since General "
        "Qassem Soleimani was killed in a…"
    )
    assert article.title_derived
    assert article.review_reasons == ["title", "date", "source"]


def test_an_unnamed_outlet_is_left_for_review():
    """A page that names no outlet has an unknown source, flagged for review."""
    article = parse(page("<title>Rallies mark the anniversary in Kerman and Tehran</title>"))
    assert article.source == ""
    assert "source" in article.review_reasons


@pytest.mark.parametrize(
    "head, url",
    [
        (
            '<link rel="canonical" href="https://a.example/story">'
            + meta("og:url", "https://b.example/story"),
            "https://a.example/story",
        ),
        (
            '<link rel="canonical" href="/story">' + meta("og:url", "https://b.example/story"),
            "https://b.example/story",
        ),
        (
            json_ld({"@type": "NewsArticle", "url": "https://c.example/story"}),
            "https://c.example/story",
        ),
    ],
)
def test_the_url_is_the_pages_own_address(head, url):
    """The canonical link, else og:url, else the JSON-LD url; relative links do not count."""
    assert parse(page(head)).url == url


def test_the_address_the_page_was_fetched_from_wins():
    """A URL given with the page (a WARC record's target) beats what the page says."""
    article = parse(
        page('<link rel="canonical" href="https://a.example/story">'),
        url="https://fetched.example/x",
    )
    assert article.url == "https://fetched.example/x"


@pytest.mark.parametrize(
    "lang, head, language",
    [
        ("en-US", "", "en"),
        ("", meta("og:locale", "fa_IR"), "fa"),
        ("EN", "", "en"),
        ("", "", ""),
    ],
)
def test_the_language_is_the_primary_subtag(lang, head, language):
    """'en-US', 'fa_IR' and 'EN' give 'en', 'fa' and 'en'; no declaration gives ''."""
    assert parse(page(head, lang=lang)).language == language


def test_the_original_is_kept_as_it_arrived():
    """The parsed article keeps the page's bytes, unchanged, as its original."""
    raw = page("<title>Rallies | Daily Herald</title>")
    assert parse(raw).original == Original("page.html", raw, "html")


# Encodings ------------------------------------------------------------------------

CURLY = "<title>Iraq’s PM heads to Tehran – Evening Dispatch</title>"


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
        '<meta charset="windows-1252">',
        "",
    ],
)
def test_windows_1252_pages_keep_their_curly_quotes(declaration):
    """A cp1252 page, declared ISO-8859-1, windows-1252 or not at all, reads as browsers show it."""
    raw = f"<html><head>{declaration}{CURLY}</head><body><article>{STORY}</article></body></html>"
    raw = raw.replace("Kerman", "“Kerman”").encode("cp1252")
    article = parse(raw)
    assert article.title == "Iraq’s PM heads to Tehran"
    assert "in “Kerman” on Friday" in article.blocks[0].text


def test_utf8_with_a_byte_order_mark_is_read():
    """A UTF-8 page starting with a byte order mark reads without the mark."""
    article = parse(b"\xef\xbb\xbf" + page(CURLY))
    assert article.title == "Iraq’s PM heads to Tehran"


def test_a_declared_arabic_charset_is_used():
    """A windows-1256 page reads as Arabic."""
    title = "إحياء ذكرى سليماني في بغداد"
    article = parse(page(f"<title>{title}</title>", charset="windows-1256", lang="ar"))
    assert (article.title, article.language) == (title, "ar")


def test_an_xml_declaration_gives_the_charset():
    """An XHTML page's XML declaration names its encoding."""
    raw = f'<?xml version="1.0" encoding="iso-8859-1"?>\n<html><head>{CURLY}</head><body><article>{STORY}</article></body></html>'
    assert parse(raw.encode("cp1252")).title == "Iraq’s PM heads to Tehran"


def test_the_servers_charset_beats_the_pages():
    """The charset a server sent (kept in a WARC) wins over a wrong one in the page."""
    raw = page(CURLY, charset="cp1252").replace(b'charset="cp1252"', b'charset="utf-8"')
    assert parse(raw, charset="windows-1252").title == "Iraq’s PM heads to Tehran"


def test_a_page_with_one_character_cut_in_half_is_read_as_browsers_read_it():
    """A UTF-8 page with a few malformed bytes keeps its text, each bad byte shown as �."""
    teaser = "<aside><a href='/b'>Przemyt 653 tys. paczek papieros\xc3...</a></aside>"
    raw = page("<title>Sprzeciw wobec ataków</title>", lang="pl").replace(
        b"</body>", teaser.encode("latin-1") + b"</body>"
    )
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    article = parse(raw)
    assert article.title == "Sprzeciw wobec ataków"
    assert "Qassem Soleimani" in article.blocks[0].text


def test_a_page_mostly_undecodable_is_still_rejected():
    """Bytes that are malformed throughout are no page in any charset, and say so."""
    raw = page().replace(b"</body>", b"\x81\x8d\xc3\x90\x9d" * 400 + b"</body>")
    with pytest.raises(Rejected) as rejected:
        parse(raw)
    assert rejected.value.reason.startswith("cannot be decoded")


def test_a_windows_1252_page_that_calls_itself_utf8_reads_as_windows_1252():
    """Curly quotes of a page mislabelled UTF-8 are not taken for damaged UTF-8."""
    raw = page(CURLY, charset="cp1252").replace(b'charset="cp1252"', b'charset="utf-8"')
    assert parse(raw).title == "Iraq’s PM heads to Tehran"
