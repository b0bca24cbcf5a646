"""A researcher using the archive in a real browser: by date, on a phone, in print,
without JavaScript, and with a keyboard or a screen reader."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from archive.importing.saving import import_paths
from archive.models import Article
from tests.helpers import FIXTURES, a11y

RALLIES = "Iran held rallies across major cities on Thursday (January 2)"  # 004's title starts so
RALLIES_SUBHEADINGS = [
    "A key figure in Iran",
    "Heavy losses for Iran’s allies",
    "Deadly memorial service",
]
# Saved pages carry addresses like this: long, with tracking parameters that never break.
LONG_URL = (
    "https://www.firstpost.com/world/iran-holds-rallies-to-mark-fifth-anniversary-of-soleimani-killing"
    "-13851234.html?utm_source=newsletter&utm_medium=email&utm_campaign=morning_briefing_20250102_world"
)
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rallies():
    """The sample corpus imported; returns 004, the article on the rallies of 2 January 2025."""
    import_paths([FIXTURES])
    return Article.objects.get(title__startswith=RALLIES)


@pytest.fixture
def archive_pages(live_server, rallies):
    """Every kind of page a reader browses, by name, as URLs on the live server."""
    paths = {
        "home": "/",
        "years": "/archive/",
        "year": "/archive/2025/",
        "month": "/archive/2025/01/",
        "day": "/archive/2025/01/02/",
        "article": rallies.get_absolute_url(),
        "sources": "/sources/",
        "source": "/sources/firstpost/",
        "search": "/search/?q=Soleimani",
        "undated": "/archive/undated/",
    }
    return {name: live_server.url + path for name, path in paths.items()}


def screenshot(page, artifacts_dir, name):
    page.screenshot(path=artifacts_dir / name, full_page=True)


def cite_box(page):
    """Return the article's "Cite this" box: the element that holds its heading."""
    return page.get_by_role("heading", name="Cite this").locator("xpath=..")


def page_width(page):
    """Return how wide the page's content is and how wide the screen shows it, in CSS pixels.

    The screen's width is the root's clientWidth: on a phone, window.innerWidth grows
    with content that overflows, as the browser zooms out to show it all.
    """
    return page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def problems_on_each_page(page, archive_pages, check):
    """Return {page name: problems} for the pages where `check(page)` finds any."""
    found = {}
    for name, url in archive_pages.items():
        page.goto(url)
        if problems := check(page):
            found[name] = problems
    return found


