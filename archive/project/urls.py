from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from archive.web import article as views
from archive.web import browse, discovery, feeds
from archive.web import search as search_views
from archive.web.sitemaps import SITEMAPS

archive_patterns = [
    path("", browse.HomeView.as_view(), name="home"),
    path("archive/", browse.YearsView.as_view(), name="years"),
    path("archive/undated/", browse.UndatedView.as_view(), name="undated"),
    path("archive/<int:year>/", browse.YearView.as_view(), name="year"),
    path("archive/<int:year>/<int:month>/", browse.MonthView.as_view(), name="month"),
    path("archive/<int:year>/<int:month>/<int:day>/", browse.DayView.as_view(), name="day"),
    path("sources/", browse.SourcesView.as_view(), name="sources"),
    path("sources/<str:slug>/", browse.SourceView.as_view(), name="source"),
    path("sources/<str:slug>/feed/", feeds.SourceFeed(), name="source-feed"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("articles/<int:pk>/", views.article_redirect, name="article-by-id"),
    path("articles/<int:pk>/<str:slug>/", views.ArticleView.as_view(), name="article"),
    path("articles/<int:pk>/original/download/", views.original_download, name="original"),
    path("search/", search_views.search, name="search"),
    path("search/feed/", search_views.SearchFeed(), name="search-feed"),
    path("search/export.csv", search_views.export, {"format": "csv"}, name="search-export-csv"),
    path(
        "search/export.jsonl", search_views.export, {"format": "jsonl"}, name="search-export-jsonl"
    ),
    path("opensearch.xml", discovery.opensearch, name="opensearch"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", discovery.robots_txt),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include((archive_patterns, "archive"))),
]
