"""Checking that the database, the search index and the kept originals agree, and repairing drift.

    drift = check_archive()
    drift.findings()      # each kind of drift, with a count and the first few examples
    repair(drift)         # index what is missing or stale, drop orphaned entries,
                          # set orphaned originals aside

The database is the archive's record. The index follows it: one entry per article,
made from the article's latest version. Every article with an original has its file,
whose bytes hash to the article's content_hash, and every file belongs to an article.
"""

import os
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from haystack.constants import DJANGO_ID
from tqdm import tqdm

from archive.models import Article
from archive.originals import (
    INCOMING_PREFIX,
    LOCK_NAME,
    ORPHANED,
    SET_ASIDE_FOLDERS,
    content_hash,
    lock_against_saving,
    set_aside,
)
from archive.search.engines import capabilities, search_backend
from archive.search.indexing import bulk_indexing, index_articles
from archive.search_indexes import indexed_version
from archive.vocabulary.terms import ARTICLES_PER_BATCH

EXAMPLES = 5
# A repair indexing more articles than this uses one writer on every core (as a rebuild does).
BULK_REPAIR = 5000


def no_progress(total, unit):
    return tqdm(total=total, unit=unit, disable=True)


@dataclass
class Drift:
    """What disagrees between the database, the search index and the originals folder."""

    articles: int = 0
    index_entries: int | None = None  # None when the index could not be read
    index_unchecked: str = ""  # why not
    originals: int = 0
    unindexed: list[int] = field(default_factory=list)  # article ids
    stale: list[int] = field(default_factory=list)  # article ids
    orphaned_entries: list[int] = field(default_factory=list)  # ids of articles no longer there
    missing_originals: list[int] = field(default_factory=list)  # article ids
    damaged_originals: list[int] = field(default_factory=list)  # article ids
    orphaned_originals: list[str] = field(default_factory=list)  # names under MEDIA_ROOT
    unfinished: list[str] = field(default_factory=list)  # half-written files of a killed import
    # {folder: count} of the files in orphaned/ and deleted/ (not drift)
    set_aside: dict[str, int] = field(default_factory=dict)

    def findings(self):
        """Return a Finding for each kind of drift present."""
        titles = dict(
            Article.objects.filter(
                pk__in=[
                    pk
                    for ids in (
                        self.unindexed,
                        self.stale,
                        self.missing_originals,
                        self.damaged_originals,
                    )
                    for pk in ids[:EXAMPLES]
                ]
            ).values_list("pk", "title")
        )
        names = dict(
            Article.objects.filter(
                pk__in=self.missing_originals[:EXAMPLES] + self.damaged_originals[:EXAMPLES]
            ).values_list("pk", "original")
        )

        def article(pk, with_file=False):
            shown = f"#{pk} {titles.get(pk, '(deleted since)')!r}"
            return f"{shown} ({names.get(pk)})" if with_file else shown

        kinds = [
            (
                self.unindexed,
                "article(s) missing from the search index",
                [article(pk) for pk in self.unindexed[:EXAMPLES]],
                "--repair indexes them",
            ),
            (
                self.stale,
                "stale index entries (the index holds an older version of the article)",
                [article(pk) for pk in self.stale[:EXAMPLES]],
                "--repair indexes them again",
            ),
            (
                self.orphaned_entries,
                "orphaned index entries (their article is gone)",
                [f"#{pk}" for pk in self.orphaned_entries[:EXAMPLES]],
                "--repair removes them",
            ),
            (
                self.missing_originals,
                "article(s) whose original file is missing",
                [article(pk, True) for pk in self.missing_originals[:EXAMPLES]],
                (
                    f"copy the file back into {settings.MEDIA_ROOT} from a backup of the originals "
                    "folder; it cannot be made again"
                ),
            ),
            (
                self.damaged_originals,
                "damaged originals (their bytes no longer match the article's hash)",
                [article(pk, True) for pk in self.damaged_originals[:EXAMPLES]],
                (
                    "replace each with the file from a backup of the originals folder; the article's "
                    "text in the database is unaffected"
                ),
            ),
            (
                self.orphaned_originals,
                (
                    "orphaned originals (no article refers to them: left by an import "
                    "that was stopped, or by articles deleted behind the archive's back)"
                ),
                self.orphaned_originals[:EXAMPLES],
                (
                    f"--repair moves them to {Path(settings.MEDIA_ROOT) / ORPHANED}; run a stopped "
                    "import again to bring its articles in, or import that folder to bring back "
                    "every one"
                ),
            ),
            (
                self.unfinished,
                "unfinished original files (an import was stopped while writing them)",
                self.unfinished[:EXAMPLES],
                "--repair deletes them; the import wrote nothing else",
            ),
        ]
        return [
            Finding(len(items), what, examples, remedy)
            for items, what, examples, remedy in kinds
            if items
        ]

    @property
    def unrepairable(self):
        return len(self.missing_originals) + len(self.damaged_originals)


@dataclass(frozen=True)
class Finding:
    count: int
    what: str
    examples: list[str]
    remedy: str


@dataclass
class Repair:
    """What repair() did."""

    indexed: int = 0
    removed: int = 0
    set_aside: list[str] = field(default_factory=list)
    deleted_unfinished: int = 0


