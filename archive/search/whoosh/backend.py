"""Haystack's Whoosh backend, made fit for an archive that several processes write.

- Its schema has the archive's own field types (schema.py).
- Writers wait for Whoosh's write lock instead of failing with LockError, and hold
  it only while writing: documents are prepared before the lock is taken. They
  write with the codec and merge with the policy of segments.py.
- A batch replaces its articles' old entries through one searcher, not one per
  article as Whoosh's update_document does, and `bulk_writing()` lets a rebuild or a
  generated archive use one writer on every core, committed once.
- Searches reuse one searcher per thread and read filters, date sorts and counts
  from whole columns (searchers.py, matches.py); Haystack's own search opens the index several
  times per request and asks Whoosh to group every match.
- The document text is not stored in the index: snippets and "more like this" use
  the text in the database.
"""

import itertools
import os
import time
from contextlib import contextmanager

from django.conf import settings
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_identifier
from haystack.utils.app_loading import haystack_get_model
from whoosh.query import NullQuery, Or, Term
from whoosh.reading import TermNotFound
from whoosh.writing import OPTIMIZE

from archive.search.whoosh import internals
from archive.search.whoosh.matches import Matches, split_date_range
from archive.search.whoosh.schema import schema_field, spelled_once_per_segment
from archive.search.whoosh.searchers import key_terms, searcher_for
from archive.search.whoosh.segments import codec, merge_tiers
from archive.vocabulary.terms import INDEXED_ARTICLE, index_entry_id

# How long a writer waits for another process's write to finish.
LOCK_POLL_SECONDS = 0.05
# A bulk writer's memory for postings before it spills a run to disk, per process.
BULK_WRITER_MB = 256
# What a search may ask for and still take the fast path; anything else goes to Haystack's.
FAST_SEARCH_OPTIONS = {"start_offset", "end_offset", "sort_by", "facets", "result_class"}
DATE_SORTS = (["published"], ["-published"])


