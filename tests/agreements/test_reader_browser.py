"""Reading an announcement in Chromium: only the passage a link opened is marked; every cited passage on request."""

import pytest

from agreements.models import Citation

pytestmark = pytest.mark.browser

# The text a reader sees highlighted: the cited pieces whose background is painted.
MARKED_TEXT = """() => [...document.querySelectorAll('.verbatim *')]
    .filter(e => getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)' && !e.parentElement.closest('.verbatim *'))
    .map(e => e.textContent).join('')"""


def three_way_citation():
    return Citation.objects.filter(quote__contains="signed last month").select_related("announcement").first()


def test_only_the_opened_passage_is_marked_until_citations_are_shown(seeded_live, page):
    citation = three_way_citation()
    announcement = citation.announcement
    assert announcement.citations.count() > 5, "the announcement has many cited passages"

    page.goto(announcement.get_absolute_url())
    assert page.evaluate(MARKED_TEXT) == "", "nothing is marked when no passage was opened"

    page.goto(citation.get_absolute_url())  # …/#passage-<start>-<end>, as a fact's source links to it
    page.wait_for_function("() => location.hash.startsWith('#passage-')")
    assert page.evaluate(MARKED_TEXT) == announcement.body[citation.start : citation.end]
    assert page.locator(f"#passage-{citation.start}-{citation.end}").count() == 1

    toggle = page.get_by_label("Mark every cited passage")
    toggle.check()
    marked = page.evaluate(MARKED_TEXT)
    assert len(marked) > 3 * (citation.end - citation.start), "every cited passage is marked on request"
    toggle.uncheck()
    assert page.evaluate(MARKED_TEXT) == announcement.body[citation.start : citation.end]


def test_the_passage_permalink_still_leads_to_the_marked_passage(seeded_live, page):
    citation = three_way_citation()
    page.goto(citation.get_permalink())
    page.get_by_role("link", name="Read it in the announcement").click()
    page.wait_for_url(f"**{citation.get_absolute_url()}")
    assert page.evaluate(MARKED_TEXT) == citation.announcement.body[citation.start : citation.end]
