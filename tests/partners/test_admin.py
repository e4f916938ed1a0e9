"""Editing a record in the admin: a form read before someone else's change cannot silently undo it."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from partners.merging import merge_records
from partners.models import Organization
from tests.admin_pages import form_fields


def signed_in_editor(django_user_model, username):
    user = django_user_model.objects.create_user(username, password="a-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def alice(seeded, django_user_model):
    return signed_in_editor(django_user_model, "alice")


@pytest.fixture
def bob(seeded, django_user_model):
    return signed_in_editor(django_user_model, "bob")


def change_url(record):
    return f"/admin/partners/organization/{record.pk}/change/"


def opened(browser, record):
    """The change form as the editor's browser holds it: every field, read now."""
    return form_fields(browser.get(change_url(record)).content.decode())


def test_a_save_from_a_form_read_before_another_editors_change_is_refused(alice, bob):
    zte = Organization.objects.get(slug="zte")
    alices_form, bobs_form = opened(alice, zte), opened(bob, zte)
    renamed = alice.post(change_url(zte), {**alices_form, "name": "ZTE Corporation", "citations_choice": "keep"})
    assert renamed.status_code == 302

    stale = bob.post(change_url(zte), {**bobs_form, "website": "https://www.zte.com"})
    assert stale.status_code == 200, "the stale form is shown again, not saved"
    page = stale.content.decode()
    assert "changed since you opened this form" in page
    assert "by alice, name “ZTE” → “ZTE Corporation”" in page, "it shows who changed what"
    zte.refresh_from_db()
    assert zte.name == "ZTE Corporation" and zte.website != "https://www.zte.com"


def test_a_form_read_after_the_change_saves(alice, bob):
    zte = Organization.objects.get(slug="zte")
    alice.post(change_url(zte), {**opened(alice, zte), "name": "ZTE Corporation", "citations_choice": "keep"})
    saved = bob.post(change_url(zte), {**opened(bob, zte), "website": "https://www.zte.com"})
    assert saved.status_code == 302
    zte.refresh_from_db()
    assert (zte.name, zte.website) == ("ZTE Corporation", "https://www.zte.com")


def test_resubmitting_after_seeing_the_change_saves_what_the_editor_then_chose(alice, bob):
    zte = Organization.objects.get(slug="zte")
    bobs_form = opened(bob, zte)
    alice.post(change_url(zte), {**opened(alice, zte), "name": "ZTE Corporation", "citations_choice": "keep"})
    refused = bob.post(change_url(zte), {**bobs_form, "website": "https://www.zte.com"})
    # Bob has now seen Alice's rename listed; the form he is shown again carries the record's new version.
    again = form_fields(refused.content.decode())
    saved = bob.post(change_url(zte), {**again, "name": "ZTE Corporation"})
    assert saved.status_code == 302
    zte.refresh_from_db()
    assert (zte.name, zte.website) == ("ZTE Corporation", "https://www.zte.com")


def test_a_stale_form_of_a_merge_survivor_cannot_drop_what_the_merge_brought(alice):
    survivor = Organization.objects.create(name="Acme", slug="acme")
    duplicate = Organization.objects.create(name="Acme Ltd", slug="acme-ltd", website="https://acme.example")
    stale_form = opened(alice, survivor)
    merge_records(survivor, [duplicate])

    stale = alice.post(change_url(survivor), {**stale_form, "kind": "company", "citations_choice": "keep"})
    assert stale.status_code == 200
    assert "Merged Acme Ltd" in stale.content.decode(), "the merge is named among the changes"
    survivor.refresh_from_db()
    assert survivor.website == "https://acme.example" and survivor.kind == "other"


NUL_QUERIES = [
    ("/admin/partners/organization/", {"q": "zte\x00"}),
    ("/admin/partners/organization/", {"country": "Ch\x00ina"}),
    ("/admin/partners/organization/", {"kind": "\x00"}),
    ("/admin/agreements/agreement/", {"kind": "\x00"}),
    ("/admin/core/unsourcedfact/", {"q": "\x00"}),
    ("/admin/agreements/agreement/", {"q": "\x00"}),
    ("/admin/agreements/suggestion/", {"kind": "\x00", "status": "pend\x00ing"}),
    ("/admin/agreements/importreport/", {"outcome": "\x00"}),
    (
        "/admin/autocomplete/",
        {"app_label": "partners", "model_name": "organization", "field_name": "city", "term": "Yin\x00"},
    ),
]


@pytest.mark.parametrize(("url", "query"), NUL_QUERIES)
def test_a_nul_character_in_an_admin_search_or_filter_is_no_server_error(alice, url, query):
    """PostgreSQL refuses a NUL in any query: the admin drops it from what an editor typed (nothing stored has one)."""
    assert alice.get(url, query).status_code in (200, 302)
