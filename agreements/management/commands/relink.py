"""Propose the mentions of records added since announcements were imported."""

from django.core.management.base import BaseCommand, CommandError

from agreements.imports.relinking import relink
from agreements.models import Announcement
from citykb.core.progress import Progress


class Command(BaseCommand):
    help = "Read announcements again and propose, for review, mentions of known records not proposed before."

    def add_arguments(self, parser):
        parser.add_argument("--announcement", metavar="SLUG", help="Only this announcement (default: all of them).")

    def handle(self, *args, announcement, **options):
        announcements = Announcement.objects.order_by("pk")
        if announcement:
            announcements = announcements.filter(slug=announcement)
            if not announcements.exists():
                raise CommandError(f"No announcement has the address “{announcement}”.")
        total = 0
        with Progress(
            self.stderr,
            total=announcements.count(),
            desc="Reading",
            unit="announcements",
            verbosity=options["verbosity"],
        ) as progress:
            for each in progress.iterate(announcements.iterator(chunk_size=100)):
                found = relink(each)
                total += found
                if found:
                    progress.write(self.stdout, f"{each.slug}: {found} new mention(s) to review.")
        self.stdout.write(self.style.SUCCESS(f"Read {progress.done} announcement(s): {total} new mention(s) proposed."))
