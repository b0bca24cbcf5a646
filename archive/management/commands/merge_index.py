import time

from django.core.management.base import BaseCommand, CommandError

from archive.search.engines import capabilities, search_backend


class Command(BaseCommand):
    help = (
        "Merge the search index's segments into one, for the fastest searches. Commits "
        "merge only small segments; run this when the archive is quiet (after a large "
        "import, or weekly from cron): it holds the index's write lock while it runs."
    )

    def handle(self, *args, **options):
        if not capabilities().merging:
            raise CommandError(
                "Only the Whoosh index has segments to merge; other engines merge their own."
            )
        backend = search_backend()
        before = backend.segment_count()
        self.stdout.write(f"Merging {before} segment{'s' * (before != 1)} into one...")
        started = time.perf_counter()
        backend.merge_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Merged {before} segments into {backend.segment_count()} in {time.perf_counter() - started:.1f} s."
            )
        )
