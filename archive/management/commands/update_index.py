import time

from django.core.management.base import CommandError
from haystack import connections
from haystack.management.commands import update_index

from archive.management.progress import commit_notice, progress_bar
from archive.search.engines import capabilities


class Command(update_index.Command):
    help = update_index.Command.help + " Shows a progress bar."

    def update_backend(self, label, using):
        """Index as Haystack does, with one writer on every core for the whole run,
        advancing a progress bar as each batch is written (our Whoosh backend; another
        engine is indexed exactly as Haystack's own command does it)."""
        if using != "default" or not capabilities().bulk_writing:
            return super().update_backend(label, using)
        backend = connections[using].get_backend()
        if self.workers:
            raise CommandError("--workers is not needed: the index writer already uses every core.")
        unified_index = connections[using].get_unified_index()
        total = sum(
            unified_index.get_index(model)
            .build_queryset(using=using, start_date=self.start_date, end_date=self.end_date)
            .count()
            for model in update_index.haystack_get_models(label)
            if model in unified_index.get_indexed_models()
        )
        if not total:
            return super().update_backend(label, using)
        started = time.perf_counter()
        with progress_bar(self.stderr, total=total, unit="article") as bar:
            backend.on_batch_written = bar.update
            try:
                with backend.bulk_writing(before_commit=commit_notice(bar)):
                    super().update_backend(label, using)
            finally:
                backend.on_batch_written = None
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Indexed {total} articles in {elapsed:.1f} s ({total / elapsed:.0f} a second)."
        )
