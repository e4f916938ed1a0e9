"""The browser's facets: each option counts what it would show, links to choosing or removing it, escapes its name."""

import pytest

from agreements.facets import SHOWN_OPTIONS
from agreements.models import AgreementParty
from partners.models import Organization
from tests.factories import AgreementFactory, OrganizationFactory


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


def test_a_chosen_option_the_other_filters_empty_stays_listed_to_be_removed(seeded, visitor):
    response = visitor.get("/agreements/", {"party": "nokia", "city": "yinchuan"})
    assert response.context["paginator"].count == 0
    nokia = facets(response)["party"]["Nokia"]
    assert nokia.selected and nokia.count == 0
    assert nokia.query == "city=yinchuan"
    kind = facets(visitor.get("/agreements/", {"kind": "mou", "city": "yinchuan"}))["kind"]
    assert kind["Memorandum of understanding (MoU)"].selected


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


def test_a_chosen_option_links_to_removing_it_and_the_others_to_choosing_them(seeded, visitor):
    page = visitor.get("/agreements/", {"party": "zte"}).content.decode()
    assert '<strong aria-current="true">ZTE</strong> <span class="facet-count">1</span>' in page
    assert '<a href="?" aria-label="Remove the Organization filter ZTE">×</a>' in page
    assert '<a href="?party=nokia">Nokia</a> <span class="facet-count">1</span>' in page


@pytest.mark.django_db
def test_facet_options_escape_the_names_they_show(visitor):
    agreement = AgreementFactory()
    acme = OrganizationFactory(name='Acme "<&>"', slug="acme")
    AgreementParty.objects.create(agreement=agreement, organization=acme, role=AgreementParty.Role.SIGNATORY)
    escaped = "Acme &quot;&lt;&amp;&gt;&quot;"

    page = visitor.get("/agreements/").content.decode()
    assert f'<a href="?party=acme">{escaped}</a>' in page
    chosen = visitor.get("/agreements/", {"party": "acme"}).content.decode()
    assert f'<strong aria-current="true">{escaped}</strong>' in chosen
    assert f'aria-label="Remove the Organization filter {escaped}"' in chosen
