import pytest


def test_people_list_their_affiliations_with_titles_and_citations(seeded, api):
    person = api.get("/api/people/luo-qiang/").json()
    assert person["name"] == "Luo Qiang"
    assert person["aliases"] == ["Mr. Luo Qiang"]
    (affiliation,) = person["affiliations"]
    assert affiliation["title"] == "Mayor of Chengdu"
    assert affiliation["city"]["slug"] == "chengdu" and affiliation["organization"] is None
    assert affiliation["citations"][0]["quote"] == "Mr. Luo Qiang, Mayor of Chengdu"


def test_organizations_give_kind_country_home_city_and_parent(seeded, api):
    institute = api.get("/api/organizations/knowledge-media-institute/").json()
    assert institute["kind"] == "university"
    assert institute["parent"]["slug"] == "open-university"
    zte = api.get("/api/organizations/zte/").json()
    assert zte["country"] == "China" and "ZTE Corporation" in zte["aliases"]
    assert zte["url"] == "http://testserver/organizations/zte/"


def test_cities_give_their_larger_city_and_stated_population(seeded, api):
    tianfu = api.get("/api/cities/tianfu-new-area/").json()
    assert tianfu["parent"]["slug"] == "chengdu"
    assert tianfu["population"] is None
    yinchuan = api.get("/api/cities/yinchuan/").json()
    assert yinchuan["population"]["as_stated"] == "only two million people"


@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        ("/api/organizations/", {"kind": "government"}, 4),
        ("/api/organizations/", {"country": "china"}, 2),
        ("/api/organizations/", {"city": "beijing"}, 1),
        ("/api/people/", {"organization": "milton-keynes-council"}, 2),
        ("/api/cities/", {"parent": "chengdu"}, 1),
    ],
)
def test_partner_endpoints_filter(seeded, api, url, query, expected):
    assert api.get(url, query).json()["count"] == expected


@pytest.mark.parametrize("url", ["/api/organizations/", "/api/cities/", "/api/people/"])
def test_partner_endpoints_refuse_writes(seeded, api, url):
    assert api.post(url, {"name": "X", "slug": "x"}, format="json").status_code == 405
