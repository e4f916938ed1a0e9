"""The announcement reader links every mention of a known record to its page."""

from agreements.mentions import find_mentions
from agreements.models import Announcement

MK_ANNOUNCEMENT = "/announcements/milton-keynes-council-yinchuan-zte-three-way-agreement/"
NAMES = {
    "zte": ("organization", "ZTE", "/organizations/zte/"),
    "milton keynes": ("city", "Milton Keynes", "/cities/milton-keynes/"),
    "milton keynes council": ("organization", "Milton Keynes Council", "/organizations/milton-keynes-council/"),
}


def test_the_longest_name_wins_in_any_case_and_never_inside_a_longer_word():
    text = "ZTEs met Milton Keynes Council in milton keynes; ZTE signed."
    found = [(text[m.start : m.end], m.name) for m in find_mentions(text, NAMES)]
    assert found == [
        ("Milton Keynes Council", "Milton Keynes Council"),
        ("milton keynes", "Milton Keynes"),
        ("ZTE", "ZTE"),
    ]


def test_the_reader_links_mentions_and_keeps_cited_passages_marked(seeded, visitor):
    response = visitor.get(MK_ANNOUNCEMENT)
    page = response.content.decode()
    assert (
        '<a class="mention" href="/organizations/milton-keynes-council/" title="Organization: Milton Keynes Council">'
        in page
    )
    assert '<a class="mention" href="/people/peter-marland/"' in page
    assert 'href="/initiatives/mk-smart/"' in page
    # Cutting at mentions does not lose or change a character of the verbatim text.
    body = Announcement.objects.get(slug="milton-keynes-council-yinchuan-zte-three-way-agreement").body
    assert "".join(segment["text"] for segment in response.context["segments"]) == body
    cited_mentions = [s for s in response.context["segments"] if s["cited"] and s["mention"]]
    assert cited_mentions, "a mention inside a cited passage is both marked and linked"
    assert response.context["mention_count"] >= 20


def test_a_name_with_markup_is_escaped_where_it_is_linked(seeded, visitor):
    from partners.models import Organization

    Organization.objects.filter(slug="zte").update(name="ZTE <b>Corp</b>")
    Organization.objects.get(slug="zte").aliases.create(name="ZTE")
    page = visitor.get(MK_ANNOUNCEMENT).content.decode()
    assert "Organization: ZTE &lt;b&gt;Corp&lt;/b&gt;" in page
    assert "<b>Corp</b>" not in page
