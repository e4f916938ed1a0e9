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


# Every label and dot of a drawing as the browser lays it out, in the page's pixels. A label counts as shown
# when it is visible; the others appear on hover or focus of their record.
DRAWING = """svg => {
  const shown = (element) => {
    const style = getComputedStyle(element);
    return style.visibility !== "hidden" && style.display !== "none";
  };
  const rect = (element) => {
    const r = element.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height};
  };
  return {
    svg: rect(svg),
    nodes: [...svg.querySelectorAll("a.node")].map((node) => ({
      name: node.querySelector("title").textContent,
      dot: rect(node.querySelector("circle")),
      label: [...node.querySelectorAll("text")].filter(shown).map(rect)[0] || null,
    })),
  };
}"""


def overlap(a, b, slack=0.5):
    """Whether two boxes cover some of the same pixels (touching is not overlapping)."""
    return (
        a["x"] + a["width"] > b["x"] + slack
        and b["x"] + b["width"] > a["x"] + slack
        and a["y"] + a["height"] > b["y"] + slack
        and b["y"] + b["height"] > a["y"] + slack
    )


def assert_readable(page, path):
    page.goto(path)
    drawing = page.locator("svg.network-graph").evaluate(DRAWING)
    nodes, svg = drawing["nodes"], drawing["svg"]
    labelled = [node for node in nodes if node["label"]]
    assert len(labelled) >= min(len(nodes), 8), "the most connected records are named without hovering"
    for node in labelled:
        for other in nodes:
            if other is node:
                continue
            assert not overlap(node["label"], other["dot"]), f"{node['name']}'s name covers {other['name']}"
            if other["label"]:
                assert not overlap(node["label"], other["label"]), f"{node['name']} and {other['name']} overlap"
        assert inside(node["label"], svg), f"{node['name']}'s name is cut off by the edge"
    for node in nodes:
        assert inside(node["dot"], svg)
    left = min(node["dot"]["x"] for node in nodes)
    right = max(node["dot"]["x"] + node["dot"]["width"] for node in nodes)
    top = min(node["dot"]["y"] for node in nodes)
    bottom = max(node["dot"]["y"] + node["dot"]["height"] for node in nodes)
    assert right - left >= 0.7 * svg["width"] or bottom - top >= 0.7 * svg["height"], "the drawing fills its box"
    return nodes


def test_the_network_names_records_without_covering_any_and_fills_its_box(seeded_live, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    nodes = assert_readable(page, "/network/")
    unnamed = [node["name"] for node in nodes if not node["label"]]
    if unnamed:
        record = page.locator("svg.network-graph a.node", has=page.locator("title", has_text=unnamed[0])).first
        record.focus()
        assert record.locator("text").is_visible(), "a record's name shows when it has the focus"


@pytest.mark.parametrize(
    "path",
    [
        "/cities/yinchuan/",
        "/organizations/zte/",
        "/people/peter-marland/",
        "/agreements/nokia-tianfu-new-area-digital-city-mou/",
    ],
)
def test_a_records_connections_name_records_without_covering_any_and_fill_their_box(seeded_live, page, path):
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_readable(page, path)