def test_researcher_follows_the_timeline_to_a_month_a_day_and_an_article(
    live_server, page, rallies, artifacts_dir
):
    """From the home page's timeline to a month, a day in its calendar, and an article with its cite box."""
    page.goto(f"{live_server.url}/")
    screenshot(page, artifacts_dir, "home.png")

    page.get_by_role("link", name="2025-01: 1 article").click()
    expect(page).to_have_url(f"{live_server.url}/archive/2025/01/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("January 2025")
    screenshot(page, artifacts_dir, "month.png")

    page.get_by_role("link", name="2 January 2025: 1 article").click()
    expect(page).to_have_url(f"{live_server.url}/archive/2025/01/02/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thursday 2 January 2025")
    screenshot(page, artifacts_dir, "day.png")

    page.get_by_role("link", name=re.compile(re.escape(RALLIES))).click()
    expect(page).to_have_url(live_server.url + rallies.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(rallies.title)
    for subheading in RALLIES_SUBHEADINGS:
        expect(page.get_by_role("heading", name=subheading, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Cite this")).to_be_visible()
    expect(cite_box(page)).to_contain_text(rallies.title)
    expect(cite_box(page)).to_contain_text(live_server.url + rallies.get_absolute_url())
    expect(cite_box(page)).to_contain_text(re.compile(r"@\w+\{"))  # BibTeX: @article{key, ...
    screenshot(page, artifacts_dir, "article.png")


def test_researcher_browses_years_sources_search_and_undated(
    live_server, page, rallies, artifacts_dir
):
    """The years, sources, one source, search results and undated pages each show their articles."""
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Browse").get_by_role("link", name="Dates").click()
    page.get_by_role("link", name="2025", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/archive/2025/")
    expect(page.get_by_role("link", name="2 January 2025: 1 article")).to_be_visible()
    screenshot(page, artifacts_dir, "year.png")

    page.get_by_role("navigation", name="Browse").get_by_role("link", name="Sources").click()
    sources = page.get_by_role("table")
    expect(
        sources.get_by_role("row", name=re.compile("^firstpost 1 2 Jan 2025 2 Jan 2025"))
    ).to_be_visible()
    expect(sources.get_by_role("link", name="AhlulBayt News Agency")).to_be_visible()
    screenshot(page, artifacts_dir, "sources.png")

    sources.get_by_role("link", name="firstpost").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("firstpost 1 article")
    expect(
        page.get_by_role("main").get_by_role("link", name=re.compile(re.escape(RALLIES)))
    ).to_be_visible()
    screenshot(page, artifacts_dir, "source.png")

    page.get_by_role("searchbox", name="Search the archive").fill('"Qassem Soleimani"')
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=%22Qassem\+Soleimani%22$"))
    hits = page.locator(".hits")
    expect(
        hits.get_by_role("link", name=re.compile("^Second International ‘Al-Ghaliboon’"))
    ).to_be_visible()
    expect(hits.locator("mark").first).to_have_text(re.compile("Qassem|Soleimani", re.IGNORECASE))
    screenshot(page, artifacts_dir, "search.png")

    page.get_by_role("navigation", name="Browse").get_by_role("link", name="Undated").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Undated articles 2")
    expect(
        page.get_by_role("link", name=re.compile("^Second International ‘Al-Ghaliboon’"))
    ).to_be_visible()
    screenshot(page, artifacts_dir, "undated.png")


def test_pages_fit_a_phone_screen(live_server, browser, archive_pages, rallies, artifacts_dir):
    """On a 390 px wide phone, no page scrolls sideways, even an article with a long URL."""
    rallies.url = LONG_URL
    rallies.save()
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    too_wide = []
    for name in ["home", "year", "month", "sources", "search", "article"]:
        phone.goto(archive_pages[name])
        content, screen = page_width(phone)
        if content > screen:
            too_wide.append((name, content, screen))
        if name in ("home", "article"):
            screenshot(phone, artifacts_dir, f"{name}-phone.png")
    expect(phone.get_by_role("link", name=LONG_URL)).to_be_visible()
    context.close()
    assert too_wide == []


def test_an_article_prints_without_the_site_around_it(
    live_server, page, rallies, log_in_editor, artifacts_dir
):
    """In print, the header, navigation, search box and staff links go; the title and text stay."""
    log_in_editor()
    page.goto(live_server.url + rallies.get_absolute_url())
    expect(page.get_by_role("link", name="Edit in the admin")).to_be_visible()

    page.emulate_media(media="print")
    for furniture in [
        page.locator("body > header"),
        page.get_by_role("link", name="Dates"),
        page.locator("input[name=q]"),
        page.get_by_role("link", name="Edit in the admin"),
        page.get_by_role("link", name="Atom feed of the latest articles"),
    ]:
        expect(furniture).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(rallies.title)
    expect(page.get_by_role("heading", name="Deadly memorial service")).to_be_visible()
    expect(page.get_by_text("resistance to US policies in the Middle East.")).to_be_visible()
    for text in [page.get_by_label("Citation"), page.get_by_label("BibTeX")]:
        # Paper cannot scroll: a text box must show all of its text.
        expect(text).to_be_visible()
        assert text.evaluate(
            "box => box.scrollHeight <= box.clientHeight && box.scrollWidth <= box.clientWidth"
        )
    screenshot(page, artifacts_dir, "article-print.png")
    page.pdf(path=artifacts_dir / "article.pdf", format="A4")


def test_search_timeline_and_cite_box_work_without_javascript(live_server, browser, rallies):
    """With JavaScript off, the header's search box finds articles, the timeline's bars lead to
    their months, and the cite box shows its texts."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox", name="Search the archive").fill("anniversary")
    page.get_by_role("searchbox", name="Search the archive").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/search/?q=anniversary")
    expect(
        page.locator(".hits").get_by_role("link", name=re.compile(re.escape(RALLIES)))
    ).to_be_visible()

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="2024-12: 1 article").click()
    expect(page).to_have_url(f"{live_server.url}/archive/2024/12/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("December 2024")

    page.goto(live_server.url + rallies.get_absolute_url())
    expect(page.get_by_label("Citation")).to_have_value(re.compile(re.escape(RALLIES)))
    expect(page.get_by_label("BibTeX")).to_have_value(re.compile(r"^@article\{"))
    context.close()


def test_every_page_has_one_main_a_banner_and_navigation(page, archive_pages):
    """Each page has exactly one <main>, a <header> banner and a nav landmark."""
    assert problems_on_each_page(page, archive_pages, a11y.landmark_problems) == {}


def test_every_page_has_one_h1_and_headings_that_never_skip_a_level(page, archive_pages):
    """Each page has one h1, and going down its headings never skip a level (no h1 then h3)."""
    assert problems_on_each_page(page, archive_pages, a11y.heading_problems) == {}


def test_every_form_field_image_and_link_has_a_name(page, archive_pages):
    """Form fields have a label or aria-label, images an alt, and links text or an aria-label."""

    def unnamed(page):
        return a11y.unnamed_fields(page) + a11y.images_without_alt(page) + a11y.unnamed_links(page)

    assert problems_on_each_page(page, archive_pages, unnamed) == {}


def test_keyboard_focus_is_always_visible(page, archive_pages):
    """Tabbing through a page, every element focused shows an outline, on screen."""
    assert problems_on_each_page(page, archive_pages, a11y.unseen_focus) == {}


def test_text_has_enough_contrast_against_its_background(page, archive_pages):
    """Body text, .meta lines and all other visible text reach WCAG AA contrast (4.5:1, 3:1 when large)."""

    def low_contrast(page):
        problems = []
        if (ratio := a11y.contrast_ratio(page.locator("body"))) < a11y.NORMAL_TEXT_CONTRAST:
            problems.append(("body text", round(ratio, 2)))
        for meta in page.locator(".meta").all():
            if (ratio := a11y.contrast_ratio(meta)) < a11y.NORMAL_TEXT_CONTRAST:
                problems.append((meta.inner_text(), round(ratio, 2)))
        return problems + a11y.low_contrast_text(page)

    assert problems_on_each_page(page, archive_pages, low_contrast) == {}


def test_calendar_day_numbers_stay_readable_in_every_shade(
    live_server, page, make_article, artifacts_dir
):
    """In a busy month, the day numbers on all four shades of the calendar keep AA contrast."""
    for day, count in [(2, 4), (3, 3), (4, 2), (5, 1)]:  # shades 4, 3, 2 and 1
        for n in range(count):
            make_article(title=f"Article {n} of {day} December", published=date(2024, 12, day))
    page.goto(f"{live_server.url}/archive/2024/12/")
    for shade in range(1, 5):
        expect(page.locator(f".calendar td.shade-{shade} a")).to_have_count(1)
    screenshot(page, artifacts_dir, "month-busy.png")
    assert a11y.low_contrast_text(page) == []


def test_a_year_pages_month_headings_line_up(page, live_server, make_article):
    """September's heading with its count, linked, is no taller than May's without articles."""
    for day in (date(2024, 9, 3), date(2024, 9, 4), date(2024, 12, 30)):
        make_article(title=f"Story of {day}", published=day)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/archive/2024/")
    heights = page.locator(".calendar caption").evaluate_all(
        "captions => captions.map(caption => caption.getBoundingClientRect().height)"
    )
    assert len(heights) == 12
    assert max(heights) == min(heights), heights


@pytest.mark.parametrize(
    ("name", "params", "said"),
    [
        (
            "search-reversed-dates.png",
            "q=soleimani&from=2025&to=2024",
            (
                "From was after To, so the dates were swapped: "
                "searched from 1 January 2024 to 31 December 2025."
            ),
        ),
        (
            "search-the.png",
            "q=the",
            '"the": too common or too short to be searched, so left out of the search.',
        ),
    ],
)
def test_the_search_page_says_what_it_did_with_what_was_typed(
    page, live_server, rallies, artifacts_dir, name, params, said
):
    page.goto(f"{live_server.url}/search/?{params}")
    expect(page.get_by_role("status").filter(has_text=said)).to_be_visible()
    expect(page.get_by_text("Did you mean")).to_have_count(0)
    screenshot(page, artifacts_dir, name)
