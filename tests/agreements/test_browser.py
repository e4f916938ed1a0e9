"""A visitor in Chromium: search, open an agreement, follow a fact to the passage that states it."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_visitor_follows_a_fact_from_search_to_its_passage(seeded_live, page):
    page.goto("/")
    page.get_by_label("Search announcements and records").first.fill("Yinchuan agreement")
    page.get_by_label("Search announcements and records").first.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Yinchuan"))
    page.get_by_role("link", name="Milton Keynes Council, Yinchuan and ZTE three-way agreement").click()

    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Milton Keynes Council, Yinchuan and ZTE three-way agreement"
    )
    signed = page.locator("dt:has-text('Signed') + dd")
    assert "September 2017" in signed.inner_text()
    signed.locator("summary").click()
    source = signed.locator("li", has_text="The agreement was signed last month")
    assert source.locator("blockquote").is_visible()

    source.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/announcements/.+#passage-\d+-\d+$"))
    anchor = page.url.split("#")[1]
    assert page.locator(f"#{anchor}").count() == 1
    assert "The agreement was signed last month" in page.locator(".verbatim").inner_text()
    assert page.locator(".verbatim .cited.opened").count() >= 1, "the passage the link opened is marked"


def test_every_navigation_link_works_and_pages_load_only_local_assets(seeded_live, page):
    page.goto("/")
    for name in [
        "Agreements",
        "Organizations",
        "Cities",
        "People",
        "Events",
        "Initiatives",
        "Announcements",
        "Timeline",
    ]:
        page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()
        page.wait_for_load_state("load")
        assert page.get_by_role("heading", level=1).inner_text() == name
        # The stylesheet came from the site itself (whitenoise), so the header is laid out.
        assert page.locator(".site-header").evaluate("e => getComputedStyle(e).display") == "flex"


def test_the_site_works_on_a_phone_sized_screen(seeded_live, page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/agreements/nokia-tianfu-new-area-digital-city-mou/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page scrolls sideways on a phone"
    assert page.get_by_role("link", name="Nokia").first.is_visible()


def test_visitor_narrows_the_agreement_browser_and_downloads_what_they_see(seeded_live, page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Agreements").click()
    facets = page.get_by_role("complementary", name="Narrow the agreements")
    facets.get_by_role("link", name="ZTE").click()
    page.wait_for_url(re.compile(r"/agreements/\?party=zte$"))
    facets.get_by_role("link", name="5G").click()
    page.wait_for_url(re.compile(r"/agreements/\?party=zte&topic=5g$"))
    assert page.get_by_role("status").first.inner_text().startswith("1 agreement")
    assert page.get_by_role("link", name="Nokia and Tianfu New Area digital city MoU").count() == 0

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert "three-way agreement" in text and "Nokia" not in text.split("\n", 1)[1]
    for name, kind in (("JSON", "application/json"), ("Atom feed", "application/atom+xml")):
        href = page.get_by_role("link", name=name, exact=True).get_attribute("href")
        assert href.endswith("?party=zte&topic=5g"), "the download keeps the filters"
        response = page.request.get(href)
        assert response.ok and response.headers["content-type"].startswith(kind)
        assert "three-way agreement" in response.text() and "Nokia and Tianfu" not in response.text()

    page.get_by_role("link", name="Remove the Topic filter 5G").click()
    page.wait_for_url(re.compile(r"/agreements/\?party=zte$"))
    page.get_by_role("link", name="Remove the Organization filter ZTE").click()
    page.wait_for_url(re.compile(r"/agreements/\?$"))
    assert page.get_by_role("status").first.inner_text().startswith("2 agreements")
    page.get_by_role("link", name="Milton Keynes Council, Yinchuan and ZTE three-way agreement").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith("three-way agreement")


def test_a_facts_passage_shows_on_hover_and_on_keyboard_focus(seeded_live, page):
    page.goto("/agreements/milton-keynes-yinchuan-zte-three-way-agreement/")
    signed = page.locator("dt:has-text('Signed') + dd")
    quote = signed.locator("blockquote", has_text="The agreement was signed last month")
    assert not quote.is_visible()
    signed.locator("summary").hover()
    quote.wait_for(state="visible")
    page.mouse.move(0, 0)
    quote.wait_for(state="hidden")

    signed.locator("summary").focus()
    quote.wait_for(state="visible")
    # A click on a source shown by hover or focus keeps it open.
    signed.locator("summary").click()
    page.mouse.move(0, 0)
    page.keyboard.press("Tab")
    assert quote.is_visible()


def test_following_a_source_outlines_the_passage_in_the_announcement(seeded_live, page):
    page.goto("/agreements/milton-keynes-yinchuan-zte-three-way-agreement/")
    signed = page.locator("dt:has-text('Signed') + dd")
    signed.locator("summary").click()
    signed.locator("li", has_text="The agreement was signed last month").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"#passage-\d+-\d+$"))
    target = page.locator(".passage-anchor:target + .cited")
    assert "The agreement was signed last month" in target.inner_text()
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"


def test_the_network_zooms_pans_and_opens_a_record(seeded_live, page):
    page.goto("/network/")
    graph = page.locator("svg.network-graph")
    width = lambda: graph.evaluate("svg => svg.viewBox.baseVal.width")  # noqa: E731
    start = width()
    graph.hover()
    page.mouse.wheel(0, -300)
    assert width() < start, "scrolling up zooms in"
    x = graph.evaluate("svg => svg.viewBox.baseVal.x")
    box = graph.bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.down()
    page.mouse.move(box["x"] + 105, box["y"] + 5)
    page.mouse.up()
    assert graph.evaluate("svg => svg.viewBox.baseVal.x") < x, "dragging right moves the view left"
    page.goto("/network/")
    page.locator("svg.network-graph a.node-organization", has_text="ZTE").first.click()
    page.wait_for_url("**/organizations/zte/")
    assert page.get_by_role("heading", level=1).inner_text() == "ZTE"
