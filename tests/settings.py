"""The archive's own settings, with the data directory in a fresh temporary folder."""

import os
import tempfile
from pathlib import Path

from archive.project.environment import prepare_data_dir

os.environ.setdefault("ARCHIVE_DATA_DIR", tempfile.mkdtemp(prefix="archive-tests-"))
prepare_data_dir(Path(__file__).resolve().parents[1])

from archive.project.settings import *
