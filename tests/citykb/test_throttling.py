"""Anonymous API clients are throttled, and the count is shared by every worker process."""

import pytest
from django.core.cache import CacheHandler, caches

from citykb.throttling import SharedAnonRateThrottle


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(SharedAnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


def test_an_anonymous_client_over_its_rate_is_told_to_wait(seeded, api, three_a_minute):
    assert [api.get("/api/organizations/").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/api/agreements/")
    assert refused.status_code == 429
    assert "throttled" in refused.json()["detail"] and int(refused["Retry-After"]) > 0
    assert api.get("/organizations/").status_code == 200, "pages are not throttled"


def test_the_count_is_kept_where_every_worker_process_sees_it(seeded, api, three_a_minute, monkeypatch):
    for _ in range(3):
        api.get("/api/organizations/")
    # Another worker: caches of its own, nothing of this process's memory; only the shared table.
    other_worker = CacheHandler()
    monkeypatch.setattr(SharedAnonRateThrottle, "cache", other_worker["throttle"])
    assert api.get("/api/organizations/").status_code == 429
    assert other_worker["throttle"].__class__.__name__ == "DatabaseCache"


def test_signed_in_editors_are_not_throttled(seeded, api, three_a_minute, django_user_model):
    api.force_authenticate(django_user_model.objects.create_user("edith", password="a-long-password"))
    assert {api.get("/api/organizations/").status_code for _ in range(5)} == {200}
