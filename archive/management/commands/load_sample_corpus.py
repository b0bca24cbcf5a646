from django.conf import settings
from django.core.management.base import BaseCommand

from archive.importing.saving import import_paths
from archive.management.reports import report_import
from archive.models import Article


class Command(BaseCommand):
    help = "Import the sample corpus (fixtures/) when the archive has no articles yet."

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("The archive has articles already; the sample corpus is not loaded.")
            return
        report_import(self, import_paths([settings.BASE_DIR / "fixtures"]))
