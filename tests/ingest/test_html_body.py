"""Saved web pages: the article's body, and the pages that give no article."""

import time

import pytest

from archive.ingest import Rejected
from archive.ingest.html import parse_html
from archive.vocabulary.body import Block, plain_text

PARAGRAPHS = [
    (
        "Thousands of mourners gathered in Kerman on Friday to mark five years since General "
        "Qassem Soleimani was killed in a US drone strike near Baghdad airport."
    ),
    (
        "Police set up checkpoints on every road into the city, and pilgrims were searched at "
        "metal detectors before they could reach the cemetery."
    ),
    (
        "Officials said the ceremonies would continue through Sunday, with gatherings planned "
        "in Tehran, Baghdad and Beirut."
    ),
]
STORY = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)


def page(body, head="<title>Kerman marks the anniversary | Daily Herald</title>"):
    return f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'.encode()


def parse(raw):
    return parse_html(raw, "page.html")


def body_of(raw):
    return plain_text(parse(raw).blocks)


def rejection(raw):
    with pytest.raises(Rejected) as rejected:
        parse(raw)
    return rejected.value.reason


def test_paragraphs_are_the_articles_paragraphs():
    """Each paragraph of the article is one paragraph of the body, in order."""
    article = parse(page(f"<article>{STORY}</article>"))
    assert article.blocks == tuple(Block(text) for text in PARAGRAPHS)


def test_subheadings_are_kept_in_order():
    """Headings inside the article, and paragraphs that are only a bold short line, are subheadings."""
    article = parse(
        page(
            f"<article><p>{PARAGRAPHS[0]}</p><h2>Security tightened</h2><p>{PARAGRAPHS[1]}</p>"
            f"<p><strong>A contested legacy</strong></p><p>{PARAGRAPHS[2]}</p></article>"
        )
    )
    assert [(block.kind, block.text[:20]) for block in article.blocks] == [
        ("paragraph", PARAGRAPHS[0][:20]),
        ("subheading", "Security tightened"),
        ("paragraph", PARAGRAPHS[1][:20]),
        ("subheading", "A contested legacy"),
        ("paragraph", PARAGRAPHS[2][:20]),
    ]


def test_the_headline_is_not_repeated_in_the_body():
    """The <h1> headline, with its section label and byline, is not the body's first block."""
    article = parse(
        page(
            '<article><p class="kicker">WORLD</p><h1>Kerman marks the anniversary</h1>'
            f"<p>By Hélène Marchetti — Foreign Desk</p>{STORY}</article>"
        )
    )
    assert article.title == "Kerman marks the anniversary"
    assert article.blocks[0].text == PARAGRAPHS[0]


def test_page_furniture_stays_out_of_the_body():
    """Navigation, cookie banners, related stories, comments and footers are not the article."""
    body = body_of(
        page(
            '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li></ul></nav>'
            '<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>'
            f"<article>{STORY}</article>"
            '<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Iran warns the US</a></li></ul></aside>'
            '<div id="comments"><p>Great article, thanks for the detailed reporting from Kerman.</p></div>'
            "<footer><p>Copyright 2025 Daily Herald. All rights reserved.</p></footer>"
        )
    )
    for furniture in (
        "Home",
        "World news",
        "cookies",
        "Related stories",
        "Iran warns",
        "Great article",
        "Copyright",
    ):
        assert furniture not in body


def test_read_more_links_and_sign_ups_inside_the_article_are_dropped():
    """'Read more' lines and newsletter boxes between paragraphs are not part of the article."""
    body = body_of(
        page(
            f"<article><p>{PARAGRAPHS[0]}</p>"
            '<p><strong>Read more:</strong> <a href="/x">Iran vows revenge for the killing</a></p>'
            f"<p>{PARAGRAPHS[1]}</p>"
            '<div class="newsletter-signup"><h3>Get our daily briefing</h3><p>Sign up for the top stories.</p></div>'
            f'<p>ALSO READ | <a href="/y">Who was Qassem Soleimani?</a></p><p>{PARAGRAPHS[2]}</p></article>'
        )
    )
    assert body == "\n\n".join(PARAGRAPHS)


def test_scripts_and_styles_never_reach_the_body():
    """The content of scripts, styles and JSON data is never body text."""
    body = body_of(
        page(
            f"<article><script>var secret = 'tracking code';</script>{STORY}"
            "<style>.story { color: red }</style><noscript>Please enable JavaScript.</noscript></article>"
            '<script type="application/json">{"draft": "unpublished paragraph"}</script>',
            head='<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Kerman"}</script>',
        )
    )
    assert body == "\n\n".join(PARAGRAPHS)


