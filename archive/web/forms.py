from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from archive.search.periods import parse_period

SORTS = [("relevance", "relevance"), ("newest", "newest first"), ("oldest", "oldest first")]
# Enough for any real query; the parser caps the number of terms it reads anyway.
MAX_QUERY_CHARS = 5000


def typed_query(text):
    """Return a typed search as one line of printable text, within MAX_QUERY_CHARS.

    Other whitespace (tabs, line and form feeds) becomes a space; control characters,
    which XML (the search feed) cannot carry, and lone surrogates go.
    """
    text = text[:MAX_QUERY_CHARS]
    return "".join(
        ch if ch.isprintable() else " " for ch in text if ch.isprintable() or ch.isspace()
    )


class PeriodField(forms.CharField):
    """A date filter typed as 2024, 2024-12 or 2024-12-30; cleans to (first day, last day)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_period(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class SlugListField(forms.Field):
    """Repeated query parameters of slugs (?source=a&source=b); anything else is dropped."""

    widget = forms.MultipleHiddenInput
    MAX = 50

    def to_python(self, value):
        return [
            slug for slug in (value or []) if slug and slug == slugify(slug, allow_unicode=True)
        ][: self.MAX]


class SearchForm(forms.Form):
    """The search box and its filters, as query parameters."""

    q = forms.CharField(required=False, label="Search")
    published_from = PeriodField(required=False, label="From")
    published_to = PeriodField(required=False, label="To")
    source = SlugListField(required=False)
    sort = forms.ChoiceField(choices=SORTS, required=False)
    exact = forms.BooleanField(required=False, label="Exact spelling only")
    review = forms.BooleanField(required=False, label="Needs review")

    def __init__(self, data=None, *args, **kwargs):
        # 'from' and 'to' are Python keywords, so the fields carry longer names.
        if data is not None:
            data = data.copy()
            for param, field in (("from", "published_from"), ("to", "published_to")):
                if param in data:
                    data[field] = data[param]
        super().__init__(data, *args, **kwargs)

    def clean_q(self):
        return typed_query(self.cleaned_data["q"])

    def clean_sort(self):
        return self.cleaned_data["sort"] or "relevance"
