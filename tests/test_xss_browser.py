"""Hostile markup in imported articles shows as text and never runs, on every page that shows it.

Collected pages carry whatever their authors put in them. The importer keeps the text
of a page, so payloads that survive as text must reach the reader as text: the title
of an article reads "<script>…" and nothing in the browser runs.
"""

import json
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from archive.importing import import_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT_TAG = "<script>window.__xss=1</script>"
# The text file's headline, as every page must show it.
TEXT_TITLE = f'{SCRIPT_TAG} Hostile text file "><img src=x onerror=window.__xss=1>'

# A saved web page with payloads in its metadata, its markup and its text.
HOSTILE_PAGE = r"""<!doctype html>
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
""".encode()

# A plain-text file whose headline, text and source line are payloads written as words.
HOSTILE_TEXT = """ date 2025-01-02 <script>window.__xss=1</script> Hostile text file "><img src=x onerror=window.__xss=1>

The text file carries payloads as plain words: <script>window.__xss=1</script> and <img src=x onerror="window.__xss=1;alert(1)"> must show as written, never run.

A link written as text, <a href="javascript:window.__xss=1">click here</a>, and an address javascript:window.__xss=1 belong to the same sentence of the text file.

</textarea><script>window.__xss=1</script> closes a text area in the admin, and '"><svg onload=window.__xss=1> closes an attribute, both as plain text here.

<iframe srcdoc="<script>parent.__xss=1;alert(1)</script>"></iframe> and <scr<script>ipt>window.__xss=1</scr</script>ipt> and &lt;script&gt;window.__xss=1&lt;/script&gt; end the paragraph.

Source » <script>window.__xss=1</script> Wire
""".encode()

# A record of an export, restored: fields an export never checks, such as a javascript: URL.
HOSTILE_RECORD = json.dumps({
    "title": "<svg onload=alert(1)> Restored record",
    "url": "javascript:window.__xss=1",
    "author": "<img src=x onerror=window.__xss=1>",
    "source": "<iframe srcdoc='<script>parent.__xss=1</script>'> Records",
    "date_hint": "<img src=x onerror=window.__xss=1> Saturday",
    "body": "A restored record says <script>window.__xss=1</script> in its text, and the archive shows it as text.",
    "needs_review": True,
    "review_reasons": ["date"],
}).encode()

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


NOTHING_RAN = {"dialogs": [], "window.__xss": None, "writes": [], "frames": 0, "injected markup": []}


@pytest.fixture
def hostile():
    """The hostile saved page, text file and restored record, imported; returns their articles."""
    articles = {}
    documents = [
        ("page", "hostile.html", HOSTILE_PAGE),
        ("text", "hostile.txt", HOSTILE_TEXT),
        ("record", "hostile.jsonl", HOSTILE_RECORD),
    ]
    for key, name, raw in documents:
        result = import_document(raw, name)
        assert result.rejected == [] and len(result.imported) == 1
        articles[key] = result.imported[0]
    return articles


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


def log_in(page, live_server, django_user_model):
    """Log in through the admin's login form as a staff editor."""
    django_user_model.objects.create_user(
        "editor", password="a long editor password", is_staff=True, is_superuser=True
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long editor password")
    page.click("input[type=submit]")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_the_watch_catches_payloads_that_run(page, visit):
    """A page that does run the payloads (served by the browser itself, not the archive) is caught."""
    vulnerable = f"""<p>{SCRIPT_TAG}<img src=x onerror="window.__xss=2">
        <iframe srcdoc="<script>parent.__xss=3</script>"></iframe><script>alert("ran")</script></p>"""
    page.route("**/vulnerable/", lambda route: route.fulfill(body=vulnerable, content_type="text/html"))
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
    expect(page.get_by_label("Citation")).to_have_value(containing(f"“{SCRIPT_TAG} Hostile text file"))
    page.screenshot(path=artifacts_dir / "xss-article.png", full_page=True)

    assert visit(saved_page.get_absolute_url()) == NOTHING_RAN
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hostile headline")
    expect(page.get_by_role("heading", name="<svg onload=window.__xss=1> The payloads section")).to_be_visible()
    expect(page.get_by_text(f"as plain text: {SCRIPT_TAG} is one of them.")).to_be_visible()
    expect(page.get_by_text('its twin is written out as text: <img src=x onerror="window.__xss=1">')).to_be_visible()
    page.screenshot(path=artifacts_dir / "xss-saved-page.png", full_page=True)

    assert visit(record.get_absolute_url()) == NOTHING_RAN
    expect(page.get_by_role("heading", level=1)).to_have_text("<svg onload=alert(1)> Restored record")
    expect(page.locator("main")).to_contain_text("Published at javascript:window.__xss=1")
    expect(page.locator("main")).to_contain_text("the text says “<img src=x onerror=window.__xss=1> Saturday”")


def test_an_article_highlighting_a_search_for_script_marks_words_not_markup(page, visit, hostile):
    """With ?q=script, the article marks the word "script" inside the payloads and still shows them as text."""
    assert visit(hostile["text"].get_absolute_url() + "?q=script") == NOTHING_RAN
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text(TEXT_TITLE)
    expect(title.locator("mark").first).to_have_text(re.compile("^script$", re.IGNORECASE))
    expect(page.get_by_text(f"</textarea>{SCRIPT_TAG} closes a text area")).to_be_visible()


@pytest.mark.parametrize("words", ["hostile", "script", '"text file"', "<script>", "onerror=window.__xss=1"])
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
    expect(page.get_by_role("link", name="<iframe srcdoc='<script>parent.__xss=1</script>'> Records")).to_be_visible()

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


def test_admin_pages_show_payloads_as_text(page, live_server, visit, hostile, django_user_model, artifacts_dir):
    """An editor's changelist, review queue, change pages and the original viewed as text run nothing."""
    log_in(page, live_server, django_user_model)
    text, saved_page, record = hostile["text"], hostile["page"], hostile["record"]

    assert visit("/admin/archive/article/") == NOTHING_RAN
    expect(page.locator("#result_list").get_by_role("link", name=containing(SCRIPT_TAG))).to_be_visible()
    assert visit("/admin/archive/article/?needs_review__exact=1") == NOTHING_RAN
    expect(page.locator("#result_list")).to_contain_text("<img src=x onerror=window.__xss=1> Saturday")
    assert visit("/admin/archive/source/") == NOTHING_RAN
    expect(page.locator("#result_list")).to_contain_text(f"{SCRIPT_TAG} Wire")

    assert visit(f"/admin/archive/article/{text.pk}/change/") == NOTHING_RAN
    expect(page.locator("#id_title")).to_have_value(TEXT_TITLE)
    expect(page.locator("#id_body")).to_have_value(containing(f"</textarea>{SCRIPT_TAG} closes a text area"))
    page.screenshot(path=artifacts_dir / "xss-admin-change.png", full_page=True)

    assert visit(f"/admin/archive/article/{record.pk}/change/") == NOTHING_RAN
    expect(page.locator("#id_url")).to_have_value("javascript:window.__xss=1")
    expect(page.locator("#id_author")).to_have_value("<img src=x onerror=window.__xss=1>")

    assert visit(f"/admin/archive/article/{saved_page.pk}/change/") == NOTHING_RAN
    assert visit(f"/articles/{saved_page.pk}/original/download/?view=text") == NOTHING_RAN
    expect(page.locator("body")).to_contain_text('<script>window.__xss = 1; alert("from the page")</script>')
