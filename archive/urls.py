from django.contrib import admin
from django.urls import include, path

from . import views

archive_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<int:pk>/", views.article_redirect, name="article-by-id"),
    path("articles/<int:pk>/<str:slug>/", views.ArticleView.as_view(), name="article"),
    path("articles/<int:pk>/original/download/", views.original_download, name="original"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((archive_patterns, "archive"))),
]
