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


def test_behind_a_proxy_guessing_locks_out_the_guesser_not_the_editor(seeded, client, django_user_model, settings):
    """Behind nginx every request comes from the proxy's address; the client is the address it forwards."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "a-guess"},
            **proxy,
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    guesser = client.post(
        "/admin/login/",
        {"username": "editor", "password": "the-right-password"},
        **proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    assert guesser.status_code == 429
    # The guesser cannot pass as someone else by sending an address of its own in front.
    spoofing = client.post(
        "/admin/login/",
        {"username": "editor", "password": "a-guess"},
        **proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.66",
    )
    assert spoofing.status_code == 429
    editor = client.post(
        "/admin/login/",
        {"username": "editor", "password": "the-right-password"},
        **proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert editor.status_code == 302, "the editor, at another address behind the same proxy, still signs in"


def test_without_a_configured_proxy_a_forwarded_address_does_not_escape_the_lockout(seeded, client, django_user_model):
    django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)
    statuses = [
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "a-guess"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(6)
    ]
    assert statuses == [200] * 4 + [429, 429]
