"""Every response tells the browser to run only the archive's own scripts and styles.

The Content-Security-Policy, X-Content-Type-Options and Referrer-Policy headers are
checked on each kind of response the archive sends; then a real browser opens each
kind of page and reports any violation of the policy, and the pages' own scripts
(the citation's Copy button, the admin's widgets) still work under it.
"""

from datetime import date

import pytest
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone
from playwright.sync_api import expect

from archive.importing.saving import import_document
from archive.project.urls import urlpatterns as archive_urlpatterns
from archive.web.security import CONTENT_SECURITY_POLICY

EDITOR_PASSWORD = "a long editor password"
# What the archive's policy must say, directive by directive.
POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
# The original download's own policy, stricter than the archive's: nothing in it runs.
SANDBOX = "sandbox; default-src 'none'"
SAVED_PAGE = b"""<!doctype html><html><head><title>Rallies mark the anniversary</title></head>
<body onload="window.__xss=1"><article><h1>Rallies mark the anniversary</h1>
<p>Thousands gathered in the capital on Thursday, 2 January 2025, to mark the anniversary of
the general's death, carrying portraits and flags through the main square until the evening.</p>
<script>window.__xss = 1; alert("from the saved page")</script></article></body></html>"""


def fail(request):
    raise RuntimeError("A view that fails, for the server error page.")


# The archive's URLs plus one that fails (used with @pytest.mark.urls for the 500 page).
urlpatterns = [*archive_urlpatterns, path("fail/", fail)]


def directives(header):
    """Return a Content-Security-Policy header as {directive: set of sources}."""
    parsed = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        parsed[name] = set(sources)
    return parsed


def assert_archive_headers(response):
    """Assert that the response carries the archive's policy, nosniff and a same-origin referrer."""
    assert directives(response["Content-Security-Policy"]) == POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.fixture
def wire_article(make_article):
    """A dated article from a named source, so every listing and the search have something."""
    return make_article(
        source="Wire",
        published=date(2025, 1, 2),
        author="A. Reporter",
        url="https://example.com/rallies",
    )


def test_the_policy_allows_no_inline_or_evaluated_script():
    """The policy the middleware sends has script-src 'self' alone: no 'unsafe-inline', no 'unsafe-eval'."""
    assert directives(CONTENT_SECURITY_POLICY) == POLICY


@pytest.mark.parametrize(
    "name, url",
    [
        ("home", "/"),
        ("years", "/archive/"),
        ("year", "/archive/2025/"),
        ("month", "/archive/2025/01/"),
        ("day", "/archive/2025/01/02/"),
        ("undated", "/archive/undated/"),
        ("sources", "/sources/"),
        ("source", "/sources/wire/"),
        ("source feed", "/sources/wire/feed/"),
        ("feed", "/feed/"),
        ("search", "/search/?q=rallies"),
        ("search feed", "/search/feed/?q=rallies"),
        ("CSV export", "/search/export.csv?q=rallies"),
        ("JSON lines export", "/search/export.jsonl?q=rallies"),
        ("OpenSearch", "/opensearch.xml"),
        ("robots.txt", "/robots.txt"),
        ("sitemap", "/sitemap.xml"),
        ("admin login", "/admin/login/"),
        ("redirect to the admin login", "/admin/"),
    ],
)
def test_public_responses_carry_the_security_headers(client, wire_article, name, url):
    """Pages, feeds, exports and the admin's login each carry the policy, nosniff and the referrer policy."""
    response = client.get(url)

    assert response.status_code in (200, 302), name
    assert_archive_headers(response)


def test_article_page_carries_the_security_headers(client, wire_article):
    """An article's page carries the policy, nosniff and the referrer policy."""
    response = client.get(wire_article.get_absolute_url())

    assert response.status_code == 200
    assert_archive_headers(response)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/archive/article/",
        "/admin/archive/source/add/",
        "/admin/archive/source/add/?_to_field=id&_popup=1",
        "/admin/jsi18n/",
        "/admin/autocomplete/?app_label=archive&model_name=article&field_name=source&term=wi",
    ],
)
def test_admin_responses_carry_the_security_headers(admin_client, wire_article, url):
    """The admin's pages, popups, script catalogue and autocomplete answers carry the headers."""
    response = admin_client.get(url)

    assert response.status_code == 200
    assert_archive_headers(response)


