import itertools
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from haystack import connections

from archive.importing.saving import import_paths
from archive.models import Article, Format, Source
from tests.helpers import FIXTURES, ROOT

_hashes = itertools.count(1)
SIMPLE_ENGINE = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}


@pytest.fixture(autouse=True)
def originals_dir(settings, tmp_path):
    """Keep each test's originals in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "originals"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def search_index():
    """Start each test with an empty search index, in the test run's temporary data dir.

    The index stays in one place for the whole run: Haystack keeps a connection per
    thread, and the live server's thread outlives a test.
    """
    backend = connections["default"].get_backend()
    backend.clear(models=[Article])
    return backend


@pytest.fixture(autouse=True)
def forget_cached_figures():
    """Start each test without figures cached by an earlier one (archive/web/figures.py): a
    test's database goes away with it, while the cache stays."""
    cache.clear()


@pytest.fixture
def simple_engine():
    """Run the test on Haystack's simple backend, which needs no server (it matches words
    in the database); the Whoosh connection is back afterwards."""
    whoosh = connections.connections_info
    # An engine reads its options from settings.HAYSTACK_CONNECTIONS when it is made,
    # the handler its engine class from connections_info: both change, and change back.
    try:
        with override_settings(HAYSTACK_CONNECTIONS=SIMPLE_ENGINE):
            connections.connections_info = SIMPLE_ENGINE
            connections.reload("default")
            yield
    finally:
        connections.connections_info = whoosh
        connections.reload("default")


@pytest.fixture
def make_article(db):
    """Return a function that saves an Article, with fields overridable by keyword."""

    def make(**overrides):
        if isinstance(overrides.get("source"), str):
            overrides["source"], _ = Source.objects.get_or_create(name=overrides["source"])
        fields = {
            "title": "Rallies mark the anniversary",
            "body": "Thousands gathered in the capital on Thursday.",
            "content_hash": f"{next(_hashes):064x}",
            "original_format": Format.TEXT,
        } | overrides
        return Article.objects.create(**fields)

    return make


@pytest.fixture
def quick_password_hashing(settings):
    """Hash and check passwords with a cheap hasher, for tests that make many users or logins."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def inbox(tmp_path):
    """A folder of files to import (apart from the test's kept originals)."""
    path = tmp_path / "inbox"
    path.mkdir()
    return path


@pytest.fixture
def seeds(django_capture_on_commit_callbacks):
    """The five seed articles of fixtures/, imported and indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([FIXTURES])


@pytest.fixture(scope="session")
def artifacts_dir():
    """Where browser tests save screenshots: $ARTIFACTS_DIR, or ./artifacts."""
    path = Path(os.environ.get("ARTIFACTS_DIR") or ROOT / "artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright (which never downloads a browser here)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make beside it are still synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


EDITOR_PASSWORD = "a long editor password"


@pytest.fixture
def log_in_editor(page, live_server, django_user_model):
    """Return a function that logs the browser in as a staff editor, through the admin's login form."""
    from playwright.sync_api import expect

    def log_in():
        django_user_model.objects.create_user(
            "editor", password=EDITOR_PASSWORD, is_staff=True, is_superuser=True
        )
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", EDITOR_PASSWORD)
        page.click("input[type=submit]")
        expect(page.get_by_role("button", name="Log out")).to_be_visible()

    return log_in
