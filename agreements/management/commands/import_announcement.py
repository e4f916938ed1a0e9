"""Import announcements from .txt, .md and .html files (or every such file in a directory)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.imports.ingestion import ACCEPTED_SUFFIXES, import_file
from agreements.models import ImportReport


class Command(BaseCommand):
    help = "Import announcements from files or directories; each import gets a report (listed in the admin)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--title", default="", help="Title (default: the first line of the text).")
        parser.add_argument("--date", default="", help="Publication date as written: 2017-09, late 2016, 2017?")
        parser.add_argument("--publisher", default="")

    def handle(self, *args, paths, title, date, publisher, **options):
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ACCEPTED_SUFFIXES)
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{name}: no such file or directory.")
        if title and len(files) > 1:
            raise CommandError("--title names one announcement: give one file with it.")
        refused = 0
        for path in files:
            report = import_file(path, title=title, published=date, publisher=publisher)
            if report.outcome == ImportReport.Outcome.REFUSED:
                refused += 1
                self.stderr.write(f"Refused {path}: {report.problem}")
                continue
            counts = report.counts()
            self.stdout.write(
                f"Imported {path} as “{report.announcement}” ({report.characters} characters, "
                f"{report.mentions_linked} mentions of known records, {sum(counts.values())} suggestions to review)."
            )
        if refused:
            raise CommandError(f"{refused} of {len(files)} file(s) refused; nothing was stored for them.")
