"""Hostile markup in imported articles shows as text and never runs, on every page that shows it.

Collected pages carry whatever their authors put in them. The importer keeps the text
of a page, so payloads that survive as text must reach the reader as text: the title
of an article reads "<script>…" and nothing in the browser runs.

HOSTILE is the table of documents (saved pages, text files, a restored record, an SVG
file, a WARC record) with what every page must show of each; each one is checked on
its article page, in search results and their feed, and in the admin.
"""

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode
from xml.sax.saxutils import escape

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.importing.saving import import_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT_TAG = "<script>window.__xss=1</script>"
# The text file's headline, as every page must show it.
TEXT_TITLE = f'{SCRIPT_TAG} Hostile text file "><img src=x onerror=window.__xss=1>'

# A saved web page with payloads in its metadata, its markup and its text.
HOSTILE_PAGE = rb"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title><script>window.__xss=1</script>&lt;script&gt;window.__xss=1&lt;/script&gt; Hostile headline | Payload Gazette</title>
<meta property="og:title" content="&lt;script&gt;window.__xss=1&lt;/script&gt; Hostile headline &lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;">
<meta property="og:url" content="javascript:window.__xss=1">
<meta property="og:site_name" content="&lt;svg onload=window.__xss=1&gt; Payload Gazette">
<meta name="author" content="&lt;script&gt;alert(1)&lt;/script&gt; Eve">
<link rel="canonical" href="javascript:window.__xss=1">
<style>body { background: url(javascript:window.__xss=1); width: expression(window.__xss=1); }</style>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "\u003cscript\u003ewindow.__xss=1\u003c/script\u003e Hostile headline \u003cimg src=x onerror=\"window.__xss=1\"\u003e",
 "author": {"@type": "Person", "name": "\u003cscript\u003ewindow.__xss=1\u003c/script\u003e Eve \u003csvg onload=window.__xss=1\u003e"},
 "datePublished": "2025-01-02",
 "url": "javascript:window.__xss=1",
 "publisher": {"@type": "Organization", "name": "\u003csvg onload=window.__xss=1\u003e Payload Gazette"}}
</script>
<script>window.__xss = 1; alert("from the page")</script>
</head>
<body onload="window.__xss=1">
<article>
<h1>&lt;script&gt;window.__xss=1&lt;/script&gt; Hostile headline</h1>
<p>Researchers who collect pages from the web sometimes save pages that carry hostile markup, and the archive must show every payload as plain text: &lt;script&gt;window.__xss=1&lt;/script&gt; is one of them.</p>
<p>An image that runs code when it fails to load <img src=x onerror="window.__xss=1;alert(1)"> sits in this paragraph, and its twin is written out as text: &lt;img src=x onerror="window.__xss=1"&gt; for the reader to see.</p>
<h2>&lt;svg onload=window.__xss=1&gt; The payloads section</h2>
<p>A vector image that runs code <svg onload="window.__xss=1"><circle r="2"/></svg> on load, and a link <a href="javascript:window.__xss=1">that runs code when followed</a>, both in one sentence of the article.</p>
<p>A frame with its own document <iframe srcdoc="&lt;script&gt;parent.__xss=1;alert(1)&lt;/script&gt;"></iframe> and a style that calls code <span style="background: url(javascript:window.__xss=1); width: expression(window.__xss=1)">inside this span of the sentence</span> for good measure.</p>
<p>Entities that decode to tags: &amp;lt;script&amp;gt;window.__xss=1&amp;lt;/script&amp;gt; and &#60;script&#62;window.__xss=1&#60;/script&#62; written with numbers, closing the paragraph &lt;/textarea&gt;&lt;script&gt;window.__xss=1&lt;/script&gt; here.</p>
<p>Broken markup follows: <scr<script>ipt>window.__xss=1</scr</script>ipt> and <div <p>an unclosed tag, then <math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1"></style></mglyph></table></mtext></math> nested oddly.</p>
</article>
</body>
</html>
"""

# A plain-text file whose headline, text and source line are payloads written as words.
HOSTILE_TEXT = """ date 2025-01-02 <script>window.__xss=1</script> Hostile text file "><img src=x onerror=window.__xss=1>

