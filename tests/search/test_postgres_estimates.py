"""The PostgreSQL backend estimates very large results from a sample instead of reading every match."""

import pytest
from django.db.models import F

from search.backends import get_backend, postgres
from search.backends.base import SearchOptions
from search.indexing import rebuild
from search.searching import run_search
from tests.search.conftest import BACKENDS

pytestmark = pytest.mark.skipif(
    "postgres" not in BACKENDS, reason="runs in the PostgreSQL run (PostgreSQL full-text search)"
)


@pytest.fixture
def sampled_index(settings, seeded, monkeypatch):
    """The seed index, as if it were large: every other document in the sample, every result 'large'."""
    from search.models import SearchDocument

    settings.SEARCH_BACKEND = "postgres"
    rebuild()
    SearchDocument.objects.update(sample=F("id") % 2 * 500)
    total = SearchDocument.objects.count()
    monkeypatch.setattr(postgres, "SAMPLE_SIZE", total // 4)  # bound ≈ 250: the even ids
    monkeypatch.setattr(postgres, "LARGE_RESULT", 1)
    return SearchDocument.objects.order_by("id")


def exact_keys(text):
    """The keys the search matches, read without the sample (small results are exact)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(postgres, "LARGE_RESULT", 10**6)
        return {h.key for h in run_search(text, SearchOptions(page_size=100)).results.hits}


def test_a_large_result_says_its_counts_are_estimates(sampled_index, client):
    page = run_search("smart", SearchOptions(page_size=100))
    assert page.results.estimated
    in_sample = [d.key for d in sampled_index if d.sample < get_backend()._sample_bound()]
    matches = exact_keys("smart")
    expected = len(matches & set(in_sample)) * postgres.SAMPLE_BUCKETS / get_backend()._sample_bound()
    assert page.results.count == postgres._about(expected)
    assert any("estimated" in warning for warning in page.warnings)
    assert "About " in client.get("/search/", {"q": "smart"}).content.decode()
    assert client.get("/api/search/", {"q": "smart"}).json()["estimated"] is True


def test_a_large_result_ranks_title_matches_from_outside_the_sample(sampled_index):
    playbook = sampled_index.get(type="initiative", slug="smart-city-playbook")
    sampled_index.exclude(pk=playbook.pk).update(sample=0)
    sampled_index.filter(pk=playbook.pk).update(sample=999)
    page = run_search("Playbook", SearchOptions(page_size=100))
    assert page.results.estimated
    found = [hit.key for hit in page.results.hits]
    assert set(found) <= exact_keys("Playbook")
    assert page.results.hits[0].key == playbook.key, "found through its title though outside the sample"
    assert page.results.ranked_among == len(found)


def test_a_small_result_stays_exact(settings, seeded):
    settings.SEARCH_BACKEND = "postgres"
    rebuild()
    page = run_search("Yinchuan", SearchOptions(page_size=100))
    assert not page.results.estimated
    assert page.results.count == len(page.results.hits)


def test_about_rounds_to_two_significant_figures():
    assert [postgres._about(n) for n in (7, 42, 1234, 78397, 99.6)] == [7, 42, 1200, 78000, 100]


def test_words_the_planner_knows_to_be_rare_are_read_exactly_without_the_sample(sampled_index, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(postgres, "LARGE_RESULT", 10**6)  # whatever the planner estimates is "rare"
    with CaptureQueriesContext(connection) as queries:
        page = run_search("Tianfu", SearchOptions(page_size=100))

    assert not page.results.estimated
    assert {hit.key for hit in page.results.hits} == exact_keys("Tianfu")
    assert not [query for query in queries if '"sample" <' in query["sql"]], "no sample read"


def test_words_the_planner_expects_in_many_records_are_sampled(sampled_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run_search("smart", SearchOptions(page_size=100))

    assert [query for query in queries if '"sample" <' in query["sql"]]


def test_a_query_that_excludes_words_is_sampled_whatever_the_planner_expects(sampled_index, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(postgres, "LARGE_RESULT", 10**6)
    with CaptureQueriesContext(connection) as queries:
        run_search("Tianfu -Nokia", SearchOptions(page_size=100))

    assert [query for query in queries if '"sample" <' in query["sql"]]
