"""The data directory is the archive's user's alone: its password hashes, session keys,
secret key, originals and index are readable by nobody else, whatever the umask."""

import stat
import subprocess
import sys

from tests.helpers import FIXTURES, ROOT, clean_environment


def manage(*args, data_dir):
    """Run manage.py in a fresh process with `data_dir`, under the usual umask (022)."""
    subprocess.run(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=ROOT,
        env=clean_environment(ARCHIVE_DATA_DIR=str(data_dir)),
        umask=0o022,
        check=True,
        capture_output=True,
    )


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_everything_in_a_new_data_dir_is_private(tmp_path):
    """After migrate and an import, the database, the secret key, an original and the index's
    segments are 0600, and nothing in the data dir (0700) is open to group or others."""
    data_dir = tmp_path / "data"
    manage("migrate", "-v0", data_dir=data_dir)
    manage("import_articles", FIXTURES, data_dir=data_dir)
    original = next((data_dir / "originals").rglob("*.txt"))
    segments = list((data_dir / "whoosh_index").glob("*.seg"))
    assert segments
    for path in (data_dir / "archive.sqlite3", data_dir / "secret_key", original, *segments):
        assert oct(mode(path)) == "0o600", path
    assert oct(mode(data_dir)) == oct(mode(original.parent)) == "0o700"
    # Whoosh makes its lock files with no mode of its own (0700 under this umask): closed too.
    open_to_others = {
        str(path): oct(mode(path)) for path in data_dir.rglob("*") if mode(path) & 0o077
    }
    assert open_to_others == {}


def test_an_existing_data_dir_is_made_private_on_the_next_start(tmp_path):
    """A data dir left open to others (0755, its key 0644) is closed when the archive next starts."""
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    key = data_dir / "secret_key"
    key.write_text("k" * 50)
    key.chmod(0o644)
    manage("check", data_dir=data_dir)
    assert (oct(mode(data_dir)), oct(mode(key))) == ("0o700", "0o600")
