"""Keeping originals exactly as they arrived, stored under their content hash."""

import fcntl
import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import FileSystemStorage

from archive.vocabulary.terms import Format

EXTENSIONS = {Format.TEXT: "txt", Format.HTML: "html", Format.WARC: "html", Format.JSONL: "json"}
# Beside the originals: held shared by each import from writing an original until its
# row is committed, and exclusively by check_archive, which so never takes an original
# that is being imported for an orphan. The kernel lets go of it when a process dies.
LOCK_NAME = ".keeping.lock"
# Files an import is writing are named so until they are whole (OriginalStorage._save).
INCOMING_PREFIX = ".incoming-"
# Folders of originals out of the archive but never lost, each importable to bring its
# articles back. Orphans are moved by check_archive --repair and not imported on the
# spot: an orphan is left by an import stopped before saving its article, which the
# import run again saves (with the file's name and --source as given).
ORPHANED = "orphaned"
# The originals of articles an editor deleted: emptying it makes the deletions final.
DELETED = "deleted"
SET_ASIDE_FOLDERS = (ORPHANED, DELETED)


def content_hash(raw):
    """Return the SHA-256 hex digest that identifies an original."""
    return hashlib.sha256(raw).hexdigest()


def original_name(digest, format):
    """Return the storage name of an original: 'ab/abcdef….html'."""
    return f"{digest[:2]}/{digest}.{EXTENSIONS.get(format, 'bin')}"


class OriginalStorage(FileSystemStorage):
    """Content-addressed files under MEDIA_ROOT: one name holds one content forever.

    Saving a name that exists keeps the file that is there (it has the same bytes),
    so two imports of one original at once both succeed and write it once.
    """

    def get_available_name(self, name, max_length=None):
        return name

    def _save(self, name, content):
        path = Path(self.path(name))
        if path.exists():
            return name
        path.parent.mkdir(self.directory_permissions_mode or 0o777, parents=True, exist_ok=True)
        # Written beside its final name and renamed, so no reader sees half a file.
        fd, incoming = tempfile.mkstemp(dir=path.parent, prefix=INCOMING_PREFIX)
        with os.fdopen(fd, "wb") as f:
            for chunk in content.chunks():
                f.write(chunk)
        if self.file_permissions_mode is not None:
            os.chmod(incoming, self.file_permissions_mode)
        os.replace(incoming, path)
        return name


originals = OriginalStorage()


@contextmanager
def _locked(mode):
    folder = Path(originals.location)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)  # which lets go of the lock


def set_aside(name, folder):
    """Move the original `name` into `folder` (ORPHANED or DELETED), keeping its path."""
    root = Path(originals.location)
    if not (root / name).is_file():
        return
    target = root / folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(root / name, target)


def discard(name):
    """Remove the original `name` for good, wherever it is: in place or set aside."""
    root = Path(originals.location)
    for path in (root / name, *(root / folder / name for folder in SET_ASIDE_FOLDERS)):
        path.unlink(missing_ok=True)


def lock_for_saving():
    """Return the originals' lock, shared: held while an original is written and its
    article saved (any number of imports hold it together)."""
    return _locked(fcntl.LOCK_SH)


def lock_against_saving():
    """Return the originals' lock, exclusive: held while the originals are compared with
    the rows, so that every import waits meanwhile."""
    return _locked(fcntl.LOCK_EX)
