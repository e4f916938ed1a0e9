"""Pages and endpoints run a fixed number of SQL queries, whether there are 10 or 1,000 agreements."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from agreements.models import Agreement, Announcement, Event
from citykb.core.models import CitedRecord

# The queries every anonymous API request runs besides its own: 6 count the client in the shared throttle
# table (citykb/throttling.py), 1 reads the data version its answer is kept under (agreements/caching.py).
PER_API_REQUEST = 7


@pytest.fixture(autouse=True)
def content_types_known(db):
    """A running site looks its content types up once and keeps them; the marks of unsourced facts
    (citykb.core.models.UnsourcedFact) a page prefetches are found by them."""
    ContentType.objects.get_for_models(*(model for model in apps.get_models() if issubclass(model, CitedRecord)))


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        # Each page reads the data version once (agreements/caching.py).
        ("/", 10),
        ("/agreements/", 11),  # 6 of them read the facet table, kept until the data changes
        ("/agreements/?status=signed&signed_from=2005&sort=title", 11),
        ("/agreements/export.csv", 3),
        ("/agreements/export.json", 11),
        ("/agreements/feed/", 11),
        ("/announcements/", 3),
        ("/events/", 4),
        ("/initiatives/", 4),
    ],
)
def test_list_pages_run_a_constant_number_of_queries(
    agreement_world, db, visitor, django_assert_max_num_queries, url, max_queries
):
    """Prevents a query per agreement for its parties, signing place, dates or aliases."""
    with django_assert_max_num_queries(max_queries):
        response = visitor.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "max_queries"),
    # Each anonymous API request runs PER_API_REQUEST more, whatever the rows.
    [
        ("/api/agreements/", 12 + PER_API_REQUEST),
        ("/api/announcements/", 4 + PER_API_REQUEST),
        ("/api/events/", 9 + PER_API_REQUEST),
        ("/api/initiatives/", 9 + PER_API_REQUEST),
    ],
)
def test_list_endpoints_run_a_constant_number_of_queries(
    agreement_world, db, api, django_assert_max_num_queries, url, max_queries
):
    """Prevents a query per record for parties, scope, attendances, roles, figures and each one's citations."""
    with django_assert_max_num_queries(max_queries):
        response = api.get(url)
    assert response.status_code == 200
    assert response.json()["count"] >= agreement_world


def test_agreement_page_runs_a_constant_number_of_queries(agreement_world, db, visitor, django_assert_max_num_queries):
    """Prevents a query per party, scope item or attendee, per citation's announcement, or per record drawn."""
    url = Agreement.objects.first().get_absolute_url()
    # 2 draw its connections: its parties and signatories, named; 1 reads its unsourced facts
    with django_assert_max_num_queries(15):
        response = visitor.get(url)
    assert response.status_code == 200


def test_event_page_runs_a_constant_number_of_queries(agreement_world, db, visitor, django_assert_max_num_queries):
    """Prevents a query per role, figure or citation on an event's page."""
    url = Event.objects.first().get_absolute_url()
    with django_assert_max_num_queries(12):  # 2 read the unsourced facts of the event and of agreements signed there
        response = visitor.get(url)
    assert response.status_code == 200


def test_announcement_page_runs_a_constant_number_of_queries(
    agreement_world, db, visitor, django_assert_max_num_queries
):
    """Prevents a query per known record while finding the mentions to link."""
    url = Announcement.objects.first().get_absolute_url()
    with django_assert_max_num_queries(16):
        response = visitor.get(url)
    assert response.status_code == 200
    assert response.context["mention_count"] >= 1


ADMIN_LISTS = sorted(
    (model._meta.label for model in admin.site._registry if model._meta.app_label in ("partners", "agreements")),
)


@pytest.mark.parametrize("label", ADMIN_LISTS)
def test_every_admin_list_runs_a_constant_number_of_queries(
    agreement_world, db, client, django_user_model, django_assert_max_num_queries, label
):
    """Prevents a query per row for a column that shows a linked record (a party's organization, say)."""
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "a-long-password"))
    app_label, model_name = label.lower().split(".")
    with django_assert_max_num_queries(6):
        response = client.get(
            f"/admin/{app_label}/{model_name}/", {"status": "all"} if model_name == "suggestion" else {}
        )
    assert response.status_code == 200