def check_archive(progress=no_progress):
    """Return the Drift between the database, the search index and the originals.

    `progress(total, unit)` returns a bar (a context manager with update()) for the
    long parts: reading the index, and hashing the originals.
    """
    drift = Drift()
    compare_index(drift, progress)
    compare_originals(drift, progress)
    return drift


def compare_index(drift, progress):
    # The index is read before the rows: an entry is made after its row is committed,
    # so every entry whose row was there is seen with it (an entry is never taken for
    # an orphan because its article was saved during the check).
    entries = index_entries(progress)
    rows = Article.objects.order_by().values_list("pk", "updated_at", "source__name")
    versions = {
        pk: (indexed_version(updated), source)
        for pk, updated, source in rows.iterator(chunk_size=5000)
    }
    drift.articles = len(versions)
    if entries is None:
        drift.index_unchecked = (
            f"The search index ({settings.HAYSTACK_CONNECTIONS['default']['ENGINE']}) was not compared "
            "with the database: check_archive reads the entries of Whoosh indexes only. Run `manage.py update_index` "
            "to bring it up to date, or `manage.py rebuild_index` to make it again."
        )
        return
    indexed, duplicated, drift.index_entries = entries
    drift.unindexed = sorted(versions.keys() - indexed.keys())
    drift.orphaned_entries = sorted(indexed.keys() - versions.keys())
    drift.stale = sorted(
        pk
        for pk, version in versions.items()
        if pk in indexed and (indexed[pk] != version or pk in duplicated)
    )


def index_entries(progress):
    """Return ({article id: (version, source name)}, {ids entered twice}, number of entries)
    from the index, or None when the search engine's entries cannot be read."""
    if not capabilities().readable_entries:
        return None
    indexed, duplicated = {}, set()
    count, entries = search_backend().entries()
    with progress(count, "entry") as bar:
        for stored in entries:
            pk = int(stored[DJANGO_ID])
            if pk in indexed:
                duplicated.add(pk)
            indexed[pk] = (stored.get("updated_at"), stored.get("source"))
            bar.update()
    return indexed, duplicated, count


def compare_originals(drift, progress):
    root = Path(settings.MEDIA_ROOT)
    # Under the lock, no import is between writing an original and committing its row,
    # so a file without a row here is an orphan, not an article being saved.
    with lock_against_saving():
        files, drift.unfinished, drift.set_aside = kept_files(root)
        kept = list(
            Article.objects.exclude(original="")
            .order_by()
            .values_list("pk", "content_hash", "original")
        )
    drift.originals = len(files)
    referred = set()
    with progress(len(kept), "original") as bar:
        for pk, digest, name in kept:
            referred.add(name)
            path = root / name
            if not path.is_file():
                drift.missing_originals.append(pk)
            elif file_hash(path) != digest:
                drift.damaged_originals.append(pk)
            bar.update()
    drift.orphaned_originals = sorted(set(files) - referred)


def kept_files(root):
    """Return (names of originals, names of unfinished files, {set-aside folder: count of
    its files}) under `root`."""
    files, unfinished, set_aside = [], [], {}
    for folder, subfolders, names in os.walk(root):
        relative = Path(folder).relative_to(root)
        if relative.as_posix() in SET_ASIDE_FOLDERS:
            set_aside[relative.as_posix()] = sum(len(found) for _, _, found in os.walk(folder))
            subfolders.clear()
            continue
        for name in names:
            path = (relative / name).as_posix()
            if name.startswith(INCOMING_PREFIX):
                unfinished.append(path)
            elif not name.startswith(".") and path != LOCK_NAME:
                files.append(path)
    return sorted(files), sorted(unfinished), set_aside


def file_hash(path):
    with open(path, "rb") as f:
        return content_hash(f.read())


def repair(drift, progress=no_progress):
    """Bring the index and the originals folder back in line with the database; return a Repair.

    Missing and damaged originals are left as they are: only a backup has their bytes.
    """
    done = Repair()
    root = Path(settings.MEDIA_ROOT)
    with lock_against_saving():
        for name in drift.orphaned_originals:
            if Article.objects.filter(original=name).exists():
                continue  # its import committed the row after all
            set_aside(name, ORPHANED)
            done.set_aside.append(name)
        for name in drift.unfinished:
            (root / name).unlink(missing_ok=True)
            done.deleted_unfinished += 1
    # index_articles re-reads each article, and drops the entries of those deleted.
    to_index = drift.unindexed + drift.stale
    if to_index or drift.orphaned_entries:
        bulk = bulk_indexing() if len(to_index) > BULK_REPAIR else nullcontext()
        with bulk, progress(len(to_index) + len(drift.orphaned_entries), "article") as bar:
            for start in range(0, len(to_index), ARTICLES_PER_BATCH):
                batch = to_index[start : start + ARTICLES_PER_BATCH]
                index_articles(batch)
                bar.update(len(batch))
            index_articles(drift.orphaned_entries)
            bar.update(len(drift.orphaned_entries))
    done.indexed, done.removed = len(to_index), len(drift.orphaned_entries)
    return done
