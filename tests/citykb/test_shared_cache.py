"""With REDIS_URL, every worker process shares one cache: a page, a search or an API answer is made once for
all of them, throttling counts in it, and a Redis that is down makes answers slower, never broken."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.conf import settings

from tests.parts import missing_part
from tests.processes import django_environment, free_port, manage

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PAGES = ["/", "/agreements/", "/organizations/zte/", "/search/?q=5G", "/api/agreements/"]

# Each test starts its own app server on a SQLite file of its own: once, in the SQLite run.
pytestmark = [
    pytest.mark.system,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")), reason="runs in the SQLite run (it starts its own servers on SQLite)"
    ),
]


def redis_answers(url):
    host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A migrated SQLite file with the seed records, for the app servers of these tests."""
    folder = tmp_path_factory.mktemp("shared-cache")
    environment = django_environment(f"sqlite:///{folder / 'db.sqlite3'}", folder / "index")
    for arguments in (("migrate", "--no-input"), ("createcachetable",), ("load_initial_data",), ("rebuild_index",)):
        code, output = manage(environment, *arguments)
        assert code == 0, output
    return environment


@pytest.fixture
def start_server(database, tmp_path):
    servers = []

    def start(redis_url, **environment):
        port = free_port()
        # A file, not a pipe: a Redis that is down is logged at every request, and a full pipe would stall.
        log = tmp_path / f"server-{port}.log"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "citykb.wsgi", "-w", "3", "-b", f"127.0.0.1:{port}"],
            cwd=settings.BASE_DIR,
            # A key prefix of its own: nothing kept by another test (or server) is found.
            env={**database, "REDIS_URL": redis_url, "CACHE_KEY_PREFIX": f"test-{uuid.uuid4()}", **environment},
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        servers.append(server)
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/favicon.ico", timeout=2)
                return port
            except OSError:
                time.sleep(0.1)
        server.terminate()
        pytest.fail(f"the app server did not start: {log.read_text()[-2000:]}")

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=30)


def get(port, path):
    """(status, X-Page-Cache) of one request on a connection of its own, so any worker may answer it."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            response.read()
            return response.status, response.headers.get("X-Page-Cache")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Page-Cache")


@pytest.fixture
def redis_url():
    if not redis_answers(REDIS):
        missing_part(f"No Redis answers at {REDIS}: the shared-cache tests did not run.")
    return REDIS


def test_each_answer_is_made_once_for_every_worker(start_server, redis_url):
    port = start_server(redis_url)
    for path in PAGES:
        answers = [get(port, path) for _ in range(12)]
        assert {status for status, _kept in answers} == {200}, path
        # Three workers, twelve requests: with a cache per process, two or three would make the page.
        assert [kept for _status, kept in answers].count("miss") == 1, (path, answers)


def test_throttling_counts_in_the_shared_cache(start_server, redis_url):
    port = start_server(redis_url, API_ANON_RATE="4/minute")
    assert [get(port, "/api/organizations/")[0] for _ in range(4)] == [200] * 4
    assert get(port, "/api/organizations/zte/")[0] == 429, "the fifth request, whichever worker takes it"
    assert get(port, "/organizations/zte/")[0] == 200, "pages are not throttled"


def test_a_redis_that_is_down_makes_pages_slower_never_broken(start_server):
    port = start_server(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    for path in PAGES:
        answers = [get(port, path) for _ in range(3)]
        assert answers == [(200, "miss")] * 3, (path, answers)
    assert get(port, "/api/organizations/")[0] == 200, "not throttled while the counts cannot be kept"
