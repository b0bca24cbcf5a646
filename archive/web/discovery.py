"""How robots and browsers find their way: robots.txt and the OpenSearch description."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control


@cache_control(max_age=86400)
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return render(
        request, "robots.txt", {"sitemap": sitemap}, content_type="text/plain; charset=utf-8"
    )


@cache_control(max_age=86400)
def opensearch(request):
    """The OpenSearch description that lets browsers add the archive's search."""
    search = request.build_absolute_uri(reverse("archive:search"))
    return render(
        request,
        "opensearch.xml",
        {"search": search},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
