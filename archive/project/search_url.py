"""Which search engine the archive runs on, chosen by SEARCH_URL.

    (unset)                          Whoosh, in ARCHIVE_INDEX_DIR (<data dir>/whoosh_index)
    whoosh:///absolute/path          Whoosh, in that directory
    elasticsearch://host:9200/index  Elasticsearch 7, over http (elasticsearchs:// for https)
    solr://host:8983/solr/core       Solr, over http (solrs:// for https)

`haystack_connection()` is called by settings.py, so this module imports nothing but
the standard library and Django's exceptions. What each engine can do is in
archive/search/engines.py.
"""

from urllib.parse import unquote, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

WHOOSH_ENGINE = "archive.search.whoosh.backend.ArchiveWhooshEngine"
ELASTICSEARCH_ENGINE = "haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine"
SOLR_ENGINE = "haystack.backends.solr_backend.SolrEngine"
ACCEPTED = (
    "leave it unset for Whoosh in ARCHIVE_INDEX_DIR, or use whoosh:///absolute/path, "
    "elasticsearch://host:9200/index_name (elasticsearchs:// for https) "
    "or solr://host:8983/solr/core_name (solrs:// for https)"
)
# SEARCH_URL scheme: (engine, scheme of the engine's own URL).
_SERVERS = {
    "elasticsearch": (ELASTICSEARCH_ENGINE, "http"),
    "elasticsearchs": (ELASTICSEARCH_ENGINE, "https"),
    "solr": (SOLR_ENGINE, "http"),
    "solrs": (SOLR_ENGINE, "https"),
}


def haystack_connection(url, default_index_dir):
    """Return the HAYSTACK_CONNECTIONS entry that SEARCH_URL `url` asks for.

    Unset or empty, and `whoosh://` without a path, mean the archive's Whoosh index in
    `default_index_dir`. Anything not understood raises ImproperlyConfigured.
    """
    url = (url or "").strip()
    if not url:
        return _whoosh(default_index_dir)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise _invalid(url, "it is not a URL") from None
    scheme = parts.scheme.lower()
    if parts.query or parts.fragment:
        raise _invalid(url, "it has a ?query or #fragment, which means nothing here")
    if scheme == "whoosh":
        path = unquote(parts.path)
        if parts.netloc or (path and not path.startswith("/")):
            raise _invalid(
                url, "a Whoosh index is a local directory, given as whoosh:///absolute/path"
            )
        return _whoosh(path or default_index_dir)
    if scheme not in _SERVERS:
        raise _invalid(url, "the search engine is not one the archive knows")
    engine, http = _SERVERS[scheme]
    if not parts.hostname:
        raise _invalid(url, "it names no host")
    path = parts.path.rstrip("/")
    if engine == ELASTICSEARCH_ENGINE:
        index = unquote(path.lstrip("/"))
        if not index or "/" in index:
            raise _invalid(
                url, "give the index name as the path, e.g. elasticsearch://host:9200/archive"
            )
        return {
            "ENGINE": engine,
            "URL": urlunsplit((http, parts.netloc, "/", "", "")),
            "INDEX_NAME": index,
            "INCLUDE_SPELLING": True,
        }
    if not path.strip("/"):
        raise _invalid(url, "give the core's path, e.g. solr://host:8983/solr/archive")
    return {
        "ENGINE": engine,
        "URL": urlunsplit((http, parts.netloc, path, "", "")),
        "INCLUDE_SPELLING": True,
    }


def _whoosh(path):
    return {"ENGINE": WHOOSH_ENGINE, "PATH": str(path), "INCLUDE_SPELLING": True}


def _invalid(url, reason):
    return ImproperlyConfigured(f"SEARCH_URL={_without_password(url)!r}: {reason}; {ACCEPTED}.")


def _without_password(url):
    """Return the URL with any password in it masked, so that an error message never shows it."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))
    except ValueError:
        return url
