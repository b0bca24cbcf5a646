from haystack import indexes

from .models import Article


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, use_template=True)
    title = indexes.CharField(model_attr="title")
    published = indexes.DateField(model_attr="published", null=True)

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return self.get_model().objects.with_related()

    def get_updated_field(self):
        return "updated_at"
