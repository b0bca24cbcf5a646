"""Production serving: gunicorn runs the archive and WhiteNoise serves its static files."""

import subprocess
import sys
import urllib.request

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
