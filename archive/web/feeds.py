"""Atom feeds: the latest articles, and the latest of one source."""

import re
from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from archive.models import Article, Source
from archive.web.browse import redirect_to_merged

FEED_SIZE = 50
# What XML 1.0 cannot carry; a title edited in the admin or restored from an export may.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    return NOT_XML.sub("", value) if isinstance(value, str) else value


class ArchiveAtomFeed(Atom1Feed):
    """Atom, leaving out the characters XML cannot carry rather than failing on them."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *map(xml_safe, args), **{key: xml_safe(value) for key, value in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *map(xml_safe, args), **{key: xml_safe(value) for key, value in kwargs.items()}
        )


class ArticleFeed(Feed):
    """What the archive's feeds share: Atom, articles newest first, a summary from the text."""

    feed_type = ArchiveAtomFeed

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Atom1Feed sends the description as type="html"; the first paragraph is plain
        # text, so it is escaped to reach readers as the words it is, never as markup.
        blocks = article.blocks
        return escape(blocks[0].text) if blocks else ""

    def item_pubdate(self, article):
        # Atom's <published> is the article's own date; an undated one has its import time.
        if article.published is None:
            return article.imported_at
        return datetime.combine(article.published, time(), tzinfo=UTC)

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.author or (article.source.name if article.source else None)


class LatestArticlesFeed(ArticleFeed):
    title = "News archive: latest articles"
    subtitle = "The articles most recently published, as the archive dates them."

    def link(self):
        return reverse("archive:home")

    def items(self):
        return Article.objects.with_related().dated()[:FEED_SIZE]


class SourceFeed(ArticleFeed):
    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            return redirect_to_merged(request, "archive:source-feed", kwargs["slug"])

    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, source):
        return f"News archive: {source.name}"

    def link(self, source):
        return reverse("archive:source", args=[source.slug])

    def items(self, source):
        return Article.objects.with_related().for_source(source)[:FEED_SIZE]
