from datetime import date

import pytest

from citykb.core.dates import FuzzyDate


@pytest.mark.parametrize(
    ("text", "display", "iso", "edtf"),
    [
        ("2017-10-18", "18 October 2017", "2017-10-18", "2017-10-18"),
        ("18 October 2017", "18 October 2017", "2017-10-18", "2017-10-18"),
        ("October 18, 2017", "18 October 2017", "2017-10-18", "2017-10-18"),
        ("2017-09", "September 2017", "2017-09", "2017-09"),
        ("Sept 2017", "September 2017", "2017-09", "2017-09"),
        ("2016", "2016", "2016", "2016"),
        ("late 2016", "late 2016", "2016-09/2016-12", "2016-39"),
        ("early 2016", "early 2016", "2016-01/2016-04", "2016-37"),
        ("mid-2016", "mid 2016", "2016-05/2016-08", "2016-38"),
        ("Q3 2016", "Q3 2016", "2016-07/2016-09", "2016-35"),
        ("spring 2016", "spring 2016", "2016-03/2016-05", "2016-21"),
        ("winter 2016", "winter 2016", "2016-12/2017-02", "2016-24"),
        ("first half of 2016", "first half of 2016", "2016-01/2016-06", "2016-40"),
        ("2016-39", "late 2016", "2016-09/2016-12", "2016-39"),
        ("2017?", "c. 2017", "2017", "2017~"),
        ("c. September 2017", "c. September 2017", "2017-09", "2017-09~"),
        ("about 2017", "c. 2017", "2017", "2017~"),
        ("2017~", "c. 2017", "2017", "2017~"),  # what edtf() writes reads back
        ("2017 ?", "c. 2017", "2017", "2017~"),
        ("2017-09~", "c. September 2017", "2017-09", "2017-09~"),
        # "About" reaches every way of writing a date.
        ("c. 18 October 2017", "c. 18 October 2017", "2017-10-18", "2017-10-18~"),
        ("about October 18, 2017", "c. 18 October 2017", "2017-10-18", "2017-10-18~"),
        ("2016-10-05~", "c. 5 October 2016", "2016-10-05", "2016-10-05~"),
        ("c. late 2016", "c. late 2016", "2016-09/2016-12", "2016-39~"),
        ("2016-39~", "c. late 2016", "2016-09/2016-12", "2016-39~"),
        ("c. Q3 2016", "c. Q3 2016", "2016-07/2016-09", "2016-35~"),
        ("2016-09/2016-12~", "c. late 2016", "2016-09/2016-12", "2016-39~"),
    ],
)
def test_dates_read_display_and_export_as_stated(text, display, iso, edtf):
    value = FuzzyDate.parse(text)
    assert str(value) == display
    assert value.iso() == iso
    assert value.edtf() == edtf


@pytest.mark.parametrize("text", ["late 2016", "spring 2020", "winter 2016", "Q1 2015", "first half of 2016"])
def test_a_part_of_a_year_reads_back_from_its_iso_interval(text):
    value = FuzzyDate.parse(text)
    assert FuzzyDate.parse(value.iso()) == value


def test_an_iso_interval_that_is_no_part_of_a_year_is_refused():
    with pytest.raises(ValueError, match="not a part of a year"):
        FuzzyDate.parse("2016-02/2016-07")


def test_exports_never_pad_unknown_parts_with_zeros():
    for text in ["2017", "2017-09", "late 2016", "Q1 2015", "2017?"]:
        value = FuzzyDate.parse(text)
        assert "-00" not in value.iso()
        assert "-00" not in value.edtf()


def test_unknown_date_displays_as_unknown_and_exports_nothing():
    value = FuzzyDate.parse("")
    assert not value.is_known
    assert str(value) == "date unknown"
    assert value.iso() is None and value.edtf() is None
    assert FuzzyDate.parse("unknown") == value


def test_last_month_in_an_article_of_18_october_2017_is_september_2017_at_month_precision():
    published = FuzzyDate.of(2017, 10, 18)
    signed = published.relative("last month")
    assert signed == FuzzyDate.of(2017, 9)
    assert signed.precision == "month"
    assert str(signed) == "September 2017"


def test_relative_phrases_cross_year_boundaries():
    assert FuzzyDate.of(2017, 1, 5).relative("last month") == FuzzyDate.of(2016, 12)
    assert FuzzyDate.of(2017, 12).relative("next month") == FuzzyDate.of(2018, 1)
    assert FuzzyDate.of(2017, 3, 1).relative("last year") == FuzzyDate.of(2016)


