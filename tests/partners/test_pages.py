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
    partners = {str(partner): [a.slug for a in agreements] for partner, agreements in response.context["partners"]}
    three_way = ["milton-keynes-yinchuan-zte-three-way-agreement"]
    assert partners == {"Milton Keynes Council": three_way, "Milton Keynes": three_way, "Yinchuan": three_way}
    page = response.content.decode()
    assert "<h2>Partners</h2>" in page and 'href="/organizations/milton-keynes-council/"' in page
    nokia = {str(partner) for partner, _agreements in visitor.get("/organizations/nokia/").context["partners"]}
    assert nokia == {"Tianfu New Area Chengdu Administrative Committee", "Tianfu New Area"}
