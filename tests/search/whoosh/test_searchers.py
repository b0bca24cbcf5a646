"""The fast search path (archive/search/whoosh/searchers.py) gives exactly what Whoosh's own matchers give."""

from datetime import date

import pytest
from haystack import connections
from whoosh.sorting import Count, FieldFacet

from archive.importing.generated import generate
from archive.models import Article
from archive.search.results import Criteria, build_search
from archive.search.whoosh.matches import Matches, split_date_range
from archive.search.whoosh.searchers import searcher_for

TYPED = [
    "soleimani",
    "qasem",
    "drone strike",
    '"drone strike"',
    "police OR army",
    "iran -iraq",
    "-iraq",
    "iran -(iraq OR syria)",
    'iran -"drone strike"',
    "commemorat*",
    "title:attack",
    "source:courier",
    "(baghdad OR beirut) -police",
]
FILTERS = [
    {},
    {"published_from": date(2005, 1, 1), "published_to": date(2012, 6, 30)},
    {"published_from": date(2020, 3, 1)},
    {"sources": ("gulf-courier", "levant-wire")},
    {"needs_review": True},
]


@pytest.fixture
def archive(db, django_capture_on_commit_callbacks):
    """120 generated articles in several segments, some edited and some deleted since."""
    with django_capture_on_commit_callbacks(execute=True):
        generate(120, seed=3, batch=40)
        for article in Article.objects.order_by("pk")[::11]:
            article.title += " (corrected)"
            article.save()
        pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for article in Article.objects.filter(pk__in=pks[5::13]):
            article.delete()
    backend = connections["default"].get_backend()
    return backend, searcher_for(backend.index)


def whoosh_queries(backend):
    for text in TYPED:
        for filters in FILTERS:
            results = build_search(Criteria(text=text, **filters)).results
            yield text, filters, backend.parser.parse(results.query.build_query())


def test_matches_are_the_documents_whoosh_matches(archive):
    """Totals and filters: the same documents as Whoosh's docs_for_query, for every query
    shape the query language makes, with and without filters, deleted ones left out."""
    backend, searcher = archive
    assert searcher.reader().has_deletions() and len(searcher.leaf_searchers()) > 1
    for text, filters, query in whoosh_queries(backend):
        content, (earliest, latest) = split_date_range(query)
        matches = Matches.of(searcher, content, earliest, latest)
        found = {offset + n for _, offset, local, _ in matches.segments for n in local}
        assert found == set(searcher.docs_for_query(query)), (text, filters)


def test_counts_are_whooshs_grouped_counts(archive):
    """Counts by source, year and month agree with Whoosh's own grouping of the matches."""
    backend, searcher = archive
    for text, filters, query in whoosh_queries(backend):
        content, bounds = split_date_range(query)
        counts = Matches.of(searcher, content, *bounds).counts(["source_name", "year", "month"])
        grouped = searcher.search(
            query,
            limit=None,
            groupedby=[
                FieldFacet(name, maptype=Count) for name in ("source_name", "year", "month")
            ],
        )
        for name in ("source_name", "year", "month"):
            expected = {value: n for value, n in grouped.groups(name).items() if value}
            assert dict(counts[name]) == expected, (text, filters, name)


def test_date_order_puts_undated_articles_last(archive):
    """Newest and oldest first follow the publication date, undated articles after all dated."""
    backend, searcher = archive
    query = backend.parser.parse(build_search(Criteria(text="-zzzz")).results.query.build_query())
    matches = Matches.of(searcher, query)
    count = len(matches)
    for newest_first in (True, False):
        docnums = matches.by_date(count, newest_first=newest_first)
        ids = [int(searcher.stored_fields(docnum)["django_id"]) for docnum in docnums]
        published = dict(Article.objects.values_list("pk", "published"))
        dated = [published[pk] for pk in ids if published[pk]]
        assert dated == sorted(dated, reverse=newest_first)
        undated = [pk for pk in ids if not published[pk]]
        assert undated and ids[-len(undated) :] == undated
        assert sorted(ids) == sorted(published)


def test_relevance_is_whooshs_ranking(archive):
    """Results by relevance come in Whoosh's order with Whoosh's scores, filters or not
    (a date range filters without scoring, as a Whoosh filter does)."""
    backend, searcher = archive
    for text, filters, query in whoosh_queries(backend):
        content, bounds = split_date_range(query)
        ours = Matches.of(searcher, content, *bounds, scored=True).by_relevance(20)
        allowed = set(searcher.docs_for_query(query))
        hits = searcher.search(content, limit=20, filter=allowed) if allowed else []
        whoosh = [(hit.docnum, hit.score) for hit in hits]
        assert [round(score, 9) for _, score in ours] == [round(score, 9) for _, score in whoosh], (
            text,
            filters,
        )
        assert rank_groups(ours) == rank_groups(whoosh), (text, filters)


def rank_groups(hits):
    """Return the documents of each score, best first; within a score the order may differ
    by the last bit of a float sum."""
    groups = {}
    for docnum, score in hits:
        groups.setdefault(round(score, 9), set()).add(docnum)
    return sorted(groups.items(), reverse=True)


def test_an_empty_index_answers_with_no_results(client, db):
    """A new archive, its index created but still empty, answers searches with none."""
    connections["default"].get_backend().clear()
    response = client.get("/search/", {"q": "harbour", "sort": "newest"})
    assert response.status_code == 200 and response.context["total"] == 0
    assert client.get("/search/", {"q": "harbour"}).context["total"] == 0


class Reads:
    """A deadline that passes after `allowed` looks at the clock, the same on every run."""

    def __init__(self, allowed):
        self.left = allowed

    def __lt__(self, now):  # `time.monotonic() > deadline` asks this
        self.left -= 1
        return self.left < 0


def test_a_search_stopped_at_any_point_shows_only_articles_that_match(archive):
    """Wherever the time budget runs out, what was found by then is part of the true
    results, exclusions included, and the search says it stopped."""
    backend, searcher = archive
    for text, filters, query in whoosh_queries(backend):
        content, bounds = split_date_range(query)
        whole = set(searcher.docs_for_query(query))
        for allowed in range(6):
            for scored in (False, True):
                matches = Matches.of(searcher, content, *bounds, scored, deadline=Reads(allowed))
                found = {offset + n for _, offset, local, _ in matches.segments for n in local}
                assert found <= whole, (text, filters, allowed)
                assert matches.stopped_early or found == whole, (text, filters, allowed)
