"""The agreement browser's filters and sorting: what they select and in what order; bad values get a message."""

import pytest

from agreements.models import Agreement
from tests.factories import AgreementFactory

THREE_WAY = "Milton Keynes Council, Yinchuan and ZTE three-way agreement"
MOU = "Nokia and Tianfu New Area digital city MoU"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"country": "china"}, [THREE_WAY]),
        ({"q": "tianfu"}, [MOU]),
        ({"q": "three-way"}, [THREE_WAY]),
        ({"topic": "iot"}, [MOU]),
        ({"signed_from": "2017", "signed_to": "2017"}, [THREE_WAY]),
        ({"city": "tianfu-new-area"}, [MOU]),
        ({"sort": "title"}, [THREE_WAY, MOU]),
        ({}, [THREE_WAY, MOU]),  # latest signing first; the MoU's date is unknown, so it comes last
    ],
)
def test_filters_and_sorting_select_and_order_the_agreements(seeded, visitor, filters, expected):
    response = visitor.get("/agreements/", filters)
    assert [agreement.title for agreement in response.context["object_list"]] == expected


def test_sorting_by_title_and_by_date_differ(seeded, visitor):
    AgreementFactory(title="Aardvark pact", slug="aardvark-pact")
    by_title = [a.title for a in visitor.get("/agreements/", {"sort": "title"}).context["object_list"]]
    by_date = [a.title for a in visitor.get("/agreements/", {"sort": "signed"}).context["object_list"]]
    assert by_title[0] == "Aardvark pact"
    assert by_date == sorted(by_date, key=lambda title: Agreement.objects.get(title=title).signed.sort_key())


def test_nothing_matching_says_so_and_offers_every_agreement(seeded, visitor):
    page = visitor.get("/agreements/", {"country": "Atlantis"}).content.decode()
    assert "No agreements match these filters." in page
    assert "Show all agreements" in page


@pytest.mark.parametrize(
    "filters",
    [
        {"signed_from": "soon"},
        {"party": "no-such-org"},
        {"kind": "treaty"},
        {"sort": "random"},
        {"q": "x" * 201},
        {"party": "zte\x00"},
        {"city": "y" * 5000},
        {"topic": "\x00"},
    ],
)
def test_bad_filter_values_get_a_message_never_an_error(seeded, visitor, filters):
    response = visitor.get("/agreements/", filters)
    assert response.status_code == 400, "the page with the message, as a Bad Request"
    assert "Some filters could not be used" in response.content.decode()
    for export in ("/agreements/export.csv", "/agreements/export.json", "/agreements/feed/"):
        refused = visitor.get(export, filters)
        assert refused.status_code == 400
        assert next(iter(filters)) in refused.content.decode()


@pytest.mark.parametrize("party", ["zte", "ZTE", "zte corporation", " ZTE "])
def test_a_party_can_be_named_by_address_name_or_alias_in_any_case(seeded, visitor, party):
    response = visitor.get("/agreements/", {"party": party})
    assert [agreement.title for agreement in response.context["object_list"]] == [THREE_WAY]


def test_the_filter_form_asks_for_names_in_text_boxes_not_lists_of_every_record(seeded, visitor):
    page = visitor.get("/agreements/").content.decode()
    assert '<input type="text" name="party"' in page and '<input type="text" name="city"' in page
    message = visitor.get("/agreements/", {"party": "Huawei"}).content.decode()
    assert "Nothing is called “Huawei”" in message
