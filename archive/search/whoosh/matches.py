"""A query's matching documents, read from whole columns and posting lists.

Date filters, date sorts and the counts by source, year and month read whole columns
(each article's publication day, source and month), read once per segment and kept
while the segment lives: a count is then one pass over the matching document
numbers, where Whoosh's grouping asks the column for every match on every search.

The matching documents, and their scores when results go by relevance, come from
whole posting lists (scoring.py).
"""

import heapq
import itertools
import threading
from collections import Counter
from dataclasses import dataclass, field

from whoosh.query import And, Every, NumericRange

from archive.search.whoosh.scoring import SegmentScorer

# Segment id -> its Columns, shared by all threads (only ever added to).
_columns = {}
_columns_lock = threading.Lock()

PUBLISHED, SOURCE, MONTH = "published", "source_name", "month"


@dataclass(frozen=True)
class Columns:
    """One segment's columns, by document number within the segment."""

    published: list  # Whoosh's number for the publication datetime; UNDATED when none
    source: list
    month: list  # "2024-03", or "" when undated
    lengths: dict = field(default_factory=dict)  # field lengths for scoring, read when first needed


UNDATED = 2**64 - 1  # what Whoosh's DATETIME column holds for an undated article


def columns(searcher):
    """Yield (leaf searcher, Columns, first document number) for each segment of the searcher."""
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        # An empty index has no segment; merging emptied segments makes one of no
        # documents, where Whoosh's idf would take the log of 0.
        if reader.segment() is None or not reader.doc_count_all():
            continue
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
        yield leaf, found, offset


def column(reader, field, missing):
    if not reader.has_column(field):
        return [missing] * reader.doc_count_all()
    return list(reader.column_reader(field, translate=field == SOURCE))


def forget_other_segments(searcher):
    """Drop the columns of segments that are no longer in the index."""
    segments = (leaf.reader().segment() for leaf, _ in searcher.leaf_searchers())
    live = {segment.segid for segment in segments if segment is not None}
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
    # Nothing but bounds is left when the words were all dropped by the analyzer ("~2"
    # with a date filter): Whoosh's And of the bounds alone finds every article in them.
    return And(rest) if len(rest) > 1 else rest[0] if rest else Every(), (earliest, latest)


@dataclass
class Matches:
    """Every document a query matches, segment by segment, scored if asked."""

    # [(Columns, first document number, [document numbers within the segment],
    #   {document number within the segment: score} or None)]
    segments: list
    # The deadline passed before every posting was read: these are the matches found by then.
    stopped_early: bool = False

    @classmethod
    def of(cls, searcher, query, earliest=None, latest=None, scored=False, deadline=None):
        """Return the documents `query` matches, published within the bounds if given, as
        far as they are found by `deadline` (a time.monotonic() value) if given."""
        low, high = earliest or 0, UNDATED - 1 if latest is None else latest
        bounded = earliest is not None or latest is not None
        segments, stopped_early = [], False
        for leaf, cols, offset in columns(searcher):
            segment = SegmentScorer(searcher, leaf, cols.lengths, deadline)
            scores = segment.scores(query) if scored else None
            found = set(scores) if scored else segment.matches(query)
            if segment.reader.has_deletions():
                found -= set(segment.reader.segment().deleted_docs())
            if bounded:
                published = cols.published
                found = [n for n in found if low <= published[n] <= high]
            if found:
                segments.append((cols, offset, sorted(found), scores))
            stopped_early |= segment.stopped_early
        return cls(segments, stopped_early)

    def by_relevance(self, count):
        """Return the first `count` (global document number, score), best first; among
        equal scores the earlier document, as Whoosh orders them."""
        scored = (
            (offset + n, scores[n]) for _, offset, local, scores in self.segments for n in local
        )
        return heapq.nsmallest(count, scored, key=lambda hit: (-hit[1], hit[0]))

    def __len__(self):
        return sum(len(local) for _, _, local, _ in self.segments)

    def counts(self, facets):
        """Return {facet: [(value, count)]}, largest count first, for the facets asked."""
        sources, months = Counter(), Counter()
        for cols, _, local, _ in self.segments:
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
            (cols.published[n], offset + n)
            for cols, offset, local, _ in self.segments
            for n in local
        ]
        if not newest_first:  # undated articles hold the largest number
            return [docnum for _, docnum in heapq.nsmallest(count, pairs)]
        dated = heapq.nlargest(count, (pair for pair in pairs if pair[0] != UNDATED))
        undated = (docnum for day, docnum in pairs if day == UNDATED)
        return [docnum for _, docnum in dated] + list(itertools.islice(undated, count - len(dated)))


def ranked(counts):
    """Return (value, count) pairs, largest count first, then by value; empty values left out."""
    return sorted(
        ((value, n) for value, n in counts.items() if value), key=lambda item: (-item[1], item[0])
    )
