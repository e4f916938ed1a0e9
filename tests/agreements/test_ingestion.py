"""Importing announcements: stored verbatim, linked, reviewed; bad input refused with nothing stored."""

import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.imports.ingestion import import_text
from agreements.imports.linking import fold
from agreements.imports.reviewing import accept
from agreements.models import Agreement, Announcement, ImportReport, Suggestion
from partners.models import Organization
from search.indexing import rebuild

PRESS_RELEASE = """<html><head><title>Ignored</title><meta charset="utf-8">
<script>alert("not text")</script></head><body>
<h1>Huawei Technologies and ZTE sign a smart city agreement with Yinchuan</h1>
<p>On 18 October 2017 Huawei Technologies signed a strategic agreement with ZTE and the city of Yinchuan.</p>
<p>The zte-like brand is not ZTE, and neither is ZTEX. The project is worth close to £1 million for Yinchuan.</p>
</body></html>"""


def member_of(client, django_user_model, group):
    user = django_user_model.objects.create_user(f"{group.lower()}-user", password="a-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client, django_user_model):
    return member_of(client, django_user_model, "Editors")


def upload(client, name, content, **fields):
    file = SimpleUploadedFile(name, content)
    return client.post("/admin/agreements/announcement/import/", {"file": file, **fields}, follow=True)


def test_an_html_press_release_is_stored_as_its_text_and_searchable_at_once(
    seeded, editor, visitor, django_capture_on_commit_callbacks
):
    rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(editor, "huawei.html", PRESS_RELEASE.encode(), published="2017-10", publisher="Example")
    assert "review what the linker found" in response.content.decode()
    announcement = Announcement.objects.get(source_file="huawei.html")
    assert announcement.title == "Huawei Technologies and ZTE sign a smart city agreement with Yinchuan"
    assert "<p>" not in announcement.body and "alert" not in announcement.body and "Ignored" not in announcement.body
    assert "On 18 October 2017 Huawei Technologies signed" in announcement.body
    assert str(announcement.published) == "October 2017" and announcement.publisher == "Example"
    assert announcement.slug in visitor.get("/search/", {"q": "Huawei"}).content.decode()
    report = ImportReport.objects.get(announcement=announcement)
    assert report.outcome == "imported" and report.mentions_linked >= 3


def test_the_linker_suggests_mentions_new_names_agreements_dates_and_amounts(seeded):
    from agreements.imports.ingestion import html_to_text

    report = import_text(html_to_text(PRESS_RELEASE), title="Huawei")
    body = report.announcement.body
    found = {(s.kind, s.label): s for s in report.suggestions.all()}
    zte = {body[s.start : s.end]: s for s in report.suggestions.filter(kind="mention", label="ZTE")}
    assert report.suggestions.filter(kind="mention", label="ZTE").count() == 4, "three as ZTE, one zte-like; not ZTEX"
    assert zte["ZTE"].confidence == 1.0 and zte["zte"].confidence == 0.5, "lower case is a weaker match"
    assert ("new-organization", "Huawei Technologies") in found
    assert ("date", "18 October 2017") in found
    amount = found[("amount", "close to £1 million")]
    assert amount.candidates == [{"kind": "city", "id": amount.candidates[0]["id"], "name": "Yinchuan"}]
    agreement = next(s for s in found.values() if s.kind == "agreement")
    assert agreement.label == "Agreement between ZTE, Yinchuan and Huawei Technologies"
    assert agreement.context.startswith("On 18 October 2017")
    assert 0 < agreement.confidence <= 1 and found[("mention", "ZTE")].confidence == 1.0


def test_nothing_in_the_knowledge_base_changes_until_a_reviewer_accepts(seeded):
    organizations, agreements = Organization.objects.count(), Agreement.objects.count()
    zte_citations = Organization.objects.get(slug="zte").citations.count()
    import_text("Huawei Technologies signed an agreement with ZTE in Yinchuan.")
    assert Organization.objects.count() == organizations and Agreement.objects.count() == agreements
    assert Organization.objects.get(slug="zte").citations.count() == zte_citations


def test_a_reviewer_accepts_and_the_links_show_on_the_site(seeded, client, django_user_model, visitor):
    report = import_text("Huawei Technologies signed an agreement with ZTE in Yinchuan.", title="Huawei deal")
    reviewer = member_of(client, django_user_model, "Reviewers")
    queue = reviewer.get("/admin/agreements/suggestion/", follow=True).content.decode()
    assert "Huawei Technologies" in queue and "Accept the selected suggestions" in queue

    def decide(action, *suggestions):
        return reviewer.post(
            "/admin/agreements/suggestion/",
            {"action": action, ACTION_CHECKBOX_NAME: [s.pk for s in suggestions]},
            follow=True,
        ).content.decode()

    mention = report.suggestions.get(kind="mention", label="ZTE")
    new_name = report.suggestions.get(kind="new-organization")
    agreement = report.suggestions.get(kind="agreement")
    page = decide("accept_selected", agreement)
    assert "Add Huawei Technologies first" in page, "an agreement waits for its new party"
    decide("accept_selected", mention, new_name)
    decide("accept_selected", report.suggestions.get(kind="agreement"))
    huawei = Organization.objects.get(name="Huawei Technologies")
    made_by = {version.history_user.username for version in huawei.history.all()}
    assert made_by == {"reviewers-user"}, "accepting is in the history, as the reviewer's"
    assert report.announcement.history.get().history_type == "+", "so is the import"
    deal = Agreement.objects.get(parties__organization=huawei)
    assert set(deal.parties.values_list("organization__slug", "city__slug")) == {
        ("huawei-technologies", None),
        ("zte", None),
        (None, "yinchuan"),
    }
    assert "Huawei deal" in visitor.get(f"/organizations/{huawei.slug}/").content.decode()
    assert "Huawei Technologies" in visitor.get(deal.get_absolute_url()).content.decode()
    zte_page = visitor.get("/organizations/zte/").content.decode()
    assert f"/announcements/{report.announcement.slug}/" in zte_page
    assert report.counts() == {
        "pending": report.suggestions.filter(status="pending").count(),
        "accepted": 3,
        "rejected": 0,
    }
    decide("reject_selected", *report.suggestions.filter(status="pending"))
    assert report.counts()["pending"] == 0 and report.counts()["rejected"] >= 1
    report_page = reviewer.get(f"/admin/agreements/importreport/{report.pk}/change/").content.decode()
    assert "0 to review, 3 accepted" in report_page


def test_editors_import_but_only_reviewers_decide(seeded, editor):
    report = import_text("ZTE works with Yinchuan.")
    queue = editor.get("/admin/agreements/suggestion/").content.decode()
    assert "ZTE" in queue and "accept_selected" not in queue
    mention = report.suggestions.get(label="ZTE")
    editor.post("/admin/agreements/suggestion/", {"action": "accept_selected", ACTION_CHECKBOX_NAME: [mention.pk]})
    mention.refresh_from_db()
    assert mention.status == "pending"


BAD_FILES = [
    ("empty.txt", b"", "the file is empty"),
    ("blank.md", b"  \n\n ", "the file is empty"),
    ("big.txt", b"a" * (2 * 1024 * 1024 + 1), "the limit is 2 MB"),
    ("latin1.txt", "Zürich signs".encode("latin-1"), "cannot be read as UTF-8"),
    ("declared.html", b'<meta charset="utf-8"><p>\xff\xfe</p>', "cannot be read as UTF-8"),
    ("unknown.html", b'<meta charset="klingon"><p>x</p>', "unknown character set"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("control.txt", b"text\x01\x02\x03", "binary file"),
    ("slides.pdf", b"%PDF-1.4", "only .txt, .md and .html"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[bad[0] for bad in BAD_FILES])
def test_bad_files_are_refused_with_a_reason_and_nothing_stored(seeded, editor, name, content, message):
    before = Announcement.objects.count(), Suggestion.objects.count()
    page = upload(editor, name, content).content.decode()
    assert message in page
    assert (Announcement.objects.count(), Suggestion.objects.count()) == before
    report = ImportReport.objects.get(source=name)
    assert report.outcome == "refused" and message in report.problem


def test_the_same_text_again_is_refused_with_a_link_to_it(seeded, editor):
    existing = Announcement.objects.get(source_file__startswith="002")
    page = upload(editor, "again.txt", existing.body.encode()).content.decode()
    assert "This text is already stored as" in page and existing.get_absolute_url() in page
    assert Announcement.objects.filter(content_hash=existing.content_hash).count() == 1


def test_pasting_nothing_or_both_asks_for_one(seeded, editor):
    page = editor.post("/admin/agreements/announcement/import/", {"text": "  "}).content.decode()
    assert "Paste the text or choose a file (one of the two)." in page
    page = editor.post("/admin/agreements/announcement/import/", {"text": "x", "published": "soon"}).content.decode()
    assert "Cannot read &#x27;soon&#x27; as a date" in page


def test_the_command_imports_files_and_directories(seeded, tmp_path):
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "one.txt").write_text("Nokia and Chengdu meet again.\n", encoding="utf-8")
    (folder / "two.md").write_text("# ZTE news\n\nZTE opens an office.\n", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    out = io.StringIO()
    call_command("import_announcement", str(folder), "--date", "late 2017", "--publisher", "Wire", stdout=out)
    assert out.getvalue().count("Imported") == 2
    two = Announcement.objects.get(source_file="two.md")
    assert two.title == "# ZTE news" and str(two.published) == "late 2017" and two.publisher == "Wire"
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("import_announcement", str(tmp_path / "empty.txt"), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_announcement", str(tmp_path / "missing.txt"))


def test_folding_keeps_every_offset():
    text = "ZÜRICH, São Paulo and İstanbul"
    assert len(fold(text)) == len(text)
    assert fold("São Paulo") == "sao paulo"


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


def test_accepting_an_amount_and_a_date_records_them_as_stated(seeded, visitor):
    from agreements.imports.reviewing import CannotAccept

    report = import_text(
        "Yinchuan will invest close to £1.5 million. The plan was agreed on 18 October 2017.\n"
        "Someone spent $3m. It was signed in late 2017."
    )
    announcement = report.announcement
    amount = report.suggestions.get(kind="amount", label="close to £1.5 million")
    accept(amount, None)
    figure = amount.announcement.citations.get(quote="close to £1.5 million").figures.get()
    assert (figure.city.slug, figure.quantity, figure.qualifier, figure.unit) == (
        "yinchuan",
        1500000,
        "close-to",
        "GBP",
    )
    assert "close to £1.5 million" in visitor.get("/cities/yinchuan/").content.decode()
    with pytest.raises(CannotAccept, match="No city, event or initiative is named in its sentence"):
        accept(report.suggestions.get(kind="amount", label="$3m"), None)

    accept(report.suggestions.get(kind="date", label="18 October 2017"), None)
    announcement.refresh_from_db()
    assert str(announcement.published) == "18 October 2017"
    with pytest.raises(CannotAccept, match="already dated 18 October 2017"):
        accept(report.suggestions.get(kind="date", label="late 2017"), None)
    assert report.suggestions.get(kind="date", label="late 2017").status == "pending"


def test_a_reviewer_chooses_which_record_an_amount_belongs_to(seeded, client, django_user_model):
    report = import_text("Chengdu and Yinchuan will share close to £2 million.")
    amount = report.suggestions.get(kind="amount")
    assert [c["name"] for c in amount.candidates] == ["Chengdu", "Yinchuan"]
    reviewer = member_of(client, django_user_model, "Reviewers")
    page = reviewer.get(f"/admin/agreements/suggestion/{amount.pk}/change/").content.decode()
    assert "<mark>close to £2 million</mark>" in page and 'name="candidate" value="1"' in page
    decided = reviewer.post(
        f"/admin/agreements/suggestion/{amount.pk}/decide/", {"decision": "accept", "candidate": "1"}, follow=True
    )
    assert "added to Yinchuan" in decided.content.decode()
    amount.refresh_from_db()
    assert amount.status == "accepted" and amount.decided_by.username == "reviewers-user"
    again = reviewer.post(f"/admin/agreements/suggestion/{amount.pk}/decide/", {"decision": "reject"}, follow=True)
    assert "already accepted" in again.content.decode()
    wrong = report.suggestions.get(kind="mention", label="Chengdu")
    refused = reviewer.post(
        f"/admin/agreements/suggestion/{wrong.pk}/decide/", {"decision": "accept", "candidate": "x"}
    )
    assert refused.status_code == 302
    wrong.refresh_from_db()
    assert wrong.status == "pending"


def test_editors_see_a_suggestion_but_cannot_decide_it(seeded, editor):
    mention = import_text("ZTE works with Yinchuan.").suggestions.get(label="ZTE")
    page = editor.get(f"/admin/agreements/suggestion/{mention.pk}/change/").content.decode()
    assert "<mark>ZTE</mark>" in page and 'value="accept"' not in page
    assert editor.post(f"/admin/agreements/suggestion/{mention.pk}/decide/", {"decision": "accept"}).status_code == 403
