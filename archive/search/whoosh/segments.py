"""How the index's segments are written and kept few.

Every commit adds a segment, and a search pays for each one. Whoosh's own merge
policy never merges segments of a hundred documents or more, so an archive fed by
imports would pile them up; `merge_tiers` merges them the way Lucene's log merge
policy does: segments are grouped by the power of MERGE_FACTOR of their size, and
when a group reaches MERGE_FACTOR segments they are merged into the segment being
written. A document is then rewritten about once per power of ten, and fewer than
MERGE_FACTOR segments of each size remain.

Whoosh merges about as slowly as it indexes (a hundred articles a second here), and
whoever commits holds the index's write lock while merging: an editor saving an
article would wait. So a commit only merges groups of at most MERGE_AT_MOST articles
(seconds), and bigger segments wait for `manage.py merge_index`, run when the archive
is quiet, which merges everything into one segment. Nor does a commit merge more than
MERGE_FACTOR times the articles it writes: an editor's save (one article) merges only
the smallest segments, and leaves the merges of seconds to the imports; under load
such a merge inside a web request held the save for over 30 s (make loadtest).
"""

import math
from collections import defaultdict

from whoosh.codec.whoosh3 import W3Codec
from whoosh.reading import SegmentReader

MERGE_FACTOR = 10
MERGE_AT_MOST = 1000


def codec():
    """Return the codec segments are written with: Whoosh's, without zlib on postings.

    Compressing each block of postings costs a fifth of indexing time (54 against 66
    articles a second in commits of 100) and is undone on every search that reads the
    block. The index is larger: 122 MB against 73 MB for 5,300 generated articles in
    two segments, about 31 KB an article against 9 KB in import-sized segments. That is
    some 3 GB for 100,000 articles, less than their originals take.
    """
    return W3Codec(compression=0)


def merge_tiers(writer, segments):
    """Merge every size group of segments that has grown to MERGE_FACTOR, if together
    they hold at most MERGE_AT_MOST articles, and at most MERGE_FACTOR times those
    the writer adds; return the rest."""
    most = min(MERGE_AT_MOST, MERGE_FACTOR * max(writer.doc_count(), 1))
    tiers = defaultdict(list)
    for segment in segments:
        tiers[size_tier(segment)].append(segment)
    unchanged = []
    for tier in sorted(tiers):
        group = tiers[tier]
        if len(group) < MERGE_FACTOR or sum(segment.doc_count() for segment in group) > most:
            unchanged.extend(group)
            continue
        for segment in group:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return unchanged


def size_tier(segment):
    """Return the power of MERGE_FACTOR of a segment's live documents (0 for an empty one)."""
    live = segment.doc_count()
    return int(math.log(live, MERGE_FACTOR)) if live else 0
