from functools import partial

from django.core.management.base import BaseCommand, CommandError

from citykb.core.progress import track
from search.backends.base import IndexBusy
from search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Build the search index anew from the database (the source of truth) into a new directory, "
        "then swap it in; searches keep working meanwhile."
    )

    def handle(self, *args, **options):
        try:
            count = rebuild(
                progress=partial(
                    track, stream=self.stderr, desc="Indexing", unit="records", verbosity=options["verbosity"]
                )
            )
        except IndexBusy as error:
            raise CommandError(f"{error} Try again when it has finished.") from error
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} records."))
