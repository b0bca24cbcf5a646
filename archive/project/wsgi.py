"""WSGI entry point: `gunicorn archive.project.wsgi`."""

import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application

from archive.project.environment import prepare_data_dir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.project.settings")
prepare_data_dir(Path(__file__).resolve().parents[2])

application = get_wsgi_application()
