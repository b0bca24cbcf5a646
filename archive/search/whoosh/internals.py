"""The private parts of Whoosh that the archive's search relies on, each in one place.

Whoosh (whoosh3 3.54, which continues Whoosh 2.7) has no public API for these. Each
function names what it relies on, so that an upgrade is checked here and nowhere else
(tests/search/whoosh/ exercise every one).
"""

import os

from whoosh.matching.wrappers import FilterMatcher


def read_files_without_memory_maps(storage):
    """Make a FileStorage read its files instead of mapping them into memory.

    Relies on FileStorage.supports_mmap, which FileStorage.open_file reads: with a map,
    Whoosh copies each file it opens into a BytesIO, so a map costs the whole posting
    file in memory (850 MB at 100,000 articles).
    """
    storage.supports_mmap = False


def segments(index):
    """Return the segments of the index on disk now.

    Relies on FileIndex._segments(), which reads the latest table of contents.
    """
    return index.refresh()._segments()


def table_of_contents(index):
    """Return the path of the index's latest table of contents (a file rewritten by each commit).

    Relies on FileIndex naming it `_<indexname>_<generation>.toc` in its storage's folder.
    """
    generation = index.latest_generation()
    return os.path.join(index.storage.folder, f"_{index.indexname}_{generation}.toc"), generation


def merge_with(writer, policy):
    """Have the writer merge segments with `policy(writer, segments)` when it commits.

    Relies on SegmentWriter.mergetype, the policy commit() uses when given none.
    """
    writer.mergetype = policy


def postings(matcher):
    """Return (document numbers, weights) of a posting list, a block at a time.

    Relies on the on-disk block matcher of the W3 codec: `_ids` and `_weights` hold the
    current block once id() and weight() have decoded it, and `_next_block()` moves on.
    A reader's filter of deleted documents (FilterMatcher) is looked through: the
    caller leaves deleted documents out itself. Any other matcher is stepped through
    with the public API.
    """
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    ids, weights = [], []
    if not hasattr(matcher, "_next_block"):
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return ids, weights
    while matcher.is_active():
        matcher.id(), matcher.weight()  # decode the block's ids and weights
        ids.extend(matcher._ids)
        weights.extend(matcher._weights)
        matcher._next_block()
    return ids, weights


def bm25_b(weighting, fieldname):
    """Return BM25F's B for a field, as the weighting scores it.

    Relies on BM25F._field_B, the per-field B values given as `<field>_B` options.
    """
    return weighting._field_B.get(fieldname, weighting.B)
