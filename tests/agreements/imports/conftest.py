"""What the import tests share: a press release to import, and signing in as an Editor or a Reviewer."""

import pytest
from django.contrib.auth.models import Group

PRESS_RELEASE = """<html><head><title>Ignored</title><meta charset="utf-8">
<script>alert("not text")</script></head><body>
<h1>Huawei Technologies and ZTE sign a smart city agreement with Yinchuan</h1>
<p>On 18 October 2017 Huawei Technologies signed a strategic agreement with ZTE and the city of Yinchuan.</p>
<p>The zte-like brand is not ZTE, and neither is ZTEX. The project is worth close to £1 million for Yinchuan.</p>
</body></html>"""


def member_of(client, django_user_model, group):
    user = django_user_model.objects.create_user(f"{group.lower()}-user", password="a-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client, django_user_model):
    return member_of(client, django_user_model, "Editors")
