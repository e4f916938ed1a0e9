"""Look and feel in Chromium: readable, usable by keyboard alone, on a phone, and without JavaScript."""

import re

import pytest

from agreements.models import Citation
from tests.page_audit import AUDIT, SCREENSHOTS

pytestmark = pytest.mark.browser

THREE_WAY = "Milton Keynes Council, Yinchuan and ZTE three-way agreement"
EVERY_KIND_OF_PAGE = [
    "/",
    "/agreements/",
    "/agreements/?party=zte&topic=5g",
    "/agreements/milton-keynes-yinchuan-zte-three-way-agreement/",
    "/organizations/zte/",
    "/cities/yinchuan/",
    "/people/peter-marland/",
    "/events/smart-city-infocus-2016/",
    "/initiatives/citylabs/",
    "/announcements/",
    "/announcements/milton-keynes-council-yinchuan-zte-three-way-agreement/",
    "/timeline/",
    "/network/",
    "/search/?q=smart+city",
]


def test_the_page_audit_finds_what_a_visitor_would_notice(browser):
    """The checks every browser test runs on its pages do fail on a page that deserves it."""
    tab = browser.new_page()
    tab.set_content(
        '<html><body><h1>One</h1><h1>Two</h1><p style="color:#bbb">Pale grey text</p>'
        '<mark style="background:#fff1a8;color:#1d2329">Fine on yellow</mark><input name="q"></body></html>'
    )
    problems = tab.evaluate(AUDIT)
    tab.close()
    assert any(p.startswith("contrast") and "Pale grey text" in p for p in problems)
    assert not any("Fine on yellow" in p for p in problems)
    assert 'no label: <input name="q">' in problems
    assert "2 <h1> elements" in problems and "no <main>" in problems and "no lang on <html>" in problems


def focus_ring(page):
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
    )


def tab_to(page, name, limit=80):
    """Press Tab until the focused element's text (or label) is `name`; every stop shows a focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        style, width = focus_ring(page)
        focused = page.evaluate(
            "() => (document.activeElement.innerText || document.activeElement.getAttribute('aria-label') || '').trim()"
        )
        assert style != "none" and width >= 2, f"no visible focus on {focused!r}"
        if focused == name:
            return
    raise AssertionError(f"{name!r} cannot be reached with the Tab key")


def test_a_visitor_browses_with_the_keyboard_alone(seeded_live, page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText") == "Skip to content"
    assert page.locator(".skip-link").is_visible(), "the skip link shows when it has focus"
    tab_to(page, "Agreements")
    page.keyboard.press("Enter")
    page.wait_for_url("**/agreements/")

    tab_to(page, "ZTE")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/agreements/\?party=zte$"))
    tab_to(page, THREE_WAY)
    page.keyboard.press("Enter")
    page.wait_for_url("**/milton-keynes-yinchuan-zte-three-way-agreement/")

    # A fact's sources open on focus and keep open with Enter; their link leads to the passage.
    signed = page.locator("dt:has-text('Signed') + dd")
    signed.locator("summary").focus()
    signed.locator("summary").press("Enter")
    quote = signed.locator("blockquote", has_text="The agreement was signed last month")
    assert quote.is_visible()
    tab_to(page, "Milton Keynes Council signs three-way agreement with Yinchuan and ZTE")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#passage-\d+-\d+$"))


def test_every_kind_of_page_fits_a_phone(seeded_live, page, request):
    folder = SCREENSHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 800})
    for number, url in enumerate(EVERY_KIND_OF_PAGE, start=1):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} scrolls sideways on a phone ({width} px)"
        assert page.get_by_role("heading", level=1).is_visible()
        assert page.locator("#site-search-q").is_visible(), "the header search box is there"
        page.screenshot(path=folder / f"phone-{number:02d}.png", full_page=True)


def test_passages_have_pages_that_fit_and_read_well(seeded_live, page):
    citation = Citation.objects.filter(quote__contains="signed last month").first()
    page.goto(citation.get_permalink())
    assert "The agreement was signed last month" in page.locator("main").inner_text()


def test_the_timeline_shows_dates_as_precisely_as_known_and_filters_by_city(seeded_live, page):
    page.goto("/timeline/")
    year = page.locator("section.timeline-year", has=page.get_by_role("heading", name="2017", exact=True))
    entry = year.locator("li", has_text=THREE_WAY)
    assert "September 2017" in entry.inner_text() and "Agreement signed" in entry.inner_text()
    undated = page.locator("section.timeline-year", has=page.get_by_role("heading", name="Date not stated"))
    assert "Nokia and Tianfu New Area digital city MoU" in undated.inner_text()

    page.get_by_label("City").fill("Milton Keynes")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/timeline/\?city=Milton\+Keynes"))
    assert page.get_by_role("link", name=THREE_WAY).is_visible()
    assert page.get_by_role("link", name="Nokia and Tianfu New Area digital city MoU").count() == 0
    page.get_by_role("link", name=THREE_WAY).first.click()
    page.wait_for_url("**/milton-keynes-yinchuan-zte-three-way-agreement/")


def test_core_browsing_works_without_javascript(seeded_live, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/agreements/")
    tab.get_by_role("complementary", name="Narrow the agreements").get_by_role("link", name="ZTE").click()
    tab.get_by_role("link", name=THREE_WAY).click()
    signed = tab.locator("dt:has-text('Signed') + dd")
    signed.locator("summary").click()  # <details> opens without a script
    signed.locator("li", has_text="The agreement was signed last month").get_by_role("link").first.click()
    tab.wait_for_url(re.compile(r"#passage-\d+-\d+$"))
    assert tab.locator(".passage-anchor:target + .cited").count() == 1
    tab.goto("/network/")
    assert tab.locator("svg.network-graph a.node").count() > 5, "the network is drawn on the server"
    context.close()
