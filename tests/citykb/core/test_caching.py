"""Pages, API answers and worked-out tables are cached until the data changes, and never outlive it."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from citykb.core.models import DataVersion
from partners.models import Organization
from tests.agreements.test_query_counts import PER_API_REQUEST
from tests.caches import unreachable_redis

MOU = "/agreements/nokia-tianfu-new-area-digital-city-mou/"


def test_a_page_asked_for_again_comes_from_the_cache_with_one_query(seeded, visitor):
    first = visitor.get("/agreements/")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        again = visitor.get("/agreements/")
    assert again["X-Page-Cache"] == "hit"
    assert len(queries) == 1, "only the data version is read"
    assert again.content == first.content


@pytest.mark.parametrize("url", ["/agreements/", MOU, "/organizations/nokia/", "/network/", "/agreements/?more=party"])
def test_any_change_to_a_record_shows_at_once(seeded, visitor, url):
    visitor.get(url)
    nokia = Organization.objects.get(slug="nokia")
    nokia.name = "Nokia Networks <i>renamed</i>"
    nokia.save()
    page = visitor.get(url)
    assert page["X-Page-Cache"] == "miss"
    assert "Nokia Networks &lt;i&gt;renamed&lt;/i&gt;" in page.content.decode()


def test_a_change_to_links_alone_shows_at_once(seeded, visitor):
    mou = Agreement.objects.get(slug="nokia-tianfu-new-area-digital-city-mou")
    assert "Street lighting" not in visitor.get(MOU).content.decode()
    mou.topics.create(name="Street lighting", slug="street-lighting")
    assert "Street lighting" in visitor.get(MOU).content.decode()


def test_the_timeline_follows_a_new_title(seeded, visitor):
    visitor.get("/timeline/")
    mou = Agreement.objects.get(slug="nokia-tianfu-new-area-digital-city-mou")
    mou.title = "Nokia and Tianfu: the renamed MoU"
    mou.save()
    assert "Nokia and Tianfu: the renamed MoU" in visitor.get("/timeline/").content.decode()


def test_a_rolled_back_change_leaves_the_pages_of_the_data_that_stayed(seeded, visitor):
    before = visitor.get(MOU).content
    token = DataVersion.objects.get().token
    with transaction.atomic():
        Agreement.objects.filter(slug="nokia-tianfu-new-area-digital-city-mou").get().delete()
        assert visitor.get(MOU).status_code == 404
        transaction.set_rollback(True)
    assert DataVersion.objects.get().token == token
    again = visitor.get(MOU)
    assert again.status_code == 200 and again.content == before


def test_signed_in_visitors_always_get_a_page_made_for_them(seeded, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor", password="a-long-password"))
    client.get("/agreements/")
    assert "X-Page-Cache" not in client.get("/agreements/")


def test_the_page_cache_can_be_turned_off(seeded, visitor, settings):
    settings.PAGE_CACHE = False
    visitor.get("/agreements/")
    assert "X-Page-Cache" not in visitor.get("/agreements/")


def test_a_very_large_page_is_made_anew_rather_than_filling_the_cache(seeded, visitor, monkeypatch):
    from citykb.core import caching

    monkeypatch.setattr(caching, "PAGE_MAX_BYTES", 1000)
    visitor.get("/agreements/")
    again = visitor.get("/agreements/")
    assert again.status_code == 200 and "X-Page-Cache" not in again, "neither kept nor served from the cache"


@pytest.mark.parametrize("url", ["/api/organizations/nokia/", "/api/agreements/?party=nokia", "/api/cities/"])
def test_an_api_answer_asked_again_comes_from_the_cache(seeded, api, url):
    first = api.get(url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        again = api.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert again.json() == first.json()
    assert len(queries) == PER_API_REQUEST, "only the throttle count and the data version"


def test_an_api_answer_follows_any_change_at_once(seeded, api):
    api.get("/api/organizations/nokia/")
    nokia = Organization.objects.get(slug="nokia")
    nokia.name = "Nokia Networks"
    nokia.save()
    again = api.get("/api/organizations/nokia/")
    assert again["X-Page-Cache"] == "miss" and again.json()["name"] == "Nokia Networks"


def test_the_browsable_api_is_rendered_from_a_cached_answer(seeded, client):
    client.get("/api/organizations/nokia/", HTTP_ACCEPT="text/html")
    page = client.get("/api/organizations/nokia/", HTTP_ACCEPT="text/html")
    assert page["X-Page-Cache"] == "hit"
    assert page["Content-Type"].startswith("text/html") and "Nokia" in page.content.decode()


def test_cached_api_answers_are_still_throttled(seeded, api, monkeypatch):
    from django.core.cache import caches

    from citykb.throttling import SharedAnonRateThrottle

    monkeypatch.setattr(SharedAnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    caches["throttle"].clear()
    answers = [api.get("/api/organizations/nokia/") for _ in range(4)]
    caches["throttle"].clear()
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]


def test_a_missing_or_merged_record_is_never_kept(seeded, api):
    assert api.get("/api/organizations/no-such-organization/").status_code == 404
    assert "X-Page-Cache" not in api.get("/api/organizations/no-such-organization/")


def test_many_calls_of_one_memoized_function_do_not_push_out_another(db, monkeypatch):
    """Each memoized function has its own memo: a thousand calls of one leave the facet table in place."""
    from citykb.core import caching

    monkeypatch.setattr(caching, "MEMO_SIZE", 2)
    made = []

    @caching.memoize
    def table():
        made.append("table")
        return "table"

    @caching.memoize
    def per_record(pk):
        return pk

    table()
    for pk in range(10):
        per_record(pk)
    table()
    assert made == ["table"]


def test_a_memoized_table_is_made_once_per_data_version(seeded, django_assert_num_queries):
    from agreements import facets
    from citykb.core import caching

    made = facets._facet_table()
    with django_assert_num_queries(1):  # the data version's token
        assert facets._facet_table() is made
    caching.new_data_version()
    assert facets._facet_table() is not made


def test_a_change_makes_the_facet_table_anew(seeded, visitor):
    from citykb.core import caching

    visitor.get("/agreements/")
    Organization.objects.filter(slug="zte").update(name="ZTE Corporation")
    caching.new_data_version()  # an update() sends no signal
    facets = {facet.name: facet for facet in visitor.get("/agreements/").context["facets"]}
    assert "ZTE Corporation" in [option.label for option in facets["party"].options]


def test_with_the_cache_down_pages_are_made_for_each_visitor(seeded, visitor, settings):
    settings.CACHES = {name: unreachable_redis() for name in settings.CACHES}
    assert visitor.get("/agreements/").status_code == 200
    again = visitor.get("/agreements/")
    assert again.status_code == 200 and again["X-Page-Cache"] == "miss"
