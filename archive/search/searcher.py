"""Searching the Whoosh index fast: one searcher kept across requests, and whole columns.

Opening a searcher opens every segment's files, which costs more than most searches,
so each thread keeps one and reopens it only when the index on disk has changed.

Date filters, date sorts and the counts by source, year and month read whole columns
(each article's publication day, source and month), read once per segment and kept
while the segment lives: a count is then one pass over the matching document
numbers, where Whoosh's grouping asks the column for every match on every search.

The matching documents themselves (for the total and the counts) are found with set
operations on whole posting lists, read a block at a time: Whoosh's own matchers step
through them one document and three method calls at a time, which for a word in most
articles costs more than everything else on the page.
"""

import heapq
import itertools
import os
import threading
from collections import Counter
from dataclasses import dataclass

from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, Every, Not, NumericRange, Or, Term
from whoosh.reading import TermNotFound

# Per thread: the searcher and the state of the index it was opened on.
_local = threading.local()
# Segment id -> its Columns, shared by all threads (they are never changed).
_columns = {}
_columns_lock = threading.Lock()

PUBLISHED, SOURCE, MONTH = "published", "source_name", "month"


def searcher_for(index):
    """Return this thread's searcher of `index`, reopened if the index has changed on disk."""
    state = index_state(index)
    if getattr(_local, "state", None) != state:
        if (old := getattr(_local, "searcher", None)) is not None:
            old.close()
        _local.searcher, _local.state = index.searcher(), state
        forget_other_segments(_local.searcher)
    return _local.searcher


def index_state(index):
    """Return what tells one state of the index on disk from another.

    A generation number alone is not enough: a rebuilt index starts counting again,
    so the table of contents' inode and time of writing go with it.
    """
    generation = index.latest_generation()
    toc = os.path.join(index.storage.folder, f"_{index.indexname}_{generation}.toc")
    try:
        stat = os.stat(toc)
    except FileNotFoundError:
        return (generation, None, None)
    return (generation, stat.st_ino, stat.st_mtime_ns)


@dataclass(frozen=True)
class Columns:
    """One segment's columns, by document number within the segment."""

    published: list  # Whoosh's number for the publication datetime; UNDATED when none
    source: list
    month: list  # "2024-03", or "" when undated


UNDATED = 2**64 - 1  # what Whoosh's DATETIME column holds for an undated article


def columns(searcher):
    """Yield (Columns, first document number) for each segment of the searcher."""
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        segid = reader.segment().segid
        found = _columns.get(segid)
        if found is None:
            found = Columns(
                published=column(reader, PUBLISHED, UNDATED),
                source=column(reader, SOURCE, ""),
                month=column(reader, MONTH, b""),
            )
            with _columns_lock:
                _columns[segid] = found
        yield found, offset


def column(reader, field, missing):
    if not reader.has_column(field):
        return [missing] * reader.doc_count_all()
    return list(reader.column_reader(field, translate=field == SOURCE))


def forget_other_segments(searcher):
    """Drop the columns of segments that are no longer in the index."""
    live = {leaf.reader().segment().segid for leaf, _ in searcher.leaf_searchers()}
    with _columns_lock:
        for segid in set(_columns) - live:
            del _columns[segid]


def split_date_range(query):
    """Return the query without its top-level publication date bounds, and the bounds
    as (earliest, latest) Whoosh numbers, either one None when open."""
    if not isinstance(query, And):
        return query, (None, None)
    earliest, latest, rest = None, None, []
    for part in query.subqueries:
        if isinstance(part, NumericRange) and part.fieldname == PUBLISHED:
            if part.start is not None:
                earliest = max(earliest or 0, part.start)
            if part.end is not None:
                latest = part.end if latest is None else min(latest, part.end)
        else:
            rest.append(part)
    if len(rest) == len(query.subqueries):
        return query, (None, None)
    return And(rest) if len(rest) > 1 else rest[0], (earliest, latest)


