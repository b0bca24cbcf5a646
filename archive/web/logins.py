"""Login rate limiting (django-axes): who a login attempt comes from, and the page that refuses it."""

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse


def client_address(request):
    """Return the address a request comes from, read past ARCHIVE_PROXY_COUNT reverse proxies.

    Each proxy appends the address it was reached from to X-Forwarded-For, so the
    client's is the one that many places from the end; anything further left was
    written by the client and proves nothing.
    """
    proxies = settings.ARCHIVE_PROXY_COUNT
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """Return the page refusing a login after too many failures (HTTP 429), naming the wait."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = admin.site.each_context(request) | {
        "title": "Too many failed logins",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
    }
    return TemplateResponse(request, "admin/login_locked_out.html", context, status=429).render()
