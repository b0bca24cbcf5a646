"""Real processes on one archive: imports killed mid-way and repaired by check_archive, and
imports running beside editors saving through the admin over HTTP.

Each test gives its processes an archive of their own (a data dir in tmp_path, and on
PostgreSQL, under scripts/with_postgres.sh, a database of their own on that server), and
reads the results from that database and index as another process would.
"""

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import pytest
import requests
from whoosh.index import open_dir
from whoosh.query import Phrase

from archive.ingest.generated import as_text_file, generated_article
from tests.helpers import GUNICORN, ROOT, clean_environment, free_port

SEED = 7
# Generous bounds that only stop a hung process from hanging the suite.
PROCESS_TIMEOUT = 300


# An archive of the test's own, and its processes


@pytest.fixture
def archive_env(tmp_path):
    """The environment of processes sharing one fresh, migrated archive."""
    env = clean_environment(ARCHIVE_DATA_DIR=str(tmp_path / "data"))
    server = os.environ.get("DATABASE_URL", "")
    database = None
    if server.startswith("postgres"):
        database = f"processes_{uuid.uuid4().hex[:12]}"
        postgres(server, f"CREATE DATABASE {database}")
        env["DATABASE_URL"] = f"{server.rsplit('/', 1)[0]}/{database}"
    manage(env, "migrate", "-v0")
    yield env
    if database:
        postgres(server, f"DROP DATABASE {database} WITH (FORCE)")


def postgres(url, statement):
    """Run one SQL statement on the PostgreSQL database of `url`; return its first row."""
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        dbname=config["NAME"],
        user=config["USER"],
        host=config["HOST"],
        port=config["PORT"] or None,
        autocommit=True,
    ) as connection:
        cursor = connection.execute(statement)
        return cursor.fetchone() if cursor.description else None


def manage(env, *args, check=True):
    """Run manage.py in its own process; return (exit status, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "manage.py", *map(str, args)],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done.returncode, done.stdout, done.stderr


def start(env, *args):
    return subprocess.Popen(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process):
    """Wait for a process; return (exit status, stdout + stderr)."""
    out, err = process.communicate(timeout=PROCESS_TIMEOUT)
    return process.returncode, out + err


def query(env, code):
    """Return what `code`, run by `manage.py shell` in the archive, prints as JSON."""
    _, out, _ = manage(env, "shell", "--no-imports", "-c", code)
    return json.loads(out)


ROWS = """
import json
from archive.models import Article
print(json.dumps([
    [a.pk, a.title, a.body, a.content_hash, a.original.name, a.original_name]
    for a in Article.objects.order_by("pk")
]))
"""


def rows(env):
    return query(env, ROWS)


def article_count(env):
    """The number of article rows, read straight from the database (fast enough to poll)."""
    if url := env.get("DATABASE_URL"):
        return postgres(url, "SELECT count(*) FROM archive_article")[0]
    import sqlite3

    path = Path(env["ARCHIVE_DATA_DIR"]) / "archive.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as connection:
        return connection.execute("SELECT count(*) FROM archive_article").fetchone()[0]


def index_writing(env):
    """Tell whether some process holds the Whoosh index's write lock now."""
    lock = Path(env["ARCHIVE_DATA_DIR"]) / "whoosh_index" / "MAIN_WRITELOCK"
    if not lock.exists():
        return False
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # lets go at once if we took it
    return False


def indexed(env):
    """Return {article id: title} of every entry in the Whoosh index."""
    with open_dir(Path(env["ARCHIVE_DATA_DIR"]) / "whoosh_index").searcher() as searcher:
        return {
            int(fields["django_id"]): fields["title"] for fields in searcher.all_stored_fields()
        }


def title_finds(env, title):
    """Return the ids of the articles a title search for `title` (as a phrase) finds in the index."""
    index = open_dir(Path(env["ARCHIVE_DATA_DIR"]) / "whoosh_index")
    words = [token.text for token in index.schema["title"].analyzer(title)]
    with index.searcher() as searcher:
        return {
            int(hit["django_id"]) for hit in searcher.search(Phrase("title", words), limit=None)
        }


