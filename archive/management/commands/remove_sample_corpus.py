from django.conf import settings
from django.core.management.base import BaseCommand

from archive.importing.samples import remove_sample_corpus


class Command(BaseCommand):
    help = "Delete the sample corpus's articles (those of fixtures/) and their originals."

    def handle(self, *args, **options):
        removed = remove_sample_corpus(settings.SAMPLE_CORPUS_DIR)
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {removed} sample article{'s' * (removed != 1)} and "
                f"{'their originals' if removed != 1 else 'its original'}; "
                "every other article is untouched."
            )
        )
