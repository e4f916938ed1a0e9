"""Every change editors make is kept: who changed what and when, a diff, revert, and deleted records restored."""

import re

from partners.models import Affiliation, Organization, OrganizationAlias, Person
from search.indexing import rebuild
from tests.admin_pages import submit

ZTE_ADMIN = "/admin/partners/organization/{pk}/"


def rename(editor, record, name, captured):
    with captured(execute=True):
        # A name is a stated fact: the editor says its passages still state it (test_unsourced_facts).
        response = submit(
            editor, ZTE_ADMIN.format(pk=record.pk) + "change/", {"name": name, "citations_choice": "keep"}
        )
    assert response.status_code == 302, response.content.decode()[:3000]


def search_titles(client, text):
    return client.get("/search/", {"q": text}).content.decode()


def test_loaded_records_start_with_a_version_that_can_be_reverted_to(zte):
    first = zte.history.earliest()
    assert first.history_type == "+" and first.history_change_reason == "Loaded from the fixture files"
    assert sorted(first.citations.values_list("citation_id", flat=True)) == sorted(
        zte.citations.values_list("pk", flat=True)
    )


def test_the_history_page_shows_who_changed_what_and_the_difference(zte, editor, django_capture_on_commit_callbacks):
    rename(editor, zte, "ZTE Corp (renamed)", django_capture_on_commit_callbacks)
    latest = zte.history.latest()
    assert latest.history_user == editor.user and latest.name == "ZTE Corp (renamed)"
    page = editor.get(ZTE_ADMIN.format(pk=zte.pk) + "history/").content.decode()
    assert "edith" in page
    assert re.search(r"<strong>name:</strong>\s*ZTE\s*&nbsp;&rarr;&nbsp;&nbsp;ZTE Corp \(renamed\)", page, re.I)
    assert "Loaded from the fixture files" in page


def test_a_change_is_found_by_search_at_once_and_a_revert_puts_it_back(
    zte, editor, visitor, django_capture_on_commit_callbacks
):
    rebuild()
    rename(editor, zte, "Zhongxing Telecom Equipment", django_capture_on_commit_callbacks)
    assert "/organizations/zte/" in search_titles(visitor, "Zhongxing")

    first = zte.history.earliest()
    version_page = ZTE_ADMIN.format(pk=zte.pk) + f"history/{first.history_id}/"
    shown = editor.get(version_page).content.decode()
    assert 'value="ZTE"' in shown, "the old version's values are in the form"
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(editor, version_page, {"citations_choice": "keep"})
    assert response.status_code == 302
    zte.refresh_from_db()
    assert zte.name == "ZTE"
    assert "/organizations/zte/" not in search_titles(visitor, "Zhongxing"), "the reverted record is indexed again"
    assert zte.history.count() == 3


def test_a_revert_brings_back_the_passages_a_version_cited(zte, editor, django_capture_on_commit_callbacks):
    cited_before = set(zte.citations.values_list("pk", flat=True))
    assert cited_before
    zte.citations.clear()
    first = zte.history.earliest()
    with django_capture_on_commit_callbacks(execute=True):
        submit(editor, ZTE_ADMIN.format(pk=zte.pk) + f"history/{first.history_id}/")
    assert set(zte.citations.values_list("pk", flat=True)) == cited_before