def write_articles(folder, numbers):
    """Write generated articles as text files, one per number, as collected text comes."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (folder / f"{n:04d}.txt").write_text(as_text_file(generated_article(SEED, n)))
    return folder


def file_hashes(folder):
    return {hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.iterdir()}


def assert_whole(env, found):
    """Every article has its original, whose bytes hash to its content hash, and an index entry
    that a search for its title finds."""
    originals = Path(env["ARCHIVE_DATA_DIR"]) / "originals"
    for pk, title, body, digest, original, _ in found:
        assert title and body
        assert hashlib.sha256((originals / original).read_bytes()).hexdigest() == digest
    assert set(indexed(env)) == {row[0] for row in found}
    for pk, title, *_ in found[:: max(1, len(found) // 25)]:
        assert pk in title_finds(env, title)


# A killed import, repaired


FILES = 300


@pytest.mark.parametrize("kill_when", ["1 saved", "120 saved", "index commit"])
def test_an_import_killed_mid_way_is_repaired_by_check_archive(archive_env, tmp_path, kill_when):
    """After SIGKILL at any point of an import, check_archive reports the drift, --repair
    brings the index and originals back in line, and running the import again brings in
    the rest, each article exactly once."""
    inbox = write_articles(tmp_path / "inbox", range(FILES))
    importer = start(archive_env, "import_articles", inbox)
    deadline = time.monotonic() + PROCESS_TIMEOUT
    while True:
        assert importer.poll() is None, f"the import finished before the kill: {finish(importer)}"
        assert time.monotonic() < deadline
        if kill_when == "index commit":
            if index_writing(archive_env):
                break
        elif article_count(archive_env) >= int(kill_when.split()[0]):
            break
        time.sleep(0.01)
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    saved = article_count(archive_env)
    assert 0 < saved < FILES or kill_when == "index commit"

    status, out, _ = manage(archive_env, "check_archive", check=False)
    assert status == 1, out
    assert f"{saved} article(s) missing from the search index" in out

    status, out, _ = manage(archive_env, "check_archive", "--repair", check=False)
    assert status == 0, out
    assert f"Repaired: {saved} article(s) indexed" in out
    status, out, _ = manage(archive_env, "check_archive", check=False)
    assert status == 0 and "No drift" in out, out
    assert_whole(archive_env, rows(archive_env))
    originals = Path(archive_env["ARCHIVE_DATA_DIR"]) / "originals"
    assert not list(originals.rglob(".incoming-*"))

    _, out, _ = manage(archive_env, "import_articles", inbox)
    assert f"Imported {FILES - saved} articles, {saved} already present, 0 rejected." in out
    found = rows(archive_env)
    assert len(found) == FILES
    assert {row[3] for row in found} == file_hashes(inbox)
    assert sorted(row[5] for row in found) == sorted(
        f"inbox/{path.name}" for path in inbox.iterdir()
    )
    assert_whole(archive_env, found)
    status, out, _ = manage(archive_env, "check_archive", check=False)
    assert status == 0 and "No drift" in out, out


# Four processes at once


EDITED = 6  # articles each editor edits
ROUNDS = 5  # times each editor saves each of its articles

EDITOR = """
import sys
import requests
from lxml import html

base, editor, ids, rounds = sys.argv[1], int(sys.argv[2]), [int(i) for i in sys.argv[3].split(",")], int(sys.argv[4])
session = requests.Session()
session.get(f"{base}/admin/login/", timeout=30)
response = session.post(f"{base}/admin/login/", data={
    "username": "editor", "password": "correct horse battery", "next": "/admin/",
    "csrfmiddlewaretoken": session.cookies["csrftoken"],
}, timeout=30)
assert response.url.endswith("/admin/"), response.url
for round in range(rounds):
    for pk in ids:
        url = f"{base}/admin/archive/article/{pk}/change/"
        form = html.fromstring(session.get(url, timeout=30).text).get_element_by_id("article_form")
        data = dict(form.form_values())
        data["title"] = f"Editor{editor} round{round} article{pk} marker{editor}x{pk}x{round}"
        data["_save"] = "Save"
        response = session.post(url, data=data, timeout=60)
        assert response.status_code == 200 and response.url.endswith("/admin/archive/article/"), (
            response.status_code, response.url, response.text[:3000])
