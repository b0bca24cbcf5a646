"""Reading the environment the archive runs in, and preparing its data directory.

Imports nothing of the archive, so that settings.py can use it.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

SECRET_KEY_FILE = "secret_key"


def env_flag(name, default):
    """Return the boolean environment variable `name`, refusing unclear values."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use 1 or 0 (true/false, yes/no, on/off).")


def env_list(name, default):
    """Return the comma-separated environment variable `name` as a list."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: give a whole number.") from None


def data_dir(base_dir):
    """Return ARCHIVE_DATA_DIR, or `var/` in the checkout, as an absolute path."""
    return Path(os.environ.get("ARCHIVE_DATA_DIR") or Path(base_dir) / "var").resolve()


def kept_secret_key(folder):
    """Return the secret key kept in the data dir `folder` by prepare_data_dir()."""
    try:
        return (Path(folder) / SECRET_KEY_FILE).read_text().strip()
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"No secret key in {folder}: set DJANGO_SECRET_KEY, or start the archive through "
            "manage.py or archive.project.wsgi, which make one in the data directory."
        ) from None


def prepare_data_dir(base_dir):
    """Make the data directory, its static files' folder and its secret key if missing,
    readable by this process's user only (0700), and set this process's umask to 077.

    The data dir holds password hashes and live session keys. The umask makes what the
    process creates from now on private too, in the data dir or not (ARCHIVE_INDEX_DIR):
    SQLite and Whoosh take their files' modes from it (the database, its -wal and -shm
    files, every index segment and lock), and set none of their own.

    The key is generated once; made with O_EXCL, so two processes starting at once
    cannot each write one.
    """
    os.umask(0o077)
    folder = data_dir(base_dir)
    folder.mkdir(parents=True, exist_ok=True)
    # Also closes a data dir made by hand or by an earlier version, and so all it holds.
    folder.chmod(0o700)
    # WhiteNoise warns on every start until collectstatic fills it.
    (folder / "static").mkdir(exist_ok=True)
    if os.environ.get("DJANGO_SECRET_KEY"):
        return
    key = folder / SECRET_KEY_FILE
    try:
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key.chmod(0o600)
        return
    with os.fdopen(fd, "w") as f:
        f.write(get_random_secret_key())
