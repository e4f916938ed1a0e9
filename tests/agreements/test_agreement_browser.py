"""The agreement browser: filters whose options count what they would show, sorting, exports and a feed."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from agreements.facets import SHOWN_OPTIONS
from agreements.models import Agreement, AgreementParty
from partners.models import Organization
from tests.factories import AgreementFactory, OrganizationFactory

THREE_WAY = "Milton Keynes Council, Yinchuan and ZTE three-way agreement"
MOU = "Nokia and Tianfu New Area digital city MoU"
ATOM = "{http://www.w3.org/2005/Atom}"


def csv_rows(response):
    assert response.streaming, "an export of every agreement is streamed, not built in memory"
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def facets(response):
    return {facet.name: {option.label: option for option in facet.options} for facet in response.context["facets"]}


def test_each_option_counts_the_agreements_it_would_show(seeded, visitor):
    everything = facets(visitor.get("/agreements/"))
    assert everything["status"]["Signed"].count == 2
    assert everything["party"]["ZTE"].count == 1
    assert set(everything["city"]) == {"Milton Keynes", "Yinchuan", "Tianfu New Area"}

    with_zte = facets(visitor.get("/agreements/", {"party": "zte"}))
    # Other facets narrow to the selection; options with no agreement left are hidden.
    assert set(with_zte["city"]) == {"Milton Keynes", "Yinchuan"}
    assert set(with_zte["kind"]) == {"Three-way agreement"}
    # The facet in use still offers its other options, with their own counts.
    assert with_zte["party"]["ZTE"].selected and with_zte["party"]["Nokia"].count == 1


def test_option_links_keep_the_other_filters_and_the_chosen_one_can_be_removed(seeded, visitor):
    response = visitor.get("/agreements/", {"party": "zte", "page": "1"})
    page = response.content.decode()
    assert 'href="?party=zte&amp;city=yinchuan"' in page
    assert 'href="?" aria-label="Remove the Organization filter ZTE"' in page
    year = facets(response)["year"]["2017"]
    assert year.query == "party=zte&signed_from=2017&signed_to=2017"


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


def test_csv_export_has_every_matching_agreement_not_just_the_page(seeded, visitor):
    for n in range(60):
        AgreementFactory(title=f"Bulk agreement {n}", slug=f"bulk-{n}")
    assert visitor.get("/agreements/").context["paginator"].per_page < 62
    response = visitor.get("/agreements/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert len(rows) == Agreement.objects.count() == 62
    three_way = next(row for row in rows if row["title"] == THREE_WAY)
    assert three_way["signed"] == "September 2017" and three_way["signed_iso"] == "2017-09"
    assert three_way["implementers"] == "ZTE"
    narrowed = list(csv_rows(visitor.get("/agreements/export.csv", {"party": "nokia"})))
    assert [row["title"] for row in narrowed] == [MOU]


def test_csv_cells_cannot_run_as_spreadsheet_formulas(seeded, visitor):
    AgreementFactory(title='=HYPERLINK("http://evil.example","x")', slug="formula")
    rows = csv_rows(visitor.get("/agreements/export.csv"))
    assert any(row["title"] == '\'=HYPERLINK("http://evil.example","x")' for row in rows)


def test_json_export_has_the_api_representation_of_every_match(seeded, visitor, api):
    data = visitor.get("/agreements/export.json", {"party": "zte"}).json()
    assert data["count"] == 1
    assert data["results"] == api.get("/api/agreements/", {"party": "zte"}).json()["results"]


def test_the_atom_feed_follows_a_filtered_view(seeded, visitor):
    response = visitor.get("/agreements/feed/", {"party": "zte", "country": "China"})
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert "ZTE" in feed.find(f"{ATOM}title").text and "China" in feed.find(f"{ATOM}title").text
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [THREE_WAY]
    assert entries[0].find(f"{ATOM}published").text.startswith("2017-09-01")


def test_the_page_links_its_exports_and_feed_with_the_same_filters(seeded, visitor):
    page = visitor.get("/agreements/", {"party": "zte"}).content.decode()
    for url in ("/agreements/export.csv?party=zte", "/agreements/export.json?party=zte", "/agreements/feed/?party=zte"):
        assert f'href="{url}"' in page


def test_a_chosen_option_the_other_filters_empty_stays_listed_to_be_removed(seeded, visitor):
    response = visitor.get("/agreements/", {"party": "nokia", "city": "yinchuan"})
    assert response.context["paginator"].count == 0
    nokia = facets(response)["party"]["Nokia"]
    assert nokia.selected and nokia.count == 0
    assert nokia.query == "city=yinchuan"
    kind = facets(visitor.get("/agreements/", {"kind": "mou", "city": "yinchuan"}))["kind"]
    assert kind["Memorandum of understanding (MoU)"].selected


@pytest.mark.parametrize("party", ["zte", "ZTE", "zte corporation", " ZTE "])
def test_a_party_can_be_named_by_address_name_or_alias_in_any_case(seeded, visitor, party):
    response = visitor.get("/agreements/", {"party": party})
    assert [agreement.title for agreement in response.context["object_list"]] == [THREE_WAY]


def test_the_filter_form_asks_for_names_in_text_boxes_not_lists_of_every_record(seeded, visitor):
    page = visitor.get("/agreements/").content.decode()
    assert '<input type="text" name="party"' in page and '<input type="text" name="city"' in page
    message = visitor.get("/agreements/", {"party": "Huawei"}).content.decode()
    assert "Nothing is called “Huawei”" in message


def test_a_long_facet_shows_the_most_common_options_and_links_to_all(seeded, visitor):
    for n in range(15):
        organization = OrganizationFactory(name=f"Partner {n:02d}")
        agreement = AgreementFactory(title=f"Agreement {n}", slug=f"agreement-{n}")
        AgreementParty.objects.create(agreement=agreement, organization=organization, role="signatory")
    parties = Organization.objects.filter(agreement_roles__isnull=False).distinct().count()
    party = next(facet for facet in visitor.get("/agreements/").context["facets"] if facet.name == "party")
    assert len(party.options) == SHOWN_OPTIONS and party.hidden == parties - SHOWN_OPTIONS
    response = visitor.get(f"/agreements/?{party.more_query}")
    every = next(facet for facet in response.context["facets"] if facet.name == "party")
    assert every.hidden == 0 and len(every.options) == party.hidden + SHOWN_OPTIONS
    assert f"{party.hidden} more organization options" in visitor.get("/agreements/").content.decode()
    # Choosing an option from the long list leaves the "all options" view.
    assert "more=" not in every.options[-1].query


@pytest.mark.parametrize(
    ("filters", "facet", "label"),
    [
        ({"city": "Yinchuan"}, "city", "Yinchuan"),
        ({"city": " yinchuan "}, "city", "Yinchuan"),
        ({"party": "ZTE Corporation"}, "party", "ZTE"),
        ({"country": " china "}, "country", "China"),
        ({"signed_from": "02017", "signed_to": "2017"}, "year", "2017"),
    ],
)
def test_a_choice_named_in_any_way_marks_its_one_option_as_chosen(seeded, visitor, filters, facet, label):
    response = visitor.get("/agreements/", filters)
    options = facets(response)[facet]
    chosen = [option for option in options.values() if option.selected]
    assert [option.label for option in chosen] == [label], "one option, chosen, however the visitor wrote it"
    assert chosen[0].count == response.context["paginator"].count
