"""The dates a press release states: absolute ones in every way of writing them, relative ones ("last month",
"next spring", "until Friday") read against the day of publication or the text's own opening date, and
phrases that only look like dates ("over the next year", "Ada May")."""

import re
from datetime import date, timedelta

import pytest

from agreements.imports.dates import MOST_PARSED, Dateline, dateline_of, either_case, matches_near, stated_dates
from citykb.core.dates import FuzzyDate

PUBLISHED = FuzzyDate.of(2024, 4, 9)  # a Tuesday, in spring


def stated(text, published=PUBLISHED):
    """{passage: StatedDate} of the dates the text states."""
    return {text[start:end]: when for start, end, when, _ in stated_dates(text, published, dateline_of(text))}


def values(text, published=PUBLISHED):
    """{passage: ISO value} of the dates the text states."""
    return {passage: when.iso() for passage, when in stated(text, published).items()}


def openings(text, published=PUBLISHED):
    """{passage: whether that date dates the text itself}."""
    found = stated_dates(text, published, dateline_of(text))
    return {text[start:end]: bool(opening) for start, end, _, opening in found}


def test_either_case_matches_each_word_in_lower_case_or_capitalised():
    pattern = re.compile(either_case("early", "late"))
    assert [word for word in ["early", "Early", "late", "Late"] if pattern.fullmatch(word)] == [
        "early",
        "Early",
        "late",
        "Late",
    ]
    assert not any(pattern.fullmatch(word) for word in ["EARLY", "arly", "ate", "earlylate", "eArly"])


@pytest.mark.parametrize(
    ("text", "place", "opens"),
    [
        ("Tram depot opens\n\nNOVA VARENA, Estland, 2 May 2023 — The depot", "Nova Varena", "NOVA VARENA"),
        ("Kirchberg am Wald, Austria — The town council", "Kirchberg am Wald", "Kirchberg am Wald"),
        ("Orlava, 4 June 2021 - The port", "Orlava", "Orlava"),
    ],
)
def test_a_dateline_gives_its_place_as_written_or_title_cased_when_in_capitals_and_where_it_ends(text, place, opens):
    dateline = dateline_of(text)
    assert dateline == Dateline(text.index(opens), text.index("The"), place)


def test_a_text_without_a_dateline_has_none():
    assert dateline_of("The port of Orlava signed a lease for ten cranes.") is None


def test_dates_in_the_headline_are_not_read_again_from_the_body():
    text = "Orlava tram line to open in 2026\n\nThe council of Orlava approved the tram line in 2023."
    assert values(text) == {"in 2023": "2023"}


@pytest.mark.parametrize(
    "text",
    [
        "The fleet will grow by forty buses over the next year.",
        "The next year brings forty new buses to Orlava.",
        "Over the last month, the depot tested two buses.",
    ],
)
def test_the_next_year_or_the_last_month_is_a_duration_not_a_date(text):
    assert values(text) == {}


def test_next_year_and_last_month_without_the_are_dates():
    text = "Next year the fleet grows by forty buses; last month the depot tested two."
    assert values(text) == {"Next year": "2025", "last month": "2024-03"}


@pytest.mark.parametrize(
    ("text", "passage", "value"),
    [
        ("The grid went live 2023-11-05 at noon.", "2023-11-05", "2023-11-05"),
        ("The grid went live on March 3, 2021 at noon.", "March 3, 2021", "2021-03-03"),
        ("The grid went live on 3rd June 2021 at noon.", "3rd June 2021", "2021-06-03"),
        ("The grid went live on 5 Jan. 2022 at noon.", "5 Jan. 2022", "2022-01-05"),
        ("The grid went live in September 2021.", "September 2021", "2021-09"),
        ("The grid went live in Sept. 2021.", "Sept. 2021", "2021-09"),
        ("The grid was tested from 1st to 3rd June 2021.", "1st to 3rd June 2021", "2021-06-01/2021-06-03"),
        ("The grid went live in spring 2021.", "spring 2021", "2021-03/2021-05"),
        ("The grid went live in the fall of 2019.", "fall of 2019", "2019-09/2019-11"),
        ("The grid went live in Winter 2022.", "Winter 2022", "2022-12/2023-02"),
    ],
)
def test_a_date_that_states_its_year_reads_the_same_whenever_the_text_was_published(text, passage, value):
    assert values(text, FuzzyDate.unknown()) == {passage: value}
    assert stated(text)[passage].inferred is False


def test_a_month_with_its_year_is_a_date_without_a_word_before_it_but_a_lone_month_is_not():
    assert values("The depot opened September 2021 after two years of work.") == {"September 2021": "2021-09"}
    assert values("Councillor Ada May opened the depot, and Grace June cut the ribbon.") == {}
    assert values("The depot opens in May, and the works end by June.") == {"in May": "2024-05", "by June": "2024-06"}


