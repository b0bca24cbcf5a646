"""The one write path for articles: parsed documents become rows, once each.

    result = import_paths(["downloads/"], source="Reuters")
    result.imported, result.already_present, result.rejected
"""

import dataclasses
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from archive.ingest import ParsedArticle, Rejection, read_document
from archive.ingest.body import body_text
from archive.models import Article, Source
from archive.importing.originals import content_hash, keeping, original_name
from archive.search.indexing import indexing_batch

logger = logging.getLogger(__name__)
FILES_PER_INDEX_BATCH = 500


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


def find_files(paths):
    """Return (path, name) for each file named by `paths`, walking directories.

    A file's name is as the user gave it; inside a given folder it is the folder's
    name and the path below it ('fixtures/000.txt'). Hidden files are skipped.
    Raises FileNotFoundError for a path that does not exist.
    """
    files = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            folder = path.resolve().name
            files += [
                (file, f"{folder}/{file.relative_to(path).as_posix()}")
                for file in sorted(path.rglob("*"))
                if file.is_file() and not any(part.startswith(".") for part in file.relative_to(path).parts)
            ]
        elif path.exists():
            files.append((path, str(given)))
        else:
            raise FileNotFoundError(f"No such file or directory: {given}")
    return files


def import_paths(paths, source="", format="auto"):
    """Import every file under `paths`."""
    return import_files(find_files(paths), source=source, format=format)


def import_files(files, source="", format="auto", on_file=None):
    """Import (path, name) pairs from find_files; `on_file(name, result)` follows each one.

    Articles reach the search index a batch of files at a time: one index commit per
    batch rather than one per article.
    """
    result = ImportResult()
    for start in range(0, len(files), FILES_PER_INDEX_BATCH):
        with indexing_batch():
            for path, name in files[start:start + FILES_PER_INDEX_BATCH]:
                file_result = import_file(path, name, source=source, format=format)
                result.add(file_result)
                if on_file:
                    on_file(name, file_result)
    return result


def import_file(path, name, source="", format="auto"):
    """Import one file, rejecting it unread when it is over the size limit."""
    try:
        size = path.stat().st_size
        if size > settings.ARCHIVE_MAX_FILE_BYTES:
            limit = settings.ARCHIVE_MAX_FILE_BYTES / 1_000_000
            return ImportResult(rejected=[Rejection(
                name, f"the file is {size / 1_000_000:.1f} MB, over the {limit:g} MB limit "
                "(ARCHIVE_MAX_FILE_BYTES)",
            )])
        raw = path.read_bytes()
    except OSError as error:
        return ImportResult(rejected=[Rejection(name, f"cannot be read: {error.strerror}")])
    return import_document(raw, name, source=source, format=format)


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
        result.rejected.append(Rejection(name, f"could not be parsed ({type(error).__name__}: {error})"))
    return result


def save_article(parsed: ParsedArticle, default_source=""):
    """Save a parsed article and keep its original; return None if it is already present."""
    digest = parsed.restored.content_hash if parsed.restored else content_hash(parsed.original.raw)
    if Article.objects.filter(content_hash=digest).exists():
        return None
    if not parsed.source and default_source:
        parsed = dataclasses.replace(parsed, source=default_source)
    article = Article(
        title=parsed.title[:500],
        author=parsed.author[:300],
        url=parsed.url[:2000],
        published=parsed.published,
        date_from=parsed.date_from,
        date_hint=parsed.date_hint[:200],
        body=body_text(parsed.blocks),
        language=parsed.language[:20],
        content_hash=digest,
        original_name=parsed.original.name[:500],
        original_format=parsed.original.format,
        needs_review=parsed.needs_review,
        review_reasons=parsed.review_reasons,
    )
    with keeping():
        if parsed.original.raw:
            # Content-addressed, so writing it before the row is safe: a failed save
            # leaves at most a file that the next import of the same original reuses
            # (check_archive tells such a file from one being imported by `keeping()`).
            article.original.save(
                original_name(digest, parsed.original.format), ContentFile(parsed.original.raw), save=False
            )
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


def source_named(name):
    """Return the Source that `name` spells, creating it on first sight; None for ''."""
    name = " ".join(name.split())[:200]
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
