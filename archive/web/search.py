import json
from dataclasses import replace
from datetime import date

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from archive.models import Article
from archive.search.results import (
    Criteria,
    build_search,
    hits,
    matched_variants,
    source_counts,
    spelling_suggestion,
)
from archive.upkeep.exporting import article_record, csv_lines
from archive.vocabulary.terms import EXPORT_FIELDS, PUBLIC_EXPORT_FIELDS
from archive.web.feeds import ArticleFeed
from archive.web.forms import SearchForm
from archive.web.timeline import timeline

FEED_SIZE = 50
EXPORT_CHUNK = 1000
# The most characters of the query a download's file name keeps.
DOWNLOAD_NAME_CHARS = 60


def search_for(request, **overrides):
    """Return the Search that a request's query parameters ask for, with `overrides` of
    its Criteria, and its form."""
    form = SearchForm(request.GET or None)
    form.is_valid()
    return build_search(replace(Criteria.from_form(form, request.user), **overrides)), form


def search(request):
    """The search page: results with snippets, counts by source and year, and a timeline."""
    search, form = search_for(request)
    context = {"form": form, "search": search, "params": request.GET}
    if search.asked:
        page = results_page(search.results, request.GET.get("page"))
        page_hits = hits(search, page.object_list)
        total = page.paginator.count
        context |= {
            "page_obj": page,
            "hits": page_hits,
            "total": total,
            "sources": source_counts(search),
            "years": (years := sorted(search.counts("year"), reverse=True)),
            "undated": total - sum(count for _, count in years),
            "timeline": timeline(search.counts("year"), search.counts("month")),
            "suggestion": spelling_suggestion(search, total),
            "variants": matched_variants(search, page_hits),
            "export_cap": public_export_cap(request.user),
            "read_as": search.read_as(),
            "left_out": search.left_out(),
            "stopped_early": search.stopped_early,
            "search_seconds": settings.ARCHIVE_SEARCH_MILLISECONDS / 1000,
        }
    return render(request, "search/search.html", context)


def results_page(results, number):
    """Return the Paginator page of `results` numbered `number` (the last for too high a number).

    The page is fetched before the paginator counts: one search then gives the page,
    the count and the facets, where counting first would run the search twice.
    """
    per_page = settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE
    try:
        start = (max(int(number), 1) - 1) * per_page
    except (TypeError, ValueError):
        start = 0
    results[start : start + per_page]
    paginator = Paginator(results, per_page)
    if not paginator.count:
        # Haystack would run a search with no results again to slice it.
        return Page([], 1, paginator)
    return paginator.get_page(number)


def public_export_cap(user):
    """Return how many articles a download holds at most for `user`; None (all) for staff
    who may view articles in the admin, as the editors' fields are theirs."""
    return None if user.has_perm("archive.view_article") else settings.ARCHIVE_PUBLIC_EXPORT_ROWS


def first_ids(search, count):
    """Return the ids of the first `count` articles of a search's result set."""
    return [int(result.pk) for result in search.results[0:count]] if count else []


def articles_of(ids):
    """Yield the articles of these ids in their order, a chunk at a time."""
    for start in range(0, len(ids), EXPORT_CHUNK):
        yield from Article.objects.with_related().in_order(ids[start : start + EXPORT_CHUNK])


def download_name(text, rows, total):
    """Return a download's file name (without extension) from its query and today's date:
    'search-soleimani-mashhad-2025-01-04', and '-first-1000-of-5234' when cut short."""
    words = slugify(text, allow_unicode=True)[:DOWNLOAD_NAME_CHARS].strip("-")
    name = "-".join(part for part in ("search", words, date.today().isoformat()) if part)
    return name if rows == total else f"{name}-first-{rows}-of-{total}"


def export(request, format):
    """A search's result set as CSV or JSONL, streamed: all of it with every field for
    staff; for anyone else without the staff fields, and at most public_export_cap rows.

    The headers say what the file holds, and a capped file's name says so too.
    """
    search, _ = search_for(request)
    total = search.results.count() if search.asked else 0
    stopped_early = search.stopped_early
    cap = public_export_cap(request.user)
    rows = total if cap is None else min(total, cap)
    fields = EXPORT_FIELDS if cap is None else PUBLIC_EXPORT_FIELDS
    # Read before the headers are sent, which say whether either run stopped early.
    ids = first_ids(search, rows)
    stopped_early = stopped_early or search.stopped_early
    articles = articles_of(ids)
    site = request.build_absolute_uri("/").rstrip("/")
    if format == "csv":
        content = csv_lines(articles, fields, site)
        content_type = "text/csv; charset=utf-8"
    else:
        content = (
            json.dumps(article_record(a, fields, site=site), ensure_ascii=False) + "\n"
            for a in articles
        )
        content_type = "application/x-ndjson; charset=utf-8"
    response = StreamingHttpResponse(content, content_type=content_type)
    name = download_name(search.criteria.text, rows, total)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{format}")
    response["X-Archive-Export-Total"] = total
    response["X-Archive-Export-Truncated"] = "true" if rows < total else "false"
    if cap is not None:
        response["X-Archive-Export-Cap"] = cap
    # Whether the search stopped at its time budget, so the file holds what it found by then.
    response["X-Archive-Search-Stopped-Early"] = "true" if stopped_early else "false"
    return response


class SearchFeed(ArticleFeed):
    """The newest articles matching a search, as an Atom feed."""

    def get_object(self, request):
        self.request = request
        # A feed is newest first, whatever sort the search page had.
        search, _ = search_for(request, sort="newest")
        return search

    def title(self, search):
        text = search.criteria.text
        return f"News archive: search for “{text}”" if text else "News archive: search"

    def link(self, search):
        return f"{reverse('archive:search')}?{self.request.GET.urlencode()}"

    def items(self, search):
        if not search.asked:
            return []
        ids = [int(result.pk) for result in search.results[:FEED_SIZE]]
        return Article.objects.with_related().in_order(ids)
