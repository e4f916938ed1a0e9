"""The import admin: editors import, only reviewers decide; the queue opens on what waits; a fixed query count."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.imports.ingestion import import_text
from agreements.imports.reviewing import accept
from tests.agreements.imports.conftest import member_of


def test_editors_import_but_only_reviewers_decide(seeded, editor):
    report = import_text("ZTE works with Yinchuan.")
    queue = editor.get("/admin/agreements/suggestion/").content.decode()
    assert "ZTE" in queue and "accept_selected" not in queue
    mention = report.suggestions.get(label="ZTE")
    editor.post("/admin/agreements/suggestion/", {"action": "accept_selected", ACTION_CHECKBOX_NAME: [mention.pk]})
    mention.refresh_from_db()
    assert mention.status == "pending"


def test_the_list_of_import_reports_counts_suggestions_in_a_fixed_number_of_queries(seeded, client, django_user_model):
    editor = member_of(client, django_user_model, "Editors")
    counts = []
    for text in ("ZTE in Yinchuan.", "Nokia in Chengdu.", "ZTE and Nokia.", "Yinchuan and Chengdu."):
        import_text(text)
        with CaptureQueriesContext(connection) as queries:
            page = editor.get("/admin/agreements/importreport/").content.decode()
        counts.append(len(queries))
    assert "0 accepted" in page
    assert len(set(counts)) == 1, counts


def test_the_queue_opens_on_what_waits_and_shows_the_rest_on_request(seeded, client, django_user_model):
    report = import_text("ZTE met Nokia in Yinchuan on 18 October 2017.")
    reviewer = member_of(client, django_user_model, "Reviewers")
    accepted = report.suggestions.get(kind="mention", label="ZTE")
    accept(accepted, None)

    def labels(query=""):
        page = reviewer.get(f"/admin/agreements/suggestion/{query}")
        assert page.status_code == 200
        return {s.label for s in page.context["cl"].result_list}

    assert "ZTE" not in labels() and {"Nokia", "Yinchuan", "18 October 2017"} <= labels()
    assert "ZTE" in labels("?status=all") and labels("?status=accepted") == {"ZTE"}
    assert labels("?kind__exact=date") == {"18 October 2017"}, "another filter keeps the default status"


def test_editors_see_a_suggestion_but_cannot_decide_it(seeded, editor):
    mention = import_text("ZTE works with Yinchuan.").suggestions.get(label="ZTE")
    page = editor.get(f"/admin/agreements/suggestion/{mention.pk}/change/").content.decode()
    assert "<mark>ZTE</mark>" in page and 'value="accept"' not in page
    assert editor.post(f"/admin/agreements/suggestion/{mention.pk}/decide/", {"decision": "accept"}).status_code == 403


def test_a_reviewer_decides_from_the_suggestion_page_and_is_told_what_happened(seeded, client, django_user_model):
    report = import_text("ZTE met Nokia in Yinchuan.")
    reviewer = member_of(client, django_user_model, "Reviewers")
    zte, nokia = report.suggestions.get(label="ZTE"), report.suggestions.get(label="Nokia")

    refused = reviewer.post(f"/admin/agreements/suggestion/{zte.pk}/decide/", {"decision": "accept", "candidate": "x"})
    assert refused["Location"] == f"/admin/agreements/suggestion/{zte.pk}/change/", "back to the same suggestion"
    message = list(refused.wsgi_request._messages)[-1]
    assert (message.message, message.level_tag) == ("Choose one of the suggested records.", "warning")
    zte.refresh_from_db()
    assert zte.status == "pending"

    accepted = reviewer.post(f"/admin/agreements/suggestion/{zte.pk}/decide/", {"decision": "accept"})
    assert accepted["Location"] == "/admin/agreements/suggestion/", "no candidate chosen: the first, best one"
    zte.refresh_from_db()
    assert zte.status == "accepted"

    rejected = reviewer.post(f"/admin/agreements/suggestion/{nokia.pk}/decide/", {"decision": "reject"})
    assert rejected["Location"] == "/admin/agreements/suggestion/"
    message = list(rejected.wsgi_request._messages)[-1]  # the messages not shown yet come along
    assert message.message == f"Rejected: {nokia}."
    nokia.refresh_from_db()
    assert nokia.status == "rejected" and nokia.decided_by.username == "reviewers-user"
