"""Who gets what at every URL: anonymous visitors, readers with an account, staff, superusers.

The table below decides the access of every pattern in the URLconf; a pattern added
without an entry fails `test_every_url_pattern_has_a_decided_access`.
"""

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from archive.importing.saving import import_document
from archive.models import AliasGroup, Article, ReviewReason, Source

pytestmark = [
    # A page that paginates unordered rows can show a row twice and another never.
    pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning"),
    # Every test here makes three users.
    pytest.mark.usefixtures("quick_password_hashing"),
]

ROLES = ("anonymous", "reader", "staff", "superuser")
PASSWORD = "a long password for tests"
# Words only the flagged article has: a page that shows them shows the review queue's content.
FLAGGED_TITLE = "Flagged quorum dispute"

# What a role gets at a URL:
OK = 200
MISSING = 404
DENIED = 403
NOT_ALLOWED = 405  # the admin's logout takes a POST only
LOGIN = "login"  # 302 to the admin's login page, with ?next= the URL asked for
MOVED = "moved"  # 301 to the article's canonical URL
TO_ADMIN = "to admin"  # 302 to the admin's index
TO_CHANGE = "to change"  # 302 to the object's change page
TO_ARTICLE = "to article"  # 302 to the article's public page

PUBLIC = (OK, OK, OK, OK)
STAFF_ONLY = (LOGIN, LOGIN, OK, OK)
# Model pages: staff without the model's permissions are refused too.
WITH_PERMISSION = (LOGIN, LOGIN, DENIED, OK)


@dataclass
class World:
    """The objects that route parameters are filled with."""

    article: Article
    flagged: Article
    source: Source
    alias_group: AliasGroup
    reader: User
    group: Group
    attempt: AccessAttempt
    access_log: AccessLog
    failure_log: AccessFailureLog


# Every model in the admin, the object its pages are shown for, and who may add one.
# Articles come only through the importer; Axes' records only from login attempts.
ADMIN_MODELS = {
    "archive.article": ("article", False),
    "archive.source": ("source", True),
    "archive.aliasgroup": ("alias_group", True),
    "auth.user": ("reader", True),
    "auth.group": ("group", True),
    "axes.accessattempt": ("attempt", False),
    "axes.accesslog": ("access_log", False),
    "axes.accessfailurelog": ("failure_log", False),
}


def admin_model_table():
    """Return the table's rows for the pages the admin makes for each model."""
    rows = {}
    for label, (name, addable) in ADMIN_MODELS.items():
        app, model = label.split(".")

        def url(view, name=name, app=app, model=model):
            def build(world):
                args = [] if view in ("changelist", "add") else [getattr(world, name).pk]
                return reverse(f"admin:{app}_{model}_{view}", args=args)

            return build

        for view in ("changelist", "history", "delete", "change"):
            rows[f"admin:{app}_{model}_{view}"] = (url(view), WITH_PERMISSION)
        rows[f"admin:{app}_{model}_add"] = (
            url("add"),
            WITH_PERMISSION if addable else (LOGIN, LOGIN, DENIED, DENIED),
        )
        # The old-style /admin/app/model/<id>/ redirects to the change page; the page then decides.
        rows[f"admin/{app}/{model}/<path:object_id>/"] = (
            lambda world, name=name, app=app, model=model: (
                f"/admin/{app}/{model}/{getattr(world, name).pk}/"
            ),
            (LOGIN, LOGIN, TO_CHANGE, TO_CHANGE),
        )
    return rows


def day_args(world):
    day = world.article.published
    return [day.year, day.month, day.day]


