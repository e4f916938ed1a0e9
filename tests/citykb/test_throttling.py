"""Anonymous API clients are throttled, and the count is shared by every worker process."""

import base64

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


@pytest.fixture
def five_a_minute(monkeypatch):
    monkeypatch.setattr(SharedAnonRateThrottle, "THROTTLE_RATES", {"anon": "5/minute"})
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


def test_a_made_up_forwarded_address_does_not_make_a_new_client(seeded, api, five_a_minute):
    """Without API_NUM_PROXIES nothing stands in front of the app: X-Forwarded-For is the client's own word."""
    answers = [
        api.get("/api/organizations/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(20)
    ]
    assert answers == [200] * 5 + [429] * 15


def test_behind_a_proxy_each_client_is_counted_by_the_address_the_proxy_saw(seeded, api, five_a_minute, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # nginx appends the address it saw to whatever the client sent: only that last one is trusted.
    spoofed = [
        api.get(
            "/api/organizations/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5"
        ).status_code
        for n in range(6)
    ]
    assert spoofed == [200] * 5 + [429]
    another = api.get("/api/organizations/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert another.status_code == 200, "another client behind the same proxy has its own count"


def test_a_bogus_basic_authorization_header_is_an_anonymous_client_and_throttled(seeded, api, five_a_minute):
    """The API is public and read-only: no password is checked (a hash each) and no header escapes the rate."""
    bogus = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"admin:guess").decode()}
    answers = [api.get("/api/organizations/", **bogus).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]
