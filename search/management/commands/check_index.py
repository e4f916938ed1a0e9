from django.core.management.base import BaseCommand, CommandError

from search.indexing import check

SHOWN = 20


class Command(BaseCommand):
    help = "Compare the search index with the database and report the differences; --fix repairs them."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Index what is missing or stale, remove what is extra.")

    def handle(self, *args, **options):
        report = check(fix=options["fix"])
        if report.unreadable:
            self.stdout.write("The index is missing or cannot be read.")
        for label, keys in (("missing", report.missing), ("extra", report.extra), ("stale", report.stale)):
            if keys:
                more = f" (and {len(keys) - SHOWN} more)" if len(keys) > SHOWN else ""
                self.stdout.write(f"{len(keys)} {label}: {', '.join(keys[:SHOWN])}{more}")
        if report.queued:
            self.stdout.write(f"{report.queued} updates were queued.")
        if report.in_sync:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
        elif options["fix"]:
            self.stdout.write(self.style.SUCCESS("Repaired."))
        else:
            raise CommandError("The index differs from the database; run check_index --fix.")