TABLE = {
    # The public archive.
    "archive:home": (lambda w: reverse("archive:home"), PUBLIC),
    "archive:years": (lambda w: reverse("archive:years"), PUBLIC),
    "archive:undated": (lambda w: reverse("archive:undated"), PUBLIC),
    "archive:year": (lambda w: reverse("archive:year", args=day_args(w)[:1]), PUBLIC),
    "archive:month": (lambda w: reverse("archive:month", args=day_args(w)[:2]), PUBLIC),
    "archive:day": (lambda w: reverse("archive:day", args=day_args(w)), PUBLIC),
    "archive:sources": (lambda w: reverse("archive:sources"), PUBLIC),
    "archive:source": (lambda w: reverse("archive:source", args=[w.source.slug]), PUBLIC),
    "archive:source-feed": (lambda w: reverse("archive:source-feed", args=[w.source.slug]), PUBLIC),
    "archive:feed": (lambda w: reverse("archive:feed"), PUBLIC),
    "archive:article-by-id": (
        lambda w: reverse("archive:article-by-id", args=[w.article.pk]),
        (MOVED,) * 4,
    ),
    "archive:article": (lambda w: w.article.get_absolute_url(), PUBLIC),
    "archive:search": (lambda w: reverse("archive:search") + "?q=quorum", PUBLIC),
    "archive:search-feed": (lambda w: reverse("archive:search-feed") + "?q=quorum", PUBLIC),
    "archive:search-export-csv": (
        lambda w: reverse("archive:search-export-csv") + "?q=quorum",
        PUBLIC,
    ),
    "archive:search-export-jsonl": (
        lambda w: reverse("archive:search-export-jsonl") + "?q=quorum",
        PUBLIC,
    ),
    "archive:opensearch": (lambda w: reverse("archive:opensearch"), PUBLIC),
    "sitemap": (lambda w: reverse("sitemap"), PUBLIC),
    "django.contrib.sitemaps.views.sitemap": (
        lambda w: reverse("django.contrib.sitemaps.views.sitemap", args=["articles"]),
        PUBLIC,
    ),
    "robots.txt": (lambda w: "/robots.txt", PUBLIC),
    # The original as it was imported: staff who may view articles (it may be a page with scripts).
    "archive:original": (
        lambda w: reverse("archive:original", args=[w.article.pk]),
        WITH_PERMISSION,
    ),
    # The admin site itself.
    "admin:login": (
        lambda w: reverse("admin:login") + "?next=/admin/",
        (OK, OK, TO_ADMIN, TO_ADMIN),
    ),
    "admin:logout": (
        lambda w: reverse("admin:logout"),
        (TO_ADMIN, TO_ADMIN, NOT_ALLOWED, NOT_ALLOWED),
    ),
    "admin:index": (lambda w: reverse("admin:index"), STAFF_ONLY),
    "admin:password_change": (lambda w: reverse("admin:password_change"), STAFF_ONLY),
    "admin:password_change_done": (lambda w: reverse("admin:password_change_done"), STAFF_ONLY),
    "admin:jsi18n": (lambda w: reverse("admin:jsi18n"), STAFF_ONLY),
    "admin:autocomplete": (
        lambda w: (
            reverse("admin:autocomplete")
            + "?app_label=archive&model_name=article&field_name=source&term="
        ),
        WITH_PERMISSION,
    ),
    "admin:view_on_site": (
        lambda w: reverse(
            "admin:view_on_site", args=[ContentType.objects.get_for_model(Article).pk, w.article.pk]
        ),
        (LOGIN, LOGIN, TO_ARTICLE, TO_ARTICLE),
    ),
    # An app's page lists only the models a user may see: none, for staff without permissions.
    "admin:app_list": (lambda w: "/admin/archive/", (LOGIN, LOGIN, MISSING, OK)),
    "admin/(?P<url>.*)$": (lambda w: "/admin/no-such-page/", (LOGIN, LOGIN, MISSING, MISSING)),
    "admin:auth_user_password_change": (
        lambda w: reverse("admin:auth_user_password_change", args=[w.reader.pk]),
        WITH_PERMISSION,
    ),
} | admin_model_table()


