"""The one write path for articles: parsed documents become rows, once each.

    result = import_paths(["downloads/"], source="Reuters")
    result.imported, result.already_present, result.rejected

Files are saved an article at a time (`save_article`); articles made in bulk, such as
the generated ones of the benchmarks, a batch at a time (`save_in_bulk`). Both build
their rows with `article_row` and keep each original under its content hash.
"""

import dataclasses
import errno
import logging
import os
import stat
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from archive.importing.files import find_files
from archive.ingest import ParsedArticle, Rejected, Rejection, read_document
from archive.ingest.sources import source_key
from archive.models import Article, Source, SourceAlias
from archive.originals import content_hash, lock_for_saving, original_name
from archive.search.indexing import index_if_lacking, index_saved, indexing_batch
from archive.vocabulary.body import body_text
from archive.vocabulary.terms import ARTICLES_PER_BATCH

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """What an import did: articles added, originals already present, parts rejected."""

    imported: list[Article] = field(default_factory=list)
    already_present: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    def add(self, other):
        self.imported += other.imported
        self.already_present += other.already_present
        self.rejected += other.rejected


def import_paths(paths, source="", format="auto"):
    """Import every file under `paths`."""
    found = find_files(paths)
    return import_files(found.files, source=source, format=format, refused=found.refused)


def import_files(files, source="", format="auto", on_file=None, refused=()):
    """Import (path, name) pairs from find_files; `on_file(name, result)` follows each one.

    `refused` are the rejections find_files made, reported with the others. Articles
    reach the search index a batch of files at a time: one index commit per batch rather
    than one per article.
    """
    result = ImportResult(rejected=list(refused))
    for start in range(0, len(files), ARTICLES_PER_BATCH):
        with indexing_batch():
            for path, name in files[start : start + ARTICLES_PER_BATCH]:
                file_result = import_file(path, name, source=source, format=format)
                result.add(file_result)
                if on_file:
                    on_file(name, file_result)
    return result


def import_file(path, name, source="", format="auto"):
    """Import one file, rejecting it unread when it is over the size limit."""
    try:
        raw = read_file(path)
    except Rejected as rejected:
        return ImportResult(rejected=[Rejection(name, rejected.reason)])
    except OSError as error:
        reason = "it is a symbolic link" if error.errno == errno.ELOOP else error.strerror
        return ImportResult(rejected=[Rejection(name, f"cannot be read: {reason}")])
    return import_document(raw, name, source=source, format=format)


def read_file(path):
    """Return a file's bytes; raise Rejected, unread, if it is not a regular file or is
    over the size limit."""
    # The file may have been replaced since it was found: never open it through a link,
    # and never wait on a pipe (O_NONBLOCK), which the check below then refuses.
    with open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise Rejected("is not a regular file (a pipe, socket or device)")
        size = status.st_size
        if size > settings.ARCHIVE_MAX_FILE_BYTES:
            limit = settings.ARCHIVE_MAX_FILE_BYTES / 1_000_000
            raise Rejected(
                f"the file is {size / 1_000_000:.1f} MB, over the {limit:g} MB limit "
                "(ARCHIVE_MAX_FILE_BYTES)"
            )
        return file.read()


def import_document(raw, name, source="", format="auto"):
    """Import the articles in one document's bytes."""
    result = ImportResult()
    try:
        for item in read_document(raw, name, format):
            if isinstance(item, Rejection):
                result.rejected.append(item)
            elif article := save_article(item, default_source=source):
                result.imported.append(article)
            else:
                result.already_present.append(item.original.name)
    except Exception as error:  # A parser bug must not stop the rest of the batch.
        logger.exception("Importing %s failed", name)
        result.rejected.append(
            Rejection(name, f"could not be parsed ({type(error).__name__}: {error})")
        )
    return result


def identity(parsed: ParsedArticle):
    """Return the content hash an article is known by: its original's, or the one it came with."""
    return parsed.restored.content_hash if parsed.restored else content_hash(parsed.original.raw)


def known_as(parsed: ParsedArticle):
    """Return the hashes that make an article already present: its own, and the original's
    its record names (an archive restored into itself)."""
    claimed = parsed.restored.claimed_hash if parsed.restored else ""
    return [identity(parsed), claimed] if claimed else [identity(parsed)]


