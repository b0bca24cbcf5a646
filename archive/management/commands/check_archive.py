from django.core.management.base import BaseCommand, CommandError

from archive.management.progress import progress_bar
from archive.originals import DELETED, ORPHANED
from archive.upkeep.checking import check_archive
from archive.upkeep.checking import repair as repair_archive


class Command(BaseCommand):
    help = (
        "Compare the database with the search index and the kept originals, and report "
        "drift: articles missing from the index or stale in it, index entries and original "
        "files that belong to no article, missing or damaged originals. Exits 1 when there "
        "is drift. --repair fixes what can be fixed from the database and the files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Index missing and stale articles, remove orphaned index entries, move orphaned "
            "originals to originals/orphaned/ and delete unfinished files.",
        )

    def handle(self, *args, repair: bool, **options):
        def progress(total, unit):
            return progress_bar(self.stderr, total, unit)

        drift = check_archive(progress)
        indexed = "not read" if drift.index_entries is None else drift.index_entries
        self.stdout.write(
            f"Checked {drift.articles} articles, {indexed} index entries and {drift.originals} originals."
        )
        if drift.index_unchecked:
            self.stdout.write(self.style.WARNING(drift.index_unchecked))
        if orphaned := drift.set_aside.get(ORPHANED):
            self.stdout.write(
                f"{orphaned} file(s) set aside earlier in originals/{ORPHANED}/ (not drift)."
            )
        if deleted := drift.set_aside.get(DELETED):
            self.stdout.write(
                f"{deleted} original(s) of deleted articles in originals/{DELETED}/ (not drift)."
            )
        findings = drift.findings()
        for finding in findings:
            self.stdout.write(
                self.style.WARNING(f"{finding.count} {finding.what}: {finding.remedy}.")
            )
            for example in finding.examples:
                self.stdout.write(f"  {example}")
            if finding.count > len(finding.examples):
                self.stdout.write(f"  ... and {finding.count - len(finding.examples)} more")
        if not findings:
            self.stdout.write(
                self.style.SUCCESS("No drift: the index and the originals match the database.")
            )
            return
        problems = sum(finding.count for finding in findings)
        if not repair:
            raise CommandError(
                f"Drift found: {problems} problem(s) in {len(findings)} kind(s). "
                "Run `manage.py check_archive --repair` to fix what can be fixed.",
                returncode=1,
            )
        done = repair_archive(drift, progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Repaired: {done.indexed} article(s) indexed, {done.removed} orphaned index entries "
                f"removed, {len(done.set_aside)} orphaned original(s) moved to originals/{ORPHANED}/, "
                f"{done.deleted_unfinished} "
                "unfinished file(s) deleted."
            )
        )
        if drift.unrepairable:
            raise CommandError(
                f"{drift.unrepairable} original(s) missing or damaged remain: restore them from a backup "
                "(see above).",
                returncode=1,
            )
