"""Production settings pass `check --deploy`, and HTTPS hardening switches on only when asked."""

import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.core.management.utils import get_random_secret_key

from tests.helpers import GUNICORN, ROOT, clean_environment, free_port

HOST = "archive.example.org"
HTTPS_WARNINGS = ["security.W004", "security.W008", "security.W012", "security.W016"]


def environment(tmp_path, **env):
    """Return a production environment (DEBUG off, a real key, one host) with `env` on top."""
    return (
        clean_environment()
        | {
            "ARCHIVE_DATA_DIR": str(tmp_path),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": get_random_secret_key(),
            "DJANGO_ALLOWED_HOSTS": HOST,
        }
        | env
    )


def check_deploy(env):
    """Return (exit status, output) of `manage.py check --deploy --fail-level WARNING`."""
    process = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return process.returncode, process.stdout + process.stderr


def test_production_settings_pass_the_deployment_check(tmp_path):
    """DEBUG off, a 50-character random key, the host name and DJANGO_HTTPS=1: no warning at all."""
    status, output = check_deploy(environment(tmp_path, DJANGO_HTTPS="1"))
    assert status == 0, output
    assert "no issues" in output


def test_without_the_https_switch_the_check_names_what_is_missing(tmp_path):
    """Without DJANGO_HTTPS, as for `make serve` on http, the check fails on HSTS, redirect and cookies."""
    status, output = check_deploy(environment(tmp_path))
    assert status != 0
    for warning in HTTPS_WARNINGS:
        assert warning in output


def test_the_key_generated_in_the_data_dir_passes(tmp_path):
    """Without DJANGO_SECRET_KEY, the key generated once in the data dir is strong enough for the check."""
    env = environment(tmp_path, DJANGO_HTTPS="1")
    del env["DJANGO_SECRET_KEY"]
    status, output = check_deploy(env)
    assert status == 0, output
    assert (tmp_path / "secret_key").exists()


def test_a_weak_secret_key_and_debug_fail_the_check(tmp_path):
    """A short DJANGO_SECRET_KEY, DEBUG on or no host name are each reported."""
    env = environment(tmp_path, DJANGO_HTTPS="1", DJANGO_SECRET_KEY="from-the-environment")
    status, output = check_deploy(env)
    assert status != 0 and "security.W009" in output
    status, output = check_deploy(environment(tmp_path, DJANGO_HTTPS="1", DJANGO_DEBUG="1"))
    assert status != 0 and "security.W018" in output
    status, output = check_deploy(environment(tmp_path, DJANGO_HTTPS="1", DJANGO_ALLOWED_HOSTS=""))
    assert status != 0 and "security.W020" in output


def fetch(url, attempts=1, **headers):
    """Return (status, headers) of a GET that does not follow redirects, trying `attempts` times."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    request = urllib.request.Request(url, headers=headers)
    for attempt in range(attempts, 0, -1):
        try:
            with urllib.request.build_opener(NoRedirect).open(request, timeout=5) as response:
                return response.status, response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.headers
        except urllib.error.URLError:
            if attempt == 1:
                raise
            time.sleep(0.1)  # the server is still starting


def test_behind_a_tls_proxy_http_is_redirected_and_https_is_strict(tmp_path):
    """With DJANGO_HTTPS=1 under gunicorn, http goes to https; https pages carry HSTS and secure cookies."""
    env = environment(tmp_path, DJANGO_HTTPS="1")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "archive.project.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, headers = fetch(f"{base}/search/?q=x", attempts=100, Host=HOST)
        assert status == 301 and headers["Location"] == f"https://{HOST}/search/?q=x"

        status, headers = fetch(f"{base}/admin/login/", Host=HOST, **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert (
            headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        )
        cookie = headers["Set-Cookie"]
        assert cookie.startswith("csrftoken=") and "Secure" in cookie
    finally:
        server.terminate()
        server.wait(timeout=10)
