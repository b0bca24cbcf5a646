"""Settings for the news archive, read once from the environment.

Every setting has a default that suits a laptop: the database, the search index
and the kept originals all live in one data directory (ARCHIVE_DATA_DIR). Reading
them writes nothing: the data directory and its secret key are made by
`prepare_data_dir()` (environment.py), which manage.py and the WSGI entry point call.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from archive.project.environment import data_dir, env_flag, env_int, env_list, kept_secret_key
from archive.project.search_url import haystack_connection

BASE_DIR = Path(__file__).resolve().parents[2]


DATA_DIR = data_dir(BASE_DIR)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or kept_secret_key(DATA_DIR)
DEBUG = env_flag("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# DJANGO_HTTPS=1: the archive is served over HTTPS by a reverse proxy that ends TLS and
# says so in X-Forwarded-Proto. Plain http is then redirected, cookies travel over
# HTTPS only, and browsers are told to use nothing but HTTPS for the host (HSTS; start
# with a small DJANGO_HSTS_SECONDS, as browsers keep to it that long). Off by default,
# so that `make run` and `make serve` work on http://127.0.0.1:8000.
HTTPS = env_flag("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600)
    # The archive has a host name of its own, so its subdomains are covered too; and
    # the header allows the host onto browsers' preload list (only when submitted there).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = True

INSTALLED_APPS = [
    # Before haystack, so that the archive's update_index (with a progress bar) is used.
    "archive",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "haystack",
    # Counts failed logins in the database, so every gunicorn worker sees them (see below).
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files (an SVG opened on its own) carry the policy too.
    "archive.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a refused login into the "try again later" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.project.urls"
WSGI_APPLICATION = "archive.project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'archive.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (the web pages) go on while an import writes; IMMEDIATE
    # transactions make concurrent writers wait their turn instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login attempts are rate-limited by django-axes: after ARCHIVE_LOGIN_FAILURES failed
# logins for one username from one address, further attempts for it from there (even
# with the right password) are refused for ARCHIVE_LOGIN_LOCKOUT_MINUTES after the last
# failure. The failures are kept in the database, so they count across gunicorn's workers.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("ARCHIVE_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ARCHIVE_LOGIN_LOCKOUT_MINUTES", 15))
# The pair, not each alone (which axes reads as "by username, or by address"): else five
# guesses at the predictable "admin" would lock the real admin out from everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Attempts while locked out do not prolong the lockout, so the wait the page names holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "archive.web.logins.client_address"
AXES_LOCKOUT_CALLABLE = "archive.web.logins.locked_out"
# Failed attempts are all it needs to keep; not a record of every successful login.
AXES_DISABLE_ACCESS_LOG = True
# Behind reverse proxies, how many of them append the client's address to
# X-Forwarded-For; 0 takes the address the connection comes from.
ARCHIVE_PROXY_COUNT = env_int("ARCHIVE_PROXY_COUNT", 0)

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("ARCHIVE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise serves what collectstatic gathered (`make serve` runs it), compressed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Originals are kept exactly as they arrived, named by their content hash. They are
# served only through the download view, to staff who may view articles, never from a public URL.
MEDIA_ROOT = DATA_DIR / "originals"
# Like everything in the data dir, readable by the archive's user only (see prepare_data_dir).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Where the Whoosh index lives when SEARCH_URL is unset (or whoosh:// without a path).
SEARCH_INDEX_DIR = Path(os.environ.get("ARCHIVE_INDEX_DIR") or DATA_DIR / "whoosh_index")
# SEARCH_URL chooses the search engine: Whoosh by default, or Elasticsearch 7 or Solr
# (elasticsearch://host:9200/index, solr://host:8983/solr/core; see archive/search/engines.py).
HAYSTACK_CONNECTIONS = {
    "default": haystack_connection(os.environ.get("SEARCH_URL"), SEARCH_INDEX_DIR)
}
HAYSTACK_SIGNAL_PROCESSOR = "archive.search.indexing.ArchiveSignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20
# Articles are the only thing indexed; narrowing every search to them costs a second search.
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False
# How long a search may spend matching before it shows what it found by then and says
# the query was too broad (milliseconds; Whoosh only).
ARCHIVE_SEARCH_MILLISECONDS = max(env_int("ARCHIVE_SEARCH_MILLISECONDS", 1000), 0)
# How long an index writer waits for another process's write to finish (seconds).
ARCHIVE_INDEX_LOCK_TIMEOUT = env_int("ARCHIVE_INDEX_LOCK_TIMEOUT", 120)

# The five sample articles `make run` loads into an empty archive (0: start empty).
ARCHIVE_SAMPLE_CORPUS = env_flag("ARCHIVE_SAMPLE_CORPUS", True)
SAMPLE_CORPUS_DIR = BASE_DIR / "fixtures"

# Files larger than this are rejected by the importer before they are read.
ARCHIVE_MAX_FILE_BYTES = env_int("ARCHIVE_MAX_FILE_BYTES", 20 * 1024 * 1024)

# A search's download holds at most this many articles for anyone but staff.
ARCHIVE_PUBLIC_EXPORT_ROWS = max(env_int("ARCHIVE_PUBLIC_EXPORT_ROWS", 1000), 0)

LOGIN_URL = "admin:login"
# Where the admin's login form goes when its ?next= is refused (another site's address).
LOGIN_REDIRECT_URL = "admin:index"

# Everything logged goes to stderr, which gunicorn (and runserver) show: server errors
# with their tracebacks, and what the archive itself reports. Django's default would
# only mail them to ADMINS, which the archive does not set.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # gunicorn's own layout, so its log reads as one.
        "gunicorn": {
            "format": "[{asctime}] [{process}] [{levelname}] {name}: {message}",
            "datefmt": "%Y-%m-%d %H:%M:%S %z",
            "style": "{",
        },
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "gunicorn"}},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING"},
        # 4xx answers are in the access log already; 5xx come here with their traceback.
        "django.request": {"level": "ERROR"},
        "archive": {"handlers": ["stderr"], "level": "INFO"},
    },
}