The text file carries payloads as plain words: <script>window.__xss=1</script> and <img src=x onerror="window.__xss=1;alert(1)"> must show as written, never run.

A link written as text, <a href="javascript:window.__xss=1">click here</a>, and an address javascript:window.__xss=1 belong to the same sentence of the text file.

</textarea><script>window.__xss=1</script> closes a text area in the admin, and '"><svg onload=window.__xss=1> closes an attribute, both as plain text here.

<iframe srcdoc="<script>parent.__xss=1;alert(1)</script>"></iframe> and <scr<script>ipt>window.__xss=1</scr</script>ipt> and &lt;script&gt;window.__xss=1&lt;/script&gt; end the paragraph.

Source » <script>window.__xss=1</script> Wire
""".encode()

# A record of an export, restored: fields an export never checks, such as a javascript: URL.
HOSTILE_RECORD = json.dumps(
    {
        "title": "<svg onload=alert(1)> Restored record",
        "url": "javascript:window.__xss=1",
        "author": "<img src=x onerror=window.__xss=1>",
        "source": "<iframe srcdoc='<script>parent.__xss=1</script>'> Records",
        "date_hint": "<img src=x onerror=window.__xss=1> Saturday",
        "body": "A restored record says <script>window.__xss=1</script> in its text, and the archive shows it as text.",
        "needs_review": True,
        "review_reasons": ["date"],
    }
).encode()

# A saved page with vector images that carry scripts, handlers and javascript: links.
SVG_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>&lt;svg&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;&lt;/svg&gt; Vector payloads in the Gazette</title>
</head><body><article>
<h1>&lt;svg&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;&lt;/svg&gt; Vector payloads in the Gazette</h1>
<p>A vector image with a script of its own <svg><script>window.__xss=1</script><circle r="2"/></svg> sits in the first sentence of this article about vector payloads.</p>
<p>An animation that runs code as it begins <svg><animate onbegin="window.__xss=1" attributeName="x" dur="1s"/></svg> and a vector link <svg><a xlink:href="javascript:window.__xss=1"><text x="0" y="10">to follow</text></a></svg> share the second sentence.</p>
<p>A foreign object <svg><foreignObject><img src=x onerror="window.__xss=1"></foreignObject></svg> and a handler set by animation <svg><set attributeName="onmouseover" to="window.__xss=1"/></svg> close the third sentence.</p>
<p>Written out as text the payloads read &lt;svg&gt;&lt;animate onbegin=window.__xss=1&gt; and &lt;svg&gt;&lt;a xlink:href="javascript:window.__xss=1"&gt; for the reader to see.</p>
</article></body></html>
"""

# An SVG image file, which the importer reads as plain text: every line of it is words.
SVG_FILE = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="window.__xss=1">
<script>window.__xss=1</script>
<a xlink:href="javascript:window.__xss=1"><text x="10" y="20">A vector file that was saved as a page, with a script, a handler and a link that runs code, all of which the archive must show as text to the reader.</text></a>
<animate onbegin="window.__xss=1" attributeName="x" dur="1s"/>
</svg>
"""

# A saved page whose styles call code: CSS expressions, url(javascript:), @import, bindings.
STYLE_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>width: expression(window.__xss=1) Style payloads in the Gazette</title>
<style>@import url("javascript:window.__xss=1"); body { background-image: url("javascript:window.__xss=1"); behavior: url(#default#time2); width: expression(window.__xss=1) }</style>
<link rel="stylesheet" href="javascript:window.__xss=1">
</head><body style="background: url('javascript:window.__xss=1')">
<article>
<h1>width: expression(window.__xss=1) Style payloads in the Gazette</h1>
<p style="width: expression(window.__xss=1); background: url(&quot;javascript:window.__xss=1&quot;)">A paragraph whose style calls code through an expression and a javascript address, in an article about style payloads.</p>
<p>A style block in the body <style>p { background: url(javascript:window.__xss=1) }</style> and a span <span style="-moz-binding: url(https://evil.example/x.xml#x); background: url(vbscript:msgbox(1))">with a binding</span> share this sentence.</p>
<p>Written out as text the styles read &lt;div style="background: url(javascript:window.__xss=1)"&gt; and width: expression(window.__xss=1) for the reader.</p>
</article></body></html>
"""

