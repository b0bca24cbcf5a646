"""Haystack's Whoosh backend, made fit for an archive that several processes write.

- Facet fields keep whole values: "New York Times" is one term, "Reuters" is not
  stemmed to "reuter". Haystack maps every CharField to a stemming TEXT field;
  here facet fields and KeywordFields become Whoosh ID fields.
- The `names` field is analyzed for spelling variants of names (see names.py).
- Writers wait for Whoosh's write lock instead of failing with LockError, and hold
  it only while writing: documents are prepared before the lock is taken.
- The document text is not stored in the index: snippets and "more like this" use
  the text in the database.
"""

from django.conf import settings
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.fields import FacetField
from haystack.models import SearchResult
from haystack.utils import get_identifier
from haystack.utils.app_loading import haystack_get_model
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID as WhooshID
from whoosh.fields import TEXT

from .fields import KeywordField, NamesField

# How long a writer waits for another process's write to finish.
LOCK_POLL_SECONDS = 0.05


def schema_field(field):
    """Return the Whoosh field for a Haystack field that needs other than Haystack's default."""
    if isinstance(field, (FacetField, KeywordField)):
        return WhooshID(stored=True, sortable=True)
    if isinstance(field, NamesField):
        from .names import names_analyzer

        return TEXT(analyzer=names_analyzer(), phrase=True)
    if field.document:
        return TEXT(analyzer=StemmingAnalyzer(), phrase=True, spelling=True)
    if field.field_type == "string":
        # Searchable text fields (title, source, author): spelling=True keeps their
        # unstemmed words beside the stems, for wildcards ("commemorat*").
        return TEXT(analyzer=StemmingAnalyzer(), phrase=True, spelling=True, stored=True)
    return None


class ArchiveWhooshBackend(WhooshSearchBackend):
    # Called with the number of documents after each batch is written (progress bars).
    on_batch_written = None

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            if (replacement := schema_field(field)) is not None:
                schema.remove(field.index_fieldname)
                schema.add(field.index_fieldname, replacement)
        return content_field_name, schema

    def writer(self):
        """Return a writer, waiting up to ARCHIVE_INDEX_LOCK_TIMEOUT for another's to finish."""
        if not self.setup_complete:
            self.setup()
        return self.index.writer(timeout=settings.ARCHIVE_INDEX_LOCK_TIMEOUT, delay=LOCK_POLL_SECONDS)

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
        with self.writer() as writer:
            for document in documents:
                writer.update_document(**document)
        if self.on_batch_written:
            self.on_batch_written(len(documents))

    def remove(self, obj_or_string, commit=True):
        with self.writer() as writer:
            writer.delete_by_term(ID, get_identifier(obj_or_string))

    def clear(self, models=None, commit=True):
        if models is None:
            self.delete_index()
            return
        with self.writer() as writer:
            for model in models:
                writer.delete_by_term(DJANGO_CT, f"{model._meta.app_label}.{model._meta.model_name}")

    def more_like_this(self, model_instance, additional_query_string=None, start_offset=0,
                       end_offset=None, models=None, limit_to_registered_models=None,
                       result_class=None, **kwargs):
        """Return the documents most like `model_instance`, judged by its text in the database."""
        if not self.setup_complete:
            self.setup()
        from haystack import connections

        index = connections[self.connection_alias].get_unified_index().get_index(type(model_instance))
        text = index.full_prepare(model_instance)[self.content_field_name]
        self.index = self.index.refresh()
        with self.index.searcher() as searcher:
            docnum = searcher.document_number(**{ID: get_identifier(model_instance)})
            if docnum is None:
                return {"results": [], "hits": 0}
            top = (end_offset or 5) + start_offset
            hits = searcher.more_like(docnum, self.content_field_name, text=text, top=top)
            results = []
            for hit in list(hits)[start_offset:top]:
                app_label, model_name = hit[DJANGO_CT].split(".")
                if haystack_get_model(app_label, model_name) is not None:
                    results.append((result_class or SearchResult)(
                        app_label, model_name, hit[DJANGO_ID], hit.score
                    ))
            return {"results": results, "hits": len(results)}


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
