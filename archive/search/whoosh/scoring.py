"""Finding, and scoring, the documents of one segment that a query matches.

Whoosh's matchers step through posting lists one document and several method calls
at a time. For a word in most of 100,000 articles that costs more than everything
else on a results page, and Whoosh cannot skip much of it: a common word's blocks
all hold some document that might make the first page. Here a word's postings are
read a block at a time and scored in one pass with Whoosh's own BM25F formula and
statistics, and AND, OR and NOT combine the results as Whoosh's matchers would, so
the scores are Whoosh's. Other queries (phrases, prefixes, ranges) go through
Whoosh's matcher.

Past its deadline, a scorer reads no more postings: a part not read yet matches
nothing where it is wanted and everything where it is excluded, so what is found by
then is only ever a part of the true results, never an article that does not match.
"""

import time

from whoosh.query import And, Every, Not, Or, Term
from whoosh.reading import TermNotFound
from whoosh.scoring import bm25

from archive.search.whoosh import internals


class SegmentScorer:
    """Matches and scores a query in one segment, with what scoring needs from the whole index."""

    def __init__(self, searcher, leaf, lengths, deadline=None):
        self.searcher = searcher  # the whole index's, for idf and average lengths
        self.leaf = leaf
        self.reader = leaf.reader()
        self.lengths = lengths  # {field: [length of the field in each document]}, filled here
        self.context = searcher.context()
        self.deadline = deadline  # time.monotonic() past which no more postings are read
        self.stopped_early = False

    def out_of_time(self):
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.stopped_early = True
        return self.stopped_early

    def matches(self, query, wanted=True):
        """Return the set of document numbers `query` matches, deleted ones included;
        `wanted` is False where the query is excluded (inside a NOT)."""
        if isinstance(query, Every):
            return set(range(self.reader.doc_count_all()))
        if isinstance(query, Or):
            return set().union(*(self.matches(part, wanted) for part in query.subqueries))
        if isinstance(query, And):
            included, excluded = split_not(query)
            found = (
                set.intersection(*(self.matches(part, wanted) for part in included))
                if included
                else self.matches(Every())
            )
            for part in excluded:
                found -= self.matches(part, not wanted)
            return found
        if isinstance(query, Not):
            return self.matches(Every()) - self.matches(query.query, not wanted)
        if self.out_of_time():
            return set() if wanted else self.matches(Every())
        if isinstance(query, Term):
            return set(self.postings(query)[0])
        return set(query.matcher(self.leaf, self.context).all_ids())

    def scores(self, query):
        """Return {document number: Whoosh's score} for the documents `query` matches."""
        if isinstance(query, Term):
            return {} if self.out_of_time() else self.term_scores(query)
        if isinstance(query, Or):
            # A union scores a document with the sum of the parts that match it.
            parts = sorted(map(self.scores, query.subqueries), key=len, reverse=True)
            total = dict(parts[0]) if parts else {}
            for part in parts[1:]:
                for docnum, score in part.items():
                    total[docnum] = total.get(docnum, 0.0) + score
            return boosted(total, query.boost)
        wanted, unwanted = split_not(query) if isinstance(query, And) else ((), ())
        if wanted:
            parts = [self.scores(part) for part in wanted]
            found = set(parts[0]).intersection(*parts[1:])
            for part in unwanted:
                found -= self.matches(part, wanted=False)
            # Whoosh scores each part that must not match as 1 (its InverseMatcher).
            excluded = float(len(unwanted))
            return boosted(
                {docnum: sum(part[docnum] for part in parts) + excluded for docnum in found},
                query.boost,
            )
        if self.out_of_time():
            return {}
        matcher = query.matcher(self.leaf, self.context)
        found = {}
        while matcher.is_active():
            found[matcher.id()] = matcher.score()
            matcher.next()
        return found

    def term_scores(self, term):
        """Return {document number: score} for a word, as Whoosh's BM25F scores it."""
        ids, weights = self.postings(term)
        field = self.searcher.schema[term.fieldname]
        if not field.scorable:
            return {docnum: weight * term.boost for docnum, weight in zip(ids, weights)}
        weighting = self.searcher.weighting
        idf = self.searcher.idf(term.fieldname, term.text)
        average = self.searcher.avg_field_length(term.fieldname) or 1
        b, k1 = internals.bm25_b(weighting, term.fieldname), weighting.K1
        lengths = self.field_lengths(term.fieldname)
        boost = term.boost
        return {
            docnum: bm25(idf, weight, lengths[docnum], average, b, k1) * boost
            for docnum, weight in zip(ids, weights)
        }

    def postings(self, term):
        """Return (document numbers, weights) of a word's postings, deleted documents included."""
        try:
            return internals.postings(self.reader.postings(term.fieldname, term.text))
        except TermNotFound:
            return (), ()

    def field_lengths(self, fieldname):
        """Return each document's length of the field, as Whoosh's scorer reads it."""
        if fieldname not in self.lengths:
            reader = self.reader
            self.lengths[fieldname] = [
                reader.doc_field_length(docnum, fieldname, 1)
                for docnum in range(reader.doc_count_all())
            ]
        return self.lengths[fieldname]


def boosted(scores, boost):
    return scores if boost == 1 else {docnum: score * boost for docnum, score in scores.items()}


def split_not(query):
    """Return an AND's parts as (the parts that must match, the parts that must not)."""
    wanted = [part for part in query.subqueries if not isinstance(part, Not)]
    unwanted = [part.query for part in query.subqueries if isinstance(part, Not)]
    return wanted, unwanted
