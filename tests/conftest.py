import pytest
from django.test import Client
from rest_framework.test import APIClient

from agreements.loading import load_fixtures


@pytest.fixture
def seeded(db):
    """The three seed announcements and every curated record, loaded as `make run` loads them."""
    load_fixtures()


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture
def api():
    return APIClient()
