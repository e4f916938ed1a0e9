"""The database cache tables the settings name (the API throttle's `citykb_throttle` when there is no Redis).

They are made here so that `migrate` alone readies a database to answer: without the table every API request
fails. Django's own `createcachetable` does the work; it skips a table that exists, so running that command too
(as `make run` and older recipes do) changes nothing."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_unsourced_facts")]

    # The tables are not models: reversing leaves them (an empty cache table is harmless).
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False)]
