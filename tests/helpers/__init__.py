"""What more than one test module uses: paths, builders and small runners (fixtures are in
tests/conftest.py; the browser's accessibility checks in tests/helpers/a11y.py).

No test module imports another: whatever two of them share is here.
"""

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Paths

ROOT = Path(__file__).resolve().parent.parent.parent  # the project: manage.py's folder
FIXTURES = ROOT / "fixtures"  # the sample corpus of plain-text articles
DATA = ROOT / "tests" / "data"  # expectations and saved pages the tests read


# Database queries


def count_queries(call):
    """Return how many database queries `call()` makes."""
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


# Settings, and the project served by gunicorn

GUNICORN = Path(sys.executable).parent / "gunicorn"


def clean_environment(**env):
    """Return this process's environment without the archive's settings, with `env` added."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "ARCHIVE_", "DATABASE_", "SEARCH_URL"))
    }
    return environment | {"DJANGO_SETTINGS_MODULE": "archive.project.settings"} | env


def settings_value(name, **env):
    """Return (exit status, output) of printing one setting through manage.py in a fresh
    process with `env`."""
    process = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            f"from django.conf import settings; print(settings.{name})",
        ],
        check=False,
        cwd=ROOT,
        env=clean_environment(**env),
        capture_output=True,
        text=True,
    )
    return process.returncode, (process.stdout + process.stderr).strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, attempts=100):
    """Return (status, headers, body) of `url`, waiting for the server to come up."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.headers, response.read()
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


# Management commands

PLAIN_STORY = (
    "Talks resume\n\nNegotiators met again in Vienna on Monday for a third round of talks.\n"
)


def run_import(*args):
    """Run import_articles; return its exit status and what it wrote to stdout and stderr."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def import_command(*args):
    return run_import(*args)[0]


def generate_command(*args):
    """Run generate_articles; return what it wrote to stdout."""
    out = StringIO()
    call_command("generate_articles", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


# WARC files


def story(headline, outlet="Daily Herald"):
    """Return an article page's HTML."""
    paragraphs = "".join(
        f"<p>Paragraph {n} of “{headline}”: thousands gathered in Kerman on Friday to mark "
        "the anniversary of the strike, officials said.</p>"
        for n in range(1, 4)
    )
    return f"<html><head><title>{headline} | {outlet}</title></head><body><article>{paragraphs}</article></body></html>"


def response(uri, payload, content_type="text/html; charset=utf-8", status="200 OK", headers=()):
    return ("response", uri, payload, [("Content-Type", content_type), *headers], status)


def request(uri):
    return ("request", uri, b"", [("Host", "herald.example")], "GET / HTTP/1.1")


def warc(*records, compress=True):
    """Return the bytes of a WARC holding `records`, made by response() and request()."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for kind, uri, payload, headers, status in records:
        http = StatusAndHeaders(
            status,
            headers,
            protocol="" if kind == "request" else "HTTP/1.1",
            is_http_request=kind == "request",
        )
        writer.write_record(
            writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), http_headers=http)
        )
    return out.getvalue()


FIRST = story("Kerman marks the anniversary").encode()
SECOND = story("Baghdad airport road reopens").encode()
A_CRAWL = (
    request("https://herald.example/kerman"),
    response("https://herald.example/kerman", FIRST),
    request("https://herald.example/logo.png"),
    response("https://herald.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(300), "image/png"),
    response("https://herald.example/site.css", b"body { margin: 0 }", "text/css"),
    response("https://herald.example/old", b"<html>Moved</html>", status="301 Moved Permanently"),
    request("https://herald.example/airport-road"),
    response("https://herald.example/airport-road", SECOND),
)


def staff_with(django_user_model, *permissions):
    """Return a client logged in as staff holding `permissions` (codenames of archive's)."""
    user = django_user_model.objects.create_user("clerk", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="archive", codename__in=permissions)
    )
    client = Client()
    client.force_login(user)
    return client
