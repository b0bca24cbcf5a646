import time

from django.core.management.base import BaseCommand, CommandError

from archive.importing.generated import generate
from archive.management.progress import commit_notice, progress_bar
from archive.search.indexing import bulk_indexing


class Command(BaseCommand):
    help = (
        "Add generated articles to the archive, for benchmarks and load tests. The same "
        "seed always gives the same articles; running again adds only those missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, required=True, help="How many articles to generate."
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="Which archive to generate (default 0)."
        )

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("--count must be a positive number of articles, e.g. --count 1000.")
        started = time.perf_counter()
        with (
            progress_bar(self.stderr, total=count, unit="article") as bar,
            bulk_indexing(before_commit=commit_notice(bar)),
        ):
            created, present = generate(count, seed=seed, on_batch=bar.update)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {created} article{'s' * (created != 1)} ({present} already present) "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
