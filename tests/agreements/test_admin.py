"""Every model can be edited in the admin; visitors cannot reach it."""

import pytest
from django.apps import apps
from django.contrib import admin

from agreements.models import AnnouncementBand, AnnouncementMention
from citykb.core.history import is_history_model
from citykb.core.models import DataVersion

# Every record model; the data version, the mention index and the likeness bands are worked out, never edited.
PROJECT_MODELS = [
    model
    for app in ("partners", "agreements")
    for model in apps.get_app_config(app).get_models()
    if model not in (DataVersion, AnnouncementMention, AnnouncementBand) and not is_history_model(model)
]


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "a-long-password")
    client.force_login(user)
    return client


def test_every_model_is_registered_in_the_admin():
    unregistered = [model._meta.label for model in PROJECT_MODELS if not admin.site.is_registered(model)]
    assert unregistered == []


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda model: model._meta.label)
def test_every_admin_list_and_edit_page_opens(seeded, superuser_client, model):
    opts = model._meta
    changelist = superuser_client.get(f"/admin/{opts.app_label}/{opts.model_name}/", follow=True)
    assert changelist.status_code == 200
    record = model.objects.first()
    if record is not None:
        change = superuser_client.get(f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/change/")
        assert change.status_code == 200


def test_admin_search_finds_records_by_alias(seeded, superuser_client):
    page = superuser_client.get("/admin/partners/organization/", {"q": "ZTE Corporation"}).content.decode()
    assert "1 result" in page


def test_anonymous_visitors_are_sent_to_the_login_page(seeded, client):
    response = client.get("/admin/partners/organization/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_every_link_of_every_admin_form_is_chosen_by_autocomplete(rf, admin_user):
    """A select of every organization or passage does not scale; an autocomplete box searches them."""
    request = rf.get("/admin/")
    request.user = admin_user
    plain_selects = []
    for model in PROJECT_MODELS:
        model_admin = admin.site._registry[model]
        forms = [(model, model_admin, None)] + [
            (inline.model, inline(model, admin.site), model) for inline in model_admin.inlines
        ]
        for form_model, form_admin, parent in forms:
            chosen = set(form_admin.get_autocomplete_fields(request)) | set(form_admin.get_readonly_fields(request))
            shown = set(form_admin.get_fields(request))
            for field in form_model._meta.get_fields():
                links = field.concrete and (field.many_to_one or field.many_to_many) and field.name in shown
                if links and field.name not in chosen and field.related_model is not parent:
                    plain_selects.append(f"{type(form_admin).__name__}.{field.name}")
    assert plain_selects == []


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda model: model._meta.label)
def test_every_admin_list_finds_rows_by_typing(seeded, superuser_client, model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields, "an editor finds a row by typing part of what it says"
    opts = model._meta
    response = superuser_client.get(f"/admin/{opts.app_label}/{opts.model_name}/", {"q": "Yinchuan"}, follow=True)
    assert response.status_code == 200 and "errornote" not in response.content.decode()
