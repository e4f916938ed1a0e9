"""The facts the linker reads from a press release: dates, agreements with their details, money amounts."""

from agreements.imports.linking import suggestions_for
from agreements.models import Announcement, ImportReport, Suggestion
from citykb.core.dates import FuzzyDate


def suggest(text, published=None):
    announcement = Announcement(title="A release", slug="a-release", body=text)
    announcement.published = published or FuzzyDate.unknown()
    return suggestions_for(announcement, ImportReport())


def of_kind(suggestions, kind):
    return [s for s in suggestions if s.kind == kind]


def dates_of(suggestions):
    return {s.passage: s.details for s in of_kind(suggestions, Suggestion.Kind.DATE)}


def test_relative_dates_are_read_against_the_dateline_and_keep_their_precision(db):
    text = (
        "Harbour sensors for Bergen\n\n"
        "BERGEN, Norway, 10 April 2024 — The port authority ordered the sensors last month. "
        "The first buoys go in next autumn, and the work runs over the next two years. "
        "The port opened its control room on Monday and plans a review later this year."
    )
    dates = dates_of(suggest(text))
    assert dates["10 April 2024"] == {"value": "2024-04-10", "of": "publication", "inferred": False}
    assert dates["last month"]["value"] == "2024-03", "a month stays a month"
    assert dates["next autumn"]["value"] == "2024-09/2024-11"
    assert dates["on Monday"]["value"] == "2024-04-08", "the Monday before publication"
    assert dates["later this year"]["value"] == "2024"
    assert not any("two years" in passage for passage in dates), "a duration is no date"


def test_a_day_and_month_take_the_year_of_publication_and_say_it_was_inferred(db):
    text = "The festival committee met on 9 July. It was founded in 2011 and will meet again from 3 to 5 September."
    dates = dates_of(suggest(text, FuzzyDate.of(2022, 7, 20)))
    assert dates["9 July"] == {"value": "2022-07-09", "of": "event", "inferred": True}
    assert dates["in 2011"] == {"value": "2011", "of": "other", "inferred": False}
    assert dates["3 to 5 September"]["value"] == "2022-09-03/2022-09-05"


def test_relative_dates_are_skipped_when_nothing_says_when_the_text_was_published(db):
    dates = dates_of(suggest("The council agreed the plan yesterday and will vote next month. It began in 2019."))
    assert dates == {"in 2019": {"value": "2019", "of": "other", "inferred": False}}


def test_an_agreement_mentioned_twice_is_proposed_once_with_its_signing_date_place_and_scope(seeded):
    text = (
        "Chengdu signs with Qorvane\n\n"
        "Qorvane Technologies and Yinchuan have signed a memorandum of understanding on water sensors. "
        "Qorvane Technologies and Yinchuan signed the memorandum on Tuesday in Chengdu. "
        "The memorandum covers leak detection, flood warning and the training of municipal engineers, "
        "and runs for three years."
    )
    agreements = of_kind(suggest(text, FuzzyDate.of(2023, 6, 15)), Suggestion.Kind.AGREEMENT)
    assert len(agreements) == 1
    agreement = agreements[0]
    assert [party["name"] for party in agreement.candidates] == ["Yinchuan", "Qorvane Technologies"]
    details = agreement.details
    assert details["agreement_kind"] == "mou"
    assert details["signed"]["value"] == "2023-06-13"
    assert text[details["signed"]["start"] : details["signed"]["end"]] == "on Tuesday"
    assert details["place"]["name"] == "Chengdu" and details["place"]["kind"] == "city"
    assert [item["description"] for item in details["scope"]] == [
        "leak detection",
        "flood warning",
        "training of municipal engineers",
    ]
    assert all(text[item["start"] : item["end"]] == item["description"] for item in details["scope"])


def test_an_agreement_signed_by_video_link_has_no_place_and_an_earlier_one_is_proposed_too(seeded):
    text = (
        "Yinchuan and Chengdu signed a partnership agreement by video link on 2 May 2021. "
        "The two cities first signed a friendship agreement in 2012."
    )
    agreements = of_kind(suggest(text), Suggestion.Kind.AGREEMENT)
    assert [a.details["signed"]["value"] for a in agreements] == ["2021-05-02", "2012"]
    assert agreements[0].details["place"] is None and agreements[0].details["agreement_kind"] == "partnership"
    assert {p["name"] for p in agreements[1].candidates} == {"Yinchuan", "Chengdu"}


def test_amounts_carry_their_quantity_currency_and_qualifier(db):
    text = (
        "The city spent several million yuan on sensors. The operator will invest nearly R$12 million, "
        "and the fund adds more than US$300,000 and €4.5m. About 1,500 delegates attended."
    )
    amounts = {s.label: s.details for s in of_kind(suggest(text), Suggestion.Kind.AMOUNT)}
    assert amounts == {
        "several million yuan": {"quantity": "1000000", "currency": "CNY", "qualifier": "several"},
        "nearly R$12 million": {"quantity": "12000000", "currency": "BRL", "qualifier": "close-to"},
        "more than US$300,000": {"quantity": "300000", "currency": "USD", "qualifier": "more-than"},
        "€4.5m": {"quantity": "4500000", "currency": "EUR", "qualifier": "exactly"},
    }


def test_a_year_in_the_name_of_an_event_dates_the_event(db):
    text = (
        "Harbour cities meet in Gdańsk\n\n"
        "The Baltic Ports 2025 Conference opens this week, a year after the Coastal Data Summit 2024 in Kiel. "
        "In 2023 the ports agreed to share their tide data."
    )
    dates = dates_of(suggest(text))
    assert dates["2025"] == {"value": "2025", "of": "event", "inferred": False}
    assert dates["2024"]["of"] == "event"
    assert [passage for passage in dates if "2023" in passage] == ["In 2023"], "a plain year is read once, as written"


def test_a_city_where_an_organization_sits_is_proposed_but_the_organization_is_the_party(db):
    text = (
        "Valmora Mobility Ltd and the Swedish Embassy in Nairobi signed an agreement on electric minibuses. "
        "The buses will first run in Gigiri District, where the embassy stands."
    )
    suggestions = suggest(text)
    cities = {s.label for s in of_kind(suggestions, Suggestion.Kind.NEW_CITY)}
    assert {"Nairobi", "Gigiri District"} <= cities
    agreement = of_kind(suggestions, Suggestion.Kind.AGREEMENT)[0]
    assert "Nairobi" not in [party["name"] for party in agreement.candidates]


def test_a_weekday_that_is_the_day_of_publication_is_that_day(db):
    text = "Ferries for Split\n\nSPLIT, Croatia, 6 March 2023 — The port signed the lease on Monday."
    assert dates_of(suggest(text))["on Monday"]["value"] == "2023-03-06", "6 March 2023 was a Monday"


def test_the_year_in_an_event_name_is_left_out_when_its_sentence_gives_the_days(db):
    text = (
        "Lighting summit\n\n"
        "The Harbour Lighting Summit 2024 takes place from 3 to 5 October 2024. "
        "The Harbour Lighting Summit 2023 drew a crowd."
    )
    dates = dates_of(suggest(text))
    assert dates["3 to 5 October 2024"]["value"] == "2024-10-03/2024-10-05"
    assert "2024" not in dates and dates["2023"]["of"] == "event"
