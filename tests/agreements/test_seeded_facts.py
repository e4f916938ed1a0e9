"""What the three announcements state is in the knowledge base, as precisely as they state it, and no more."""

from decimal import Decimal

from agreements.models import (
    Agreement,
    Event,
    Initiative,
    SigningAttendance,
    StatedFigure,
)
from partners.models import Affiliation, City, Organization, Person


def test_every_stated_city_organization_and_person_is_a_record(seeded):
    assert set(City.objects.values_list("name", flat=True)) == {
        "Chengdu",
        "Tianfu New Area",
        "Yinchuan",
        "Milton Keynes",
        "Beijing",
    }
    assert set(Organization.objects.values_list("name", flat=True)) == {
        "Nokia",
        "Tianfu New Area Chengdu Administrative Committee",
        "Milton Keynes Council",
        "ZTE",
        "Open University",
        "Knowledge Media Institute",
        "UK Embassy in Beijing",
        "Chinese Government",
        "Yinchuan Municipal Government",
        "TM Forum",
    }
    assert set(Person.objects.values_list("name", flat=True)) == {
        "Luo Qiang",
        "Mike Wang",
        "Yang Linxing",
        "Peter Marland",
        "Geoff Snelson",
        "Alan Fletcher",
        "Bob Dowell",
        "Jeff Kagan",
    }


def test_roles_keep_the_title_exactly_as_stated(seeded):
    titles = {(a.person.name, a.title, a.holder.name) for a in Affiliation.objects.select_related("person")}
    assert ("Luo Qiang", "Mayor of Chengdu", "Chengdu") in titles
    assert ("Mike Wang", "president of Greater China", "Nokia") in titles
    assert ("Yang Linxing", "Director", "Tianfu New Area Chengdu Administrative Committee") in titles
    assert ("Peter Marland", "Milton Keynes Council Leader", "Milton Keynes Council") in titles
    assert ("Geoff Snelson", "director of strategy and futures", "Milton Keynes Council") in titles
    assert ("Alan Fletcher", "", "Knowledge Media Institute") in titles
    assert ("Bob Dowell", "", "ZTE") in titles


def test_both_agreements_have_their_parties_in_their_roles(seeded):
    mou = Agreement.objects.get(slug="nokia-tianfu-new-area-digital-city-mou")
    assert mou.kind == "mou" and mou.described_as == "strategic agreement (MoU)"
    assert {(p.party.name, p.role) for p in mou.parties.all()} == {
        ("Nokia", "signatory"),
        ("Tianfu New Area Chengdu Administrative Committee", "signatory"),
        ("Tianfu New Area", "location"),
    }
    three_way = Agreement.objects.get(slug="milton-keynes-yinchuan-zte-three-way-agreement")
    assert three_way.kind == "three-way"
    assert {(p.party.name, p.role) for p in three_way.parties.all()} == {
        ("Milton Keynes Council", "signatory"),
        ("Yinchuan", "signatory"),
        ("ZTE", "signatory"),
        ("ZTE", "implementer"),
        ("Milton Keynes", "location"),
        ("Yinchuan", "location"),
    }
    assert three_way.signed_in.name == "Yinchuan"
    assert three_way.alias_names == ["Yinchuan agreement"]


def test_people_at_the_signings_keep_the_role_the_text_gives_them(seeded):
    present = {(a.person.name, a.role) for a in SigningAttendance.objects.select_related("person")}
    assert present == {
        ("Luo Qiang", "witness"),
        ("Peter Marland", "attendee"),
        ("Geoff Snelson", "attendee"),
        ("Alan Fletcher", "attendee"),
    }


def test_the_2017_signing_is_not_confused_with_smart_city_infocus_2016(seeded):
    three_way = Agreement.objects.get(slug="milton-keynes-yinchuan-zte-three-way-agreement")
    conference = three_way.signed_at_event
    assert str(conference.held) == "September 2017"
    assert conference.slug != "smart-city-infocus-2016"
    infocus = Event.objects.get(slug="smart-city-infocus-2016")
    assert str(infocus.held) == "2016" and infocus.city.name == "Yinchuan"
    assert not infocus.agreements_signed.exists()


def test_smart_city_infocus_figures_keep_their_hedges(seeded):
    figures = {f.slug: f for f in StatedFigure.objects.filter(event__slug="smart-city-infocus-2016")}
    speakers = figures["smart-city-infocus-2016-speakers"]
    assert (speakers.quantity, speakers.qualifier, speakers.as_stated) == (43, "more-than", "over 43 speakers")
    countries = figures["smart-city-infocus-2016-guest-countries"]
    assert (countries.quantity, countries.qualifier) == (60, "more-than")
    assert figures["smart-city-infocus-2016-speaker-cities"].quantity == 26
    roles = {(r.participant.name, r.role) for r in Event.objects.get(slug="smart-city-infocus-2016").roles.all()}
    assert ("Chinese Government", "sponsor") in roles
    assert {name for name, role in roles if role == "partner"} == {
        "Chinese Government",
        "Yinchuan Municipal Government",
        "TM Forum",
        "ZTE",
    }


def test_initiatives_keep_vague_dates_and_amounts_as_vague_as_stated(seeded):
    playbook = Initiative.objects.get(slug="smart-city-playbook")
    assert str(playbook.started) == "late 2016" and playbook.started.edtf() == "2016-39"
    assert {(r.organization.name, r.role) for r in playbook.roles.all()} == {("Nokia", "commissioner")}
    centre = Initiative.objects.get(slug="nokia-chengdu-rd-center")
    assert str(centre.announced) == "December 2015"
    assert not centre.started.is_known  # "operations have since started": when is not said
    assert centre.figures.get().as_stated == "hundreds of R&D personnel"
    investment = StatedFigure.objects.get(slug="citylabs-zte-investment")
    assert (investment.quantity, investment.qualifier, investment.unit) == (Decimal("1000000"), "close-to", "GBP")
    assert investment.as_stated == "close to £1 million"
    mk_smart = Initiative.objects.get(slug="mk-smart")
    assert {(r.organization.name, r.role) for r in mk_smart.roles.all()} == {("Open University", "lead")}


def test_places_and_units_are_linked_as_stated(seeded):
    assert City.objects.get(slug="tianfu-new-area").parent.name == "Chengdu"
    assert Organization.objects.get(slug="knowledge-media-institute").parent.name == "Open University"
    assert Organization.objects.get(slug="uk-embassy-in-beijing").city.name == "Beijing"
    yinchuan = City.objects.get(slug="yinchuan")
    assert yinchuan.country == "China"
    assert yinchuan.population.as_stated == "only two million people"
    assert yinchuan.population.qualifier == "about"


def test_nothing_the_texts_do_not_state_is_filled_in(seeded):
    # None of the three texts gives these countries, dates or places.
    assert Organization.objects.get(slug="nokia").country == ""
    assert City.objects.get(slug="milton-keynes").country == ""
    assert City.objects.get(slug="chengdu").country == ""
    assert Organization.objects.get(slug="tm-forum").kind == "other"
    assert City.objects.get(slug="chengdu").population is None
    assert Organization.objects.exclude(website="").count() == 0


def test_aliases_hold_the_other_names_the_texts_use(seeded):
    assert "ZTE Corporation" in Organization.objects.get(slug="zte").alias_names
    assert "MK" in City.objects.get(slug="milton-keynes").alias_names
    assert "TianFu New Area" in City.objects.get(slug="tianfu-new-area").alias_names
    assert "Government of China" in Organization.objects.get(slug="chinese-government").alias_names