# Tags that a careless filter takes for something else, written as words in a text file.
LOOK_ALIKE_TEXT = """ date 2025-01-03 <SCRIPT>window.__xss=1</SCRIPT> Look-alike tags ＜script＞window.__xss=1＜/script＞

Tags that look like a script: <scrİpt>window.__xss=1</scrİpt>, <ſcript>window.__xss=1</ſcript>, ＜script＞window.__xss=1＜/script＞, <script/x>window.__xss=1</script>, <SCRIPT>window.__xss=1</SCRIPT> and <script type="text/javascript ">window.__xss=1</script> all stay words.

Tags split apart: <scr<!-- -->ipt>window.__xss=1</script> by a comment, <!--<script>window.__xss=1</script>--> inside a comment, and <![CDATA[<script>window.__xss=1</script>]]> inside a CDATA section, each one plain text.

Markup that mutates: <noscript><p title="</noscript><img src=x onerror=window.__xss=1>"></noscript> and <math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1></style></mglyph></table></mtext></math> are words here.

Addresses: data:text/html,<script>window.__xss=1</script> and vbscript:msgbox(1) and java&#x09;script:window.__xss=1 and &#106;avascript:window.__xss=1 and JaVaScRiPt:window.__xss=1 are addresses written as text.

Source » ＜script＞ Look-alike Wire
""".encode()

# The same look-alikes as markup in a saved page, with addresses that run code when followed.
LOOK_ALIKE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">
<base href="javascript:window.__xss=1//">
<title>&lt;scrİpt&gt;window.__xss=1&lt;/scrİpt&gt; Look-alike markup in the Gazette</title>
</head><body><article>
<h1>&lt;scrİpt&gt;window.__xss=1&lt;/scrİpt&gt; Look-alike markup in the Gazette</h1>
<p>Tags that look like scripts <scrİpt>window.__xss=1</scrİpt> <ſcript>window.__xss=1</ſcript> ＜script＞window.__xss=1＜/script＞ <script/x>window.__xss=1</script> <SCRIPT>window.__xss=1</SCRIPT> <script type="text/javascript ">window.__xss=1</script> sit in this article's first sentence.</p>
<p>Tags split by a comment <scr<!-- -->ipt>window.__xss=1</script> and hidden <!--<script>window.__xss=1</script>--> in comments or <![CDATA[<script>window.__xss=1</script>]]> follow in the second sentence.</p>
<p>Markup that mutates <noscript><p title="</noscript><img src=x onerror=window.__xss=1>"></noscript> and <math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1></style></mglyph></table></mtext></math> and <svg></p><style><a id="</style><img src=1 onerror=window.__xss=1>"> come third.</p>
<p>Addresses that run code: <a href="java&#x09;script:window.__xss=1">a tab</a>, <a href="&#106;avascript:window.__xss=1">an entity</a>, <a href=" JaVaScRiPt:window.__xss=1">mixed case</a>, <a href="data:text/html,&lt;script&gt;window.__xss=1&lt;/script&gt;">a data address</a>, <a href="vbscript:msgbox(1)">a vbscript address</a>, <iframe src="data:text/html,&lt;script&gt;parent.__xss=1&lt;/script&gt;"></iframe> <object data="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg=="></object> <embed src="javascript:window.__xss=1"> <form action="javascript:window.__xss=1"><button formaction="javascript:window.__xss=1">send</button></form> end the article.</p>
<p>Written as text: java&amp;#x09;script:window.__xss=1 and data:text/html,&lt;script&gt;window.__xss=1&lt;/script&gt; stay words in the page.</p>
</article></body></html>
""".encode()

# A page kept in a web archive: what a crawler saved, payloads and all.
CRAWLED_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>&lt;img src=x onerror=window.__xss=1&gt; Crawled payloads | Web Archive Gazette</title>
<script>window.__xss=1</script>
</head><body onload="window.__xss=1"><article>
<h1>&lt;img src=x onerror=window.__xss=1&gt; Crawled payloads</h1>
<p>A page kept in a web archive carries its payloads too: <img src=x onerror="window.__xss=1"> and <svg onload="window.__xss=1"></svg> sit in a crawled sentence.</p>
<p>Written as text, the crawled payload reads &lt;script&gt;window.__xss=1&lt;/script&gt; for the reader, in a page the crawler kept whole.</p>
</article></body></html>
"""


