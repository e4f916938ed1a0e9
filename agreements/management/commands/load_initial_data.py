from functools import partial

from django.core.management.base import BaseCommand, CommandError

from agreements.loading import FixtureError, load_fixtures
from agreements.models import Announcement
from citykb.core.progress import track
from search.indexing import ensure_index, rebuild


class Command(BaseCommand):
    help = (
        "Load the seed announcements and curated records from fixtures/. Idempotent: loading twice "
        "gives the same rows. Seed records are reset to their fixture versions. Then builds the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "fixtures",
            nargs="*",
            help="Fixture files to load instead of the seed fixtures (JSON, natural keys).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds announcements, so editors' changes survive.",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Announcement.objects.exists():
            self.stdout.write("The database already holds announcements; nothing loaded.")
            if ensure_index():
                self.stdout.write("The search index was missing or damaged; rebuilt it.")
            return
        shown = {"stream": self.stderr, "verbosity": options["verbosity"]}
        try:
            counts = load_fixtures(
                options["fixtures"] or None, progress=partial(track, desc="Loading", unit="records", **shown)
            )
        except FixtureError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Loaded {total} records in {len(counts)} models."))
        indexed = rebuild(progress=partial(track, desc="Indexing", unit="records", **shown))
        self.stdout.write(f"Indexed {indexed} records for search.")