class ArchiveWhooshBackend(WhooshSearchBackend):
    # Called with the number of documents after each batch is written (progress bars).
    on_batch_written = None

    def setup(self):
        super().setup()
        # The operating system caches the files anyway.
        internals.read_files_without_memory_maps(self.storage)

    @property
    def opened_index(self):
        """Return the Whoosh index, opened (Haystack's setup) on first use."""
        if not self.setup_complete:
            self.setup()
        return self.index

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            if (replacement := schema_field(field)) is not None:
                schema.remove(field.index_fieldname)
                schema.add(field.index_fieldname, replacement)
        return content_field_name, schema

    def writer(self, **options):
        """Return a writer, waiting up to ARCHIVE_INDEX_LOCK_TIMEOUT for another's to finish."""
        writer = self.opened_index.writer(
            timeout=settings.ARCHIVE_INDEX_LOCK_TIMEOUT,
            delay=LOCK_POLL_SECONDS,
            codec=codec(),
            **options,
        )
        internals.merge_with(writer, merge_tiers)
        return writer

    @contextmanager
    def bulk_writing(self, before_commit=None):
        """Write everything indexed inside the block with one writer, committed when it ends.

        The writer analyzes documents in one process per core, each writing a segment
        of its own, so a rebuild neither merges segments nor commits per batch. The
        postings are written out at the commit, which takes about as long again as the
        block: `before_commit` is called then, to say so.
        """
        # Each process forks with the empty sets of spelled_once_per_segment() and
        # writes one segment.
        procs = os.cpu_count() or 1
        with (
            spelled_once_per_segment(),
            self.writer(procs=procs, multisegment=True, limitmb=BULK_WRITER_MB) as writer,
        ):
            self._bulk_writer = writer
            try:
                yield
            finally:
                self._bulk_writer = None
            if before_commit:
                before_commit()

    def segment_count(self):
        """Return how many segments the index has on disk now."""
        return len(internals.segments(self.opened_index))

    def merge_all(self):
        """Merge every segment of the index into one (Whoosh's optimize)."""
        with self.writer() as writer:
            writer.mergetype = OPTIMIZE

    @contextmanager
    def writing(self):
        """Yield the bulk writer inside `bulk_writing()`, else a writer committed on leaving."""
        if getattr(self, "_bulk_writer", None) is not None:
            yield self._bulk_writer
            return
        with spelled_once_per_segment(), self.writer() as writer:
            yield writer

    def update(self, index, iterable, commit=True):
        documents = []
        for obj in iterable:
            try:
                document = index.full_prepare(obj)
            except SkipDocument:
                continue
            document.pop("boost", None)
            documents.append({key: self._from_python(value) for key, value in document.items()})
        if not documents:
            return
        with self.writing() as writer:
            stale = Or([Term(ID, document[ID]) for document in documents])
            with writer.searcher() as searcher:
                for docnum in searcher.docs_for_query(stale, for_deletion=True):
                    writer.delete_document(docnum)
            for document in documents:
                writer.add_document(**document)
        if self.on_batch_written:
            self.on_batch_written(len(documents))

    def remove(self, obj_or_string, commit=True):
        with self.writing() as writer:
            writer.delete_by_term(ID, get_identifier(obj_or_string))

    def clear(self, models=None, commit=True):
        if models is None:
            self.delete_index()
            return
        with self.writing() as writer:
            for model in models:
                writer.delete_by_term(
                    DJANGO_CT, f"{model._meta.app_label}.{model._meta.model_name}"
                )

    def search(self, query_string, **options):
        """Return a page of results, their total and facet counts, as Haystack's search does."""
        asked = {name for name, value in options.items() if value}
        if asked - FAST_SEARCH_OPTIONS or options.get("sort_by") not in (None, *DATE_SORTS):
            return super().search(query_string, **options)
        deadline = time.monotonic() + settings.ARCHIVE_SEARCH_MILLISECONDS / 1000
        searcher = searcher_for(self.opened_index)
        query = self.parser.parse(str(query_string))
        if query is None or query is NullQuery:
            return {"results": [], "hits": 0}
        query, (earliest, latest) = split_date_range(query)
        sort_by = options.get("sort_by")
        matches = Matches.of(
            searcher, query, earliest, latest, scored=not sort_by, deadline=deadline
        )
        start = options.get("start_offset") or 0
        end = min(options.get("end_offset") or len(matches), len(matches))
        if start >= end:
            page = []
        elif sort_by:
            page = [
                (docnum, 0)
                for docnum in matches.by_date(end, newest_first=sort_by[0][0] == "-")[start:]
            ]
        else:
            page = matches.by_relevance(end)[start:]
        result_class = options.get("result_class") or SearchResult
        results = []
        for docnum, score in page:
            stored = searcher.stored_fields(docnum)
            app_label, model_name = stored[DJANGO_CT].split(".")
            results.append(result_class(app_label, model_name, stored[DJANGO_ID], score))
        facets = {"fields": matches.counts(options["facets"])} if options.get("facets") else {}
        return {
            "results": results,
            "hits": len(matches),
            "facets": facets,
            "spelling_suggestion": None,
            "stopped_early": matches.stopped_early,
        }

    def more_like_this(
        self,
        model_instance,
        additional_query_string=None,
        start_offset=0,
        end_offset=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        """Return the documents most like `model_instance`, judged by its text in the database."""
        from haystack import connections

        index = (
            connections[self.connection_alias].get_unified_index().get_index(type(model_instance))
        )
        text = index.full_prepare(model_instance)[self.content_field_name]
        searcher = searcher_for(self.opened_index)
        docnum = searcher.document_number(**{ID: get_identifier(model_instance)})
        if docnum is None:
            return {"results": [], "hits": 0}
        top = (end_offset or 5) + start_offset
        # Whoosh's more_like: the text's key terms, searched together; ranked here by
        # Matches, as any search is, rather than by Whoosh's slower collector.
        terms = key_terms(searcher, self.content_field_name, text, count=5)
        query = Or([Term(self.content_field_name, word, boost=weight) for word, weight in terms])
        hits = [
            hit
            for hit in Matches.of(searcher, query, scored=True).by_relevance(top + 1)
            if hit[0] != docnum
        ]
        results = []
        for hit_docnum, score in hits[start_offset:top]:
            stored = searcher.stored_fields(hit_docnum)
            app_label, model_name = stored[DJANGO_CT].split(".")
            if haystack_get_model(app_label, model_name) is not None:
                results.append(
                    (result_class or SearchResult)(app_label, model_name, stored[DJANGO_ID], score)
                )
        return {"results": results, "hits": len(results)}

    def words_starting(self, field, prefix, limit):
        """Return up to `limit` words of `field`, as written, that start with `prefix`."""
        # Whoosh keeps the unstemmed words of a field with spelling=True in "spell_<field>".
        words = self.kept_reader().expand_prefix(f"spell_{field}", prefix)
        return [
            word.decode() if isinstance(word, bytes) else word
            for word in itertools.islice(words, limit)
        ]

    def closest_word(self, field, word):
        """Return the indexed word of `field` nearest to `word` (one edit before two, same
        first letter), or None.

        Whoosh ranks its suggestions by frequency alone, so a common word two edits away
        would beat the word one edit away that was meant ('mashad': mashhad, not assad).
        """
        corrector = self.kept_reader().corrector(field)
        for distance in (1, 2):
            if suggestions := corrector.suggest(word, limit=1, maxdist=distance, prefix=1):
                return suggestions[0]
        return None

    def knows_word(self, field, word):
        """Tell whether `field` holds `word` as its analyzer reads it (as a stem, so
        "plague" is known where "plagued" is)."""
        reader = self.kept_reader()
        terms = list(reader.schema[field].process_text(word, mode="query"))
        return bool(terms) and all(reader.doc_frequency(field, term) for term in terms)

    def kept_reader(self):
        """Return the reader of this thread's kept searcher, reopened if the index has changed
        (searchers.py); it stays open for the next request."""
        return searcher_for(self.opened_index).reader()

    def lacking(self, pks):
        """Return those of these article ids that have no entry in the index."""
        reader = self.kept_reader()

        def entered(pk):
            try:
                reader.first_id(ID, index_entry_id(pk))
            except TermNotFound:
                return False
            return True

        return [pk for pk in pks if not entered(pk)]

    def entries(self):
        """Return (number of entries, an iterator of each article entry's stored fields),
        read from one searcher that is closed when the iterator is done."""
        searcher = self.opened_index.searcher()

        def articles():
            with searcher:
                for _, stored in searcher.reader().iter_docs():
                    if stored.get(DJANGO_CT) == INDEXED_ARTICLE:
                        yield stored

        return searcher.doc_count(), articles()


class ArchiveWhooshQuery(WhooshSearchQuery):
    stopped_early = False

    def run(self, spelling_query=None, **kwargs):
        """Run the search as Haystack does, and keep whether it stopped at its deadline."""
        final_query = self.build_query()
        search_kwargs = self.build_params(spelling_query=spelling_query) | kwargs
        results = self.backend.search(final_query, **search_kwargs)
        self._results = results.get("results", [])
        self._hit_count = results.get("hits", 0)
        self._facet_counts = self.post_process_facets(results)
        self._spelling_suggestion = results.get("spelling_suggestion", None)
        self.stopped_early = results.get("stopped_early", False)

    def _convert_datetime(self, date):
        # Haystack's strftime("%Y") leaves the year unpadded before 1000 on Linux
        # ("10101000000" for 1 January of year 1), which Whoosh reads as another date.
        hms = date.strftime("%H%M%S") if hasattr(date, "hour") else "000000"
        return f"{date.year:04d}{date.month:02d}{date.day:02d}{hms}"


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
    query = ArchiveWhooshQuery
