"""A missing or damaged index too large to rebuild at once is never rebuilt inside a request: searches answer
"being rebuilt" at once (503 with Retry-After in the API) while one process rebuilds it; partial generations
left by a killed rebuild are cleaned up."""

import os
import shutil
import threading

import pytest
from django.test import Client

from search import indexing
from search.backends import get_backend

MK_ANNOUNCEMENT = "milton-keynes-council-yinchuan-zte-three-way-agreement"


@pytest.fixture
def large(settings, indexed):
    """As if the knowledge base were too large to rebuild within a request."""
    settings.SEARCH_REPAIR_IN_REQUEST_UP_TO = 0


@pytest.fixture
def repairs_started(monkeypatch):
    started = []
    monkeypatch.setattr(indexing, "repair_in_background", lambda: started.append(True))
    return started


def generations(index_dir):
    return sorted(name for name in os.listdir(index_dir) if name.startswith("gen-"))


def test_a_missing_index_answers_being_rebuilt_at_once_and_starts_one_rebuild(large, repairs_started, search_index_dir):
    shutil.rmtree(search_index_dir)
    client = Client(raise_request_exception=False)
    api = client.get("/api/search/", {"q": "5G"})
    assert api.status_code == 503
    assert api["Retry-After"] and int(api["Retry-After"]) > 0
    assert "being rebuilt" in api.json()["detail"]
    page = client.get("/search/", {"q": "5G"})
    assert page.status_code == 503 and "being rebuilt" in page.content.decode()
    assert page["Retry-After"]
    feed = client.get("/search/feed/", {"q": "5G"})
    assert feed.status_code == 503 and feed["Retry-After"]
    assert repairs_started, "a rebuild was started outside the request"
    assert not os.path.exists(search_index_dir / "current"), "nothing was rebuilt inside a request"

    indexing.repair()  # what the background thread runs
    again = client.get("/api/search/", {"q": "5G"})
    assert again.status_code == 200
    assert MK_ANNOUNCEMENT in {hit["slug"] for hit in again.json()["results"]}


def test_a_damaged_index_answers_being_rebuilt_at_once(large, repairs_started, search_index_dir):
    current = os.path.realpath(search_index_dir / "current")
    for name in os.listdir(current):
        if name.endswith(".toc"):
            with open(os.path.join(current, name), "wb") as handle:
                handle.write(b"not a table of contents")
    get_backend()._local.__dict__.clear()  # a worker that opens the index afresh
    response = Client(raise_request_exception=False).get("/api/search/", {"q": "5G"})
    assert response.status_code == 503 and repairs_started


def test_only_one_process_rebuilds_at_a_time(large, search_index_dir):
    shutil.rmtree(search_index_dir)
    holding, release = threading.Event(), threading.Event()

    def another_process_rebuilding():
        with get_backend().lock():
            holding.set()
            release.wait(10)

    other = threading.Thread(target=another_process_rebuilding)
    other.start()
    holding.wait(5)
    try:
        assert indexing.repair() is False  # the lock is held: this one leaves it to the other
        assert generations(search_index_dir) == []
    finally:
        release.set()
        other.join()


def test_partial_generations_left_by_a_killed_rebuild_are_removed(indexed, search_index_dir):
    live = os.path.basename(os.path.realpath(search_index_dir / "current"))
    for name in ("gen-1", "gen-2"):
        os.makedirs(search_index_dir / name)
        (search_index_dir / name / "_MAIN_1.seg").write_bytes(b"half written")
    indexing.rebuild()
    assert len(generations(search_index_dir)) == 1
    assert generations(search_index_dir) != [live]


def test_a_rebuild_that_fails_leaves_no_generation_behind(indexed, search_index_dir):
    before = generations(search_index_dir)

    def failing_documents():
        raise RuntimeError("the database went away")
        yield

    backend = get_backend()
    with pytest.raises(RuntimeError), backend.lock():
        backend.rebuild(failing_documents())
    assert generations(search_index_dir) == before


# In a process of its own, on a database file of its own: the repair thread needs committed data to read.
BACKGROUND = """
import shutil, time
from django.conf import settings
from django.test import Client
shutil.rmtree(settings.SEARCH_INDEX_DIR)
visitor = Client(HTTP_HOST="localhost")
print("first", visitor.get("/api/search/", {"q": "ZTE"}).status_code)
for _ in range(600):
    time.sleep(0.1)
    status = visitor.get("/api/search/", {"q": "ZTE"}).status_code
    if status != 503:
        break
print("then", status)
"""


@pytest.mark.system
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs in the SQLite run (it makes its own database)")
def test_the_background_rebuild_brings_search_back_by_itself(tmp_path):
    from tests.processes import django_environment, manage, run_django

    environment = {
        **django_environment(f"sqlite:///{tmp_path}/repair.sqlite3", tmp_path / "index"),
        "SEARCH_REPAIR_IN_REQUEST_UP_TO": "0",
    }
    for command in ("migrate", "load_initial_data"):
        code, output = manage(environment, command)
        assert code == 0, output
    code, output = run_django(BACKGROUND, environment)
    assert code == 0, output
    assert "first 503" in output and "then 200" in output, output
