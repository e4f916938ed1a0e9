"""The timeline shows every dated happening in order, as precisely as the sources state it."""

import pytest

THREE_WAY = "Milton Keynes Council, Yinchuan and ZTE three-way agreement"


def entries(response):
    return [
        (year, entry.what, entry.title, str(entry.date)) for year, group in response.context["years"] for entry in group
    ]


def test_entries_are_grouped_by_year_in_date_order_with_their_precision(seeded, visitor):
    response = visitor.get("/timeline/")
    assert response.status_code == 200
    found = entries(response)
    years = [year for year, *_rest in found if year]
    assert years == sorted(years)
    assert (2017, "Agreement signed", THREE_WAY, "September 2017") in found
    assert any(date == "late 2016" for *_rest, date in found), "a part of a year shows as the source says it"
    # What no source dates (the Nokia MoU's signing) comes last, under "Date not stated".
    assert found[-1][0] is None and "Date not stated" in response.content.decode()


def test_filtering_by_city_or_organization_keeps_what_involves_it(seeded, visitor):
    for_zte = entries(visitor.get("/timeline/", {"organization": "zte"}))
    titles = {title for _year, _what, title, _date in for_zte}
    assert THREE_WAY in titles
    assert "Nokia and Tianfu New Area digital city MoU" not in titles
    for_tianfu = {title for _y, _w, title, _d in entries(visitor.get("/timeline/", {"city": "tianfu-new-area"}))}
    assert "Nokia and Tianfu New Area digital city MoU" in for_tianfu and THREE_WAY not in for_tianfu


@pytest.mark.parametrize("filters", [{"city": "atlantis"}, {"organization": "<script>"}])
def test_unknown_filter_values_get_a_message(seeded, visitor, filters):
    response = visitor.get("/timeline/", filters)
    assert response.status_code == 400, "the page with the message, as a Bad Request"
    assert "Some filters could not be used" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_the_timeline_runs_a_constant_number_of_queries(agreement_world, db, visitor, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = visitor.get("/timeline/")
    assert response.status_code == 200