"""


@pytest.fixture
def admin_server(archive_env):
    """gunicorn serving the archive (two workers), and a staff account to log in with."""
    manage(
        archive_env,
        "shell",
        "-c",
        (
            "from django.contrib.auth.models import User; "
            "User.objects.create_superuser('editor', 'editor@example.org', 'correct horse battery')"
        ),
    )
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "archive.project.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=archive_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(f"{base}/admin/login/", timeout=5)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield base
    server.terminate()
    server.wait(timeout=30)


def test_two_imports_and_two_editors_at_once_lose_nothing(archive_env, admin_server, tmp_path):
    """Two overlapping imports and two editors saving through the admin, all at once: every
    article is there once, every editor's last title is kept and found, and the index
    matches the database."""
    existing = write_articles(tmp_path / "existing", range(1000, 1000 + 2 * EDITED))
    manage(archive_env, "import_articles", existing)
    ids = [row[0] for row in rows(archive_env)]
    first, second = (
        write_articles(tmp_path / "a", range(300)),
        write_articles(tmp_path / "b", range(150, 450)),
    )

    importers = [
        start(archive_env, "import_articles", first),
        start(archive_env, "import_articles", second),
    ]
    editors = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                EDITOR,
                admin_server,
                str(editor),
                ",".join(map(str, ids[editor * EDITED : (editor + 1) * EDITED])),
                str(ROUNDS),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for editor in range(2)
    ]
    for process in importers + editors:
        status, output = finish(process)
        assert status == 0 and "Traceback" not in output and "LockError" not in output, output

    found = rows(archive_env)
    assert len(found) == 450 + 2 * EDITED
    assert {row[3] for row in found} == file_hashes(first) | file_hashes(second) | file_hashes(
        existing
    )
    titles = {row[0]: row[1] for row in found}
    for editor in range(2):
        for pk in ids[editor * EDITED : (editor + 1) * EDITED]:
            last = f"Editor{editor} round{ROUNDS - 1} article{pk} marker{editor}x{pk}x{ROUNDS - 1}"
            assert titles[pk] == last
            page = requests.get(
                f"{admin_server}/search/",
                params={"q": f"marker{editor}x{pk}x{ROUNDS - 1}"},
                timeout=30,
            )
            assert page.status_code == 200 and last in page.text
    assert indexed(archive_env) == titles
    status, out, _ = manage(archive_env, "check_archive", check=False)
    assert status == 0 and "No drift" in out, out


def test_a_bulk_indexing_killed_mid_way_leaves_no_lock_behind(archive_env):
    """Killing a process that indexes with one writer on every core (generate_articles, as
    rebuild_index does) frees the index's lock, so check_archive --repair can index what it saved."""
    archive_env = archive_env | {"ARCHIVE_INDEX_LOCK_TIMEOUT": "30"}
    generator = start(archive_env, "generate_articles", "--count", "3000")
    deadline = time.monotonic() + PROCESS_TIMEOUT
    while article_count(archive_env) < 1000:
        assert generator.poll() is None and time.monotonic() < deadline, finish(generator)
        time.sleep(0.05)
    assert index_writing(archive_env)
    generator.send_signal(signal.SIGKILL)
    generator.wait()
    released_by = time.monotonic() + 30
    while index_writing(archive_env):
        assert time.monotonic() < released_by, "the killed writer's lock is still held"
        time.sleep(0.1)

    saved = article_count(archive_env)
    status, out, _ = manage(archive_env, "check_archive", "--repair", check=False)
    assert status == 0 and f"Repaired: {saved} article(s) indexed" in out, out
    status, out, _ = manage(archive_env, "check_archive", check=False)
    assert status == 0 and "No drift" in out, out
