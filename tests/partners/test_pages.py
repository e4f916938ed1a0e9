import re

import pytest


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/organizations/", "Tianfu New Area Chengdu Administrative Committee"),
        ("/organizations/zte/", "ZTE Corporation"),
        ("/organizations/knowledge-media-institute/", 'href="/organizations/open-university/"'),
        ("/organizations/uk-embassy-in-beijing/", "Diplomatic mission"),
        ("/cities/", "Tianfu New Area"),
        ("/cities/tianfu-new-area/", 'href="/cities/chengdu/"'),
        ("/cities/yinchuan/", "only two million people"),
        ("/cities/milton-keynes/", "not stated in the sources"),
        ("/people/", "Mayor of Chengdu"),
        ("/people/luo-qiang/", "Witnessed the signing"),
        ("/people/jeff-kagan/", "Invited to attend"),
    ],
)
def test_seeded_partner_pages_show_their_records(seeded, visitor, url, expected):
    response = visitor.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_organization_page_lists_agreements_people_events_and_mentions(seeded, visitor):
    page = visitor.get("/organizations/zte/").content.decode()
    assert "Milton Keynes Council, Yinchuan and ZTE three-way agreement" in page
    assert "Implements the projects" in page
    assert 'href="/people/bob-dowell/"' in page
    assert "Smart City InFocus 2016" in page
    assert "CityLabs" in page
    assert "Jeff Kagan: Smart City InFocus Conference in Yinchuan China" in page


def test_city_page_lists_agreements_made_there_or_with_it(seeded, visitor):
    page = visitor.get("/cities/yinchuan/").content.decode()
    assert page.count("Milton Keynes Council, Yinchuan and ZTE three-way agreement") >= 2
    assert "signed here" in page
    assert "Yinchuan Municipal Government" in page


@pytest.mark.parametrize("url", ["/organizations/nobody/", "/cities/atlantis/", "/people/nobody/", "/people/a.b/"])
def test_unknown_partner_slugs_are_404(seeded, visitor, url):
    assert visitor.get(url).status_code == 404


def test_an_organization_lists_its_partners_through_agreements(seeded, visitor):
    response = visitor.get("/organizations/zte/")
    partners = {str(p.partner): [a.slug for a in p.examples] for p in response.context["partners"]}
    three_way = ["milton-keynes-yinchuan-zte-three-way-agreement"]
    assert partners == {"Milton Keynes Council": three_way, "Milton Keynes": three_way, "Yinchuan": three_way}
    page = response.content.decode()
    assert "<h2>Partners</h2>" in page and 'href="/organizations/milton-keynes-council/"' in page
    nokia = {str(p.partner) for p in visitor.get("/organizations/nokia/").context["partners"]}
    assert nokia == {"Tianfu New Area Chengdu Administrative Committee", "Tianfu New Area"}


def many_agreements_with(**party):
    from agreements.models import AgreementParty
    from partners.views import LISTED
    from tests.factories import AgreementFactory

    for _ in range(LISTED + 5):
        AgreementParty.objects.create(agreement=AgreementFactory(), role="signatory", **party)
    return LISTED


def test_an_organization_with_many_agreements_lists_the_latest_and_links_to_all(seeded, visitor):
    from partners.models import Organization

    listed = many_agreements_with(organization=Organization.objects.get(slug="zte"))
    response = visitor.get("/organizations/zte/")
    agreements = response.context["agreements"]
    assert len(agreements) == listed
    dates = [agreement.record.signed_start for agreement in agreements]
    assert dates == sorted(dates, reverse=True), "latest signing first"
    page = response.content.decode()
    assert f'<a href="/agreements/?party=zte">Browse all {listed + 6} agreements with ZTE</a>' in page
    partners = response.context["partners"]
    assert all(len(partnership.examples) <= 3 for partnership in partners)


def test_a_city_lists_agreements_made_there_or_with_it_and_links_to_all(seeded, visitor):
    from partners.models import City

    yinchuan = City.objects.get(slug="yinchuan")
    listed = many_agreements_with(city=yinchuan)
    response = visitor.get("/cities/yinchuan/")
    assert len([agreement for agreement in response.context["agreements"] if agreement.roles]) == listed
    assert response.context["agreement_count"] == listed + 5 + 1  # and the three-way agreement
    assert '<a href="/agreements/?city=yinchuan">Browse all' in response.content.decode()


def section(page, heading):
    """The HTML of a page's section from its h2 to the next."""
    return re.search(rf"<h2>{heading}</h2>(.*?)(?=<h2>|</article>)", page, re.S).group(1)


def test_an_organization_lists_each_agreement_and_initiative_once_with_its_roles_together(seeded, visitor):
    page = visitor.get("/organizations/zte/").content.decode()
    agreements = section(page, "Agreements")
    assert agreements.count(">Milton Keynes Council, Yinchuan and ZTE three-way agreement</a>") == 1
    assert "three-way agreement</a> — Signatory; Implements the projects" in agreements
    initiatives = section(page, "Initiatives")
    assert initiatives.count(">CityLabs</a>") == 1
    assert re.search(r">CityLabs</a> — (Invests in it; Partner|Partner; Invests in it)", initiatives)


def test_a_city_lists_an_agreement_it_is_party_to_and_was_signed_in_once(seeded, visitor):
    agreements = section(visitor.get("/cities/yinchuan/").content.decode(), "Agreements")
    assert agreements.count(">Milton Keynes Council, Yinchuan and ZTE three-way agreement</a>") == 1
    assert "Signatory; Where the work takes place; signed here" in agreements
