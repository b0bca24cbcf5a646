from contextlib import ExitStack

from django.core.management.base import BaseCommand, CommandError

from archive.management.progress import progress_bar
from archive.models import Article
from archive.upkeep.exporting import articles_for_export, write_csv, write_jsonl


class Command(BaseCommand):
    help = (
        "Write every article as JSONL (one JSON object per line; import_articles reads it "
        "back) or CSV, to a file or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", default="jsonl", choices=["jsonl", "csv"])
        parser.add_argument(
            "--output", metavar="FILE", help="Where to write (default: standard output)."
        )
        parser.add_argument(
            "--include-originals",
            action="store_true",
            help="JSONL only: also carry each original file (base64), for a full move of the archive.",
        )

    def handle(self, *args, format, output, include_originals, **options):
        if include_originals and format != "jsonl":
            raise CommandError("--include-originals goes with --format jsonl.", returncode=2)
        with ExitStack() as stack:
            try:
                out = (
                    stack.enter_context(open(output, "w", encoding="utf-8", newline=""))
                    if output
                    else self.stdout
                )
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}") from None
            bar = stack.enter_context(
                progress_bar(self.stderr, total=Article.objects.count(), unit="article")
            )
            articles = (bar.update() or article for article in articles_for_export())
            try:
                if format == "csv":
                    count = write_csv(articles, out)
                else:
                    count = write_jsonl(articles, out, include_originals)
            except BrokenPipeError:
                # The reader stopped early (`| head`): nothing is wrong with the archive.
                return
        if output:
            self.stdout.write(self.style.SUCCESS(f"Exported {count} articles to {output}."))
