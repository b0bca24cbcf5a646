"""gunicorn's settings for the archive, read from this folder by every `gunicorn` started here.

An editor's save waits for the search index while an import commits (up to
ARCHIVE_INDEX_LOCK_TIMEOUT seconds). gunicorn's default 30-second timeout would kill
the worker mid-save and leave the index behind the database, so a worker is given
longer than the longest wait.
"""

import os

timeout = int(os.environ.get("ARCHIVE_INDEX_LOCK_TIMEOUT") or 120) + 30