def save_article(parsed: ParsedArticle, default_source=""):
    """Save a parsed article and keep its original; return None if it is already present."""
    digest = identity(parsed)
    present = Article.objects.filter(content_hash__in=known_as(parsed))
    if pk := present.values_list("pk", flat=True).first():
        index_if_lacking([pk])
        return None
    parsed = with_default_source(parsed, default_source)
    article = article_row(parsed, digest)
    with lock_for_saving():
        # Content-addressed, so writing it before the row is safe: a failed save leaves
        # at most a file that the next import of the same original reuses (check_archive
        # tells such a file from one being imported by the lock).
        keep_original(article, parsed)
        try:
            with transaction.atomic():
                article.source = source_named(parsed.source)
                article.save()
        except IntegrityError:
            # Another import saved the same original between our check and our save.
            if Article.objects.filter(content_hash=digest).exists():
                return None
            raise
    return article


def save_in_bulk(parsed_articles, default_source=""):
    """Save parsed articles with one insert, keeping their originals; return the new Articles.

    Those already present (by content hash, within the batch too) are skipped. Should
    another import save one of them meanwhile, the batch is saved an article at a time.
    """
    parsed_by_digest = {
        identity(parsed): with_default_source(parsed, default_source) for parsed in parsed_articles
    }
    names = {name for parsed in parsed_by_digest.values() for name in known_as(parsed)}
    present = dict(Article.objects.filter(content_hash__in=names).values_list("content_hash", "pk"))
    index_if_lacking(present.values())
    new = {
        digest: parsed
        for digest, parsed in parsed_by_digest.items()
        if present.keys().isdisjoint(known_as(parsed))
    }
    rows = [article_row(parsed, digest) for digest, parsed in new.items()]
    sources = sources_named({parsed.source for parsed in new.values()})
    with lock_for_saving():
        for row, parsed in zip(rows, new.values(), strict=True):
            keep_original(row, parsed)
            row.source = sources[parsed.source]
            row.fill_derived_fields()
        try:
            with transaction.atomic():
                Article.objects.bulk_create(rows)
        except IntegrityError:
            saved = (save_article(parsed) for parsed in new.values())
            return [article for article in saved if article]
    # bulk_create sends no post_save, so the index is told here.
    index_saved([row.pk for row in rows])
    return rows


def with_default_source(parsed, default_source):
    """Return the parsed article with `default_source` as its source if it names none."""
    if parsed.source or not default_source:
        return parsed
    return dataclasses.replace(parsed, source=default_source)


def article_row(parsed: ParsedArticle, digest):
    """Return the unsaved Article for a parsed article, its values cut to the fields' lengths
    (its source is set on saving, when the Source row is found or made)."""
    return Article(
        title=fitted("title", parsed.title),
        author=fitted("author", parsed.author),
        url=fitted("url", parsed.url),
        published=parsed.published,
        date_from=parsed.date_from,
        date_hint=fitted("date_hint", parsed.date_hint),
        body=body_text(parsed.blocks),
        language=fitted("language", parsed.language),
        content_hash=digest,
        original_name=fitted("original_name", parsed.original.name),
        original_format=parsed.original.format,
        needs_review=parsed.needs_review,
        review_reasons=parsed.review_reasons,
    )


def fitted(field_name, value):
    """Return `value` cut to the length the Article field holds."""
    return value[: Article._meta.get_field(field_name).max_length]


def keep_original(article, parsed):
    """Write the parsed article's original bytes, if any, as the article's original file."""
    if parsed.original.raw:
        article.original.save(
            original_name(article.content_hash, parsed.original.format),
            ContentFile(parsed.original.raw),
            save=False,
        )


def sources_named(names):
    """Return {name: Source} for these names ('' gives None): two queries, and one more for
    each source seen for the first time."""
    keys = {name: source_key(clean_source_name(name)) for name in names if clean_source_name(name)}
    known = {source.key: source for source in Source.objects.filter(key__in=keys.values())}
    for alias in SourceAlias.objects.filter(key__in=keys.values()).select_related("source"):
        known[alias.key] = alias.source
    found = {}
    for name in names:
        if name not in keys:
            found[name] = None
        else:
            found[name] = known.get(keys[name]) or source_named(name)
    return found


def source_named(name):
    """Return the Source that `name` spells, creating it on first sight; None for ''."""
    name = clean_source_name(name)
    if not name:
        return None
    if found := Source.objects.named(name).first():
        return found
    try:
        with transaction.atomic():
            return Source.objects.create(name=name)
    except IntegrityError:
        # Created meanwhile by a concurrent import.
        return Source.objects.named(name).get()


def clean_source_name(name):
    """Return a source's name with its white space folded, cut to the length the field holds."""
    return " ".join(name.split())[: Source._meta.get_field("name").max_length]
