"""Figures over the whole archive, cached until the archive changes.

Counting articles by month, year or day reads every row: on 100,000 articles that
takes longer than the rest of a page. The articles' count and latest change tell, in
one indexed query and in every process, whether the archive has changed since a
figure was computed: any import, edit, merge or deletion changes one of them.
"""

from django.core.cache import cache
from django.db.models import Count, Max

from archive.models import Article

# However the archive changes, a figure is computed again at least this often (seconds).
LONGEST = 600


def cached_figures(**computes):
    """Return {name: compute()} for each figure named, each cached while the archive stays
    as it is (one query tells whether it has changed)."""
    state = archive_state()
    keys = {name: f"archive:{name}:{state}" for name in computes}
    cached = cache.get_many(keys.values())
    figures = {}
    for name, compute in computes.items():
        if (figure := cached.get(keys[name])) is None:
            figure = compute()
            cache.set(keys[name], figure, LONGEST)
        figures[name] = figure
    return figures


def cached_figure(name, compute):
    """Return compute(), cached under `name` while the archive stays as it is."""
    return cached_figures(**{name: compute})[name]


def archive_state():
    """Return what tells this state of the archive's articles from any other."""
    state = Article.objects.order_by().aggregate(count=Count("pk"), changed=Max("updated_at"))
    changed = state["changed"].isoformat() if state["changed"] else ""
    return f"{state['count']}-{changed}"
