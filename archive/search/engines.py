"""What the running search engine can do beyond Haystack's common API.

    if capabilities().bulk_writing:
        with search_backend().bulk_writing(): ...

The engine is chosen by SEARCH_URL (archive/project/search_url.py). Only the
archive's own Whoosh backend (archive/search/whoosh/) reads its index directly: for
wildcard words, spelling corrections, name variants, bulk writing, merging and
reading its entries back. Elasticsearch and Solr read the same Lucene-like query
string; Haystack's simple backend (used by tests) matches words in the database.
"""

from dataclasses import dataclass, replace

from haystack import connections

from archive.project.search_url import ELASTICSEARCH_ENGINE, SOLR_ENGINE, WHOOSH_ENGINE


@dataclass(frozen=True)
class Capabilities:
    """What one search engine can do for the archive."""

    # Reads a Lucene-like query string (field:word, "phrases", AND/OR/NOT, word*, ^boosts).
    query_strings: bool = True
    # Haystack asks it for spelling suggestions (INCLUDE_SPELLING).
    spelling: bool = False
    # Its index's words can be read: wildcards are expanded to them, "did you mean"
    # finds the nearest one, and the `names` field matches spelling variants.
    index_words: bool = False
    # One writer on every core for a whole rebuild, committed once (bulk_writing()).
    bulk_writing: bool = False
    # Segments that merge_index merges into one (segment_count(), merge_all()).
    merging: bool = False
    # Stops matching at ARCHIVE_SEARCH_MILLISECONDS and says so (query.stopped_early).
    time_budget: bool = False
    # Entries that check_archive can read back and compare with the rows (entries()),
    # and that an import can look up (lacking()).
    readable_entries: bool = False


ENGINE_CAPABILITIES = {
    WHOOSH_ENGINE: Capabilities(
        index_words=True, bulk_writing=True, merging=True, time_budget=True, readable_entries=True
    ),
    ELASTICSEARCH_ENGINE: Capabilities(),
    SOLR_ENGINE: Capabilities(),
}
# Any other engine, such as Haystack's simple backend, which matches words in the database.
OTHER_ENGINE = Capabilities(query_strings=False)


def capabilities():
    """Return the Capabilities of the engine the default connection runs on."""
    info = connections.connections_info["default"]
    found = ENGINE_CAPABILITIES.get(info["ENGINE"], OTHER_ENGINE)
    return replace(found, spelling=bool(info.get("INCLUDE_SPELLING")))


def search_backend():
    """Return the running Haystack backend (call its archive methods as capabilities() allows)."""
    return connections["default"].get_backend()
