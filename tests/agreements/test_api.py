import io

import pytest
from django.core.management import call_command

from agreements.models import Citation

THREE_WAY = "milton-keynes-yinchuan-zte-three-way-agreement"


def test_agreements_endpoint_lists_both_agreements_paginated(seeded, api):
    response = api.get("/api/agreements/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 2
    assert [a["slug"] for a in data["results"]] == [THREE_WAY, "nokia-tianfu-new-area-digital-city-mou"]


def test_an_agreement_gives_parties_signing_date_and_place_with_citations(seeded, api):
    agreement = api.get(f"/api/agreements/{THREE_WAY}/").json()
    assert agreement["title"] == "Milton Keynes Council, Yinchuan and ZTE three-way agreement"
    assert agreement["aliases"] == ["Yinchuan agreement"]
    assert agreement["url"] == f"http://testserver/agreements/{THREE_WAY}/"
    assert agreement["signed"] == {
        "display": "September 2017",
        "precision": "month",
        "approximate": False,
        "earliest": "2017-09-01",
        "latest": "2017-09-30",
        "iso": "2017-09",
        "edtf": "2017-09",
    }
    assert agreement["signed_in"]["slug"] == "yinchuan"
    assert {(p["name"], p["slug"], p["role"]) for p in agreement["parties"]} >= {
        ("Milton Keynes Council", "milton-keynes-council", "signatory"),
        ("Yinchuan", "yinchuan", "signatory"),
        ("ZTE", "zte", "signatory"),
    }
    for party in agreement["parties"]:
        assert party["citations"], party
    assert any("last month" in c["quote"] for c in agreement["signing_citations"])


def test_every_citation_in_the_api_points_at_its_exact_passage(seeded, api):
    agreement = api.get(f"/api/agreements/{THREE_WAY}/").json()
    quoted = agreement["citations"] + [c for p in agreement["parties"] for c in p["citations"]]
    for item in quoted:
        citation = Citation.objects.get(announcement__slug=item["announcement"], start=item["start"], end=item["end"])
        assert citation.quote == item["quote"]
        assert item["url"].endswith(f"#passage-{item['start']}-{item['end']}")


def test_an_unknown_signing_date_is_null_not_invented(seeded, api):
    mou = api.get("/api/agreements/nokia-tianfu-new-area-digital-city-mou/").json()
    assert mou["signed"]["precision"] == "unknown"
    assert mou["signed"]["iso"] is None and mou["signed"]["edtf"] is None
    assert mou["signed_in"] is None


@pytest.mark.parametrize(
    ("url", "count", "slug", "extra"),
    [
        ("/api/announcements/", 3, "nokia-smart-city", "body"),
        ("/api/events/", 2, "smart-city-infocus-2016", "held"),
        ("/api/initiatives/", 5, "smart-city-playbook", "started"),
        ("/api/organizations/", 10, "tm-forum", "kind"),
        ("/api/cities/", 5, "beijing", "country"),
        ("/api/people/", 8, "jeff-kagan", "affiliations"),
    ],
)
def test_every_endpoint_lists_and_details_its_records(seeded, api, url, count, slug, extra):
    listing = api.get(url).json()
    assert listing["count"] == count
    record = api.get(f"{url}{slug}/").json()
    assert record["slug"] == slug
    assert isinstance(record["aliases"], list)
    assert record["url"].startswith("http://testserver/")
    assert extra in record


def test_an_event_gives_its_city_dates_roles_and_figures(seeded, api):
    event = api.get("/api/events/smart-city-infocus-2016/").json()
    assert event["city"]["slug"] == "yinchuan"
    assert event["held"]["display"] == "2016"
    assert {"participant", "role", "citations"} <= set(event["roles"][0])
    speakers = next(f for f in event["figures"] if f["measure"] == "speakers")
    assert speakers["as_stated"] == "over 43 speakers" and speakers["qualifier"] == "more-than"


def test_announcements_keep_their_verbatim_body_and_dated_citation(seeded, api):
    announcement = api.get("/api/announcements/milton-keynes-council-yinchuan-zte-three-way-agreement/").json()
    assert announcement["body"].startswith(" date 2017-10-18 Milton Keynes Council has signed")
    assert announcement["published"]["iso"] == "2017-10-18"
    assert [c["quote"] for c in announcement["publication_citations"]] == ["date 2017-10-18"]


def test_late_2016_exports_as_edtf_and_iso_interval(seeded, api):
    playbook = api.get("/api/initiatives/smart-city-playbook/").json()
    assert playbook["started"]["display"] == "late 2016"
    assert playbook["started"]["edtf"] == "2016-39"
    assert playbook["started"]["iso"] == "2016-09/2016-12"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"party": "zte"}, [THREE_WAY]),
        ({"party": "nokia"}, ["nokia-tianfu-new-area-digital-city-mou"]),
        ({"city": "yinchuan"}, [THREE_WAY]),
        ({"city": "tianfu-new-area"}, ["nokia-tianfu-new-area-digital-city-mou"]),
        ({"kind": "mou"}, ["nokia-tianfu-new-area-digital-city-mou"]),
        ({"topic": "5g"}, [THREE_WAY]),
        ({"signed_from": "2017", "signed_to": "2017"}, [THREE_WAY]),
        ({"signed_from": "2018"}, []),
    ],
)
def test_agreements_filter(seeded, api, query, expected):
    results = api.get("/api/agreements/", query).json()["results"]
    assert [a["slug"] for a in results] == expected


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        ("/api/agreements/", {"signed_from": "soon"}, "signed_from"),
        ("/api/agreements/", {"signed_from": "2017.5"}, "signed_from"),
        ("/api/agreements/", {"signed_to": "99999999999"}, "signed_to"),
        ("/api/agreements/", {"party": "no-such-company"}, "party"),
        ("/api/agreements/", {"kind": "treaty"}, "kind"),
        ("/api/events/", {"year": "last"}, "year"),
        ("/api/announcements/", {"year": "-5"}, "year"),
        ("/api/organizations/", {"kind": "<script>"}, "kind"),
        ("/api/people/", {"organization": "%00"}, "organization"),
    ],
)
def test_filter_values_of_the_wrong_type_get_400_with_a_message(seeded, api, url, query, field):
    response = api.get(url, query)
    assert response.status_code == 400
    assert field in response.json()
    assert response.json()[field][0]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused(seeded, api, method):
    list_response = getattr(api, method)("/api/agreements/", {}, format="json")
    detail_response = getattr(api, method)(f"/api/agreements/{THREE_WAY}/", {}, format="json")
    assert list_response.status_code in (403, 405)
    assert detail_response.status_code in (403, 405)
    assert api.get(f"/api/agreements/{THREE_WAY}/").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/api/agreements/nope/", "/api/cities/nope/", "/api/events/a%20b/", "/api/people/%3Cx%3E/", "/api/nope/"],
)
def test_unknown_slugs_are_404_in_the_api(seeded, api, url):
    assert api.get(url).status_code == 404


def test_openapi_schema_describes_every_endpoint(seeded, api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for kind in ["agreements", "organizations", "cities", "people", "events", "initiatives", "announcements"]:
        assert f"/api/{kind}/" in paths
        assert f"/api/{kind}/{{slug}}/" in paths


def test_openapi_schema_generates_valid_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())
