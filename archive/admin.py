from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext

from archive.models import AliasGroup, Article, Source, SourceAlias
from archive.search.indexing import index_after_commit

admin.site.site_header = admin.site.site_title = "News archive admin"
admin.site.index_title = "Editing the archive"
# The article list is wide; the sidebar would squeeze its columns.
admin.site.enable_nav_sidebar = False

# A URL typed without a scheme ("example.com/story") is taken as https.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class YearFilter(admin.SimpleListFilter):
    """Articles published in one year, or those whose date is unknown."""

    title = "year"
    parameter_name = "year"
    UNKNOWN = "unknown"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("published", "year")
        return [(str(day.year), str(day.year)) for day in years] + [(self.UNKNOWN, "unknown")]

    def queryset(self, request, queryset):
        year = self.value()
        if year == self.UNKNOWN:
            return queryset.undated()
        if year is None:
            return queryset
        # Only the years on offer: anything else would reach the database as a bad date.
        if year not in dict(self.lookup_choices):
            raise IncorrectLookupParameters(f"No articles were published in {year!r}.")
        return queryset.filter(published__year=year)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "published", "date_from", "needs_review")
    formfield_overrides = URL_FIELDS
    # In the review queue every row needs review, so show why instead.
    review_queue_display = ("title", "source", "published", "date_hint", "review_reasons_display")
    list_filter = ("source", "needs_review", "date_from", YearFilter, "language")
    search_fields = ("title", "body")
    date_hierarchy = "published"
    list_select_related = ("source",)
    list_per_page = 50
    autocomplete_fields = ("source",)
    actions = ("mark_reviewed",)
    readonly_fields = (
        "review_reasons_display",
        "original_links",
        "original_name",
        "original_format",
        "content_hash",
        "word_count",
        "imported_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ["title", "source", "author", "url"]}),
        ("Date", {"fields": ["published", "date_from", "date_hint"]}),
        ("Text", {"fields": ["language", "body", "word_count"]}),
        ("Review", {"fields": ["needs_review", "review_reasons_display"]}),
        (
            "Original",
            {
                "fields": ["original_links", "original_name", "original_format", "content_hash"],
            },
        ),
        ("Record", {"fields": ["imported_at", "updated_at"]}),
    )

    def has_add_permission(self, request):
        # Articles come in through the importer, which keeps the original and its hash.
        return False

    def get_list_display(self, request):
        if request.GET.get("needs_review__exact") == "1":
            return self.review_queue_display
        return self.list_display

    def changelist_view(self, request, extra_context=None):
        queue = {"review_queue_count": Article.objects.needs_review().count()}
        return super().changelist_view(request, queue | (extra_context or {}))

    def save_model(self, request, obj, form, change):
        if change and form.changed_data:
            obj.apply_editor_changes(form.changed_data)
        super().save_model(request, obj, form, change)

    @admin.display(description="review reasons")
    def review_reasons_display(self, article):
        return ", ".join(article.get_review_reasons_display())

    @admin.display(description="original")
    def original_links(self, article):
        if not article.original:
            return None
        url = reverse("archive:original", args=[article.pk])
        return format_html(
            '<a href="{}?view=text">View as text</a> | <a href="{}">Download</a> ({})',
            url,
            url,
            article.download_name,
        )

    @admin.action(description="Mark as reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        articles = list(queryset.defer("body"))  # the log needs titles, not the long bodies
        # update() skips save(), so updated_at is set here for the search index to notice.
        count = queryset.update(needs_review=False, review_reasons=[], updated_at=timezone.now())
        index_after_commit(article.pk for article in articles)
        # One INSERT for all entries; log_change() would write one per article.
        LogEntry.objects.log_actions(
            request.user.pk, articles, CHANGE, change_message="Marked as reviewed"
        )
        message = ngettext(
            "Marked %d article as reviewed.", "Marked %d articles as reviewed.", count
        )
        self.message_user(request, message % count)


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    fields = ("name",)
    extra = 1


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "homepage", "article_count", "alias_names")
    # Counting articles groups the rows, which drops Meta.ordering: the autocomplete's pages need one.
    ordering = ("name",)
    formfield_overrides = URL_FIELDS
    search_fields = ("name", "aliases__name")
    fields = ("name", "slug", "homepage")
    readonly_fields = ("slug",)
    inlines = (SourceAliasInline,)
    actions = ("merge_sources",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_counts().prefetch_related("aliases")

    @admin.action(description="Merge the selected sources…", permissions=["change", "delete"])
    def merge_sources(self, request, queryset):
        """Show what a merge will move and let the editor pick the name that survives;
        merge once that page is confirmed."""
        sources = sorted(queryset, key=lambda source: (-source.article_count, source.name))
        if len(sources) < 2:
            self.message_user(request, "Choose two or more sources to merge.", messages.WARNING)
            return None
        chosen = request.POST.get("survivor")
        target = next((source for source in sources if str(source.pk) == chosen), None)
        if request.POST.get("confirm") != "yes" or target is None:
            return TemplateResponse(
                request,
                "admin/archive/source/merge_sources.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Merge sources",
                    "opts": self.model._meta,
                    "sources": sources,
                    "suggested": sources[0],
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        others = [source for source in sources if source != target]
        moved = target.absorb(others)
        index_after_commit(moved)
        self.log_change(
            request, target, f"Merged {', '.join(o.name for o in others)} into this source"
        )
        self.message_user(
            request,
            f"Merged {len(others)} source(s) into {target.name}; {len(moved)} article(s) moved, "
            "the merged names became its aliases, and their pages lead to it.",
        )
        return None

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, source):
        return source.article_count

    @admin.display(description="aliases")
    def alias_names(self, source):
        return ", ".join(alias.name for alias in source.aliases.all())


@admin.register(AliasGroup)
class AliasGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "member_names")
    search_fields = ("name", "members")

    @admin.display(description="members")
    def member_names(self, group):
        return ", ".join(group.member_list)