def test_entities_are_decoded_and_no_markup_is_left():
    """Entities become characters and inline markup leaves only its text."""
    body = body_of(
        page(
            f"<article><p>Questions &amp; answers on the <em>anniversary</em>, &ldquo;five years&rdquo; on, "
            f"with a <a href='/x'>timeline</a> of events since the strike near the airport.</p>{STORY}</article>"
        )
    )
    assert body.startswith(
        "Questions & answers on the anniversary, “five years” on, with a timeline of events"
    )
    assert "&" + "amp;" not in body and "<" not in body


def test_line_breaks_split_paragraphs_only_when_doubled():
    """Text laid out with <br><br> gives paragraphs; a single <br> only separates words."""
    article = parse(
        page(
            f'<article><div class="story">{PARAGRAPHS[0]}<br><br>{PARAGRAPHS[1]}<br>'
            f"{PARAGRAPHS[2]}</div></article>"
        )
    )
    assert [block.text for block in article.blocks] == [
        PARAGRAPHS[0],
        f"{PARAGRAPHS[1]} {PARAGRAPHS[2]}",
    ]


# Pages that give no article -------------------------------------------------------


def test_a_page_without_article_text_is_rejected():
    """A page of links and a few words is no article, and the reason says so."""
    reason = rejection(
        page('<nav><a href="/">Home</a> <a href="/world">World</a></nav><p>Page not found.</p>')
    )
    assert reason.startswith("no article text found on this page")


def test_a_frameset_is_rejected_with_what_to_do():
    """A frameset page holds no article itself: the user is told to save the frame."""
    raw = b'<html><head><title>News</title></head><frameset cols="20%,80%"><frame src="menu.html"><frame src="story.html"></frameset></html>'
    assert "frameset" in rejection(raw)


def test_a_redirect_page_is_rejected_with_its_target():
    """A page that only redirects names where it leads."""
    raw = page("", head='<meta http-equiv="refresh" content="0; url=https://herald.example/story">')
    assert rejection(raw) == (
        "a redirect page to https://herald.example/story, not an article: save the page it leads to instead"
    )


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "the file is empty"),
        (b"  \n\t ", "the file is empty"),
        (
            b"\x89PNG\r\n\x1a\n" + bytes(200),
            "this is a PNG image, not text, a web page, WARC or JSONL",
        ),
        (
            b"<html>" + bytes(range(256)) * 40 + b"</html>",
            "binary data, not text (it contains NUL bytes)",
        ),
    ],
)
def test_empty_and_binary_files_are_rejected(raw, reason):
    """Empty files and binary data are refused with a reason a user understands."""
    assert rejection(raw) == reason


@pytest.mark.parametrize(
    "raw",
    [
        b"<html></html>",
        b"<html><body><p>",
        b"</div></div><p>unbalanced</span>",
        b"<html><body>" + b"<p>stray \x01 control \x02 characters</p>" * 3 + b"</body></html>",
        b'<?xml version="1.0" encoding="utf-16"?><html><body><p>Declared UTF-16, written in UTF-8.</p></body></html>',
    ],
)
def test_broken_markup_gives_a_rejection_not_a_crash(raw):
    """Odd and broken markup ends in a Rejected with a reason, never another error."""
    assert rejection(raw)


def test_deeply_nested_markup_is_rejected_clearly():
    """A page nested thousands of levels deep cannot be read whole, and the reason says why."""
    raw = page("<div>" * 5000 + f"<article>{STORY}</article>" + "</div>" * 5000)
    assert "nested more than 255 levels deep" in rejection(raw)


def test_ordinary_nesting_is_read():
    """A page nested a hundred levels deep, as some CMSs nest, is read as usual."""
    raw = page("<div>" * 100 + f"<article>{STORY}</article>" + "</div>" * 100)
    assert body_of(raw) == "\n\n".join(PARAGRAPHS)


def test_a_20_mb_saved_page_is_read_in_seconds():
    """Inlined scripts and images make a saved page huge, not slow: its article is still read."""
    raw = page(
        f"<article>{STORY}<img src='data:image/png;base64,{'A' * 10_000_000}'></article>",
        head="<title>Kerman</title><script>" + "var tracking = 1;\n" * 600_000 + "</script>",
    )
    started = time.monotonic()
    assert body_of(raw) == "\n\n".join(PARAGRAPHS)
    assert len(raw) > 20_000_000 and time.monotonic() - started < 20


def test_20_mb_of_markup_is_rejected_in_seconds():
    """A page with far more markup than any article is refused quickly, with its size."""
    raw = page('<div class="row"><a href="/x">link</a></div>\n' * 460_000)
    started = time.monotonic()
    assert rejection(raw).startswith(
        "the page is too large to be one article: 20.7 million characters"
    )
    assert time.monotonic() - started < 20
