"""Figures over the whole archive, remembered until the archive changes.

Counting articles by month, year or day reads every row: on 100,000 articles that
takes longer than the rest of a page. Every saved or deleted article reaches the
search index when its transaction commits, so the state of the index on disk tells,
in any process and for the cost of a directory listing, whether the archive has
changed since a figure was computed. Without a Whoosh index (another search engine)
the figures are computed on every request.
"""

from django.core.cache import cache
from haystack import connections

# However the index is kept, a figure is computed again at least this often (seconds).
LONGEST = 600


def remembered(name, compute):
    """Return compute(), remembered under `name` while the archive stays as it is."""
    state = archive_state()
    if state is None:
        return compute()
    key = f"archive:{name}:{state}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, LONGEST)
    return found


def archive_state():
    """Return what tells this state of the archive from any other, or None if unknown."""
    backend = connections["default"].get_backend()
    if not hasattr(backend, "index_state"):
        return None
    return "-".join(map(str, backend.index_state()))
