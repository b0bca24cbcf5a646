"""Saving generated articles (archive/ingest/generated.py) for benchmarks and load tests.

created, present = generate(100_000, seed=1)
"""

from archive.importing.saving import save_in_bulk
from archive.ingest.generated import OUTLETS, generated_article, outlet_homepage
from archive.models import Source


def generate(count, seed=0, batch=1000, on_batch=None):
    """Add articles 0..count-1 generated from `seed`; return (created, already present)."""
    for name in OUTLETS:
        Source.objects.get_or_create(name=name, defaults={"homepage": outlet_homepage(name)})
    created = 0
    for start in range(0, count, batch):
        articles = [generated_article(seed, n) for n in range(start, min(start + batch, count))]
        created += len(save_in_bulk(articles))
        if on_batch:
            on_batch(len(articles))
    return created, count - created
