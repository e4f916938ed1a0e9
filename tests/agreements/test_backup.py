"""`make backup` / `make restore`: every table's rows come back, between SQLite and PostgreSQL both ways,
and the search index rebuilt on the restored database equals it."""

import json
import os

import pytest

from tests.processes import django_environment, manage, run_django

# Edits that fill what a backup must carry besides the seed records: users and roles, history (with a
# record deleted since), an import with its report and suggestions.
EDITS = """
from django.contrib.auth.models import Group, User
from agreements.imports.ingestion import import_text
from partners.models import Organization
editor = User.objects.create_user("edith", password="a-long-password", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
zte = Organization.objects.get(slug="zte")
zte.description = "Edited after loading."
zte.save()
gone = Organization.objects.create(name="Gone Ltd", slug="gone-ltd")
gone.aliases.create(name="Gone")
gone.delete()
import_text("Huawei Technologies signed an agreement with ZTE in Yinchuan on 18 October 2017.", user=editor)
"""

COUNTS = """
import json
from django.apps import apps
from django.db import connection
tables = set(connection.introspection.table_names())
counts = {}
for model in apps.get_models():
    # Sessions and sign-in attempts are not kept; search documents are PostgreSQL's search backend's own.
    if model._meta.app_label in ("sessions", "axes") or model._meta.label == "search.SearchDocument":
        continue
    counts[model._meta.label] = model._base_manager.count()
print("COUNTS " + json.dumps(counts, sort_keys=True))
"""

# These make and use databases of their own, whatever DATABASE_URL says: the SQLite run of the suite covers them.
pytestmark = [
    pytest.mark.system,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")), reason="runs in the SQLite run (it makes its own databases)"
    ),
]


def counts(environment):
    code, output = run_django(COUNTS, environment)
    assert code == 0, output
    return json.loads(next(line for line in output.splitlines() if line.startswith("COUNTS "))[7:])


def restored(environment, backup):
    for arguments in (("migrate", "--no-input"), ("restore", str(backup))):
        code, output = manage(environment, *arguments)
        assert code == 0, output
    code, output = manage(environment, "check_index")
    assert code == 0 and "The index matches the database." in output, output
    return counts(environment)


def test_a_backup_restores_every_row_from_sqlite_to_postgresql_and_back(tmp_path, postgres_databases):
    sqlite = django_environment(f"sqlite:///{tmp_path}/source.sqlite3", tmp_path / "source-index")
    for arguments in (("migrate", "--no-input"), ("createcachetable",), ("load_initial_data",)):
        code, output = manage(sqlite, *arguments)
        assert code == 0, output
    code, output = run_django(EDITS, sqlite)
    assert code == 0, output
    before = counts(sqlite)
    assert before["partners.HistoricalOrganization"] > 10 and before["agreements.Suggestion"] >= 4
    assert before["auth.User"] == 1 and before["agreements.ImportReport"] == 1

    backup = tmp_path / "backup.json"
    code, output = manage(sqlite, "backup", str(backup))
    assert code == 0, output
    postgres = django_environment(postgres_databases(), tmp_path / "postgres-index")
    assert restored(postgres, backup) == before

    # And back: PostgreSQL's backup into a new SQLite database.
    again = tmp_path / "backup-from-postgres.json"
    code, output = manage(postgres, "backup", str(again))
    assert code == 0, output
    sqlite_again = django_environment(f"sqlite:///{tmp_path}/again.sqlite3", tmp_path / "again-index")
    assert restored(sqlite_again, again) == before


def test_restore_refuses_a_database_that_holds_records(tmp_path):
    sqlite = django_environment(f"sqlite:///{tmp_path}/full.sqlite3", tmp_path / "index")
    for arguments in (("migrate", "--no-input"), ("load_initial_data",), ("backup", str(tmp_path / "b.json"))):
        code, output = manage(sqlite, *arguments)
        assert code == 0, output
    before = counts(sqlite)
    code, output = manage(sqlite, "restore", str(tmp_path / "b.json"))
    assert code != 0 and "restore into an empty, migrated database" in output
    assert counts(sqlite) == before
