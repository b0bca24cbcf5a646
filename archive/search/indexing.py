"""Keeping the search index in step with the database, from every process that writes.

Every saved or deleted article reaches the index once its transaction commits.
Inside `indexing_batch()` (imports), saved articles are indexed together when the
block ends: one index commit for the batch instead of one per article.
"""

import logging
import threading
from contextlib import contextmanager, nullcontext

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from haystack import connections
from haystack.signals import BaseSignalProcessor

from archive.models import Article, Source
from archive.search.engines import capabilities, search_backend
from archive.vocabulary.terms import ARTICLES_PER_BATCH, index_entry_id

logger = logging.getLogger(__name__)
_pending = threading.local()


def article_index():
    return connections["default"].get_unified_index().get_index(Article)


def index_articles(ids):
    """Bring the index entries of these articles up to date; drop those deleted since."""
    ids = sorted(set(ids))
    index, backend = article_index(), search_backend()
    for start in range(0, len(ids), ARTICLES_PER_BATCH):
        chunk = ids[start : start + ARTICLES_PER_BATCH]
        articles = list(index.index_queryset().filter(pk__in=chunk))
        backend.update(index, articles)
        for pk in set(chunk) - {article.pk for article in articles}:
            backend.remove(index_entry_id(pk))


def bulk_indexing(before_commit=None):
    """Index everything inside the block with one writer on every core, committed at its end
    (after calling `before_commit`).

    That is our Whoosh backend's; another engine indexes each batch as it comes.
    """
    if not capabilities().bulk_writing:
        return nullcontext()
    return search_backend().bulk_writing(before_commit=before_commit)


def index_after_commit(ids, present=()):
    """Index these articles once the current transaction commits (at once outside one),
    and those of `present`, found already saved, that the index lacks."""
    ids, present = list(ids), list(present)
    if ids or present:
        transaction.on_commit(lambda: _index_safely(ids, present))


def _index_safely(ids, present=()):
    # The change is committed to the database, which is the archive's record; an index
    # that could not follow (or be read) is caught up by `update_index`, never shown to
    # the user.
    try:
        index_articles([*ids, *lacking(present)])
    except Exception:
        logger.exception(
            "The search index could not take %d article(s); run update_index.",
            len(ids) + len(present),
        )


def index_saved(ids):
    """Index these saved articles with the current batch, else once the transaction commits."""
    if getattr(_pending, "ids", None) is not None:
        _pending.ids.update(ids)
    else:
        index_after_commit(ids)


def index_if_lacking(ids):
    """Index these articles, found already saved, if the index lacks them: an import killed
    before its batch reached the index leaves such articles, which the next one finds."""
    if getattr(_pending, "present", None) is not None:
        _pending.present.update(ids)
    else:
        index_after_commit((), present=ids)


def lacking(ids):
    """Return those of these articles the index lacks (all of them when the engine cannot
    tell, so they are indexed again)."""
    ids = list(ids)
    if not ids or not capabilities().readable_entries:
        return ids
    return search_backend().lacking(ids)


@contextmanager
def indexing_batch():
    """Index the articles saved inside the block together, when it ends."""
    if getattr(_pending, "ids", None) is not None:
        yield  # already inside a batch
        return
    _pending.ids, _pending.present = set(), set()
    try:
        yield
    finally:
        ids, present = _pending.ids, _pending.present
        _pending.ids = _pending.present = None
        index_after_commit(ids, present=present - ids)


class ArchiveSignalProcessor(BaseSignalProcessor):
    """Index articles when they are saved or deleted, and when their source is renamed."""

    def setup(self):
        post_save.connect(self.article_saved, sender=Article)
        post_delete.connect(self.article_deleted, sender=Article)
        pre_save.connect(self.source_saving, sender=Source)
        post_save.connect(self.source_saved, sender=Source)

    def teardown(self):
        post_save.disconnect(self.article_saved, sender=Article)
        post_delete.disconnect(self.article_deleted, sender=Article)
        pre_save.disconnect(self.source_saving, sender=Source)
        post_save.disconnect(self.source_saved, sender=Source)

    def article_saved(self, sender, instance, **kwargs):
        index_saved([instance.pk])

    def article_deleted(self, sender, instance, **kwargs):
        index_after_commit([instance.pk])

    def source_saving(self, sender, instance, **kwargs):
        previous = Source.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
        instance._renamed = previous is not None and previous != instance.name

    def source_saved(self, sender, instance, **kwargs):
        if getattr(instance, "_renamed", False):
            index_after_commit(instance.articles.values_list("pk", flat=True))
