"""One Whoosh searcher kept per thread across requests.

Opening a searcher opens every segment's files, which costs more than most searches,
so each thread keeps one and reopens it only when the index on disk has changed.
"""

import os
import threading

from whoosh.classify import Expander

from archive.search.whoosh import internals
from archive.search.whoosh.matches import forget_other_segments

# Per thread: the searcher and the state of the index it was opened on.
_local = threading.local()


def searcher_for(index):
    """Return this thread's searcher of `index`, reopened if the index has changed on disk."""
    state = index_state(index)
    if getattr(_local, "state", None) != state:
        if (old := getattr(_local, "searcher", None)) is not None:
            old.close()
        _local.searcher, _local.state = index.searcher(), state
        _local.frequencies = CachedFrequencies(_local.searcher.reader())
        forget_other_segments(_local.searcher)
    return _local.searcher


def key_terms(searcher, fieldname, text, count):
    """Return the `count` (word, weight) that best tell `text` from the rest of the index,
    as Whoosh's more_like chooses them (Bo1), with the words' frequencies cached."""
    reader = (
        _local.frequencies if getattr(_local, "searcher", None) is searcher else searcher.reader()
    )
    expander = Expander(reader, fieldname)
    expander.add_text(text)
    return expander.expanded_terms(count, normalize=False)


class CachedFrequencies:
    """A reader that remembers each word's frequency in the index.

    Choosing an article's key terms asks for the frequency of each of its few hundred
    words, in every segment; across article pages the same words come back.
    """

    def __init__(self, reader):
        self._reader = reader
        self._frequencies = {}

    def __getattr__(self, name):
        return getattr(self._reader, name)

    def __contains__(self, term):
        return self.frequency(*term) > 0

    def frequency(self, fieldname, text):
        key = (fieldname, text)
        if key not in self._frequencies:
            self._frequencies[key] = self._reader.frequency(fieldname, text)
        return self._frequencies[key]


def index_state(index):
    """Return what tells one state of the index on disk from another.

    A generation number alone is not enough: a rebuilt index starts counting again,
    so the table of contents' inode and time of writing go with it.
    """
    toc, generation = internals.table_of_contents(index)
    try:
        stat = os.stat(toc)
    except FileNotFoundError:
        return (generation, None, None)
    return (generation, stat.st_ino, stat.st_mtime_ns)
