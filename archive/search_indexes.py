from datetime import UTC

from haystack import indexes

from archive.models import Article
from archive.search.fields import KeywordField, NamesField, StoredField


def indexed_version(updated_at):
    """Return how an index entry names the version of its row: the row's updated_at, in UTC."""
    return updated_at.astimezone(UTC).isoformat()


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    """What search knows of an article: its text, and the fields it filters and counts by."""

    text = indexes.CharField(document=True, use_template=True)
    names = NamesField()
    title = indexes.CharField(model_attr="title")
    source = indexes.CharField(null=True)
    source_name = indexes.FacetCharField(null=True)
    source_slug = KeywordField(null=True)
    author = indexes.CharField(model_attr="author")
    published = indexes.DateField(model_attr="published", null=True)
    year = indexes.FacetCharField(null=True)
    month = indexes.FacetCharField(null=True)
    language = KeywordField(model_attr="language")
    needs_review = indexes.BooleanField(model_attr="needs_review")
    # Which version of the row the entry was made from (check_archive finds stale entries by it).
    updated_at = StoredField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return self.get_model().objects.with_related()

    def get_updated_field(self):
        return "updated_at"

    def prepare_updated_at(self, article):
        return indexed_version(article.updated_at)

    def prepare_names(self, article):
        return self.prepared_data["text"]

    def prepare_source(self, article):
        return article.source.name if article.source else None

    prepare_source_name = prepare_source

    def prepare_source_slug(self, article):
        return article.source.slug if article.source else None

    def prepare_year(self, article):
        return f"{article.published.year:04d}" if article.published else None

    def prepare_month(self, article):
        # Not strftime: its %Y leaves years before 1000 unpadded on Linux ("1-01").
        return (
            f"{article.published.year:04d}-{article.published.month:02d}"
            if article.published
            else None
        )
