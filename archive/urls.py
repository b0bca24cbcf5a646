from django.contrib import admin
from django.urls import include, path

from . import views
from .search import views as search_views

archive_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<int:pk>/", views.article_redirect, name="article-by-id"),
    path("articles/<int:pk>/<str:slug>/", views.ArticleView.as_view(), name="article"),
    path("articles/<int:pk>/original/download/", views.original_download, name="original"),
    path("search/", search_views.search, name="search"),
    path("search/feed/", search_views.SearchFeed(), name="search-feed"),
    path("search/export.csv", search_views.export, {"format": "csv"}, name="search-export-csv"),
    path("search/export.jsonl", search_views.export, {"format": "jsonl"}, name="search-export-jsonl"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((archive_patterns, "archive"))),
]
