"""The announcement reader links every mention of a known record to its page."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from agreements.mentions import Known, find_mentions
from agreements.models import Announcement, AnnouncementMention
from partners.models import City, Organization

MK_ANNOUNCEMENT = "/announcements/milton-keynes-council-yinchuan-zte-three-way-agreement/"
NAMES = {
    "zte": Known("organization", 1, "ZTE", "/organizations/zte/"),
    "milton keynes": Known("city", 2, "Milton Keynes", "/cities/milton-keynes/"),
    "milton keynes council": Known("organization", 3, "Milton Keynes Council", "/organizations/milton-keynes-council/"),
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


def regex_mentions(text, names):
    """What the matcher must find, said as one regular expression: any case, longest name first, whole words."""
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end(), names[m.group().casefold()].name) for m in pattern.finditer(text)]


WORDS = ["ZTE", "zte", "ZTEs", "_", "Milton", "Keynes", "Council", "milton keynes", "é", "R&D", "Ørsted", ",", ".", "-"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.lists(st.sampled_from([" ", "", "  ", "\n"]), max_size=30))
def test_the_word_by_word_matcher_finds_what_the_regular_expression_finds(words, gaps):
    names = dict(NAMES)
    names["r&d"] = Known("organization", 4, "R&D", "/organizations/r-d/")
    names["ørsted"] = Known("organization", 5, "Ørsted", "/organizations/orsted/")
    text = "".join(word + (gaps[n] if n < len(gaps) else " ") for n, word in enumerate(words))
    found = [(m.start, m.end, m.name) for m in find_mentions(text, names)]
    assert found == regex_mentions(text, names)


def mentioned(record):
    return set(Announcement.objects.mentioning(record).values_list("slug", flat=True))


def test_the_mention_index_follows_new_records_renames_aliases_and_deletions(seeded):
    mk = "milton-keynes-council-yinchuan-zte-three-way-agreement"
    zte = Organization.objects.get(slug="zte")
    assert mk in mentioned(zte)

    # A new record is found in the texts that already name it, as a whole word in any case.
    newcomer = Organization.objects.create(name="chinese telecommunications giant", slug="giant")
    assert mk in mentioned(newcomer)
    assert Organization.objects.create(name="Telecom", slug="telecom") and mk not in mentioned(
        Organization.objects.get(slug="telecom")
    ), "never inside a longer word (telecommunications)"
    # A longer new name takes its words from a shorter one, as the reader links them.
    council = Organization.objects.get(slug="milton-keynes-council")
    city = City.objects.get(slug="milton-keynes")
    before = AnnouncementMention.objects.filter(kind="city", record_id=city.pk).count()
    assert before and mk in mentioned(council)

    zte.aliases.all().delete()  # "ZTE Corporation"
    zte.name = "Zhongxing Telecommunication Equipment"
    zte.save()
    assert mk not in mentioned(zte), "no text names it any more"
    zte.aliases.create(name="ZTE")
    assert mk in mentioned(zte), "an alias the text uses brings it back"

    newcomer_pk = newcomer.pk
    newcomer.delete()
    assert not AnnouncementMention.objects.filter(kind="organization", record_id=newcomer_pk).exists()


def test_editing_an_announcement_rewrites_its_mentions(seeded):
    announcement = Announcement.objects.get(slug="milton-keynes-council-yinchuan-zte-three-way-agreement")
    zte = Organization.objects.get(slug="zte")
    announcement.body = "Nothing about anyone."
    announcement.save()
    assert announcement.slug not in mentioned(zte)
    announcement.body = "ZTE signed."
    announcement.save()
    assert announcement.slug in mentioned(zte)


def test_a_record_page_lists_the_announcements_that_mention_it(seeded, visitor):
    page = visitor.get("/organizations/zte/").content.decode()
    assert "Announcements that mention it" in page
    assert 'href="/announcements/milton-keynes-council-yinchuan-zte-three-way-agreement/"' in page


def test_rewriting_the_mention_index_makes_no_new_data_version(seeded):
    from agreements.mentions import index_all_mentions
    from citykb.core.models import DataVersion

    token = DataVersion.objects.get().token
    index_all_mentions()
    assert DataVersion.objects.get().token == token, "the index follows records; it is not one itself"


def test_the_migration_fills_the_mention_index_of_announcements_stored_before_it(seeded):
    from importlib import import_module

    from django.apps import apps

    before = set(AnnouncementMention.objects.values_list("announcement_id", "kind", "record_id"))
    AnnouncementMention.objects.all().delete()
    import_module("agreements.migrations.0005_fill_announcement_mentions").fill(apps, None)
    assert set(AnnouncementMention.objects.values_list("announcement_id", "kind", "record_id")) == before
    assert before


def test_a_name_joined_to_a_word_by_an_underscore_is_not_a_mention():
    # "ZTE_Labs" is one identifier-like word (a handle, a file name), not the company named beside it.
    assert find_mentions("See ZTE_Labs and Labs_ZTE online.", NAMES) == []
    assert [m.name for m in find_mentions("See ZTE_Labs or ZTE.", NAMES)] == ["ZTE"]


def test_a_matcher_of_a_single_name_finds_it():
    only_zte = {"zte": NAMES["zte"]}
    assert [(m.start, m.end) for m in find_mentions("Talks with ZTE went well.", only_zte)] == [(11, 14)]
    assert find_mentions("Talks went well.", {}) == []


def test_a_blank_spelling_names_nothing_among_spaces():
    with_blank = {" ": NAMES["zte"], "zte": NAMES["zte"]}
    assert [m.name for m in find_mentions("Talks   with ZTE went well.", with_blank)] == ["ZTE"]
