"""Layouts in Chromium that a visitor would notice broken: a form's errors, the network drawing."""

import pytest

from tests.page_audit import SCREENSHOTS, audit_visited_pages

pytestmark = pytest.mark.browser


@pytest.fixture
def tab_for_refused_pages(browser, live_server, request):
    """A tab for pages answered with 400 (a filter that cannot be used), which Chromium reports on its console:
    the page fixture's audit, every other script error still failing the test."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield tab
    problems = audit_visited_pages(tab, tab.visited, SCREENSHOTS / request.node.name)
    context.close()
    assert [error for error in errors if "status of 400" not in error] == []
    assert problems == {}, "pages a visitor would find hard to read or use"


def box(locator):
    found = locator.bounding_box()
    assert found, "the element is not laid out"
    return found


def inside(inner, outer):
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def test_a_bad_filter_value_shows_its_error_in_its_fields_box_and_the_results_in_their_place(
    seeded_live, tab_for_refused_pages
):
    page = tab_for_refused_pages
    page.visited = ["/agreements/?party=huawei", "/timeline/?city=atlantis"]
    page.goto("/agreements/?party=huawei")
    field = page.locator(".filters .field", has=page.get_by_label("Organization taking part"))
    error = field.get_by_text("Nothing is called “huawei”")
    assert error.is_visible()
    assert inside(box(error), box(field)), "the message sits in the field's own box"
    # The message's box is beneath the field's text box, not a slot of the form of its own.
    assert box(error)["y"] >= box(page.get_by_label("Organization taking part"))["y"]
    summary = page.get_by_role("alert")
    assert "Organization taking part" in summary.inner_text()
    assert not inside(box(summary), box(page.locator("form.filters")))

    empty = page.get_by_text("No agreements match these filters.")
    layout = box(page.locator(".search-layout"))
    assert box(empty)["width"] > layout["width"] / 2, "the results area keeps its width, not the sidebar's"

    page.goto("/agreements/?party=zte")
    assert (
        box(page.locator(".results"))["x"] > box(page.locator(".facets"))["x"] + box(page.locator(".facets"))["width"]
    )
