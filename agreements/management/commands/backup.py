"""Write every record of the knowledge base to one JSON file that `restore` loads into an empty database,
SQLite or PostgreSQL alike."""

import os

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand

from agreements.models import AnnouncementBand, AnnouncementMention
from citykb.core.history import is_history_model
from citykb.core.models import DataVersion
from citykb.core.progress import Progress

# Recreated rather than copied: content types and permissions by migrate (their ids differ between
# databases, so records name them by natural key), the mention index, the data version and the search
# documents by restore; sessions and sign-in attempts are not kept.
NOT_COPIED = {"contenttypes", "sessions", "axes"}
WORKED_OUT = {
    "auth.permission",
    "search.searchdocument",
    AnnouncementMention._meta.label_lower,
    AnnouncementBand._meta.label_lower,
    DataVersion._meta.label_lower,
}
BATCH = 2000


def copied_models():
    """Every model whose rows a backup holds, each after the models it refers to."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.app_label not in NOT_COPIED
        and model._meta.label_lower not in WORKED_OUT
        and not model._meta.proxy
        and model._meta.managed
    ]
    return serializers.sort_dependencies([(None, chosen)], allow_cycles=True)


class Command(BaseCommand):
    help = "Back up every record (users, partners, agreements, history, imports) to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write, e.g. var/backup.json")

    def handle(self, *args, path, **options):
        tables = [(model, model._base_manager.order_by("pk")) for model in copied_models()]
        counts = {model._meta.label: rows.count() for model, rows in tables}
        # It holds every user's password hash: made readable by its owner only from the start (not after writing),
        # and an older file written over loses any wider mode it had.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with (
            open(descriptor, "w", encoding="utf-8") as out,
            Progress(
                self.stderr, total=sum(counts.values()), desc="Backing up", unit="rows", verbosity=options["verbosity"]
            ) as progress,
        ):
            out.write("[\n")
            first = True
            for model, rows in tables:
                for start in range(0, counts[model._meta.label], BATCH):
                    # Primary keys are kept, so that history rows still point at their records; what other
                    # databases number differently (content types, permissions, users) goes by natural key.
                    # A history row may point at a record deleted since: it keeps the bare id.
                    text = serializers.serialize(
                        "json", rows[start : start + BATCH], use_natural_foreign_keys=not is_history_model(model)
                    )
                    body = text.strip()[1:-1].strip()
                    if body:
                        out.write(("" if first else ",\n") + body)
                        first = False
                    progress.update(min(BATCH, counts[model._meta.label] - start))
            out.write("\n]\n")
        total = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {total} rows of {len(counts)} tables to {path} (mode 0600, readable by you only: it holds "
                "password hashes)."
            )
        )
