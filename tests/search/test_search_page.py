"""The search results page: results, snippets, facets, suggestions, paging, help, and its bad input."""

import re

import pytest

from partners.models import Organization

MK_ANNOUNCEMENT = "/announcements/milton-keynes-council-yinchuan-zte-three-way-agreement/"


def result_links(response):
    return re.findall(r'<h2><a href="([^"]+)">', response.content.decode())


def test_5g_finds_the_milton_keynes_announcement(indexed, client):
    response = client.get("/search/", {"q": "5G"})
    assert response.status_code == 200
    assert MK_ANNOUNCEMENT in result_links(response)
    assert "/agreements/milton-keynes-yinchuan-zte-three-way-agreement/" in result_links(response)


def test_results_show_type_title_link_and_highlighted_escaped_snippet(indexed, client):
    page = client.get("/search/", {"q": "5G"}).content.decode()
    assert '<p class="result-type">announcement</p>' in page
    assert "<mark>5G</mark>" in page
    assert re.search(r"\d+ results? in [\d.]+ ms", page)


def test_snippet_text_is_escaped_even_around_matches(indexed, client, committed):
    with committed():
        forum = Organization.objects.get(slug="tm-forum")
        forum.description = "<script>alert('xss')</script> forum of telecoms <b>companies</b>"
        forum.save()
    page = client.get("/search/", {"q": "telecoms"}).content.decode()
    assert "<script>alert" not in page and "<b>companies" not in page
    assert "alert(&#x27;xss&#x27;)&lt;/script&gt; forum of <mark>telecoms</mark> &lt;b&gt;companies" in page


def test_facets_count_and_narrow_the_results(indexed, client):
    page = client.get("/search/", {"q": "Yinchuan"}).content.decode()
    assert 'aria-label="Narrow the results"' in page
    narrowed_link = re.search(
        r'href="\?(q=Yinchuan&amp;type=agreement)">agreement</a> <span class="facet-count">(\d+)', page
    )
    assert narrowed_link, "a type facet for agreements"
    narrowed = client.get("/search/?" + narrowed_link.group(1).replace("&amp;", "&"))
    assert result_links(narrowed) == ["/agreements/milton-keynes-yinchuan-zte-three-way-agreement/"]
    assert "Remove the Type filter agreement" in narrowed.content.decode()


def test_did_you_mean_offers_the_index_spelling(indexed, client):
    page = client.get("/search/", {"q": "Yinchaun"}).content.decode()
    assert "Did you mean" in page
    assert ">Yinchuan</a>?" in page


def test_results_are_paginated(indexed, client):
    first = client.get("/search/", {"q": "smart"})
    assert "Page 1 of" in first.content.decode()
    second = client.get("/search/", {"q": "smart", "page": 2})
    assert second.status_code == 200
    assert set(result_links(first)).isdisjoint(result_links(second))


def test_sort_by_date_puts_the_newest_first(indexed, client):
    links = result_links(client.get("/search/", {"q": "agreement", "sort": "date"}))
    assert links.index("/agreements/milton-keynes-yinchuan-zte-three-way-agreement/") < links.index(
        "/agreements/nokia-tianfu-new-area-digital-city-mou/"
    )


def test_the_page_explains_the_query_syntax(indexed, client):
    page = client.get("/search/").content.decode()
    assert "How to search" in page
    for example in ['"smart city"', "Nokia OR ZTE", "-Nokia", "smart*", "Yinchaun~", "city:Yinchuan"]:
        assert example.replace('"', "&quot;") in page or example in page


def test_the_feed_link_keeps_the_search(indexed, client):
    page = client.get("/search/", {"q": "ZTE 5G"}).content.decode()
    assert 'href="/search/feed/?q=ZTE+5G"' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unbalanced', "A quotation mark was never closed"),
        ("((Nokia", "A “(” was never closed"),
        ("NOT OR x", "the lone “NOT” was ignored"),
        ("a:[1 TO", "There is no field “a:”"),
        ("year:soon", "“year:” takes a year"),
        ("city:Atlantis", "No city is called “Atlantis”"),
        ("sm*", "at least 3 letters"),
        ("😀😀", "nothing to search for"),
        ("x" * 10_000, "at most 500 characters"),
    ],
)
def test_bad_queries_get_a_message_and_200(indexed, client, query, message):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize("params", [{"page": "0"}, {"page": "x"}, {"type": "planet"}, {"city": "<b>"}, {"year": "20x"}])
def test_bad_parameters_get_a_message_and_200(indexed, client, params):
    response = client.get("/search/", {"q": "ZTE", **params})
    assert response.status_code == 200
    assert "Some of the search could not be used" in response.content.decode()


def test_facet_labels_are_read_once_per_change_of_the_data(indexed, client, committed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.models import City

    assert ">Yinchuan</a>" in client.get("/search/", {"q": "Yinchuan"}).content.decode()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/search/", {"q": "Yinchuan agreement"}).content.decode()
    assert ">Yinchuan</a>" in page
    assert not [query for query in queries if "partners_city" in query["sql"]], "the city names are kept"

    with committed():
        city = City.objects.get(slug="yinchuan")
        city.name = "Yinchuan City"
        city.save()
    assert ">Yinchuan City</a>" in client.get("/search/", {"q": "Yinchuan"}).content.decode()


def test_with_the_page_cache_off_a_search_reads_the_data_version_once(indexed, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.backends.base import SearchOptions
    from search.searching import run_search

    settings.PAGE_CACHE = False
    with CaptureQueriesContext(connection) as queries:
        page = run_search("Yinchuan", SearchOptions())

    assert page.facets["city"], "the facets are labelled"
    assert len([query for query in queries if "core_dataversion" in query["sql"]]) == 1