def url_patterns(resolver=None, prefix="", namespace=""):
    """Yield the table key of every pattern in the URLconf: its qualified name, else its route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, route, inner)
        else:
            yield f"{namespace}{pattern.name}" if pattern.name else route


def test_every_url_pattern_has_a_decided_access():
    """Each pattern of the URLconf is in the access table, and the table has no stale entries."""
    patterns = list(url_patterns())
    assert len(patterns) == len(set(patterns))
    assert set(patterns) - set(TABLE) == set(), "new URL patterns: decide who may see them in TABLE"
    assert set(TABLE) - set(patterns) == set()


def test_every_admin_model_is_in_the_table():
    """A model added to the admin must be listed in ADMIN_MODELS, with the object to test it on."""
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


@pytest.fixture
def world(db, django_capture_on_commit_callbacks, make_article):
    with django_capture_on_commit_callbacks(execute=True):
        result = import_document(
            b" date 2024-12-30 \nQuorum reached at the council\n\nThe council met on Monday to vote.\n",
            "council.txt",
            source="Firstpost",
        )
        article = result.imported[0]
        # Reviewed by an editor: only the other article is in the review queue.
        article.needs_review, article.review_reasons = False, []
        article.save()
        flagged = make_article(
            title=FLAGGED_TITLE,
            body="The quorum was disputed.",
            source="Firstpost",
            needs_review=True,
            review_reasons=[ReviewReason.TITLE],
        )
    attempt_fields = {
        "user_agent": "curl",
        "ip_address": "10.0.0.1",
        "username": "someone",
        "http_accept": "*/*",
        "path_info": "/admin/login/",
    }
    return World(
        article=article,
        flagged=flagged,
        source=article.source,
        alias_group=AliasGroup.objects.create(name="Islamic State", members="ISIL\nISIS\nDaesh"),
        reader=User.objects.create_user("reader", password=PASSWORD),
        group=Group.objects.create(name="editors"),
        attempt=AccessAttempt.objects.create(
            **attempt_fields, get_data="", post_data="", failures_since_start=1
        ),
        access_log=AccessLog.objects.create(**attempt_fields),
        failure_log=AccessFailureLog.objects.create(**attempt_fields),
    )


@pytest.fixture
def clients(world):
    """A test client per role, logged in as that role."""
    people = {
        "reader": world.reader,
        "staff": User.objects.create_user("clerk", password=PASSWORD, is_staff=True),
        "superuser": User.objects.create_superuser("chief", password=PASSWORD),
    }
    clients = {"anonymous": Client()}
    for role, user in people.items():
        clients[role] = Client()
        clients[role].force_login(user)
    return clients


def outcome(response, url, world):
    """Return what a response amounts to, in the table's words."""
    location = response.get("Location", "")
    if response.status_code == 302 and location == f"/admin/login/?next={quote(url, safe='/')}":
        return LOGIN
    if response.status_code == 302 and location == reverse("admin:index"):
        return TO_ADMIN
    if response.status_code == 302 and location.endswith("/change/"):
        return TO_CHANGE
    if response.status_code == 302 and location.endswith(world.article.get_absolute_url()):
        return TO_ARTICLE
    if response.status_code == 301 and location == world.article.get_absolute_url():
        return MOVED
    return response.status_code


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("key", sorted(TABLE))
def test_each_role_gets_what_the_table_says(key, world, clients):
    """Every URL answers each role as decided: public pages 200, the rest a login redirect or a refusal."""
    build, expected = TABLE[key]
    url = build(world)
    for role, wanted in zip(ROLES, expected):
        response = clients[role].get(url)
        got = outcome(response, url, world)
        assert got == wanted, (
            f"{role} at {url}: {got} ({response.status_code} {response.get('Location', '')})"
        )
        if wanted != OK:
            # Refused, redirected or missing: never the archive's data on the way.
            assert FLAGGED_TITLE not in body(response)


