"""The admin as an editor meets it in Chromium at 1280 pixels: models grouped as editors work, forms that fit."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(seeded_live, admin_tab, django_user_model):
    django_user_model.objects.create_superuser("ada", "ada@example.org", "a-long-password")
    admin_tab.set_viewport_size({"width": 1280, "height": 900})
    admin_tab.sign_in("ada", "a-long-password")
    return admin_tab


def test_the_admin_index_groups_models_as_editors_work(signed_in):
    tab = signed_in
    tab.goto("/admin/")
    tab.step("index")
    content = tab.locator("#content-main")
    sections = [caption.strip() for caption in content.locator("caption").all_text_contents()]
    assert sections == ["Partners", "Agreements", "Announcements and imports", "Administration"]
    first_rows = [
        content.locator(".module", has=tab.locator("caption", has_text=name))
        .locator("tbody th a")
        .first.text_content()
        .strip()
        for name in sections
    ]
    assert first_rows == ["Organizations", "Agreements", "Announcements", "Users"]
    partners = [row.strip() for row in content.locator(".module").first.locator("tbody th").all_text_contents()]
    assert partners[:3] == ["Organizations", "Cities", "People"]
    administration = [row.strip() for row in content.locator(".module").last.locator("tbody th").all_text_contents()]
    assert "Access attempts" in administration and "Organizations" not in administration
    rows = [row.strip() for row in content.locator("tbody th a").all_text_contents()]
    assert len(rows) == len(set(rows)) == 33, "every model is listed once"

    # An app's own page still lists that app's models.
    tab.goto("/admin/partners/")
    assert "Organizations" in tab.locator("#content-main").inner_text()


def test_an_organization_change_form_fits_a_1280_pixel_window(signed_in):
    tab = signed_in
    tab.goto("/admin/partners/organization/?q=ZTE")
    tab.get_by_role("link", name="ZTE", exact=True).click()
    tab.locator("#organization_form").wait_for()
    tab.step("zte")
    widths = tab.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], f"the form runs past the window's edge: {widths}"
    for group in tab.locator(".inline-group").all():
        box = group.bounding_box()
        assert box["x"] + box["width"] <= 1280
