"""Several processes writing one index at once: no update is lost, no LockError escapes."""

import sqlite3
import subprocess
import sys

from whoosh.index import open_dir

from tests.helpers import ROOT, clean_environment

WRITERS = 3
EDITS_PER_WRITER = 12

SETUP = """
import django; django.setup()
from archive.models import Article
for i in range({count}):
    Article.objects.create(title=f"Article {{i}}", body="Talks resumed in Vienna on Monday.", content_hash=f"{{i:064x}}", original_format="text")
"""
# Each writer edits its own articles over and over, each save its own transaction.
EDITOR = """
import django; django.setup()
from archive.models import Article
for edit in range({edits}):
    for article in Article.objects.filter(pk__in={ids}):
        article.title = f"writer {writer} edit {{edit}}"
        article.save()
"""


def run(script, env):
    return subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
    )


def test_concurrent_writers_in_separate_processes_lose_nothing(tmp_path):
    """Three processes saving edits at once leave the index exactly matching the database."""
    env = clean_environment(ARCHIVE_DATA_DIR=str(tmp_path))
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    setup = run(SETUP.format(count=WRITERS * 2), env)
    assert setup.wait() == 0, setup.stderr.read()

    writers = [
        run(EDITOR.format(edits=EDITS_PER_WRITER, ids=[2 * w + 1, 2 * w + 2], writer=w), env)
        for w in range(WRITERS)
    ]
    for writer in writers:
        status, errors = writer.wait(), writer.stderr.read()
        assert status == 0 and "LockError" not in errors and "Traceback" not in errors, errors

    with sqlite3.connect(tmp_path / "archive.sqlite3") as database:
        titles = dict(database.execute("SELECT CAST(id AS TEXT), title FROM archive_article"))
    with open_dir(tmp_path / "whoosh_index").searcher() as searcher:
        indexed = {doc["django_id"]: doc["title"] for doc in searcher.all_stored_fields()}
    assert indexed == titles
    assert set(titles.values()) == {
        f"writer {w} edit {EDITS_PER_WRITER - 1}" for w in range(WRITERS)
    }
