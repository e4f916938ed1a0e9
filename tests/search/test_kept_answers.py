"""A search asked again is answered from the cache, until the data changes or the index takes in a change."""

import pytest

from partners.models import Organization
from search import searching
from search.backends import get_backend
from search.indexing import check, flush_pending

ZEBRAS = {"q": "zebras"}


@pytest.fixture
def searches_run(monkeypatch):
    """The texts of the searches that reached the engine (the real one, counted)."""
    run = []
    search = searching._search

    def counted(text, options):
        run.append(text)
        return search(text, options)

    monkeypatch.setattr(searching, "_search", counted)
    return run


def found_forum(client, path="/search/"):
    return "/organizations/tm-forum/" in client.get(path, ZEBRAS).content.decode()


def describe_forum_with_zebras():
    forum = Organization.objects.get(slug="tm-forum")
    forum.description = "A forum of telecoms companies and zebras"
    forum.save()


def test_a_search_asked_again_is_not_run_again(indexed, client, api, searches_run):
    first = client.get("/search/", {"q": "Yinchuan"})
    again = client.get("/search/", {"q": "Yinchuan"})
    assert again.content == first.content
    assert api.get("/api/search/", {"q": "Yinchuan"}).json()["count"] > 0, "the API reads the same answer"
    assert client.get("/search/feed/", {"q": "Yinchuan"}).status_code == 200
    assert searches_run == ["Yinchuan", "Yinchuan"], "once for pages and API, once for the feed's own options"


def test_a_change_is_found_at_once(indexed, client, committed, searches_run):
    assert not found_forum(client)
    with committed():
        describe_forum_with_zebras()
    assert found_forum(client)
    assert found_forum(client, "/api/search/")


def test_an_index_update_that_waited_is_not_hidden_by_an_answer_kept_meanwhile(indexed, client):
    describe_forum_with_zebras()  # its index update stays queued: the transaction never commits here
    assert not found_forum(client), "the index does not show it yet, and that answer is kept"
    flush_pending()  # a later writer applies the queue
    assert found_forum(client)


def test_a_repaired_index_is_searched_afresh(indexed, client, committed, searches_run):
    with committed():
        describe_forum_with_zebras()
    assert found_forum(client)
    forum = Organization.objects.get(slug="tm-forum")
    with get_backend().lock(5):
        get_backend().update([], [f"organization:{forum.pk}"])  # the index loses it behind the database's back
    assert not check(fix=True).in_sync
    assert found_forum(client)
    assert searches_run == ["zebras", "zebras"], "searched again once the index was repaired"


def test_nothing_is_kept_with_the_page_cache_off(indexed, client, settings, searches_run):
    settings.PAGE_CACHE = False
    client.get("/api/search/", {"q": "Yinchuan"})
    client.get("/api/search/", {"q": "Yinchuan"})
    assert searches_run == ["Yinchuan", "Yinchuan"]