def test_a_deleted_record_is_listed_and_restored_with_its_aliases_and_passages(
    seeded, editor, visitor, django_capture_on_commit_callbacks
):
    lab = Organization.objects.create(name="Yinchuan Smart City Lab", slug="yinchuan-smart-city-lab")
    lab.aliases.create(name="YSCL")
    lab.aliases.create(name="Smart City Lab")
    lab.citations.set(Organization.objects.get(slug="zte").citations.all())
    pk, aliases = lab.pk, sorted(lab.alias_names)
    cited = set(lab.citations.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        deleted = editor.post(ZTE_ADMIN.format(pk=pk) + "delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not Organization.objects.filter(pk=pk).exists()
    assert not OrganizationAlias.objects.filter(organization_id=pk).exists()

    listing = editor.get("/admin/partners/organization/").content.decode()
    assert "/admin/partners/organization/deleted/" in listing
    deleted_page = editor.get("/admin/partners/organization/deleted/").content.decode()
    assert "Yinchuan Smart City Lab" in deleted_page and "edith" in deleted_page
    deletion = Organization.history.filter(id=pk, history_type="-").get()

    with django_capture_on_commit_callbacks(execute=True):
        restored = editor.post(f"/admin/partners/organization/deleted/{deletion.history_id}/restore/", follow=True)
    assert "Restored “Yinchuan Smart City Lab” and" in restored.content.decode()
    lab = Organization.objects.get(pk=pk)
    assert sorted(lab.alias_names) == aliases
    assert set(lab.citations.values_list("pk", flat=True)) == cited
    assert "YSCL" in visitor.get(lab.get_absolute_url()).content.decode()
    assert "Yinchuan Smart City Lab" not in editor.get("/admin/partners/organization/deleted/").content.decode()
    assert lab.history.filter(history_change_reason="Restored").exists()


def test_a_record_that_refers_to_something_gone_is_not_restored_and_says_why(seeded, editor):
    maker = Organization.objects.create(name="Short-lived Maker", slug="short-lived-maker")
    alias = maker.aliases.create(name="SLM")
    alias_pk = alias.pk
    alias.delete()
    maker.delete()  # later, on its own: the alias's organization is gone
    deletion = OrganizationAlias.history.get(id=alias_pk, history_type="-")
    response = editor.post(f"/admin/partners/organizationalias/deleted/{deletion.history_id}/restore/", follow=True)
    assert "Organization alias “SLM” cannot be restored: its organization was deleted separately." in (
        response.content.decode()
    )
    assert not OrganizationAlias.objects.filter(pk=alias_pk).exists()


def test_history_and_deleted_records_are_for_editors_only(zte, visitor, client, django_user_model):
    for url in (ZTE_ADMIN.format(pk=zte.pk) + "history/", "/admin/partners/organization/deleted/"):
        assert visitor.get(url).status_code == 302  # to the sign-in page
    staff = django_user_model.objects.create_user("no-role", password="a-long-password", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/partners/organization/deleted/").status_code == 403
    deletion_page = "/admin/partners/organization/deleted/1/restore/"
    assert client.post(deletion_page).status_code in (403, 404)


def test_a_part_deleted_with_its_owner_is_listed_explained_and_restored_with_it(seeded, editor):
    person = Person.objects.create(name="Temp Person", slug="temp-person")
    affiliation = person.affiliations.create(organization=Organization.objects.get(slug="zte"), title="Adviser")
    person_pk, affiliation_pk = person.pk, affiliation.pk
    editor.post(f"/admin/partners/person/{person_pk}/delete/", {"post": "yes"})  # takes the affiliation with it
    assert not Affiliation.objects.filter(pk=affiliation_pk).exists()

    listing = editor.get("/admin/partners/affiliation/deleted/")
    assert listing.status_code == 200 and f"Affiliation #{affiliation_pk}" in listing.content.decode()
    history = editor.get(f"/admin/partners/affiliation/{affiliation_pk}/history/", follow=True)
    assert "names a record that has been deleted since: restore that record first" in history.content.decode()
    # Deleted in one request, they come back together, whichever of them is restored.
    part = Affiliation.history.get(id=affiliation_pk, history_type="-")
    restored = editor.post(f"/admin/partners/affiliation/deleted/{part.history_id}/restore/", follow=True)
    assert "and 1 record(s) deleted with it." in restored.content.decode()
    assert Affiliation.objects.get(pk=affiliation_pk).person_id == person_pk

    whole = Person.history.get(id=person_pk, history_type="-")
    again = editor.post(f"/admin/partners/person/deleted/{whole.history_id}/restore/", follow=True)
    assert "“Temp Person” has been restored already." in again.content.decode()
