"""Production serving: gunicorn runs the archive and WhiteNoise serves its static files."""

import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.helpers import GUNICORN, ROOT, clean_environment, free_port, get


def test_gunicorn_serves_pages_and_static_files(tmp_path):
    """With DEBUG off, gunicorn serves the home page and WhiteNoise the stylesheet, compressed."""
    env = clean_environment(ARCHIVE_DATA_DIR=str(tmp_path), DJANGO_DEBUG="0")
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "archive.project.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        status, _, body = get(f"http://127.0.0.1:{port}/")
        assert status == 200 and b"The archive is empty" in body
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/static/archive/archive.css",
            headers={"Accept-Encoding": "gzip"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
            assert response.headers["Content-Encoding"] == "gzip"
            assert "max-age" in response.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_server_error_is_logged_with_its_traceback(tmp_path):
    """With DEBUG off, a page that fails (here: a database never migrated) is logged by gunicorn
    with its traceback, on stderr, while the visitor gets the plain 500 page."""
    env = clean_environment(ARCHIVE_DATA_DIR=str(tmp_path), DJANGO_DEBUG="0")
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "archive.project.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        get(f"http://127.0.0.1:{port}/robots.txt")  # wait until it answers
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
        assert failed.value.code == 500 and b"Traceback" not in failed.value.read()
    finally:
        server.terminate()
        log = server.communicate(timeout=10)[1]
    assert "Internal Server Error: /" in log
    assert "Traceback (most recent call last)" in log and "no such table: archive_" in log
