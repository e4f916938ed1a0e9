"""PostgreSQL restarted under load: requests fail only while it is down, then recover by themselves
(CONN_HEALTH_CHECKS), and no edit is half-written."""

import glob
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from tests.parts import missing_part
from tests.processes import django_environment, free_port, manage, start_django

# It restarts the machine's PostgreSQL: never while the suite itself runs on PostgreSQL.
pytestmark = [
    pytest.mark.system,
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs in the SQLite run (it restarts PostgreSQL)"),
]

# Each edit is one transaction: an organization and three aliases. A half-written edit would leave an
# organization with fewer.
EDITOR = """
import sys, time
from django.db import transaction, OperationalError, InterfaceError
from partners.models import Organization
print("editing", flush=True)
n = 0
while True:
    n += 1
    try:
        with transaction.atomic():
            organization = Organization.objects.create(name=f"Edit {n}", slug=f"edit-{n}")
            for alias in ("A", "B", "C"):
                organization.aliases.create(name=f"{alias} {n}")
    except (OperationalError, InterfaceError):
        time.sleep(0.05)  # the database is down: this edit is lost whole, the next one tries again
"""


def restart_postgresql():
    cluster = os.path.basename(glob.glob("/etc/postgresql/*")[0])
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_requests_recover_by_themselves_after_postgresql_restarts(tmp_path, postgres_databases):
    if not shutil.which("pg_ctlcluster") or os.geteuid() != 0:
        missing_part("Restarting PostgreSQL needs pg_ctlcluster and root: the restart test did not run.")
    environment = {
        **django_environment(postgres_databases(), tmp_path / "index"),
        "PAGE_CACHE": "0",  # every request reads the database
        "API_ANON_RATE": "100000000/minute",
    }
    for arguments in (("migrate", "--no-input"), ("createcachetable",), ("load_initial_data",)):
        code, output = manage(environment, *arguments)
        assert code == 0, output
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "citykb.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "30"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    editor = start_django(EDITOR, environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    answers, stop = [], threading.Event()

    def visit():
        while not stop.is_set():
            for path in ("/organizations/zte/", "/api/agreements/"):
                started = time.monotonic()
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
                        answers.append((started, time.monotonic(), response.status))
                except (urllib.error.URLError, OSError) as error:
                    answers.append((started, time.monotonic(), getattr(error, "code", 0)))
            time.sleep(0.02)

    try:
        for _ in range(100):  # gunicorn up
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        assert editor.stdout.readline().strip() == "editing"
        visitors = [threading.Thread(target=visit) for _ in range(2)]
        for thread in visitors:
            thread.start()
        time.sleep(2)
        down_from = time.monotonic()
        restarted = restart_postgresql()
        up_at = time.monotonic()
        assert restarted.returncode == 0, restarted.stderr
        time.sleep(4)
        stop.set()
        for thread in visitors:
            thread.join()
    finally:
        stop.set()
        editor.kill()
        server.terminate()
        server.wait(timeout=30)

    # A request answered while the restart had begun counts as during it, whenever it was sent.
    before = [status for _sent, answered, status in answers if answered < down_from]
    during = [status for sent, answered, status in answers if answered >= down_from and sent <= up_at + 1]
    after = [status for sent, _answered, status in answers if sent > up_at + 1]
    assert before and set(before) == {200}
    assert after and set(after) == {200}, "requests recovered without restarting the app server"
    print(
        f"\n{len(before)} answers before, {len(during)} while restarting "
        f"({sum(s != 200 for s in during)} failed), {len(after)} after; restart took {up_at - down_from:.1f} s"
    )
    code, output = manage(
        environment,
        "shell",
        "-c",
        "from django.db.models import Count\nfrom partners.models import Organization\n"
        "edits = Organization.objects.filter(slug__startswith='edit-')\n"
        "half = edits.annotate(n=Count('aliases')).exclude(n=3)\n"
        "print('EDITS', edits.count(), 'HALF', half.count())",
    )
    assert code == 0, output
    edits, half = (int(word) for word in output.split("EDITS", 1)[1].split() if word.isdigit())
    assert edits > 0 and half == 0, "no edit is half-written"
