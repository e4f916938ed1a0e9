"""An editor signed in to the admin, and the seed organization the edit tests change."""

import pytest
from django.contrib.auth.models import Group

from partners.models import Organization


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("edith", password="a-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def zte(seeded):
    return Organization.objects.get(slug="zte")
