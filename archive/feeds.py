"""Atom feeds: the latest articles, and the latest of one source."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Article, Source

FEED_SIZE = 50


class ArticleFeed(Feed):
    """What the archive's feeds share: Atom, articles newest first, a summary from the text."""

    feed_type = Atom1Feed

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        blocks = article.blocks
        return blocks[0].text if blocks else ""

    def item_pubdate(self, article):
        return article.imported_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.author or None


class LatestArticlesFeed(ArticleFeed):
    title = "News archive: latest articles"
    subtitle = "The articles most recently published, as the archive dates them."

    def link(self):
        return reverse("archive:home")

    def items(self):
        return Article.objects.with_related().dated()[:FEED_SIZE]


class SourceFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, source):
        return f"News archive: {source.name}"

    def link(self, source):
        return reverse("archive:source", args=[source.slug])

    def items(self, source):
        return Article.objects.with_related().for_source(source)[:FEED_SIZE]
