"""The archive's own settings, with the data directory in a fresh temporary folder."""

import os
import tempfile

os.environ.setdefault("ARCHIVE_DATA_DIR", tempfile.mkdtemp(prefix="archive-tests-"))

from archive.project.settings import *  # noqa: E402,F403
