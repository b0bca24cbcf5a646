from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError

from archive.upkeep.exporting import articles_for_export, write_csv, write_jsonl
from archive.models import Article
from archive.management.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Write every article as JSONL (one JSON object per line; import_articles reads it "
        "back) or CSV, to a file or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", default="jsonl", choices=["jsonl", "csv"])
        parser.add_argument("--output", metavar="FILE", help="Where to write (default: standard output).")
        parser.add_argument(
            "--include-originals", action="store_true",
            help="JSONL only: also carry each original file (base64), for a full move of the archive.",
        )

    def handle(self, *args, format, output, include_originals, **options):
        if include_originals and format != "jsonl":
            raise CommandError("--include-originals goes with --format jsonl.", returncode=2)
        try:
            destination = open(output, "w", encoding="utf-8", newline="") if output else nullcontext(self.stdout)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from None

        total = Article.objects.count()
        with destination as out, progress_bar(self.stderr, total=total, unit="article") as bar:
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
