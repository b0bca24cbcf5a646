import logging
from functools import partial

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import DetailView

from archive.models import Article, DateFrom, ReviewReason
from archive.search.names import same_name
from archive.search.query import HighlightTerms, expand_aliases, highlight_terms, parse
from archive.search.related import related_articles
from archive.search.results import alias_map
from archive.search.snippets import mark_all
from archive.web.citation import Reference, bibtex, citation
from archive.web.forms import typed_query

logger = logging.getLogger(__name__)


class ArticleView(DetailView):
    """An article to read and cite; the words of the search that led here (?q=) are marked."""

    queryset = Article.objects.with_related()
    template_name = "archive/article_detail.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            return to_canonical_url(request, self.object)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        article = self.object
        searched = typed_query(self.request.GET.get("q", ""))
        terms = searched_words(searched)
        same_word = None if self.request.GET.get("exact") == "1" else same_name
        mark = partial(mark_all, terms=terms, same_word=same_word)
        previous_article, next_article = previous_and_next(article)
        archive_url = self.request.build_absolute_uri(article.get_absolute_url())
        reference = reference_to(article, archive_url)
        return super().get_context_data(
            title_pieces=mark(article.title),
            body=[(block, mark(block.text)) for block in article.blocks],
            highlighting=searched if terms.words or terms.prefixes else "",
            date_found=date_found(article),
            date_under_review=article.needs_review and ReviewReason.DATE in article.review_reasons,
            web_url=web_url(article.url),
            previous_article=previous_article,
            next_article=next_article,
            related=related_articles(article),
            archive_url=archive_url,
            citation=citation(reference),
            bibtex=bibtex(reference),
            **kwargs,
        )


def searched_words(q):
    """Return the words of a typed search to mark, alias groups included, as results mark them."""
    query = parse(q)
    return highlight_terms(expand_aliases(query, alias_map())) if query else HighlightTerms()


def previous_and_next(article):
    """Return the articles just before and after `article` by date, then id (one query each).

    Undated articles follow one another by id, apart from the dated ones.
    """
    listed = Article.objects.only("title", "slug", "published")
    if article.published is None:
        undated = listed.undated()
        return (
            undated.filter(pk__lt=article.pk).order_by("-pk").first(),
            undated.filter(pk__gt=article.pk).order_by("pk").first(),
        )
    day, pk = article.published, article.pk
    dated = listed.dated()
    # A range on the date with the same day's other side left out, rather than
    # "before the day, or the same day with a lower id": an OR would keep the database
    # from walking the (published, id) index, and it read the whole table instead.
    return (
        dated.filter(published__lte=day)
        .exclude(published=day, pk__gte=pk)
        .order_by("-published", "-pk")
        .first(),
        dated.filter(published__gte=day)
        .exclude(published=day, pk__lte=pk)
        .order_by("published", "pk")
        .first(),
    )


def date_found(article):
    """Return how the article's date was found, in words ("from the page's metadata")."""
    found = article.get_date_from_display()
    if article.date_from in (DateFrom.HEADER, DateFrom.METADATA):
        return f"from {found}"
    if article.date_from == DateFrom.TEXT and article.date_hint:
        return f"{found}: {article.date_hint}"
    return found


def web_url(url):
    """Return the URL if it is a web address, else "": only http(s) addresses are linked."""
    return url if url.lower().startswith(("http://", "https://")) else ""


def reference_to(article, archive_url):
    """Return what a citation of the article says, read in the archive at `archive_url` today."""
    return Reference(
        title=article.title,
        author=article.author,
        source=article.source.name if article.source else "",
        published=article.published,
        url=web_url(article.url),
        archive_url=archive_url,
        accessed=timezone.localdate(),
    )


def article_redirect(request, pk):
    """Send /articles/<id>/ to the article's canonical URL."""
    return to_canonical_url(request, get_object_or_404(Article, pk=pk))


def to_canonical_url(request, article):
    """Return a permanent redirect to the article's canonical URL, keeping the query string
    (?q= marks the search that led there)."""
    query = request.GET.urlencode()
    url = article.get_absolute_url()
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@staff_member_required
@permission_required("archive.view_article", raise_exception=True)
def original_download(request, pk):
    """Return the original file as it was imported: as a download, or as plain text to view.

    Visitors are sent to log in as staff, as for the admin; staff who may not view
    articles are refused (403). Never served as HTML from our origin: an imported page
    could carry scripts.
    """
    article = get_object_or_404(Article, pk=pk)
    if not article.original:
        raise Http404("This article was restored from an export without its original.")
    try:
        original = article.original.open("rb")
    except FileNotFoundError:
        logger.warning(
            "The original of article %s is missing: %s", article.pk, article.original.name
        )
        return render(request, "archive/original_missing.html", {"article": article}, status=410)
    as_text = request.GET.get("view") == "text"
    response = FileResponse(
        original,
        as_attachment=not as_text,
        filename=article.download_name,
        content_type="text/plain; charset=utf-8" if as_text else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
