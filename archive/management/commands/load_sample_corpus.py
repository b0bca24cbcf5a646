from django.conf import settings
from django.core.management.base import BaseCommand

from archive.importing.saving import import_paths
from archive.management.reports import report_rejections
from archive.models import Article


class Command(BaseCommand):
    help = (
        "Import the sample corpus (fixtures/) when the archive has no articles yet, unless "
        "ARCHIVE_SAMPLE_CORPUS=0."
    )

    def handle(self, *args, **options):
        if not settings.ARCHIVE_SAMPLE_CORPUS:
            self.stdout.write("ARCHIVE_SAMPLE_CORPUS=0: the archive starts empty.")
            return
        if Article.objects.exists():
            self.stdout.write("The archive has articles already; the sample corpus is not loaded.")
            return
        result = import_paths([settings.SAMPLE_CORPUS_DIR])
        count = len(result.imported)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the {count} sample article{'s' * (count != 1)} of fixtures/ into the "
                "empty archive; remove them with: python manage.py remove_sample_corpus"
            )
        )
        report_rejections(self, result)