def warc_holding(uri, page):
    """Return a gzipped WARC with one response record: `page`, fetched from `uri`."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record(uri, "response", payload=io.BytesIO(page), http_headers=http)
    )
    return out.getvalue()


@dataclass(frozen=True)
class Hostile:
    """A hostile document, and what of it every page must show as words."""

    file_name: str
    raw: bytes
    title: str  # the article's title, as every page shows it
    shown: tuple[str, ...]  # passages of its text that carry payloads, as the article shows them
    search: str  # a search that finds it
    snippet: str  # the payload its search result's snippet shows


HOSTILE = {
    "saved page": Hostile(
        "hostile.html",
        HOSTILE_PAGE,
        # The JSON-LD headline wins, and its markup is dropped as a headline's <em> would be.
        title="window.__xss=1 Hostile headline",
        shown=(
            f"must show every payload as plain text: {SCRIPT_TAG} is one of them.",
            '<img src=x onerror="window.__xss=1"> for the reader to see.',
            f"closing the paragraph </textarea>{SCRIPT_TAG} here.",
        ),
        search='"every payload"',
        snippet=SCRIPT_TAG,
    ),
    "text file": Hostile(
        "hostile.txt",
        HOSTILE_TEXT,
        title=TEXT_TITLE,
        shown=(
            f"</textarea>{SCRIPT_TAG} closes a text area in the admin",
            '<a href="javascript:window.__xss=1">click here</a>',
        ),
        search='"closes a text area"',
        snippet=f"</textarea>{SCRIPT_TAG}",
    ),
    "restored record": Hostile(
        "hostile.jsonl",
        HOSTILE_RECORD,
        title="<svg onload=alert(1)> Restored record",
        shown=(f"A restored record says {SCRIPT_TAG} in its text",),
        search="restored",
        snippet=SCRIPT_TAG,
    ),
    "SVG in a page": Hostile(
        "vectors.html",
        SVG_PAGE,
        title=f"<svg>{SCRIPT_TAG}</svg> Vector payloads in the Gazette",
        shown=(
            'the payloads read <svg><animate onbegin=window.__xss=1> and <svg><a xlink:href="javascript:window.__xss=1">',
        ),
        search='"written out as text"',
        snippet="<svg><animate onbegin=window.__xss=1>",
    ),
    "SVG file": Hostile(
        "vector.svg",
        SVG_FILE,
        title='<?xml version="1.0" encoding="UTF-8"?>',
        shown=(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="window.__xss=1">',
            SCRIPT_TAG,
            '<animate onbegin="window.__xss=1" attributeName="x" dur="1s"/>',
        ),
        search='"vector file"',
        snippet='<a xlink:href="javascript:window.__xss=1">',
    ),
    "styles": Hostile(
        "styles.html",
        STYLE_PAGE,
        title="width: expression(window.__xss=1) Style payloads in the Gazette",
        shown=(
            'the styles read <div style="background: url(javascript:window.__xss=1)"> and width: expression(window.__xss=1)',
        ),
        search='"the styles read"',
        snippet='<div style="background:',
    ),
    "look-alike tags in text": Hostile(
        "lookalikes.txt",
        LOOK_ALIKE_TEXT,
        title="<SCRIPT>window.__xss=1</SCRIPT> Look-alike tags ＜script＞window.__xss=1＜/script＞",
        shown=tuple(paragraph for paragraph in LOOK_ALIKE_TEXT.decode().split("\n\n")[1:-1]),
        search='"split apart"',
        snippet="<!--<script>window.__xss=1</script>-->",
    ),
    "look-alike tags in a page": Hostile(
        "lookalikes.html",
        LOOK_ALIKE_PAGE,
        title="<scrİpt>window.__xss=1</scrİpt> Look-alike markup in the Gazette",
        shown=(
            "java&#x09;script:window.__xss=1 and data:text/html,<script>window.__xss=1</script> stay words",
        ),
        search='"stay words in the page"',
        snippet="data:text/html,<script>window.__xss=1</script>",
    ),
    "WARC record": Hostile(
        "crawl.warc.gz",
        warc_holding(
            "https://gazette.example/crawl?q=<script>window.__xss=1</script>&page=1", CRAWLED_PAGE
        ),
        title="<img src=x onerror=window.__xss=1> Crawled payloads",
        shown=(f"the crawled payload reads {SCRIPT_TAG} for the reader",),
        search="crawled",
        snippet=SCRIPT_TAG,
    ),
}

# Runs before any script of each page, in every frame: records each write to
# window.__xss (a payload's proof of life) and keeps it from being redefined.
WATCH_XSS = """
(() => {
    const writes = [];
    Object.defineProperty(window, "__xssWrites", {value: writes});
    Object.defineProperty(window, "__xss", {
        get() { return writes.length ? writes[writes.length - 1] : undefined; },
        set(value) { writes.push(String(value)); },
    });
})();
"""

# What a payload leaves behind when it gets into the page as markup rather than text.
INJECTED_MARKUP = """() => {
    const OUR_SCRIPTS = ["/static/", "/admin/jsi18n/"];
    const injected = [...document.querySelectorAll("*")].filter(element =>
        [...element.attributes].some(attribute => /^on/i.test(attribute.name))
        || ["IFRAME", "FRAME", "OBJECT", "EMBED"].includes(element.tagName)
        || (element.tagName === "SCRIPT" && element.type !== "application/json"
            && !OUR_SCRIPTS.some(path => element.src.startsWith(location.origin + path)))
        || /expression\\(|javascript:/i.test(element.getAttribute("style") || "")
    );
    const links = [...document.querySelectorAll("[href], [src], [action], [formaction]")].filter(element => {
        const address = element.getAttribute("href") ?? element.getAttribute("src")
            ?? element.getAttribute("action") ?? element.getAttribute("formaction");
        try { return new URL(address, location.href).protocol === "javascript:"; } catch { return false; }
    });
    return [...injected, ...links].map(element => element.outerHTML.slice(0, 160));
}"""


def containing(text):
    """Return a pattern matching names that contain `text`.

    Playwright sends a pattern to the browser as /source/, so its slashes are escaped too.
    """
    return re.compile(re.escape(text).replace("/", r"\/"))


NOTHING_RAN = {
    "dialogs": [],
    "window.__xss": None,
    "writes": [],
    "frames": 0,
    "injected markup": [],
}


def imported(document):
    """Import a hostile document; return its one article."""
    result = import_document(document.raw, document.file_name)
    assert result.rejected == [] and len(result.imported) == 1
    return result.imported[0]


@pytest.fixture
def hostile():
    """The hostile saved page, text file and restored record, imported; returns their articles."""
    return {
        "page": imported(HOSTILE["saved page"]),
        "text": imported(HOSTILE["text file"]),
        "record": imported(HOSTILE["restored record"]),
    }


@pytest.fixture
def visit(page, live_server):
    """Return a function that opens a path and returns what ran there: NOTHING_RAN when nothing did."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH_XSS)

    def visit(path):
        dialogs.clear()
        page.goto(live_server.url + path)  # returns once the page and its images have loaded
        return {
            "dialogs": list(dialogs),
            "window.__xss": page.evaluate("window.__xss"),
            "writes": page.evaluate("window.__xssWrites"),
            "frames": len(page.frames) - 1,
            "injected markup": page.evaluate(INJECTED_MARKUP),
        }

    return visit


def test_the_watch_catches_payloads_that_run(page, visit):
    """A page that does run the payloads (served by the browser itself, not the archive) is caught."""
    vulnerable = f"""<p>{SCRIPT_TAG}<img src=x onerror="window.__xss=2">
        <iframe srcdoc="<script>parent.__xss=3</script>"></iframe><script>alert("ran")</script></p>"""
    page.route(
        "**/vulnerable/", lambda route: route.fulfill(body=vulnerable, content_type="text/html")
    )
    ran = visit("/vulnerable/")
    assert ran["dialogs"] == ["ran"]
    assert ran["window.__xss"] is not None and sorted(ran["writes"]) == ["1", "2", "3"]
    assert ran["frames"] == 1 and len(ran["injected markup"]) == 4


def test_article_pages_show_payloads_as_text(page, visit, hostile, artifacts_dir):
    """The text file's, the saved page's and the record's articles show their payloads as words, and nothing runs."""
    text, saved_page, record = hostile["text"], hostile["page"], hostile["record"]

    assert visit(text.get_absolute_url()) == NOTHING_RAN
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXT_TITLE)
    expect(page.get_by_role("link", name=f"{SCRIPT_TAG} Wire")).to_be_visible()
    expect(page.get_by_text(f"</textarea>{SCRIPT_TAG} closes a text area")).to_be_visible()
    expect(page.get_by_text('<a href="javascript:window.__xss=1">click here</a>')).to_be_visible()
    expect(page.get_by_label("Citation")).to_have_value(
        containing(f"“{SCRIPT_TAG} Hostile text file")
    )
    page.screenshot(path=artifacts_dir / "xss-article.png", full_page=True)

    assert visit(saved_page.get_absolute_url()) == NOTHING_RAN
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hostile headline")
    expect(
        page.get_by_role("heading", name="<svg onload=window.__xss=1> The payloads section")
    ).to_be_visible()
    expect(page.get_by_text(f"as plain text: {SCRIPT_TAG} is one of them.")).to_be_visible()
    expect(
        page.get_by_text('its twin is written out as text: <img src=x onerror="window.__xss=1">')
    ).to_be_visible()
    page.screenshot(path=artifacts_dir / "xss-saved-page.png", full_page=True)

    assert visit(record.get_absolute_url()) == NOTHING_RAN
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "<svg onload=alert(1)> Restored record"
    )
    expect(page.locator("main")).to_contain_text("Published at javascript:window.__xss=1")
    expect(page.locator("main")).to_contain_text(
        "the text says “<img src=x onerror=window.__xss=1> Saturday”"
    )


