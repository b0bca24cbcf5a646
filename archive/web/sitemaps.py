from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from archive.models import Article, Source


class ArticleSitemap(Sitemap):
    limit = 10000

    def items(self):
        return Article.objects.only("pk", "title", "slug", "updated_at").order_by("pk")

    def lastmod(self, article):
        return article.updated_at


class SourceSitemap(Sitemap):
    def items(self):
        return Source.objects.order_by("pk")

    def location(self, source):
        return reverse("archive:source", args=[source.slug])


class PageSitemap(Sitemap):
    def items(self):
        return ["archive:home", "archive:years", "archive:sources", "archive:undated"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "sources": SourceSitemap, "articles": ArticleSitemap}
