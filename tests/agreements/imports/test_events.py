"""New events the linker reads from a press release: their names, where and when they are held."""

from agreements.imports.linking import suggestions_for
from agreements.models import Announcement, ImportReport, Suggestion
from citykb.core.dates import FuzzyDate


def events_in(text, published="2023-05-10"):
    announcement = Announcement(title="Events", slug="events", body=text)
    announcement.published = FuzzyDate.parse(published)
    found = suggestions_for(announcement, ImportReport())
    return {s.label: s.details for s in found if s.kind == Suggestion.Kind.NEW_EVENT}


def test_an_event_is_named_once_with_the_city_and_date_its_sentences_give(db):
    text = (
        "Ports meet in Rijeka\n\n"
        "The Adriatic Smart Port Summit 2023 opens in Rijeka on 12 June. "
        "Last year's Adriatic Smart Port Summit 2022 took place in Split, and the annual conference of the port "
        "authorities follows in the autumn. The Adriatic Smart Port Summit 2023 expects 300 delegates."
    )
    events = events_in(text)
    assert set(events) == {"Adriatic Smart Port Summit 2023", "Adriatic Smart Port Summit 2022"}
    assert events["Adriatic Smart Port Summit 2023"]["city"] == "Rijeka"
    assert events["Adriatic Smart Port Summit 2023"]["held"]["value"] == "2023-06-12"
    assert events["Adriatic Smart Port Summit 2022"]["held"]["value"] == "2022", "the year in its name"


def test_a_known_name_inside_an_event_name_does_not_hide_the_event_but_a_known_event_is_no_new_one(seeded):
    text = "Delegates gathered at the Yinchuan Harvest Data Expo this week. Smart City InFocus 2016 was busy too."
    events = events_in(text)
    assert "Yinchuan Harvest Data Expo" in events
    assert not [name for name in events if "InFocus" in name], "a known event is a mention, not a new event"
