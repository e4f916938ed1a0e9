"""Import announcements from .txt, .md and .html files (or every such file in a directory)."""

import json as json_module
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.imports.dry_run import dry_run
from agreements.imports.ingestion import ACCEPTED_SUFFIXES, import_file
from agreements.models import ImportReport
from citykb.core.progress import Progress


class Command(BaseCommand):
    help = "Import announcements from files or directories; each import gets a report (listed in the admin)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files, or directories of files, to import.")
        parser.add_argument("--title", default="", help="Title (default: the first line of the text).")
        parser.add_argument("--date", default="", help="Publication date as written: 2017-09, late 2016, 2017?")
        parser.add_argument("--publisher", default="", help="Who published it.")
        parser.add_argument(
            "--even-if-alike", action="store_true", help="Import a text nearly the same as a stored one all the same."
        )
        parser.add_argument("--dry-run", action="store_true", help="Store nothing: show what would be found.")
        parser.add_argument("--json", action="store_true", help="With --dry-run: print it as JSON, one per file.")

    def handle(self, *args, paths, title, date, publisher, even_if_alike, dry_run, json, **options):
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
        if dry_run:
            self._dry_run(files, title=title, published=date, publisher=publisher, as_json=json)
            return
        refused = 0
        # One file needs no count of how far it got.
        verbosity = options["verbosity"] if len(files) > 1 else 0
        with Progress(self.stderr, total=len(files), desc="Importing", unit="files", verbosity=verbosity) as progress:
            for path in progress.iterate(files):
                report = import_file(
                    path, title=title, published=date, publisher=publisher, even_if_alike=even_if_alike
                )
                if report.outcome == ImportReport.Outcome.REFUSED:
                    refused += 1
                    progress.write(self.stderr, f"Refused {path}: {report.problem}")
                    continue
                suggestions = sum(report.counts().values())
                progress.write(
                    self.stdout,
                    f"Imported {path} as “{report.announcement}” ({report.characters} characters, "
                    f"{report.mentions_linked} mentions of known records, {suggestions} suggestions to review).",
                )
        if len(files) > 1:
            self.stdout.write(f"{len(files) - refused} of {len(files)} files imported.")
        if refused:
            raise CommandError(f"{refused} of {len(files)} file(s) refused; nothing was stored for them.")

    def _dry_run(self, files, as_json, **options):
        for path in files:
            found = {"file": str(path), **dry_run(path, **options)}
            if as_json:
                self.stdout.write(json_module.dumps(found, ensure_ascii=False))
            elif "refused" in found:
                self.stdout.write(f"{path} would be refused: {found['refused']}")
            else:
                self.stdout.write(f"{path} would be imported as “{found['announcement']['title']}”:")
                for suggestion in found["suggestions"]:
                    said = suggestion.get("name") or " and ".join(suggestion.get("parties", []))
                    self.stdout.write(f"  {suggestion['kind']}: {said} ({suggestion['confidence']:.0%})")