def test_not_found_page_carries_the_security_headers(client, db):
    """A 404 page carries the policy."""
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert_archive_headers(response)


def test_bad_request_page_carries_the_security_headers(client, db):
    """A request for a host the archive does not serve gets a 400 page with the policy."""
    response = client.get("/", HTTP_HOST="elsewhere.example")

    assert response.status_code == 400
    assert_archive_headers(response)


def test_forbidden_page_carries_the_security_headers(db):
    """A login form posted without its CSRF token gets a 403 page with the policy."""
    checking_csrf = Client(enforce_csrf_checks=True)

    response = checking_csrf.post(
        "/admin/login/", {"username": "editor", "password": EDITOR_PASSWORD}
    )

    assert response.status_code == 403
    assert_archive_headers(response)


@pytest.mark.urls(__name__)
def test_server_error_page_carries_the_security_headers(db):
    """A view that fails gets a 500 page with the policy."""
    response = Client(raise_request_exception=False).get("/fail/")

    assert response.status_code == 500
    assert_archive_headers(response)


def test_static_files_carry_the_security_headers(client, settings):
    """WhiteNoise's static files carry the policy too: an SVG opened on its own runs no script."""
    settings.WHITENOISE_USE_FINDERS = True  # the tests never run collectstatic

    response = client.get("/static/archive/favicon.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert_archive_headers(response)


@pytest.fixture
def saved_page():
    """A saved web page with a script in it, imported with its original kept."""
    result = import_document(SAVED_PAGE, "rallies.html")
    assert result.rejected == [] and len(result.imported) == 1
    return result.imported[0]


def test_original_web_page_downloads_as_an_attachment_under_a_sandbox(admin_client, saved_page):
    """A saved page's original is an octet-stream attachment, sandboxed and unsniffed, never HTML."""
    response = admin_client.get(reverse("archive:original", args=[saved_page.pk]))

    assert b"".join(response.streaming_content) == SAVED_PAGE
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_original_web_page_viewed_as_text_keeps_its_sandbox(admin_client, saved_page):
    """With ?view=text a saved page's original is plain text, shown inline, under the view's sandbox."""
    response = admin_client.get(reverse("archive:original", args=[saved_page.pk]), {"view": "text"})

    assert b"".join(response.streaming_content) == SAVED_PAGE
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


# In the browser: violations of the policy, reported by each page that has one.

# Runs before any script of each page: keeps what the page's violation events report.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", event => window.__violations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`
));
"""


@pytest.fixture
def watched(page):
    """Watch the page's browser context (popups too) for violations; returns the list they land in."""
    violations = []
    context = page.context
    context.add_init_script(WATCH_VIOLATIONS)

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    context.on("console", on_console)
    return violations


def reported(page):
    """Return the violations the open page's own listener has seen."""
    return page.evaluate("window.__violations ?? []")


