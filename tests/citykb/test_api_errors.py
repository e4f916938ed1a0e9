"""Every error under /api/ is JSON, whatever raised it; the site's pages keep their HTML error pages."""

from django.test import Client

import search.api


def test_an_unknown_api_address_is_json_404(db):
    response = Client().get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_server_error_under_the_api_is_json_500(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(search.api, "run_search", broken)
    response = Client(raise_request_exception=False).get("/api/search/", {"q": "ZTE"})
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Server error."}


def test_a_server_error_on_a_page_is_the_html_page(db, monkeypatch):
    import search.views

    monkeypatch.setattr(search.views, "run_search", lambda *args, **kwargs: 1 / 0)
    response = Client(raise_request_exception=False).get("/search/", {"q": "ZTE"})
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_a_bad_request_under_the_api_is_json_400(db):
    # A host that is not allowed raises DisallowedHost before any view: Django's 400 handler answers.
    response = Client(HTTP_HOST="evil.example", raise_request_exception=False).get("/api/agreements/")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
