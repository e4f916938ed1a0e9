"""The `citykb` text search configuration: English stemming after accent folding (PostgreSQL only)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CREATE = """
CREATE TEXT SEARCH CONFIGURATION citykb (COPY = english);
ALTER TEXT SEARCH CONFIGURATION citykb
    ALTER MAPPING FOR hword, hword_part, word, hword_asciipart, asciihword, asciiword
    WITH unaccent, english_stem;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS citykb;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create, drop),
    ]