def test_a_day_or_month_without_a_year_takes_the_year_of_publication_and_says_it_was_inferred():
    text = (
        "The council met on March 3 and on 9 July. Tests run from 3 to 5 September; "
        "the last trials ran from 3 to 5 October 2023, and the depot opens in September."
    )
    dates = stated(text)
    assert {passage: (when.iso(), when.inferred) for passage, when in dates.items()} == {
        "March 3": ("2024-03-03", True),
        "9 July": ("2024-07-09", True),
        "in September": ("2024-09", True),
        "3 to 5 September": ("2024-09-03/2024-09-05", True),
        "3 to 5 October 2023": ("2023-10-03/2023-10-05", False),
    }
    assert str(dates["3 to 5 September"]) == "3–5 September 2024"


def test_relative_dates_name_their_own_period_so_no_year_is_inferred():
    text = "The board met yesterday, will vote next month and reports next year. It met on Monday and last spring."
    dates = stated(text)
    assert {passage: when.iso() for passage, when in dates.items()} == {
        "yesterday": "2024-04-08",
        "next month": "2024-05",
        "next year": "2025",
        "on Monday": "2024-04-08",
        "last spring": "2023-03/2023-05",
    }
    assert not any(when.inferred for when in dates.values())


def test_an_impossible_day_is_no_date():
    text = "The depot opens on 31 June or on 31 April, the mayor said on 30 June."
    assert values(text) == {"30 June": "2024-06-30"}


def test_a_serial_number_shaped_like_an_iso_date_far_from_any_date_is_no_date():
    text = (
        "In 2023 the port of Orlava ordered forty electric cranes from Kestrel Lifting. "
        "Each crane carries the serial number 4410-02-17 on its cab."
    )
    assert values(text) == {"In 2023": "2023"}


@pytest.mark.parametrize(
    ("lead", "value"),
    [
        ("until", "2024-04-12"),
        ("till", "2024-04-12"),
        ("by", "2024-04-12"),
        ("before", "2024-04-12"),
        ("on", "2024-04-05"),
        ("since", "2024-04-05"),
        ("after", "2024-04-05"),
    ],
)
def test_a_weekday_after_until_or_by_is_the_one_to_come_after_other_words_the_one_just_gone(lead, value):
    # Published on Tuesday 9 April 2024: the Friday to come is the 12th, the one just gone the 5th.
    assert values(f"The consultation runs {lead} Friday.") == {f"{lead} Friday": value}


def test_the_same_weekday_after_until_and_after_on_names_two_different_days():
    text = "The mayor opened the consultation on Friday; it runs until Friday."
    assert values(text) == {"on Friday": "2024-04-05", "until Friday": "2024-04-12"}


def test_today_tomorrow_and_yesterday_are_read_against_the_day_of_publication():
    text = "Tomorrow the mayor opens the depot; today the buses arrive, and yesterday the drivers were trained."
    assert values(text) == {"Tomorrow": "2024-04-10", "today": "2024-04-09", "yesterday": "2024-04-08"}


def test_a_date_at_the_very_start_of_the_text_is_read():
    assert values("Yesterday the council of Orlava voted for the tram.") == {"Yesterday": "2024-04-08"}


def test_yesterday_is_the_day_before_publication_and_31_april_no_day_whatever_day_the_text_was_published():
    # Five months of publication days, across the end of a year and a 29 February: each is read on its own.
    text = "The council of Orlava voted yesterday on the depot, which cannot open on 31 April."
    day = date(2023, 11, 1)
    while day <= date(2024, 3, 31):
        yesterday = (day - timedelta(days=1)).isoformat()
        assert values(text, FuzzyDate.of(day.year, day.month, day.day)) == {"yesterday": yesterday}, day
        day += timedelta(days=1)


def test_a_publication_known_only_to_the_month_reads_months_and_years_but_no_days():
    text = "The council voted yesterday and met on Monday. It votes again next month; the plan dates from last year."
    assert values(text, FuzzyDate.of(2024, 4)) == {"next month": "2024-05", "last year": "2023"}


