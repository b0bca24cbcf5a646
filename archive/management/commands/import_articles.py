from django.core.management.base import BaseCommand, CommandError

from archive.importing.files import find_files
from archive.importing.saving import import_files
from archive.management.progress import progress_bar
from archive.management.reports import report_import
from archive.vocabulary.terms import Format


class Command(BaseCommand):
    help = (
        "Import articles from files and directories (searched recursively): plain text, "
        "saved web pages, WARC files and JSONL exports. Exits 1 if any file was rejected; "
        "the others are imported all the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--source",
            default="",
            metavar="NAME",
            help="The outlet of articles whose files do not name one.",
        )
        parser.add_argument(
            "--format",
            default="auto",
            choices=["auto", *(term.value for term in Format)],
            help="The files' format; 'auto' tells it from each file's content.",
        )

    def handle(self, *args, paths, source, format, **options):
        try:
            found = find_files(paths)
        except FileNotFoundError as error:
            raise CommandError(str(error), returncode=2) from None
        if not found.files and not found.refused:
            raise CommandError("No files to import in the paths given.", returncode=2)

        with progress_bar(self.stderr, total=len(found.files), unit="file") as bar:
            result = import_files(
                found.files,
                source=source,
                format=format,
                on_file=lambda *_: bar.update(),
                refused=found.refused,
            )
        report_import(self, result)
        if result.rejected:
            raise CommandError(
                f"{len(result.rejected)} rejected (reasons above); everything else was imported.",
                returncode=1,
            )
