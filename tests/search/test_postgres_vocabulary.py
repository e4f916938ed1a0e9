"""The PostgreSQL backend's vocabulary (fuzzy words, "did you mean") is read once for every process."""

import time

import pytest
from django.core.cache import cache

from partners.models import Organization
from search.backends import postgres
from search.backends.base import SearchOptions
from search.indexing import rebuild
from search.searching import run_search
from tests.caches import unreachable_redis
from tests.search.conftest import BACKENDS

pytestmark = pytest.mark.skipif(
    "postgres" not in BACKENDS, reason="runs in the PostgreSQL run (PostgreSQL full-text search)"
)


@pytest.fixture
def index(settings, seeded):
    settings.SEARCH_BACKEND = "postgres"
    rebuild()


def read_long_ago(backend):
    """As if the vocabulary the cache and this process hold had been read VOCABULARY_MAX_AGE ago."""
    long_ago = (time.time() - postgres.VOCABULARY_MAX_AGE - 1, cache.get(postgres.VOCABULARY_KEY)[1])
    cache.set(postgres.VOCABULARY_KEY, long_ago)
    backend._vocabulary = long_ago


def test_a_second_process_takes_the_words_the_first_one_read(index, django_assert_num_queries):
    postgres.PostgresBackend().vocabulary()
    with django_assert_num_queries(0):
        words = postgres.PostgresBackend().vocabulary()
    assert {"yinchuan", "nokia", "tianfu"} <= words


def test_the_words_are_read_anew_once_they_are_old(index, django_capture_on_commit_callbacks):
    backend = postgres.PostgresBackend()
    backend.vocabulary()
    with django_capture_on_commit_callbacks(execute=True):
        Organization.objects.create(name="Quillfeather Networks", slug="quillfeather")
    assert "quillfeather" not in backend.vocabulary(), "kept for VOCABULARY_MAX_AGE"
    read_long_ago(backend)
    assert "quillfeather" in backend.vocabulary()
    assert "quillfeather" in postgres.PostgresBackend().vocabulary(), "and shared with the other processes"


def test_a_misspelt_name_still_gets_its_suggestion_from_the_shared_words(index):
    postgres.PostgresBackend().vocabulary()
    assert run_search("Yinchaun", SearchOptions()).suggestion == "Yinchuan"
    assert run_search("nokai~", SearchOptions()).results.count > 0


def test_with_the_cache_down_each_process_reads_its_own_words(index, settings):
    settings.CACHES = {name: unreachable_redis() for name in settings.CACHES}
    assert {"yinchuan", "nokia"} <= postgres.PostgresBackend().vocabulary()
    assert run_search("Yinchaun", SearchOptions()).suggestion == "Yinchuan"
