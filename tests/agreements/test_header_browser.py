"""The header at a laptop's width, and the home page's one search box, in Chromium."""

import pytest

pytestmark = pytest.mark.browser


def test_the_header_search_box_sits_on_the_row_of_the_navigation_at_1280_pixels(seeded_live, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    for url in ("/", "/agreements/", "/search/?q=ZTE"):
        page.goto(url)
        nav = page.get_by_role("navigation", name="Main").bounding_box()
        search = page.locator("header #site-search-q").bounding_box()
        assert search["y"] < nav["y"] + nav["height"] and nav["y"] < search["y"] + search["height"], (
            f"on {url} the search box is on a row of its own"
        )
        assert page.locator(".site-header").bounding_box()["height"] < 80, f"the header of {url} is one row"
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_the_home_page_has_one_search_box(seeded_live, page):
    page.goto("/")
    assert page.get_by_role("searchbox").count() == 1
    assert page.get_by_role("search").count() == 1
