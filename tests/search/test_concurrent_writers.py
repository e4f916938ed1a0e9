"""Several worker processes saving at once: no lock errors, no lost update, the index equals the database."""

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from tests.search.conftest import BACKENDS

pytestmark = pytest.mark.system

WORKERS = 4
RECORDS_PER_WORKER = 20

WORKER_CODE = f"""
import os
from partners.models import City
worker = os.environ["WORKER"]
for i in range({RECORDS_PER_WORKER}):
    city = City.objects.create(name=f"Concurrent {{worker}} {{i}}", slug=f"concurrent-{{worker}}-{{i}}")
    city.description = f"Edited by worker {{worker}}, round {{i}}"
    city.save()
    if i % 5 == 0:
        city.delete()
"""


@pytest.fixture
def database_url(tmp_path):
    """A database of its own for the worker processes: a SQLite file, or a new PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'workers.sqlite3'}"
        return
    import psycopg2

    name = f"citykb_workers_{os.getpid()}"
    parts = urlsplit(url)
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def manage(env, *args, code=None):
    command = [sys.executable, "manage.py", *args] + (["-c", code] if code else [])
    return subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finished(process):
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out, err


@pytest.mark.parametrize("backend", BACKENDS)
def test_four_workers_saving_at_once_lose_no_update(database_url, tmp_path, backend):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "SEARCH_"))},
        "DJANGO_SETTINGS_MODULE": "citykb.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "SEARCH_BACKEND": backend,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
    }
    finished(manage(env, "migrate", "--no-input"))
    finished(manage(env, "load_initial_data"))

    workers = [manage({**env, "WORKER": str(n)}, "shell", code=WORKER_CODE) for n in range(WORKERS)]
    for worker in workers:
        _out, err = finished(worker)
        assert "LockError" not in err and "Traceback" not in err, err

    out, _err = finished(manage(env, "check_index"))
    assert "The index matches the database." in out
    count = "from partners.models import City; print(City.objects.filter(slug__startswith='concurrent-').count())"
    out, _err = finished(manage(env, "shell", code=count))
    assert int(out.split()[-1]) == WORKERS * (RECORDS_PER_WORKER - RECORDS_PER_WORKER // 5)