def test_a_publication_known_only_to_the_year_reads_years_but_no_months_seasons_or_days():
    text = (
        "The council voted yesterday and met on Monday. It votes again next month and next spring; "
        "the plan dates from last year and is done by the end of next year."
    )
    assert values(text, FuzzyDate.of(2024)) == {"last year": "2023", "the end of next year": "2025-09/2025-12"}


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("by the end of next year", "2025-09/2025-12"),
        ("by the end of the year", "2024-09/2024-12"),
        ("in the first half of 2023", "2023-01/2023-06"),
        ("in the second half of next year", "2025-07/2025-12"),
        ("in the middle of last year", "2023-05/2023-08"),
        ("at the start of next year", "2025-01/2025-04"),
        ("since the beginning of 2022", "2022-01/2022-04"),
        ("in early 2022", "2022-01/2022-04"),
        ("in mid-2023", "2023-05/2023-08"),
        ("in late last year", "2023-09/2023-12"),
        ("in early next year", "2025-01/2025-04"),
        ("in late summer 2021", "2021-06/2021-08"),
        ("in early fall next year", "2025-09/2025-11"),
        ("in late winter last year", "2023-12/2024-02"),
    ],
)
def test_a_part_of_a_year_is_read_with_its_year_relative_or_stated(phrase, value):
    [(passage, read)] = values(f"The line opens {phrase}, the operator said.").items()
    assert phrase.endswith(passage) and read == value


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("this spring", "2024-03/2024-05"),
        ("next spring", "2025-03/2025-05"),
        ("last spring", "2023-03/2023-05"),
        ("this summer", "2024-06/2024-08"),
        ("next summer", "2024-06/2024-08"),
        ("last summer", "2023-06/2023-08"),
        ("this autumn", "2024-09/2024-11"),
        ("next fall", "2024-09/2024-11"),
        ("last fall", "2023-09/2023-11"),
        ("next winter", "2024-12/2025-02"),
        ("last winter", "2023-12/2024-02"),
        ("Next spring", "2025-03/2025-05"),
        ("Last summer", "2023-06/2023-08"),
        ("this April", "2024-04"),
        ("next April", "2025-04"),
        ("last April", "2023-04"),
        ("next June", "2024-06"),
        ("last June", "2023-06"),
        ("last March", "2024-03"),
        ("next Sept.", "2024-09"),
        ("last December", "2023-12"),
    ],
)
def test_this_next_and_last_season_or_month_are_read_against_the_day_of_publication(phrase, value):
    # Published on 9 April 2024: this spring is the one under way, this June the coming one, last March the one gone.
    assert values(f"The depot opens {phrase}.") == {phrase: value}


@pytest.mark.parametrize(
    ("published", "phrase", "value"),
    [
        (FuzzyDate.of(2024, 3, 1), "next spring", "2025-03/2025-05"),
        (FuzzyDate.of(2024, 3, 1), "this spring", "2024-03/2024-05"),
        (FuzzyDate.of(2024, 5, 31), "this spring", "2024-03/2024-05"),
        (FuzzyDate.of(2024, 5, 31), "last spring", "2023-03/2023-05"),
        (FuzzyDate.of(2024, 6, 1), "last spring", "2024-03/2024-05"),
        (FuzzyDate.of(2024, 4, 30), "this April", "2024-04"),
        (FuzzyDate.of(2024, 4, 1), "next April", "2025-04"),
        (FuzzyDate.of(2024, 1, 15), "this winter", "2023-12/2024-02"),
    ],
)
def test_a_season_or_month_under_way_on_its_first_or_last_day_is_this_one(published, phrase, value):
    assert values(f"The depot opens {phrase}.", published) == {phrase: value}


def test_a_date_after_published_dates_the_text_and_is_the_reference_for_relative_dates():
    text = "Published: 12 March 2024. The port of Orlava signed the lease yesterday."
    assert values(text, FuzzyDate.unknown()) == {"12 March 2024": "2024-03-12", "yesterday": "2024-03-11"}
    assert openings(text, FuzzyDate.unknown()) == {"12 March 2024": True, "yesterday": False}


def test_a_date_opening_the_sentence_after_a_dateline_does_not_date_the_text():
    text = "KORVIK, Norway — 12 March 2024 was the day the ferry first sailed. The port signed the lease yesterday."
    assert openings(text, FuzzyDate.unknown()) == {"12 March 2024": False}


def test_a_dateline_date_dates_the_text_and_the_dates_after_it_do_not():
    text = "KORVIK, Norway, 12 March 2024 — The port signed the lease yesterday and opens in May 2025."
    assert openings(text, FuzzyDate.unknown()) == {"12 March 2024": True, "yesterday": False, "May 2025": False}
    assert values(text, FuzzyDate.unknown())["yesterday"] == "2024-03-11"


def test_matches_near_finds_a_match_at_the_very_start_of_the_text():
    matches = matches_near(re.compile(r"\d+ km"), re.compile("km"), "5 km of new track, then 12 km more.")
    assert [match.group() for match in matches] == ["5 km", "12 km"]


def test_a_text_with_very_many_distinct_days_reads_only_the_first_most_parsed_of_them():
    months = ["January", "March", "May", "July", "August", "October", "December"]
    days = [f"{day} {month}" for month in months for day in range(1, 32)][: MOST_PARSED + 1]
    text = "The depot is open on " + ", on ".join(days) + "."
    dates = values(text)
    assert len(dates) == MOST_PARSED
    assert days[MOST_PARSED - 1] in dates and days[MOST_PARSED] not in dates


@pytest.mark.parametrize(
    "text",
    [
        "The council met on 9 July. The new bus depot will be built in Mayfield, beside the ring road.",
        "The council met on March 3 and on 9 July. The depot opens in Septimania, after tests at the quay.",
    ],
)
def test_a_place_whose_name_starts_with_a_month_is_no_date_however_far_from_the_last_date(text):
    assert [passage for passage in stated(text) if "May" in passage or "Sept" in passage] == []