def test_this_and_next_resolve_too_and_an_approximate_reference_gives_an_approximate_answer():
    assert str(FuzzyDate.of(2017, 10, 18).relative("This month")) == "October 2017"
    assert str(FuzzyDate.of(2017, 10, 18).relative("this year")) == "2017"
    assert str(FuzzyDate.parse("c. October 2017").relative("last month")) == "c. September 2017"
    assert str(FuzzyDate.parse("2017?").relative("next year")) == "c. 2018"


def test_only_last_this_and_next_month_or_year_resolve():
    with pytest.raises(ValueError, match="Cannot resolve 'the other day'; use last/this/next month or year."):
        FuzzyDate.of(2017, 10, 18).relative("the other day")


def test_a_day_is_not_shifted_by_months():
    with pytest.raises(ValueError, match="^Shift a day-precise date by days, not months.$"):
        FuzzyDate.of(2017, 10, 18).shift_months(1)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2017-13", "13 is neither a month nor an EDTF part of a year"),
        ("Smarch 2017", "'smarch' is not a month or a part of a year"),
        ("tomorrow", "write it like 2017-10-18, September 2017, late 2016, 2017 or c. 2017"),
    ],
)
def test_an_unreadable_date_says_why(text, why):
    with pytest.raises(ValueError) as refused:
        FuzzyDate.parse(text)
    assert str(refused.value) == f"Cannot read {text!r} as a date: {why}"


@pytest.mark.parametrize("text", ["Date unknown", "not stated", "Unknown", ""])
def test_the_ways_of_saying_a_date_is_unknown(text):
    assert FuzzyDate.parse(text) == FuzzyDate.unknown()


def test_a_part_of_a_year_takes_no_month_or_day_and_must_be_known():
    for extra in ({"month": 5}, {"day": 5}):
        with pytest.raises(ValueError, match="^A part of a year takes no month or day.$"):
            FuzzyDate.of(2016, part="late", **extra)
    with pytest.raises(ValueError, match="^Unknown part of a year 'autumnish'.$"):
        FuzzyDate.of(2016, part="autumnish")


def test_a_record_keeps_its_date_as_written_approximation_included():
    from agreements.models import Agreement

    agreement = Agreement()
    agreement.signed = "c. September 2017"
    assert (agreement.signed_start, agreement.signed_approximate) == (date(2017, 9, 1), True)
    assert str(agreement.signed) == "c. September 2017"


def test_a_misspelt_month_is_named_in_the_message():
    with pytest.raises(ValueError, match="'smarch' is not a month"):
        FuzzyDate.parse("18 Smarch 2017")


def test_last_month_needs_a_reference_known_to_the_month():
    with pytest.raises(ValueError, match="known to the month"):
        FuzzyDate.of(2017).relative("last month")
    assert FuzzyDate.unknown().relative("last month") == FuzzyDate.unknown()


def test_dates_sort_by_earliest_possible_day_and_unknown_last():
    texts = ["2017-10-18", "", "late 2016", "2016", "September 2017", "2016-10-05", "2015-12"]
    ordered = sorted((FuzzyDate.parse(text) for text in texts), key=FuzzyDate.sort_key)
    assert [str(value) for value in ordered] == [
        "December 2015",
        "2016",
        "late 2016",
        "5 October 2016",
        "September 2017",
        "18 October 2017",
        "date unknown",
    ]


def test_dates_that_start_on_the_same_day_sort_the_narrower_period_first():
    texts = ["2016", "2016-01", "early 2016", "Q1 2016", "1 January 2016", "first half of 2016"]
    ordered = sorted((FuzzyDate.parse(text) for text in reversed(texts)), key=FuzzyDate.sort_key)
    assert [str(value) for value in ordered] == [
        "1 January 2016",
        "January 2016",
        "Q1 2016",
        "early 2016",
        "first half of 2016",
        "2016",
    ]


def test_a_period_knows_its_first_and_last_day():
    assert FuzzyDate.parse("February 2016").end == date(2016, 2, 29)
    assert FuzzyDate.parse("late 2016").start == date(2016, 9, 1)
    assert FuzzyDate.parse("late 2016").end == date(2016, 12, 31)
    assert FuzzyDate.parse("2016").end == date(2016, 12, 31)


@pytest.mark.parametrize("text", ["2017-13", "2017-02-30", "Smarch 2017", "soon", "2017-99", "20177", "late"])
def test_unreadable_dates_are_refused_with_a_message(text):
    with pytest.raises(ValueError, match="Cannot read"):
        FuzzyDate.parse(text)


def test_a_start_day_must_begin_its_period():
    with pytest.raises(ValueError, match="does not start a period"):
        FuzzyDate(date(2017, 9, 18), "month")
    with pytest.raises(ValueError, match="^A date has a start day exactly when its precision is known.$"):
        FuzzyDate(None, "year")
    with pytest.raises(ValueError, match="^Unknown date precision 'fortnight'.$"):
        FuzzyDate(date(2017, 9, 18), "fortnight")