@pytest.mark.browser
def test_the_watch_catches_a_violation(page, watched):
    """A page under the archive's policy that has an inline script and style (served by the browser itself) is caught."""
    page.route(
        "**/inline/",
        lambda route: route.fulfill(
            body='<p style="color: red">Inline</p><script>window.__ran = 1</script>',
            content_type="text/html",
            headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
        ),
    )

    page.goto("http://archive.test/inline/")

    assert page.evaluate("window.__ran") is None
    directives_refused = sorted(violation.split()[0] for violation in reported(page))
    assert directives_refused == ["script-src-elem", "style-src-attr"]
    assert len(watched) == 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reader_pages_run_under_the_policy_without_a_violation(
    page, live_server, watched, wire_article
):
    """Every kind of page a reader opens, and the feeds and a 404, load with no violation of the policy."""
    pages = {
        "home": "/",
        "years": "/archive/",
        "year": "/archive/2025/",
        "month": "/archive/2025/01/",
        "day": "/archive/2025/01/02/",
        "undated": "/archive/undated/",
        "sources": "/sources/",
        "source": "/sources/wire/",
        "article": wire_article.get_absolute_url(),
        "search": "/search/?q=rallies",
        "feed": "/feed/",
        "source feed": "/sources/wire/feed/",
        "search feed": "/search/feed/?q=rallies",
        "not found": "/no-such-page/",
    }
    found = {}
    for name, url_path in pages.items():
        response = page.goto(live_server.url + url_path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, name
        if violations := reported(page):
            found[name] = violations
    assert found == {}
    assert watched == []
    # The search page had a result to show, with its snippet and timeline.
    page.goto(f"{live_server.url}/search/?q=rallies")
    expect(page.locator(".hits li")).to_have_count(1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citation_copy_button_works_under_the_policy(page, live_server, watched, wire_article):
    """article.js, loaded from our origin, adds a Copy button that puts the citation on the clipboard."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + wire_article.get_absolute_url())
    citation = page.get_by_label("Citation")

    citation.locator("xpath=following-sibling::button[1]").click()

    status = citation.locator("xpath=following-sibling::span[@role='status'][1]")
    expect(status).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == citation.input_value()
    assert "Rallies mark the anniversary" in citation.input_value()
    assert reported(page) == [] and watched == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_pages_run_under_the_policy_and_their_scripts_work(
    page, live_server, watched, wire_article, log_in_editor
):
    """The admin's login, index, lists, forms, popup and history load with no violation, and its widgets work."""
    admin = f"{live_server.url}/admin"
    page.goto(f"{admin}/login/")
    assert reported(page) == []
    log_in_editor()
    found = {}
    for name, url_path in {
        "index": "/",
        "article list": "/archive/article/",
        "review queue": "/archive/article/?needs_review__exact=1",
        "source list": "/archive/source/",
        "source popup list": "/archive/source/?_to_field=id&_popup=1",
        "source add form": "/archive/source/add/",
        "article history": f"/archive/article/{wire_article.pk}/history/",
    }.items():
        page.goto(admin + url_path)
        if violations := reported(page):
            found[name] = violations
    assert found == {}

    # The list's "select all" box (actions.js) ticks every row and counts them.
    page.goto(f"{admin}/archive/article/")
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_have_text("1 of 1 selected")

    # The add form's inline (inlines.js) gains a row for another alias.
    page.goto(f"{admin}/archive/source/add/")
    aliases = page.locator(".dynamic-aliases")
    expect(aliases).to_have_count(1)
    page.get_by_role("button", name="Add another Source alias").click()
    expect(aliases).to_have_count(2)

    # The change form: the calendar's "Today" (DateTimeShortcuts.js), and the source's "+"
    # opening a popup (RelatedObjectLookups.js) whose saved source comes back into the form.
    page.goto(f"{admin}/archive/article/{wire_article.pk}/change/")
    assert reported(page) == []
    today = page.locator("#id_published").locator(
        "xpath=following-sibling::span//a[text()='Today']"
    )
    today.click()
    expect(page.locator("#id_published")).to_have_value(timezone.localdate().isoformat())
    with page.expect_popup() as popup_opened:
        page.locator("#add_id_source").click()
    popup = popup_opened.value
    popup.wait_for_load_state()
    assert reported(popup) == []
    popup.fill("#id_name", "Night Desk")
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    expect(page.locator("#id_source option:checked")).to_have_text("Night Desk")

    # The source's autocomplete (select2 and autocomplete.js) searches as the editor types.
    page.locator("#select2-id_source-container").click()
    page.locator(".select2-search__field").fill("wi")
    expect(page.locator(".select2-results__option")).to_have_text(["Wire"])
    assert reported(page) == []
    assert watched == []
