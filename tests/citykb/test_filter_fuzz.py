"""Every filter parameter of the browser and the API, fed generated values: never a server error; a value
that cannot be used is answered with 400 and a message naming the parameter."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from agreements.api import AgreementViewSet, AnnouncementViewSet, EventViewSet, InitiativeViewSet
from agreements.filters import AgreementFilter
from agreements.timeline import TimelineForm
from partners.api import CityViewSet, OrganizationViewSet, PersonViewSet

# (address, the filter parameters it reads)
BROWSER = [
    ("/agreements/", [*AgreementFilter.base_filters, "page"]),
    ("/agreements/export.csv", list(AgreementFilter.base_filters)),
    ("/agreements/export.json", list(AgreementFilter.base_filters)),
    ("/agreements/feed/", list(AgreementFilter.base_filters)),
    ("/timeline/", [*TimelineForm.base_fields, "page"]),
]
API = [
    (f"/api/{name}/", [*viewset.filterset_class.base_filters, "page"])
    for name, viewset in [
        ("agreements", AgreementViewSet),
        ("announcements", AnnouncementViewSet),
        ("events", EventViewSet),
        ("initiatives", InitiativeViewSet),
        ("cities", CityViewSet),
        ("organizations", OrganizationViewSet),
        ("people", PersonViewSet),
    ]
]
VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "2017",
            "9999",
            "10000",
            "1e400",
            "NaN",
            "zte",
            "yinchuan",
            "mou",
            "signed",
            "\x00",
            "x" * 5000,
            "%00",
            "' OR 1=1 --",
            "<script>",
            "2017-09",
            "None",
            "true",
        ]
    ),
)


def params_for(addresses):
    return st.sampled_from(addresses).flatmap(
        lambda address: st.tuples(
            st.just(address[0]), st.dictionaries(st.sampled_from(address[1]), VALUES, min_size=1, max_size=3)
        )
    )


def check(response, params):
    # A page past the last one is not there (404), as with any paginated list.
    allowed = {200, 400, 404} if "page" in params else {200, 400}
    assert response.status_code in allowed, (response.status_code, params)
    if response.status_code == 400:
        body = response.content.decode()
        assert any(name in body for name in params), f"the message names the parameter: {params}"


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(call=params_for(BROWSER))
@example(call=("/agreements/", {"signed_from": "abc"}))
@example(call=("/agreements/", {"party": "\x00"}))
@example(call=("/timeline/", {"city": "nowhere"}))
@example(call=("/agreements/", {"page": "999999"}))
@example(call=("/agreements/feed/", {"q": "\x1b"}))  # XML cannot carry it: found by this test
def test_browser_filters_never_fail(seeded, visitor, call):
    address, params = call
    response = visitor.get(address, params)
    check(response, params)


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(call=params_for(API))
@example(call=("/api/agreements/", {"signed_from": "1e400"}))
@example(call=("/api/organizations/", {"kind": "\x00"}))
@example(call=("/api/events/", {"page": "-1"}))
def test_api_filters_never_fail(seeded, api, call):
    address, params = call
    response = api.get(address, params)
    check(response, params)


def test_bad_values_get_400_with_a_message(seeded, visitor, api):
    page = visitor.get("/agreements/", {"signed_from": "abc"})
    assert page.status_code == 400 and "Enter a whole number" in page.content.decode()
    assert visitor.get("/timeline/", {"city": "nowhere"}).status_code == 400
    answer = api.get("/api/agreements/", {"kind": "treaty"})
    assert answer.status_code == 400 and "kind" in answer.json()


def test_the_feed_carries_a_title_with_a_control_character_without_it(seeded, visitor):
    from xml.etree import ElementTree

    from agreements.models import Agreement

    Agreement.objects.create(title="Bell\x07 agreement", slug="bell-agreement", summary="Tab\tand\x1bescape")
    feed = visitor.get("/agreements/feed/")
    assert feed.status_code == 200
    titles = [e.text for e in ElementTree.fromstring(feed.content).iter("{http://www.w3.org/2005/Atom}title")]
    assert "Bell agreement" in titles
