"""Related articles: what the search index finds most alike, else the same outlet's nearest."""

import logging

from haystack.query import SearchQuerySet

from archive.models import Article

logger = logging.getLogger(__name__)
RELATED_COUNT = 5


def related_articles(article, count=RELATED_COUNT):
    """Return up to `count` articles like `article`: by the index, or by source and date."""
    return alike(article, count) or nearest_from_source(article, count)


def alike(article, count):
    try:
        ids = [int(result.pk) for result in SearchQuerySet().more_like_this(article)[:count]]
    except Exception:  # The index is a helper here: the page must show without it.
        logger.exception("More-like-this failed for article %s", article.pk)
        return []
    return Article.objects.with_related().in_order(ids)


def nearest_from_source(article, count):
    """Return the same source's articles nearest in date (two queries: before and after)."""
    if article.source_id is None or article.published is None:
        return []
    same_source = (
        Article.objects.with_related().filter(source_id=article.source_id).exclude(pk=article.pk)
    )
    before = list(
        same_source.filter(published__lte=article.published).order_by("-published", "-pk")[:count]
    )
    after = list(
        same_source.filter(published__gt=article.published).order_by("published", "pk")[:count]
    )
    nearest = sorted(
        before + after, key=lambda other: abs((other.published - article.published).days)
    )
    return nearest[:count]
