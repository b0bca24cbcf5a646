"""The values the archive stores and exchanges, with the words an editor reads for them.

Each is a str, so a parser can hand one on as a plain value and a row stores it as
one; models.py makes Django choices of them.
"""

from enum import StrEnum


class Term(StrEnum):
    """A stored value and its label."""

    def __new__(cls, value, label):
        term = str.__new__(cls, value)
        term._value_ = value
        term.label = label
        return term

    @classmethod
    def values(cls):
        return frozenset(term.value for term in cls)


class Format(Term):
    """What an original arrived as (Article.original_format)."""

    TEXT = "text", "plain text"
    HTML = "html", "web page"
    WARC = "warc", "web archive (WARC) record"
    JSONL = "jsonl", "archive export (JSONL)"


class DateFrom(Term):
    """How a published date was found (Article.date_from; empty when there is no date)."""

    HEADER = "header", "the date line at the top of the file"
    METADATA = "metadata", "the page's metadata"
    TEXT = "text", "inferred from the text"
    EDITOR = "editor", "set by an editor"


class ReviewReason(Term):
    """Why an article needs an editor's look (the values in Article.review_reasons)."""

    TITLE = "title", "title derived from the first sentence"
    DATE = "date", "date unknown, uncertain or in the future"
    SOURCE = "source", "source unknown"


# The fields of an export record, in order: what export_articles and the search page's
# downloads write, and what the JSONL reader takes back.
EXPORT_FIELDS = (
    "id",
    "permalink",
    "title",
    "published",
    "date_from",
    "date_hint",
    "source",
    "author",
    "url",
    "language",
    "body",
    "subheadings",
    "needs_review",
    "review_reasons",
    "content_hash",
    "original_name",
    "original_format",
    "word_count",
    "imported_at",
)

# What only staff get in an export: the editors' notes on an article, and the name its
# file had where it was imported. Downloads by anyone else leave them out.
STAFF_EXPORT_FIELDS = frozenset({"date_hint", "needs_review", "review_reasons", "original_name"})
PUBLIC_EXPORT_FIELDS = tuple(field for field in EXPORT_FIELDS if field not in STAFF_EXPORT_FIELDS)

# How Haystack names the Article model in the index (its django_ct: app label and model).
INDEXED_ARTICLE = "archive.article"

# Articles are imported, indexed and repaired this many at a time: one index commit
# and one lookup of ids per batch, not one per article.
ARTICLES_PER_BATCH = 500


def index_entry_id(pk):
    """Return the id of an article's entry in the search index (Haystack's identifier)."""
    return f"{INDEXED_ARTICLE}.{pk}"
