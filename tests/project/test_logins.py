"""Login attempts are rate-limited: too many failures for a username from an address pause its logins there."""

import http.cookiejar
import io
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.test import RequestFactory
from playwright.sync_api import expect

from archive.web.logins import client_address
from tests.helpers import GUNICORN, ROOT, clean_environment, free_port, get

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a long editor password"

# These tests try dozens of passwords, at half a second each with the real hasher.
pytestmark = pytest.mark.usefixtures("quick_password_hashing")


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client, username, password, address="10.0.0.1"):
    """Post the admin's login form from `address`; return the response."""
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return client.get("/admin/").status_code == 200


def fail(client, times, username="editor", address="10.0.0.1"):
    """Post `times` wrong passwords; return the status of each answer."""
    return [log_in(client, username, "wrong", address).status_code for _ in range(times)]


def test_a_right_password_logs_in_after_a_few_failures(client, editor):
    """Four wrong passwords do not keep the editor out: the fifth try, the right one, logs in."""
    assert fail(client, 4) == [200] * 4
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert logged_in(client)


def test_after_five_failures_even_the_right_password_is_refused(client, editor):
    """The fifth failure pauses logins: the next try, with the right password, gets 429 and a wait."""
    assert fail(client, 5) == [200, 200, 200, 200, 429]
    response = log_in(client, "editor", PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed logins" in page and "Try again in 15 minutes" in page
    assert not logged_in(client)


def test_failures_for_admin_lock_out_that_address_not_the_real_admin(client, django_user_model):
    """Five wrong passwords for the predictable `admin` from one address lock `admin` out there
    only: the real admin, from another address, still logs in with the right password."""
    django_user_model.objects.create_superuser("admin", password=PASSWORD)
    assert fail(client, 5, username="admin", address="203.0.113.66")[-1] == 429
    assert log_in(client, "admin", PASSWORD, address="203.0.113.66").status_code == 429
    response = log_in(client, "admin", PASSWORD, address="10.0.0.2")
    assert response.status_code == 302 and logged_in(client)


def test_failures_for_one_username_leave_other_editors_at_that_address_alone(
    client, editor, django_user_model
):
    """Locked out for `editor` at one address, a colleague behind the same address still logs in."""
    django_user_model.objects.create_user("reader", password=PASSWORD, is_staff=True)
    fail(client, 5, address="10.0.0.1")
    response = log_in(client, "reader", PASSWORD, address="10.0.0.1")
    assert response.status_code == 302 and logged_in(client)


def test_another_user_from_another_address_is_unaffected(client, editor, django_user_model):
    """While one editor is locked out, another editor from another address logs in."""
    django_user_model.objects.create_user("reader", password=PASSWORD, is_staff=True)
    fail(client, 5, address="10.0.0.1")
    response = log_in(client, "reader", PASSWORD, address="10.0.0.2")
    assert response.status_code == 302 and logged_in(client)


def test_a_refused_next_address_lands_on_the_admin_index(client, editor):
    """Logging in with ?next= another site's address goes to the admin's index, not a missing page."""
    response = client.post(
        "/admin/login/?next=https://elsewhere.example/",
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


def test_the_right_password_works_again_once_the_pause_is_over(client, editor):
    """Fifteen minutes after the last failure the lockout is over and the right password logs in."""
    fail(client, 5)
    move_back(minutes=14)
    assert log_in(client, "editor", PASSWORD).status_code == 429
    move_back(minutes=2)
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_tries_during_the_pause_do_not_prolong_it(client, editor):
    """Hammering the form while locked out does not push back the time the page names."""
    fail(client, 5)
    move_back(minutes=10)
    assert fail(client, 3) == [429] * 3
    move_back(minutes=6)
    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_an_administrator_can_lift_the_pause_at_once(client, editor):
    """`manage.py axes_reset_username editor`, as the README says, lets the locked-out editor in."""
    fail(client, 5)
    call_command("axes_reset_username", "editor", stdout=io.StringIO())
    assert log_in(client, "editor", PASSWORD).status_code == 302


def move_back(minutes):
    """Make the stored failures `minutes` older, as if that much time had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_the_address_is_read_past_the_configured_proxies(settings):
    """Behind one proxy the client is the last X-Forwarded-For entry; without proxies the header is ignored."""
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.ARCHIVE_PROXY_COUNT = 0
    assert client_address(request) == "127.0.0.1"
    settings.ARCHIVE_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.7"
    settings.ARCHIVE_PROXY_COUNT = 2
    assert client_address(request) == "6.6.6.6"
    settings.ARCHIVE_PROXY_COUNT = (
        3  # fewer entries than proxies: the header was not all written by them
    )
    assert client_address(request) == "127.0.0.1"


def test_behind_a_proxy_each_client_is_counted_apart(client, editor, settings):
    """With ARCHIVE_PROXY_COUNT=1, failures from one client behind the proxy do not lock out another."""
    settings.ARCHIVE_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "guess", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    response = client.post(
        LOGIN,
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302


class Visitor:
    """A browser-less visitor with cookies, posting the admin login form over real HTTP."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def log_in(self, base, username, password):
        """Return (status, page) of logging in at `base` with the form's CSRF token."""
        with self.opener.open(f"{base}{LOGIN}", timeout=10) as response:
            token = re.search(
                r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()
            )[1]
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        try:
            with self.opener.open(f"{base}{LOGIN}", data=data, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def test_failures_count_across_server_processes(tmp_path):
    """Failures at two separate gunicorn servers on one database add up to a lockout at both."""
    env = clean_environment(ARCHIVE_DATA_DIR=str(tmp_path), DJANGO_DEBUG="0")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    create = "from django.contrib.auth.models import User; User.objects.create_user('editor', password=%r, is_staff=True)"
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", create % PASSWORD],
        cwd=ROOT,
        env=env,
        check=True,
    )
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                str(GUNICORN),
                "archive.project.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        first, second = (f"http://127.0.0.1:{port}" for port in ports)
        for base in (first, second):
            get(f"{base}/robots.txt")  # wait until it answers
        visitor = Visitor()
        statuses = [
            visitor.log_in(base, "editor", "wrong")[0] for base in (first, second, first, second)
        ]
        assert statuses == [200, 200, 200, 200]
        assert visitor.log_in(second, "editor", "wrong")[0] == 429
        status, page = visitor.log_in(first, "editor", PASSWORD)
        assert status == 429 and "Try again in 15 minutes" in page
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_login_form_tells_a_locked_out_editor_how_long_to_wait(
    live_server, page, django_user_model, artifacts_dir
):
    """In the browser, the sixth try at the admin's login form shows the pause and its length, not the admin."""
    django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    for password in ["wrong"] * 5 + [PASSWORD]:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", password)
        page.click("input[type=submit]")
    page.screenshot(path=artifacts_dir / "login-locked-out.png", full_page=True)
    expect(page.locator(".errornote")).to_contain_text("Try again in 15 minutes")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
