from django import template

from archive.web.timeline import ticks

register = template.Library()


@register.simple_tag
def query_with(params, **changes):
    """Return `params` (a QueryDict) as a query string with keys changed; None removes one.

    The page number is always dropped unless it is among the changes, so a changed
    filter starts again from the first page.
    """
    params = params.copy()
    params.pop("page", None)
    for key, value in changes.items():
        key = {"from_": "from"}.get(key, key)
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return params.urlencode()


@register.simple_tag
def query_adding(params, key, value):
    """Return `params` as a query string with one more value for a repeated key (?source=a&source=b)."""
    params = params.copy()
    params.pop("page", None)
    if value not in params.getlist(key):
        params.appendlist(key, value)
    return params.urlencode()


@register.filter
def scale_ticks(bars):
    """The ticks of a timeline's scale (timeline.ticks)."""
    return ticks(bars)
