"""Browsing the archive: the home page, date archives, undated articles and sources."""

import calendar
from datetime import MAXYEAR, MINYEAR, date

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import ExtractYear, TruncMonth
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, TemplateView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from archive.models import Article, Source, SourceAlias
from archive.web.calendars import WEEKDAY_NAMES, month_calendar
from archive.web.figures import cached_figure, cached_figures
from archive.web.timeline import bars

LATEST_COUNT = 10
SORTS = {"newest": ("-published", "-pk"), "oldest": ("published", "pk")}


def sort_order(request):
    """Return ('newest' or 'oldest', its ordering) from the request's ?sort=."""
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "newest"
    return sort, SORTS[sort]


def month_timeline(articles, width=640, height=80):
    """Return bars of article counts per month for `articles`, gaps filled, one query."""
    counts = dict(
        articles.dated()
        .annotate(month=TruncMonth("published"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    if not counts:
        return []
    first, last = min(counts), max(counts)
    months = [
        date(y, m, 1)
        for y in range(first.year, last.year + 1)
        for m in range(1, 13)
        if (y, m) >= (first.year, first.month) and (y, m) <= (last.year, last.month)
    ]
    return bars(
        [(f"{month.year:04d}-{month.month:02d}", counts.get(month, 0)) for month in months],
        width=width,
        height=height,
    )


class HomeView(TemplateView):
    """The archive at a glance: search, latest articles, its span, a timeline, on this day."""

    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        articles = Article.objects.all()
        figures = cached_figures(
            span=lambda: articles.aggregate(
                total=Count("pk"),
                undated=Count("pk", filter=Q(published__isnull=True)),
                first=Min("published"),
                last=Max("published"),
                sources=Count("source", distinct=True),
            ),
            timeline=lambda: month_timeline(articles),
        )
        return (
            super().get_context_data(**kwargs)
            | figures
            | {
                "latest": articles.with_related().dated()[:LATEST_COUNT],
                "on_this_day": articles.with_related()
                .filter(
                    published__month=today.month,
                    published__day=today.day,
                    published__year__lt=today.year,
                )
                .order_by("-published")[:LATEST_COUNT],
                "today": today,
            }
        )


class YearsView(TemplateView):
    """Every year of the archive with its number of articles."""

    template_name = "archive/archive_index.html"

    def get_context_data(self, **kwargs):
        years = (
            Article.objects.dated()
            .annotate(year=ExtractYear("published"))
            .values_list("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        )
        return super().get_context_data(**kwargs) | cached_figures(
            years=lambda: list(years),
            undated=Article.objects.undated().count,
        )


class CalendarEdges:
    """Django's date views read the URL's year with %Y, four digits, and step one period
    past the one shown, for the end of its range and for next and previous links; before
    year 1 and after 9999 there is no such period, so the step gives None: a range open
    at that end, and no link.
    """

    def get_year(self):
        return f"{int(super().get_year()):04d}"  # the URL's /archive/1/ is the year 0001

    def _get_next_year(self, date):
        return None if date.year == MAXYEAR else super()._get_next_year(date)

    def _get_next_month(self, date):
        return None if (date.year, date.month) == (MAXYEAR, 12) else super()._get_next_month(date)

    def _get_next_day(self, date):
        return None if date == date.max else super()._get_next_day(date)

    def get_previous_year(self, date):
        return None if date.year == MINYEAR else super().get_previous_year(date)

    def get_previous_month(self, date):
        return None if (date.year, date.month) == (MINYEAR, 1) else super().get_previous_month(date)

    def get_previous_day(self, date):
        return None if date == date.min else super().get_previous_day(date)

    def get_dated_queryset(self, **lookup):
        bounded = {key: value for key, value in lookup.items() if value is not None}
        return super().get_dated_queryset(**bounded)


class DateArchiveMixin(CalendarEdges):
    """What every date archive page shares: the articles, by published date, newest first."""

    queryset = Article.objects.with_related()
    date_field = "published"
    month_format = "%m"
    allow_empty = True
    # An article dated in the future is a data error to fix, not a reason to hide it.
    allow_future = True
    paginate_by = 50

    def get_dated_items(self):
        date_list, items, extra = super().get_dated_items()
        self.sort, ordering = sort_order(self.request)
        return date_list, items.order_by(*ordering), extra

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort"] = self.sort
        context["nearest"] = self.nearest_periods()
        context["empty"] = not self.has_articles(context)
        return context

    def has_articles(self, context):
        return bool(context["object_list"])

    def nearest_periods(self):
        """Return the nearest dates with articles before and after this period (two queries)."""
        first, last = self.period()
        dated = Article.objects.dated()
        return {
            "before": dated.filter(published__lt=first).aggregate(d=Max("published"))["d"],
            "after": dated.filter(published__gt=last).aggregate(d=Min("published"))["d"],
        }


class YearView(DateArchiveMixin, YearArchiveView):
    """A year: its months with counts, and a calendar of each month shaded by articles a day."""

    template_name = "archive/archive_year.html"
    make_object_list = False

    def period(self):
        year = int(self.get_year())
        return date(year, 1, 1), date(year, 12, 31)

    def get_context_data(self, **kwargs):
        year = int(self.get_year())
        self.day_counts = cached_figure(
            f"days-of-{year}",
            lambda: dict(
                Article.objects.filter(published__year=year)
                .values_list("published")
                .annotate(n=Count("pk"))
            ),
        )
        context = super().get_context_data(**kwargs)
        busiest = max(self.day_counts.values(), default=0)
        context["months"] = [
            month_calendar(year, m, self.day_counts, busiest) for m in range(1, 13)
        ]
        context["weekdays"] = WEEKDAY_NAMES
        context["year_count"] = sum(self.day_counts.values())
        return context

    def has_articles(self, context):
        return bool(self.day_counts)


class MonthView(DateArchiveMixin, MonthArchiveView):
    """A month: its calendar, and its articles by day."""

    template_name = "archive/archive_month.html"
    paginate_by = 100

    def period(self):
        first = self.month_date()
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])

    def month_date(self):
        return date(int(self.get_year()), int(self.get_month()), 1)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first = self.month_date()
        day_counts = dict(
            Article.objects.filter(published__year=first.year, published__month=first.month)
            .values_list("published")
            .annotate(n=Count("pk"))
        )
        context["calendar"] = month_calendar(first.year, first.month, day_counts)
        context["weekdays"] = WEEKDAY_NAMES
        return context


class DayView(DateArchiveMixin, DayArchiveView):
    """A day's articles, with the previous and next days that have articles."""

    template_name = "archive/archive_day.html"

    def period(self):
        day = self.day_date()
        return day, day

    def day_date(self):
        return date(int(self.get_year()), int(self.get_month()), int(self.get_day()))


class UndatedView(ListView):
    """Articles whose date is unknown, so that they are never lost from browsing."""

    template_name = "archive/undated.html"
    paginate_by = 50

    def get_queryset(self):
        self.sort = "oldest" if self.request.GET.get("sort") == "oldest" else "newest"
        order = "imported_at" if self.sort == "oldest" else "-imported_at"
        return Article.objects.with_related().undated().order_by(order, "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"sort": self.sort}


class SourcesView(ListView):
    """Every outlet with its number of articles and the span of their dates."""

    template_name = "archive/source_list.html"
    paginate_by = 100

    def get_queryset(self):
        return (
            Source.objects.with_article_counts()
            .annotate(first=Min("articles__published"), last=Max("articles__published"))
            .order_by("name")
        )


def redirect_to_merged(request, view, slug):
    """Redirect, for good, from the page of a source merged into another to the other's
    page (with the query string), or raise Http404 if no source ever had the slug."""
    alias = SourceAlias.objects.filter(slug=slug).exclude(slug="").select_related("source")
    if not (merged := alias.first()):
        raise Http404(f"No source {slug!r}.")
    url = reverse(view, args=[merged.source.slug])
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


class SourceView(ListView):
    """One outlet's articles by date, with its own timeline."""

    template_name = "archive/source_detail.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return redirect_to_merged(request, "archive:source", kwargs["slug"])

    def get_queryset(self):
        self.source = get_object_or_404(Source, slug=self.kwargs["slug"])
        self.sort, ordering = sort_order(self.request)
        return Article.objects.with_related().for_source(self.source).order_by(*ordering)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "source": self.source,
            "sort": self.sort,
            "timeline": cached_figure(
                f"timeline-of-source-{self.source.pk}",
                lambda: month_timeline(Article.objects.for_source(self.source)),
            ),
        }
