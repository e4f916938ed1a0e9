"""An editor in Chromium corrects a partner record, finds the change in search at once, sees and reverts it."""

import re

import pytest
from django.contrib.auth.models import Group, Permission

pytestmark = pytest.mark.browser


def test_an_editor_corrects_a_record_and_reverts_it(seeded_live, admin_tab, django_user_model):
    editor = django_user_model.objects.create_user("edith", password="a-long-password", is_staff=True)
    editors, made = Group.objects.get_or_create(name="Editors")
    if made:  # transactional tests flush the groups the migrations made
        editors.permissions.add(*Permission.objects.filter(codename__endswith="_organization"))
    editor.groups.add(editors)
    tab = admin_tab
    tab.sign_in("edith", "a-long-password")

    tab.goto("/admin/partners/organization/?q=ZTE")
    tab.get_by_role("link", name="ZTE", exact=True).click()
    tab.fill("#id_description", "Makers of the Axon phones and of smart city networks.")
    tab.get_by_label("Keep these sources: the new value still says what they quote").check()
    tab.step("1-correcting")
    tab.get_by_role("button", name="Save", exact=True).click()
    tab.get_by_text("was changed successfully").wait_for()

    tab.goto("/search/?q=Axon")
    assert tab.get_by_role("link", name="ZTE").count() >= 1, "the change is found by search at once"
    tab.step("2-found")

    tab.goto("/admin/partners/organization/?q=ZTE")
    tab.get_by_role("link", name="ZTE", exact=True).click()
    tab.get_by_role("link", name="History").click()
    changes = tab.locator("#change-history")
    assert "Makers of the Axon phones" in changes.inner_text() and "edith" in changes.inner_text()
    tab.step("3-history")
    changes.locator("tbody tr").last.get_by_role("link").click()  # the oldest version
    tab.wait_for_url(re.compile(r"/history/\d+/$"))
    assert "Axon" not in tab.locator("#id_description").input_value()
    tab.get_by_label("Keep these sources: the new value still says what they quote").check()
    tab.get_by_role("button", name="Revert").click()
    tab.get_by_text("was changed successfully").wait_for()
    tab.step("4-reverted")

    tab.goto("/search/?q=Axon")
    assert tab.get_by_role("link", name="ZTE").count() == 0, "the reverted record is indexed again"
    tab.goto("/organizations/zte/")
    assert "Axon" not in tab.locator("main").inner_text()


def test_an_editor_marks_a_changed_description_unsourced_and_finds_it_listed(seeded_live, admin_tab, django_user_model):
    editor = django_user_model.objects.create_user("edith", password="a-long-password", is_staff=True)
    editors, made = Group.objects.get_or_create(name="Editors")
    if made:  # transactional tests flush the groups the migrations made
        editors.permissions.add(
            *Permission.objects.filter(codename__endswith="_organization"),
            *Permission.objects.filter(codename__endswith="_unsourcedfact"),
        )
    editor.groups.add(editors)
    tab = admin_tab
    tab.sign_in("edith", "a-long-password")

    tab.goto("/admin/partners/organization/?q=ZTE")
    tab.get_by_role("link", name="ZTE", exact=True).click()
    sources = tab.locator("fieldset", has_text="Sources of the stated facts")
    assert "For its name, kind, country, city, parent and description" in sources.inner_text()
    tab.fill("#id_description", "The largest maker of smart city lamp posts in Europe.")
    tab.get_by_role("button", name="Save", exact=True).click()
    tab.get_by_text("Nothing is saved until you say whether").wait_for()
    tab.step("1-asked")
    tab.get_by_label("Mark it unsourced", exact=False).check()
    tab.get_by_role("button", name="Save", exact=True).click()
    tab.get_by_text("was changed successfully").wait_for()
    tab.step("2-marked")

    tab.goto("/organizations/zte/")
    summary = tab.locator("p.summary")
    assert "lamp posts" in summary.inner_text() and "no source yet" in summary.inner_text()
    tab.step("3-public-page")

    tab.goto("/admin/core/unsourcedfact/")
    tab.get_by_role("link", name="Organization: ZTE").click()
    tab.wait_for_url(re.compile(r"/admin/partners/organization/\d+/change/$"))
    tab.step("4-listed")
