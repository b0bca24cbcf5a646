"""WARC files: each archived HTML page is an article; damaged files give what they can."""

import gzip

import pytest

from archive.ingest import Original, ParsedArticle, Rejected, Rejection, read_document
from archive.ingest.warc import read_warc
from tests.helpers import A_CRAWL, FIRST, SECOND, request, response, story, warc


@pytest.mark.parametrize("compress", [True, False], ids=["gzip", "plain"])
def test_each_html_page_is_an_article(compress):
    """HTML responses are articles at their target URIs; requests, images, CSS and redirects are passed over."""
    items = list(read_document(warc(*A_CRAWL, compress=compress), "crawl.warc"))
    assert [(item.title, item.url) for item in items] == [
        ("Kerman marks the anniversary", "https://herald.example/kerman"),
        ("Baghdad airport road reopens", "https://herald.example/airport-road"),
    ]


def test_each_article_keeps_its_page_as_the_original():
    """An article's original is the page as the server sent it, named after the WARC and the URI."""
    first, second = read_warc(warc(*A_CRAWL), "crawl.warc.gz")
    assert first.original == Original(
        "crawl.warc.gz › https://herald.example/kerman", FIRST, "warc"
    )
    assert second.original.raw == SECOND


def test_a_page_that_is_no_article_is_rejected_alone():
    """A page without article text is one Rejection; the other pages are still imported."""
    login = b"<html><body><form><input name='user'><button>Log in</button></form></body></html>"
    items = list(
        read_warc(
            warc(
                response("https://herald.example/kerman", FIRST),
                response("https://herald.example/login", login),
                response("https://herald.example/airport-road", SECOND),
            ),
            "crawl.warc.gz",
        )
    )
    assert [type(item) for item in items] == [ParsedArticle, Rejection, ParsedArticle]
    assert items[1].name == "crawl.warc.gz › https://herald.example/login"
    assert items[1].reason.startswith("no article text found on this page")


def test_a_cut_off_gzip_warc_gives_the_pages_before_the_cut():
    """A gzipped WARC cut short gives the pages read before the cut, then says where it broke."""
    raw = warc(*A_CRAWL)
    cut = raw[: len(raw) - 40]
    *articles, damage = read_warc(cut, "crawl.warc.gz")
    assert [article.url for article in articles] == ["https://herald.example/kerman"]
    assert damage.name == "crawl.warc.gz"
    assert damage.reason.startswith("the WARC is cut off or damaged at byte ")
    assert damage.reason.endswith(
        f"of {len(cut):,}: the records after that point could not be read"
    )


def test_a_warc_cut_at_the_start_of_a_record_says_so():
    """A cut just after a record's gzip header, which warcio passes over in silence, is reported."""
    raw = warc(*A_CRAWL)
    last_record = raw.rindex(b"\x1f\x8b\x08")
    *articles, damage = read_warc(raw[: last_record + 20], "crawl.warc.gz")
    assert [article.url for article in articles] == ["https://herald.example/kerman"]
    assert damage.reason.startswith(f"the WARC is cut off or damaged at byte {last_record:,} ")


@pytest.mark.parametrize(
    "compress, cut_at",
    [
        (False, lambda raw: raw.rindex(b"Content-Length: ") + len(b"Content-Length: ")),
        (True, lambda raw: len(raw) - 4),
    ],
    ids=["in a record's length header", "in the last gzip checksum"],
)
def test_cuts_that_leave_whole_records_are_still_reported(compress, cut_at):
    """A cut inside a record's headers, or inside the gzip checksum after it, is reported too."""
    raw = warc(*A_CRAWL, compress=compress)
    items = list(read_warc(raw[: cut_at(raw)], "crawl.warc"))
    assert isinstance(items[-1], Rejection) and "cut off or damaged" in items[-1].reason


def test_a_page_cut_in_half_is_not_imported():
    """In a plain WARC cut inside a page's record, that half page is no article."""
    raw = warc(*A_CRAWL, compress=False)
    cut = raw[: raw.rindex(b"Paragraph 2")]
    items = list(read_warc(cut, "crawl.warc"))
    assert [type(item) for item in items] == [ParsedArticle, Rejection]
    assert "cut off or damaged" in items[1].reason


def test_a_warc_damaged_in_the_middle_gives_the_pages_before_the_damage():
    """Garbage where a record should start ends the reading there, with a Rejection."""
    raw = warc(response("https://herald.example/kerman", FIRST)) + gzip.compress(
        b"not a WARC record\r\n\r\n"
    )
    items = list(
        read_warc(
            raw + warc(response("https://herald.example/airport-road", SECOND)), "crawl.warc.gz"
        )
    )
    assert [type(item) for item in items] == [ParsedArticle, Rejection]


def test_a_warc_without_web_pages_is_rejected():
    """A WARC holding only requests and images has nothing to import, and says so."""
    raw = warc(
        request("https://herald.example/logo.png"),
        response("https://herald.example/logo.png", bytes(50), "image/png"),
    )
    with pytest.raises(Rejected, match="no HTML response records in this WARC"):
        list(read_warc(raw, "images.warc.gz"))


def test_compressed_and_chunked_payloads_are_decoded():
    """A page sent gzip-encoded in chunks is read, and kept, as the page itself."""
    body = gzip.compress(FIRST)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    headers = [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    [article] = read_warc(
        warc(response("https://herald.example/kerman", chunked, headers=headers)), "crawl.warc.gz"
    )
    assert article.title == "Kerman marks the anniversary"
    assert article.original.raw == FIRST


def test_the_servers_charset_is_used():
    """A page without a charset of its own is read in the charset its server declared."""
    title = "إحياء ذكرى سليماني في بغداد"
    payload = story(title).encode("windows-1256")
    [article] = read_warc(
        warc(response("https://news.example/ar", payload, "text/html; charset=windows-1256")),
        "ar.warc.gz",
    )
    assert article.title == title
