"""Cached pages cannot be multiplied by a client: parameters a page does not read lead to its address without
them (links and cache keys never carry them), and an address past a length bound is answered uncached."""

import pytest
from django.core.cache import cache

from citykb.core.caching import MAX_CACHED_QUERY

JUNK = "x" * 3800


@pytest.fixture
def indexed(seeded):
    from search.indexing import rebuild

    rebuild()


def cached_pages():
    return sum(1 for key in cache._cache if ":page:" in key)


def test_an_unknown_parameter_on_the_search_page_leads_to_the_address_without_it(indexed, visitor):
    response = visitor.get("/search/", {"q": "city", "type": "agreement", "junk": JUNK})
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=city&type=agreement"
    page = visitor.get(response["Location"]).content.decode()
    assert "junk" not in page and JUNK not in page


def test_many_unknown_parameters_add_no_cached_page(indexed, visitor):
    visitor.get("/search/", {"q": "city"})
    before = cached_pages()
    for n in range(20):
        visitor.get("/search/", {"q": "city", f"junk{n}": JUNK})
    assert cached_pages() == before


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("/agreements/?party=zte&utm_source=x&page=1", "/agreements/?party=zte&page=1"),
        ("/agreements/?more=party&junk=1", "/agreements/?more=party"),
        ("/timeline/?city=yinchuan&junk=1", "/timeline/?city=yinchuan"),
        ("/organizations/?page=2&junk=1", "/organizations/?page=2"),
        ("/cities/yinchuan/?junk=1", "/cities/yinchuan/"),
        ("/?junk=1", "/"),
    ],
)
def test_every_cached_page_keeps_only_the_parameters_it_reads(seeded, visitor, asked, canonical):
    response = visitor.get(asked)
    assert response.status_code == 301
    assert response["Location"] == canonical


def test_known_parameters_are_kept_as_they_were(indexed, visitor):
    response = visitor.get("/search/?q=city&type=agreement&type=city&page=1")
    assert response.status_code == 200


def test_an_address_longer_than_the_bound_is_answered_but_not_cached(indexed, visitor):
    before = cached_pages()
    response = visitor.get("/search/", {"q": "city", "page": ["1"] * (MAX_CACHED_QUERY // 6)})
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert cached_pages() == before