def test_an_article_highlighting_a_search_for_script_marks_words_not_markup(page, visit, hostile):
    """With ?q=script, the article marks the word "script" inside the payloads and still shows them as text."""
    assert visit(hostile["text"].get_absolute_url() + "?q=script") == NOTHING_RAN
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text(TEXT_TITLE)
    expect(title.locator("mark").first).to_have_text(re.compile("^script$", re.IGNORECASE))
    expect(page.get_by_text(f"</textarea>{SCRIPT_TAG} closes a text area")).to_be_visible()


@pytest.mark.parametrize(
    "words", ["hostile", "script", '"text file"', "<script>", "onerror=window.__xss=1"]
)
def test_search_results_show_payloads_as_text(page, visit, hostile, words):
    """Searching for a payload's words, even typed as markup, lists the text file with its title and snippet as text."""
    assert visit(f"/search/?{urlencode({'q': words})}") == NOTHING_RAN
    expect(page.get_by_role("searchbox", name="Search", exact=True)).to_have_value(words)
    hit = page.locator(".hits li").filter(has=page.get_by_role("link", name=TEXT_TITLE, exact=True))
    expect(hit.locator(".snippet")).to_contain_text("<script>")


def test_home_day_undated_and_source_pages_show_payloads_as_text(page, visit, hostile):
    """The home page, the day's page, the undated list and the sources' pages show the payloads as text."""

    assert visit("/") == NOTHING_RAN
    expect(page.get_by_role("link", name=TEXT_TITLE)).to_be_visible()

    assert visit("/archive/2025/01/02/") == NOTHING_RAN
    expect(page.get_by_role("link", name=TEXT_TITLE)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(f"{SCRIPT_TAG} Wire")

    assert visit("/archive/undated/") == NOTHING_RAN
    expect(page.get_by_role("link", name="<svg onload=alert(1)> Restored record")).to_be_visible()

    assert visit("/sources/") == NOTHING_RAN
    expect(page.get_by_role("link", name=f"{SCRIPT_TAG} Wire")).to_be_visible()
    expect(
        page.get_by_role("link", name="<iframe srcdoc='<script>parent.__xss=1</script>'> Records")
    ).to_be_visible()

    assert visit(reverse("archive:source", args=[hostile["text"].source.slug])) == NOTHING_RAN
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{SCRIPT_TAG} Wire")


def test_feeds_show_payloads_as_text(page, visit, hostile):
    """The Atom feeds, opened in the browser, show their XML with the titles escaped, and run nothing."""
    source_feed = reverse("archive:source-feed", args=[hostile["text"].source.slug])
    for path in ["/feed/", source_feed, "/search/feed/?q=hostile"]:
        assert visit(path) == NOTHING_RAN
        expect(page.locator("body")).to_contain_text(
            "<title>&lt;script&gt;window.__xss=1&lt;/script&gt; Hostile text file"
        )


def test_admin_pages_show_payloads_as_text(
    page, live_server, visit, hostile, log_in_editor, artifacts_dir
):
    """An editor's changelist, review queue, change pages and the original viewed as text run nothing."""
    log_in_editor()
    text, saved_page, record = hostile["text"], hostile["page"], hostile["record"]

    assert visit("/admin/archive/article/") == NOTHING_RAN
    expect(
        page.locator("#result_list").get_by_role("link", name=containing(SCRIPT_TAG))
    ).to_be_visible()
    assert visit("/admin/archive/article/?needs_review__exact=1") == NOTHING_RAN
    expect(page.locator("#result_list")).to_contain_text(
        "<img src=x onerror=window.__xss=1> Saturday"
    )
    assert visit("/admin/archive/source/") == NOTHING_RAN
    expect(page.locator("#result_list")).to_contain_text(f"{SCRIPT_TAG} Wire")

    assert visit(f"/admin/archive/article/{text.pk}/change/") == NOTHING_RAN
    expect(page.locator("#id_title")).to_have_value(TEXT_TITLE)
    expect(page.locator("#id_body")).to_have_value(
        containing(f"</textarea>{SCRIPT_TAG} closes a text area")
    )
    page.screenshot(path=artifacts_dir / "xss-admin-change.png", full_page=True)

    assert visit(f"/admin/archive/article/{record.pk}/change/") == NOTHING_RAN
    expect(page.locator("#id_url")).to_have_value("javascript:window.__xss=1")
    expect(page.locator("#id_author")).to_have_value("<img src=x onerror=window.__xss=1>")

    assert visit(f"/admin/archive/article/{saved_page.pk}/change/") == NOTHING_RAN
    assert visit(f"/articles/{saved_page.pk}/original/download/?view=text") == NOTHING_RAN
    expect(page.locator("body")).to_contain_text(
        '<script>window.__xss = 1; alert("from the page")</script>'
    )


@pytest.mark.parametrize("kind", HOSTILE)
def test_each_hostile_article_reads_as_text_on_its_page_in_search_and_in_its_feed(
    page, visit, kind
):
    """Each hostile document's article page, search result (title and snippet) and search feed show its payloads as words."""
    document = HOSTILE[kind]
    article = imported(document)

    assert visit(article.get_absolute_url()) == NOTHING_RAN
    expect(page.get_by_role("heading", level=1)).to_have_text(document.title)
    for passage in document.shown:
        expect(page.locator("main")).to_contain_text(passage)

    assert visit(f"/search/?{urlencode({'q': document.search})}") == NOTHING_RAN
    hit = page.locator(".hits li")
    expect(hit).to_have_count(1)
    expect(hit.get_by_role("link", name=document.title, exact=True)).to_be_visible()
    expect(hit.locator(".snippet")).to_contain_text(document.snippet)

    assert visit(f"/search/feed/?{urlencode({'q': document.search})}") == NOTHING_RAN
    expect(page.locator("body")).to_contain_text(f"<title>{escape(document.title)}</title>")


def test_a_page_with_a_tag_split_by_a_nul_is_refused_as_binary():
    """A saved page whose <scr\\0ipt> hides behind a NUL byte is refused with a reason, not imported."""
    result = import_document(
        b"<html><body><p>Split <scr\x00ipt>window.__xss=1</scr\x00ipt></p></body></html>",
        "nul.html",
    )

    assert result.imported == []
    assert [rejection.reason for rejection in result.rejected] == [
        "binary data, not text (it contains NUL bytes)"
    ]


def test_admin_shows_every_hostile_article_as_text(page, live_server, visit, log_in_editor):
    """The changelist, and each hostile article's change form, history and delete page, run nothing."""
    articles = {kind: imported(document) for kind, document in HOSTILE.items()}
    log_in_editor()
    # "Mark as reviewed" on them all gives each article a line of history.
    page.goto(f"{live_server.url}/admin/archive/article/")
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "mark_reviewed")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"Marked {len(HOSTILE)} articles as reviewed."
    )

    assert visit("/admin/archive/article/") == NOTHING_RAN
    for document in HOSTILE.values():
        expect(
            page.locator("#result_list").get_by_role("link", name=document.title, exact=True)
        ).to_be_visible()

    for kind, article in articles.items():
        title = HOSTILE[kind].title
        change = f"/admin/archive/article/{article.pk}/"
        assert visit(f"{change}change/") == NOTHING_RAN, kind
        expect(page.locator("#id_title")).to_have_value(title)
        assert visit(f"{change}history/") == NOTHING_RAN, kind
        expect(page.locator("#content h1")).to_have_text(f"Change history: {title}")
        expect(page.locator("#change-history")).to_contain_text("Marked as reviewed")
        assert visit(f"{change}delete/") == NOTHING_RAN, kind
        expect(page.locator("#content")).to_contain_text(
            f'Are you sure you want to delete the article "{title}"?'
        )
        expect(page.locator("#content")).to_contain_text(f"Article: {title}")

    # Saving names the article in a message, with a link to it.
    assert visit(f"/admin/archive/article/{articles['text file'].pk}/change/") == NOTHING_RAN
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text(
        f"The article “{TEXT_TITLE}” was changed successfully."
    )
    assert page.evaluate("window.__xssWrites") == [] and page.evaluate(INJECTED_MARKUP) == []


def test_original_web_page_downloads_and_never_opens_in_our_origin(
    page, live_server, hostile, log_in_editor
):
    """The admin's Download link for a saved page starts a download of its bytes; nothing of it opens or runs."""
    page.add_init_script(WATCH_XSS)
    log_in_editor()
    change = f"{live_server.url}/admin/archive/article/{hostile['page'].pk}/change/"
    page.goto(change)

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download", exact=True).click()

    download = downloading.value
    assert download.suggested_filename == "hostile.html"
    assert Path(download.path()).read_bytes() == HOSTILE_PAGE
    assert page.url == change and page.context.pages == [page]
    assert page.evaluate("window.__xssWrites") == []
