"""Settings come from the environment, with defaults that work and errors that say what to do."""

import subprocess
import sys

from tests.helpers import ROOT, clean_environment, settings_value


def test_secret_key_is_generated_once_and_kept_in_the_data_dir(tmp_path):
    """Without DJANGO_SECRET_KEY, a key is made on first start and the same one used after."""
    first = settings_value("SECRET_KEY", ARCHIVE_DATA_DIR=str(tmp_path))
    second = settings_value("SECRET_KEY", ARCHIVE_DATA_DIR=str(tmp_path))
    assert first == second and first[0] == 0 and len(first[1]) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_reading_the_settings_writes_nothing(tmp_path):
    """Importing the settings creates no folder or file; without a key it says how to get one."""
    data_dir = tmp_path / "data"
    process = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        check=False,
        cwd=ROOT,
        env=clean_environment(ARCHIVE_DATA_DIR=str(data_dir)),
        capture_output=True,
        text=True,
    )
    assert (
        process.returncode != 0
        and "set DJANGO_SECRET_KEY, or start the archive through manage.py" in process.stderr
    )
    assert not data_dir.exists()
    process = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        check=False,
        cwd=ROOT,
        env=clean_environment(ARCHIVE_DATA_DIR=str(data_dir), DJANGO_SECRET_KEY="k" * 50),
        capture_output=True,
        text=True,
    )
    assert process.stdout.strip() == "False" and not data_dir.exists()


def test_environment_overrides_the_defaults(tmp_path):
    """DATABASE_URL, DJANGO_ALLOWED_HOSTS and DJANGO_SECRET_KEY are read from the environment."""
    env = {"ARCHIVE_DATA_DIR": str(tmp_path)}
    assert settings_value("DATABASES['default']['NAME']", **env)[1] == str(
        tmp_path / "archive.sqlite3"
    )
    assert (
        settings_value(
            "DATABASES['default']['ENGINE']",
            DATABASE_URL="postgres://u:p@db.example/archive",
            **env,
        )[1]
        == "django.db.backends.postgresql"
    )
    assert settings_value(
        "ALLOWED_HOSTS", DJANGO_ALLOWED_HOSTS="archive.example, www.archive.example", **env
    )[1] == ("['archive.example', 'www.archive.example']")
    assert (
        settings_value("SECRET_KEY", DJANGO_SECRET_KEY="from-the-environment", **env)[1]
        == "from-the-environment"
    )
    assert settings_value("DEBUG", **env)[1] == "False"
    assert settings_value("DEBUG", DJANGO_DEBUG="1", **env)[1] == "True"


def test_unclear_values_fail_loudly(tmp_path):
    """DJANGO_DEBUG=maybe or a non-numeric size limit stops start-up with a clear message."""
    status, output = settings_value("DEBUG", DJANGO_DEBUG="maybe", ARCHIVE_DATA_DIR=str(tmp_path))
    assert status != 0 and "DJANGO_DEBUG='maybe': use 1 or 0" in output
    status, output = settings_value(
        "ARCHIVE_MAX_FILE_BYTES", ARCHIVE_MAX_FILE_BYTES="20MB", ARCHIVE_DATA_DIR=str(tmp_path)
    )
    assert status != 0 and "ARCHIVE_MAX_FILE_BYTES='20MB': give a whole number" in output


def test_public_downloads_are_capped_at_a_thousand_rows_unless_set(tmp_path):
    """ARCHIVE_PUBLIC_EXPORT_ROWS caps the rows of a download without a staff login."""
    env = {"ARCHIVE_DATA_DIR": str(tmp_path)}
    assert settings_value("ARCHIVE_PUBLIC_EXPORT_ROWS", **env) == (0, "1000")
    assert settings_value(
        "ARCHIVE_PUBLIC_EXPORT_ROWS", ARCHIVE_PUBLIC_EXPORT_ROWS="250", **env
    ) == (0, "250")


def test_a_negative_search_time_is_none_at_all(tmp_path):
    """The page says how long a search ran: never "-0.5 s"."""
    env = {"ARCHIVE_DATA_DIR": str(tmp_path)}
    assert settings_value("ARCHIVE_SEARCH_MILLISECONDS", **env) == (0, "1000")
    assert settings_value(
        "ARCHIVE_SEARCH_MILLISECONDS", ARCHIVE_SEARCH_MILLISECONDS="-500", **env
    ) == (0, "0")
