"""The Whoosh fields of the archive's index, where they differ from Haystack's defaults.

- Facet fields and KeywordFields keep whole values: "New York Times" is one term,
  "Reuters" is not stemmed to "reuter". Haystack maps every CharField to a stemming
  TEXT field; here they are Whoosh ID fields.
- Searchable text is stemmed, and keeps its words as written beside the stems (for
  wildcards such as "commemorat*" and for "did you mean"), both from one reading of
  the text: Whoosh alone reads the text twice, which costs a third of indexing time.
- The `names` field holds spelling-variant keys of the words that may be names
  (names.py), read from the capitalized words only.
"""

import threading
from contextlib import contextmanager

from haystack.fields import FacetField
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, STORED, TEXT

from archive.search.fields import KeywordField, NamesField, StoredField
from archive.search.whoosh.analysis import names_analyzer
from archive.search.words import INDEX_WORD, STOP_WORDS, stem

# Per thread: `collecting`, the set WrittenWords adds to while a StemmedText field
# indexes a value; `indexed`, that value and its words, until Whoosh asks for them;
# `spelled`, inside `spelled_once_per_segment()`, the words each field of the segment being written
# already has.
_reading = threading.local()


@contextmanager
def spelled_once_per_segment():
    """Within the block, give each word as written to the segment being written once.

    Whoosh keeps a field's words as written as postings of its own, one per word and
    document, all pointing at the segment's first document: only the words matter,
    and without this they are half of all postings written.
    """
    _reading.spelled = {}
    try:
        yield
    finally:
        _reading.spelled = None


class WrittenWords(Filter):
    """Passes tokens on unchanged, noting each one's text as it stands (before stemming)."""

    def __call__(self, tokens):
        written = getattr(_reading, "collecting", None)
        if written is None:  # a query, not a document being indexed
            yield from tokens
            return
        for token in tokens:
            written.add(token.text)
            yield token


class StemmedText(TEXT):
    """A stemmed TEXT field whose words as written come from the same reading as its stems.

    Whoosh indexes a field's value, then asks the field for the value's words as
    written (`spellable_words`); the words noted while indexing are the answer.
    """

    def __init__(self, **options):
        analyzer = (
            RegexTokenizer(INDEX_WORD)
            | LowercaseFilter()
            | StopFilter(STOP_WORDS)
            | WrittenWords()
            | StemFilter(stem)
        )
        super().__init__(analyzer=analyzer, phrase=True, spelling=True, **options)

    def index(self, value, **kwargs):
        _reading.collecting = words = set()
        try:
            # Whoosh's formats read the whole token stream before returning postings.
            postings = list(super().index(value, **kwargs))
        finally:
            _reading.collecting = None
        _reading.indexed = (value, words)
        return postings

    def spellable_words(self, value):
        indexed_value, words = getattr(_reading, "indexed", (None, None))
        _reading.indexed = (None, None)
        if indexed_value is not value:
            # Asked outside add_document: read the value again, without stemming.
            return super().spellable_words(value)
        if (segment_spelled := getattr(_reading, "spelled", None)) is not None:
            spelled = segment_spelled.setdefault(id(self), set())
            words -= spelled
            spelled |= words
        return iter(sorted(words))


def schema_field(field):
    """Return the Whoosh field for a Haystack field that needs other than Haystack's default."""
    if isinstance(field, (FacetField, KeywordField)):
        return ID(stored=True, sortable=True)
    if isinstance(field, StoredField):
        return STORED()
    if isinstance(field, NamesField):
        return TEXT(analyzer=names_analyzer(), phrase=True)
    if field.document:
        return StemmedText()
    if field.field_type == "string":
        # Title, source and author are shown on results, so they are stored.
        return StemmedText(stored=True)
    return None
