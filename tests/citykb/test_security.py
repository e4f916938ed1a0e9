"""The security baseline: the deploy check, headers on every response, CSRF, read-only API, no open redirects."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from partners.models import Organization

PAGES = [
    "/",
    "/agreements/",
    "/agreements/export.csv",
    "/agreements/feed/",
    "/organizations/zte/",
    "/announcements/",
    "/timeline/",
    "/network/",
    "/search/?q=Yinchuan",
    "/api/agreements/",
    "/api/schema/",
    "/api/docs/",
    "/admin/login/",
    "/no-such-page/",
    "/agreements/?signed_from=not-a-year",
]


def test_production_settings_pass_the_deploy_check_without_a_warning():
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-production-secret-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "citykb.example",
        "DJANGO_SETTINGS_MODULE": "citykb.settings",
    }
    environment.pop("DJANGO_SECURE_SSL", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests' live server, never in deployment
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_the_security_headers(seeded, visitor, url):
    response = visitor.get(url)
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";") if directive
    )
    assert policy["script-src"] == "'self'", "no inline or foreign script"
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    if url != "/api/docs/":  # Swagger UI draws with <style> elements; see citykb/urls.py
        assert "unsafe-inline" not in policy["style-src"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_change_without_its_csrf_token_is_refused_and_changes_nothing(seeded, django_user_model):
    editor = django_user_model.objects.create_user("edith", password="a-long-password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/admin/login/", {"username": "edith", "password": "a-long-password"}).status_code == 403
    browser.force_login(editor)
    zte = Organization.objects.get(slug="zte")
    forged = browser.post(f"/admin/partners/organization/{zte.pk}/change/", {"name": "Forged", "slug": "zte"})
    assert forged.status_code == 403
    assert browser.post(f"/admin/partners/organization/{zte.pk}/delete/", {"post": "yes"}).status_code == 403
    zte.refresh_from_db()
    assert zte.name == "ZTE"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_refuses_every_write(seeded, api, django_user_model, method):
    api.force_authenticate(django_user_model.objects.create_superuser("admin", "a@example.com", "a-long-password"))
    for url in ("/api/organizations/", "/api/organizations/zte/", "/api/agreements/", "/api/search/"):
        response = getattr(api, method)(url, {"name": "Written"}, format="json")
        assert response.status_code in (403, 405), (method, url, response.status_code)
    assert Organization.objects.get(slug="zte").name == "ZTE"


@pytest.mark.parametrize(
    "elsewhere", ["//evil.example", "https://evil.example/", "/\\evil.example", "http:evil.example", " //evil.example"]
)
def test_signing_in_never_sends_anyone_to_another_site(seeded, client, django_user_model, elsewhere):
    django_user_model.objects.create_superuser("admin", "a@example.com", "a-long-password")
    response = client.post(
        f"/admin/login/?next={elsewhere}", {"username": "admin", "password": "a-long-password", "next": elsewhere}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"] and response["Location"].startswith("/")


@pytest.mark.browser
def test_the_api_documentation_and_the_admin_run_under_the_policy(seeded_live, admin_tab, django_user_model):
    """Swagger UI (its start script is a file, not inline) and the admin pages load with nothing blocked."""
    django_user_model.objects.create_superuser("admin", "a@example.com", "a-long-password")
    admin_tab.goto("/api/docs/")
    admin_tab.locator(".swagger-ui .opblock").first.wait_for()
    admin_tab.step("api-docs")
    admin_tab.goto("/api/agreements/")  # DRF's browsable API, Filters button and all
    admin_tab.wait_for_load_state("networkidle")
    admin_tab.sign_in("admin", "a-long-password")
    zte = Organization.objects.get(slug="zte")
    for url in (
        "/admin/",
        f"/admin/partners/organization/{zte.pk}/change/",
        f"/admin/partners/organization/{zte.pk}/history/",
        "/admin/agreements/announcement/import/",
        "/admin/agreements/suggestion/",
    ):
        admin_tab.goto(url)
        admin_tab.wait_for_load_state("networkidle")
    # admin_tab fails the test on any console error, which is how Chromium reports a blocked script or style.


def test_a_missing_api_address_answers_json_and_a_missing_page_html(seeded, visitor):
    api_miss = visitor.get("/api/agreements/a%2Fb/")
    assert api_miss.status_code == 404 and api_miss.json() == {"detail": "Not found."}
    page_miss = visitor.get("/no-such-page/")
    assert page_miss.status_code == 404 and page_miss["Content-Type"].startswith("text/html")


def test_the_api_documentation_offers_no_sign_in(seeded, visitor):
    """Every endpoint is public: Swagger UI shows an "Authorize" button for any security scheme in the schema,
    and a padlock on every operation that names one."""
    schema = visitor.get("/api/schema/", {"format": "json"}).json()
    assert "securitySchemes" not in schema.get("components", {})
    operations = [operation for path in schema["paths"].values() for operation in path.values()]
    assert operations and all(operation.get("security", [{}]) == [{}] for operation in operations)


@pytest.mark.parametrize("url", ["/api/", "/api/agreements/", "/api/organizations/", "/api/organizations/zte/"])
def test_the_browsable_api_has_no_inline_style_the_policy_would_block(seeded, visitor, url):
    """DRF's page puts style attributes on its Filters and Extra Actions buttons; Chromium blocks and reports them."""
    page = visitor.get(url, HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert re.findall(r"<[^>]*\sstyle=[^>]*>|<style", page.text) == []
