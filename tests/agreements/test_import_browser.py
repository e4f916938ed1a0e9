"""A reviewer in Chromium: imports a press release, accepts what the linker found, sees the links on the site."""

import re

import pytest
from django.contrib.auth.models import Group, Permission

pytestmark = pytest.mark.browser

PRESS_RELEASE = "Huawei Technologies signed a smart city agreement with ZTE in Yinchuan on 18 October 2017."


def test_a_reviewer_imports_a_press_release_and_accepts_its_links(seeded_live, admin_tab, django_user_model):
    reviewer = django_user_model.objects.create_user("rita", password="a-long-password", is_staff=True)
    reviewers, made = Group.objects.get_or_create(name="Reviewers")
    if made:  # transactional tests flush the groups the migrations made: give it what this walk needs
        needed = [
            "add_announcement",
            "view_announcement",
            "view_importreport",
            "view_suggestion",
            "change_suggestion",
            "review_suggestion",
        ]
        reviewers.permissions.add(*Permission.objects.filter(codename__in=needed))
    reviewer.groups.add(reviewers)
    tab = admin_tab
    tab.sign_in("rita", "a-long-password")
    tab.goto("/admin/agreements/announcement/")
    tab.get_by_role("link", name="Import an announcement").click()
    tab.fill("#id_text", PRESS_RELEASE)
    tab.fill("#id_title", "Huawei joins Yinchuan")
    tab.fill("#id_published", "October 2017")
    tab.step("1-import-form")
    tab.get_by_role("button", name="Import").click()
    tab.wait_for_url(re.compile(r"/admin/agreements/importreport/\d+/draft/"))
    assert "review the draft of its records" in tab.content()
    assert "Huawei Technologies" in tab.content()
    tab.step("2-import-report")

    def accept(label):
        tab.goto("/admin/agreements/suggestion/")
        row = tab.locator("#result_list tbody tr").filter(has=tab.get_by_role("link", name=label))
        row.locator("input.action-select").check()
        tab.select_option("select[name=action]", "accept_selected")
        tab.step(f"3-accepting-{label.pattern.strip('^$')[:20]}")
        tab.get_by_role("button", name="Go").click()
        tab.get_by_text("1 suggestion(s) decided.").wait_for()

    accept(re.compile("^ZTE$"))
    accept(re.compile("^Huawei Technologies$"))
    accept(re.compile("^Agreement between"))
    tab.step("4-accepted")

    tab.goto("/organizations/huawei-technologies/")
    assert tab.get_by_role("heading", level=1).inner_text() == "Huawei Technologies"
    tab.get_by_role("link", name=re.compile("Agreement between")).first.click()
    assert "ZTE" in tab.locator("main").inner_text() and "Yinchuan" in tab.locator("main").inner_text()
    tab.step("5-new-agreement")
    tab.goto("/organizations/zte/")
    assert tab.get_by_role("link", name="Huawei joins Yinchuan").count() >= 1