@pytest.mark.parametrize("role", ["anonymous", "reader"])
def test_posts_to_the_admin_change_nothing_for_visitors(role, world, clients):
    """Deleting, editing, adding and actions posted by a visitor or reader are sent to log in, and nothing changes."""
    client, article = clients[role], world.article
    posts = [
        (reverse("admin:archive_article_delete", args=[article.pk]), {"post": "yes"}),
        (reverse("admin:archive_article_change", args=[article.pk]), {"title": "Defaced"}),
        (
            reverse("admin:archive_article_changelist"),
            {"action": "mark_reviewed", "_selected_action": [world.flagged.pk]},
        ),
        (reverse("admin:archive_source_add"), {"name": "Planted"}),
        (
            reverse("admin:auth_user_change", args=[world.reader.pk]),
            {"username": "reader", "is_staff": "on", "is_superuser": "on"},
        ),
        (
            reverse("admin:auth_user_password_change", args=[world.reader.pk]),
            {"password1": "taken over 12345", "password2": "taken over 12345"},
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert outcome(response, url, world) == LOGIN, url
    assert_nothing_changed(world)


def test_posts_to_the_admin_change_nothing_for_staff_without_permissions(world, clients):
    """Staff without the models' permissions are refused (403) the same posts, and nothing changes."""
    client, article = clients["staff"], world.article
    posts = [
        (reverse("admin:archive_article_delete", args=[article.pk]), {"post": "yes"}),
        (reverse("admin:archive_article_change", args=[article.pk]), {"title": "Defaced"}),
        (reverse("admin:archive_source_add"), {"name": "Planted"}),
        (
            reverse("admin:auth_user_change", args=[world.reader.pk]),
            {"username": "reader", "is_staff": "on"},
        ),
        (
            reverse("admin:auth_user_password_change", args=[world.reader.pk]),
            {"password1": "taken over 12345", "password2": "taken over 12345"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == DENIED, url
    # An action on a list the user may not see: the list itself is refused.
    response = client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "mark_reviewed", "_selected_action": [world.flagged.pk]},
    )
    assert response.status_code == DENIED
    assert_nothing_changed(world)


def test_a_superuser_can_make_the_same_changes(world, clients):
    """For contrast: the same delete and action posted by a superuser do change the archive."""
    client = clients["superuser"]
    response = client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "mark_reviewed", "_selected_action": [world.flagged.pk]},
    )
    assert response.status_code == 302
    world.flagged.refresh_from_db()
    assert not world.flagged.needs_review
    response = client.post(
        reverse("admin:archive_article_delete", args=[world.article.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk=world.article.pk).exists()


def assert_nothing_changed(world):
    article = Article.objects.get(pk=world.article.pk)
    assert article.title == world.article.title
    assert Article.objects.get(pk=world.flagged.pk).needs_review
    assert not Source.objects.filter(name="Planted").exists()
    reader = User.objects.get(pk=world.reader.pk)
    assert not reader.is_staff and not reader.is_superuser and reader.check_password(PASSWORD)


REVIEW_FILTERED = [
    ("archive:search", "html"),
    ("archive:search-feed", "atom"),
    ("archive:search-export-csv", "csv"),
    ("archive:search-export-jsonl", "jsonl"),
]


@pytest.mark.parametrize("name, kind", REVIEW_FILTERED)
def test_the_needs_review_filter_is_staff_only(name, kind, world, clients):
    """?review=1 narrows a search to the review queue for staff; for others it is ignored, not obeyed."""
    url = reverse(name) + "?q=quorum&review=1"
    for role in ("anonymous", "reader"):
        page = body(clients[role].get(url))
        # Both articles: the filter is not applied, so the result is no list of flagged articles.
        assert FLAGGED_TITLE in page and world.article.title in page, role
    for role in ("staff", "superuser"):
        page = body(clients[role].get(url))
        assert FLAGGED_TITLE in page and world.article.title not in page, role
