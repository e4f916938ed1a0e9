"""Partner pages and endpoints run a fixed number of SQL queries, whether there are 10 or 500 agreements."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from citykb.core.models import CitedRecord
from partners.models import City, Organization, Person
from tests.agreements.test_query_counts import PER_API_REQUEST


@pytest.fixture(autouse=True)
def content_types_known(db):
    """A running site looks its content types up once and keeps them; the marks of unsourced facts
    (citykb.core.models.UnsourcedFact) a page prefetches are found by them."""
    ContentType.objects.get_for_models(*(model for model in apps.get_models() if issubclass(model, CitedRecord)))


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        ("/organizations/", 4),  # one reads the data version
        ("/cities/", 4),
        ("/people/", 5),
        ("/api/organizations/", 4 + PER_API_REQUEST),
        ("/api/cities/", 6 + PER_API_REQUEST),
        ("/api/people/", 6 + PER_API_REQUEST),
    ],
)
def test_partner_lists_run_a_constant_number_of_queries(
    agreement_world, db, client, django_assert_max_num_queries, url, max_queries
):
    """Prevents a query per record for its home city, larger city, aliases, affiliations or citations."""
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200


# Two of each draw the page's connections graph (its parties, signings or affiliations, names joined in); one
# reads the record's unsourced facts (and one a city's agreements signed there).
@pytest.mark.parametrize(
    ("model", "linked", "max_queries"),
    [(Organization, "agreement_roles", 20), (City, "agreement_roles", 20), (Person, "signing_attendances", 13)],
)
def test_partner_pages_run_a_constant_number_of_queries(
    agreement_world, db, client, django_assert_max_num_queries, model, linked, max_queries
):
    """Prevents a query per agreement, role, affiliation or citation listed on the page, or per record drawn."""
    record = model.objects.filter(**{f"{linked}__isnull": False}).first()
    url = record.get_absolute_url()
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200
