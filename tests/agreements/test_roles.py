"""Editors and Reviewers edit records; nobody else reaches the admin; guessing passwords gets locked out."""

import pytest
from django.contrib.auth.models import Group

from partners.models import Organization


def member_of(django_user_model, client, group):
    user = django_user_model.objects.create_user(f"{group.lower()}-1", password="a-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.mark.parametrize("group", ["Editors", "Reviewers"])
def test_an_editor_changes_partner_records_but_manages_no_users(seeded, client, django_user_model, group):
    editor = member_of(django_user_model, client, group)
    zte = Organization.objects.get(slug="zte")
    page = editor.get(f"/admin/partners/organization/{zte.pk}/change/")
    assert page.status_code == 200
    for url in ("/admin/agreements/agreement/", "/admin/agreements/announcement/", "/admin/agreements/citation/"):
        assert editor.get(url).status_code == 200
    assert editor.get("/admin/auth/user/").status_code == 403
    assert editor.get("/admin/auth/group/").status_code == 403
    assert editor.get("/admin/agreements/dataversion/").status_code in (403, 404)


def test_the_roles_grant_exactly_the_record_permissions(db):
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"change_organization", "add_announcement", "change_citation", "delete_agreement"} <= editors
    assert not {codename for codename in editors if codename.endswith(("_user", "_group", "_permission"))}
    assert not {"change_dataversion", "change_announcementmention"} & editors
    reviewers = set(Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True))
    assert editors <= reviewers


def test_a_visitor_cannot_reach_the_admin_or_write_through_the_api(seeded, client):
    assert client.get("/admin/partners/organization/").status_code == 302
    assert client.post("/api/organizations/", {"name": "X"}).status_code in (403, 405)


def test_repeated_failed_sign_ins_lock_the_user_out_with_a_clear_message(seeded, client, django_user_model):
    django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)
    for _ in range(4):
        failed = client.post("/admin/login/", {"username": "editor", "password": "a-guess"})
        assert failed.status_code == 200 and "Please enter the correct username and password" in failed.text
    fifth = client.post("/admin/login/", {"username": "editor", "password": "a-guess"})
    assert fifth.status_code == 429, "the fifth failure locks the user name out from this address"
    locked = client.post("/admin/login/", {"username": "editor", "password": "the-right-password"})
    assert locked.status_code == 429
    assert "Sign-in locked for now" in locked.text and "15 minutes" in locked.text
    # Another user name from the same address may still sign in.
    django_user_model.objects.create_user("reviewer", password="another-password", is_staff=True)
    signed_in = client.post("/admin/login/", {"username": "reviewer", "password": "another-password"})
    assert signed_in.status_code == 302