@dataclass
class Matches:
    """Every document a query matches, segment by segment."""

    segments: list  # [(Columns, first document number, [document numbers within the segment])]

    @classmethod
    def of(cls, searcher, query, earliest=None, latest=None):
        """Return the documents `query` matches, published within the bounds if given."""
        low, high = earliest or 0, UNDATED - 1 if latest is None else latest
        bounded = earliest is not None or latest is not None
        segments = []
        for (leaf, _), (cols, offset) in zip(searcher.leaf_searchers(), columns(searcher)):
            reader = leaf.reader()
            found = segment_matches(leaf, query)
            if reader.has_deletions():
                found -= set(reader.segment().deleted_docs())
            if bounded:
                published = cols.published
                found = [n for n in found if low <= published[n] <= high]
            if found:
                segments.append((cols, offset, sorted(found)))
        return cls(segments)

    def __len__(self):
        return sum(len(local) for _, _, local in self.segments)

    def docnums(self):
        """Return the set of global document numbers matched."""
        return {offset + n for _, offset, local in self.segments for n in local}

    def counts(self, facets):
        """Return {facet: [(value, count)]}, largest count first, for the facets asked."""
        sources, months = Counter(), Counter()
        for cols, _, local in self.segments:
            if SOURCE in facets:
                sources.update(map(cols.source.__getitem__, local))
            if "year" in facets or MONTH in facets:
                months.update(map(cols.month.__getitem__, local))
        months = {month.decode(): count for month, count in months.items() if month}
        years = Counter()
        for month, count in months.items():
            years[month[:4]] += count
        found = {SOURCE: sources, MONTH: months, "year": years}
        return {facet: ranked(found[facet]) for facet in facets if facet in found}

    def by_date(self, count, newest_first):
        """Return the first `count` global document numbers by publication date, undated last."""
        pairs = [
            (cols.published[n], offset + n) for cols, offset, local in self.segments for n in local
        ]
        if not newest_first:  # undated articles hold the largest number
            return [docnum for _, docnum in heapq.nsmallest(count, pairs)]
        dated = heapq.nlargest(count, (pair for pair in pairs if pair[0] != UNDATED))
        undated = (docnum for day, docnum in pairs if day == UNDATED)
        return [docnum for _, docnum in dated] + list(itertools.islice(undated, count - len(dated)))


def segment_matches(leaf, query):
    """Return the set of one segment's document numbers that `query` matches, deleted
    documents included."""
    if isinstance(query, Term):
        return set(posting_ids(leaf.reader(), query))
    if isinstance(query, Or):
        return set().union(*(segment_matches(leaf, part) for part in query.subqueries))
    if isinstance(query, And):
        wanted = [part for part in query.subqueries if not isinstance(part, Not)]
        unwanted = [part.query for part in query.subqueries if isinstance(part, Not)]
        found = (
            set.intersection(*(segment_matches(leaf, part) for part in wanted))
            if wanted else segment_matches(leaf, Every())
        )
        for part in unwanted:
            found -= segment_matches(leaf, part)
        return found
    if isinstance(query, Not):
        return segment_matches(leaf, Every()) - segment_matches(leaf, query.query)
    if isinstance(query, Every):
        return set(range(leaf.reader().doc_count_all()))
    # Phrases, prefixes, ranges: Whoosh's matcher, one document at a time.
    return set(query.matcher(leaf).all_ids())


def posting_ids(reader, term):
    """Return the document numbers of a term's postings in one segment, deleted ones included."""
    try:
        matcher = reader.postings(term.fieldname, term.text)
    except TermNotFound:
        return ()
    if isinstance(matcher, FilterMatcher):  # the reader's filter of deleted documents
        matcher = matcher.child
    if not hasattr(matcher, "_next_block"):
        return matcher.all_ids()
    ids = []
    # Whoosh 2.7's on-disk matcher decodes a block of ids at once; read them whole.
    while matcher.is_active():
        matcher.id()  # decodes the current block's ids
        ids.extend(matcher._ids)
        matcher._next_block()
    return ids


def ranked(counts):
    """Return (value, count) pairs, largest count first, then by value; empty values left out."""
    return sorted(((value, n) for value, n in counts.items() if value), key=lambda item: (-item[1], item[0]))
