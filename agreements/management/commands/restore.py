"""Load a `backup` file into an empty database (after migrate), then work out again what backups leave out."""

from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agreements.mentions import index_all_mentions
from agreements.models import Announcement
from citykb.core.caching import new_data_version
from citykb.core.progress import track
from citykb.core.signals import bulk_changes
from partners.models import Organization
from search.indexing import rebuild


class Command(BaseCommand):
    help = "Restore a backup into an empty, migrated database (SQLite or PostgreSQL); rebuilds the search index."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by `manage.py backup`")

    def handle(self, *args, path, **options):
        if Announcement.objects.exists() or Organization.objects.exists():
            raise CommandError("The database already holds records: restore into an empty, migrated database.")
        verbosity = options["verbosity"]
        call_command("createcachetable", verbosity=0)
        # One transaction: a broken file leaves the database empty, not half restored. The history comes
        # from the file: setting links while loading must not write versions of its own.
        history_was = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        settings.SIMPLE_HISTORY_ENABLED = False
        try:
            with transaction.atomic(), bulk_changes():
                # loaddata says nothing of how far it got: at least say what is going on, and how big it is.
                if verbosity:
                    megabytes = Path(path).stat().st_size / 1_000_000
                    self.stdout.write(f"Loading {path} ({megabytes:.1f} MB)…")
                call_command("loaddata", path, verbosity=0)
                new_data_version()
                if verbosity:
                    self.stdout.write("Finding the mentions of known records in the announcements…")
                index_all_mentions()
        finally:
            settings.SIMPLE_HISTORY_ENABLED = history_was
        indexed = rebuild(
            progress=partial(track, stream=self.stderr, desc="Indexing", unit="records", verbosity=verbosity)
        )
        self.stdout.write(self.style.SUCCESS(f"Restored {path}; indexed {indexed} records for search."))
